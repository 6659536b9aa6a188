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
