import Dispatch

/// Work over a range split in two, one half per core (the dashboard's screen thread and one more):
/// filtering and sorting a million rows within a frame needs both cores of a small machine.
/// Below `serialBelow` items it runs on this thread alone (starting a thread costs more).
func inHalves<T: Sendable>(_ count: Int, serialBelow: Int = 50_000, _ body: @Sendable (Range<Int>) -> T) -> [T] {
    guard count >= serialBelow else { return [body(0..<count)] }
    let mid = count / 2
    let parts = [0..<mid, mid..<count]
    let results = Results<T>(2)
    DispatchQueue.concurrentPerform(iterations: 2) { k in results.put(k, body(parts[k])) }
    return results.all
}

/// An array of `count` elements written in place, one half per core, each half into its own part of
/// the array's storage: no array a half, no copy of them into one (a million keys are 8 MB, and fresh
/// memory costs a page fault every 4 KB). `body` must write every element of the range it is given.
func filledInHalves<T: BitwiseCopyable>(_ count: Int, serialBelow: Int = 50_000,
                                        _ body: @Sendable (Range<Int>, UnsafeMutableBufferPointer<T>) -> Void) -> [T] {
    [T](unsafeUninitializedCapacity: count) { buffer, written in
        let whole = Slots(buffer)
        _ = inHalves(count, serialBelow: serialBelow) { range in body(range, whole.buffer) }
        written = count
    }
}

/// The storage both halves write to, in ranges that do not overlap.
struct Slots<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ b: UnsafeMutableBufferPointer<T>) { buffer = b }
}

/// The parts' elements in one array, copied a part at a time (a joined sequence is copied an element
/// at a time: a million of them cost milliseconds).
func concatenated<T>(_ parts: [[T]]) -> [T] {
    guard parts.count > 1 else { return parts.first ?? [] }
    var out: [T] = []
    out.reserveCapacity(parts.reduce(0) { $0 + $1.count })
    for p in parts { out.append(contentsOf: p) }
    return out
}

/// Each half's result, written once by its own thread into its own slot, read after both are done.
private final class Results<T>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<T?>
    init(_ n: Int) {
        slots = .allocate(capacity: n)
        slots.initialize(repeating: nil)
    }
    deinit {
        _ = slots.deinitialize()
        slots.deallocate()
    }
    func put(_ k: Int, _ v: T) { slots[k] = v }
    var all: [T] { slots.compactMap { $0 } }
}
