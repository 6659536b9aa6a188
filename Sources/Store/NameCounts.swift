/// Counters kept per name (an operator, a region) while a keyframe's rows are read: a table probed by a
/// cheap hash of the name's bytes. Two lookups a row in a `Dictionary` (its seeded hash of a `String`)
/// cost more than the rest of the row's tally; the dictionaries are made once, from the merged counts.
struct NameCounts: Sendable {
    /// Counters per name.
    let width: Int
    private(set) var names: [String] = []
    /// `width` counters per name, in the order of `names`.
    private(set) var counts: [Int] = []
    private var hashes: [UInt64] = []
    /// Index into `names` + 1, or 0 for an empty slot; a power of two long, at most half full.
    private var slots = [Int32](repeating: 0, count: 64)

    init(width: Int) { self.width = width }

    /// Adds `n` to counter `k` of `name`.
    mutating func add(_ name: String, counter k: Int, _ n: Int = 1) {
        counts[entry(name) * width + k] += n
    }

    /// Adds every counter of `other`.
    mutating func merge(_ other: NameCounts) {
        for (i, name) in other.names.enumerated() {
            let e = entry(name)
            for k in 0..<width { counts[e * width + k] += other.counts[i * width + k] }
        }
    }

    /// Each name's counters.
    func each(_ body: (String, ArraySlice<Int>) -> Void) {
        for (i, name) in names.enumerated() { body(name, counts[i * width ..< (i + 1) * width]) }
    }

    private mutating func entry(_ name: String) -> Int {
        let h = NameHash.of(name), mask = slots.count - 1
        var s = Int(truncatingIfNeeded: h) & mask
        while slots[s] != 0 {
            let e = Int(slots[s]) - 1
            if hashes[e] == h, names[e] == name { return e }
            s = (s + 1) & mask
        }
        names.append(name)
        hashes.append(h)
        counts.append(contentsOf: repeatElement(0, count: width))
        slots[s] = Int32(names.count)
        if names.count * 2 > slots.count { grow() }
        return names.count - 1
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (e, h) in hashes.enumerated() {
            var s = Int(truncatingIfNeeded: h) & mask
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = Int32(e + 1)
        }
    }
}
