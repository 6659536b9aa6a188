/// Ids to row numbers: an open-addressed table (linear probing) whose slots keep each id's hash beside
/// its row. The ids themselves stay in the rows (`RowIDs`), which a probe asks whether a row is an id's.
///
/// A `[String: Int32]` of 100,000 task ids hashed every id again each time it grew: a queue of 10,000
/// placements that crossed a doubling spent 40 % of its lookups' time rehashing. Here growing moves
/// slots by the hashes they hold, and a probe compares ids only where the hashes match. The hash is the
/// standard library's (seeded per process), so ids sent by a client cannot be chosen to collide.
struct RowIndex {
    private struct Slot: Sendable {
        /// 0 marks an empty slot; a stored hash always has its low bit set.
        var hash: UInt64
        var row: Int32
    }

    private var slots: [Slot] = []
    private(set) var count = 0

    init() {}

    static func hash(_ id: String) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(id)
        return UInt64(bitPattern: Int64(hasher.finalize())) | 1
    }

    /// The row of `id`, whose hash is `hash`, in `rows`.
    func row<R: RowIDs>(of id: String, hash: UInt64, in rows: R) -> Int32? {
        find(id, hash, rows).map { slots[$0].row }
    }

    /// Maps the id to `row`; the row it was mapped to before, if any.
    mutating func set<R: RowIDs>(_ id: String, hash: UInt64, row: Int32, in rows: R) -> Int32? {
        if let s = find(id, hash, rows) {
            defer { slots[s].row = row }
            return slots[s].row
        }
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: hash) & mask
        while slots[s].hash != 0 { s = (s + 1) & mask }
        slots[s] = Slot(hash: hash, row: row)
        count += 1
        return nil
    }

    /// Unmaps the id; the row it was mapped to, if any.
    mutating func remove<R: RowIDs>(_ id: String, hash: UInt64, in rows: R) -> Int32? {
        guard let s = find(id, hash, rows) else { return nil }
        let row = slots[s].row
        removeSlot(s)
        return row
    }

    /// Every row mapped, in no particular order.
    var rows: [Int32] { slots.compactMap { $0.hash == 0 ? nil : $0.row } }

    private func find<R: RowIDs>(_ id: String, _ hash: UInt64, _ rows: R) -> Int? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: hash) & mask
        while slots[s].hash != 0 {
            if slots[s].hash == hash, rows.row(slots[s].row, holds: id) { return s }
            s = (s + 1) & mask
        }
        return nil
    }

    /// Empties slot s and moves back the slots after it that probed past it (no tombstones, so a
    /// table with many tasks come and gone probes as short as a fresh one).
    private mutating func removeSlot(_ s: Int) {
        let mask = slots.count - 1
        var hole = s, next = (s + 1) & mask
        while slots[next].hash != 0 {
            let home = Int(truncatingIfNeeded: slots[next].hash) & mask
            // The slot may fill the hole if its home is not in (hole, next], cyclically.
            if (next &- home) & mask >= (next &- hole) & mask {
                slots[hole] = slots[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        slots[hole] = Slot(hash: 0, row: -1)
        count -= 1
    }

    private mutating func grow() {
        let old = slots
        let size = max(16, old.count * 2)
        slots = Array(repeating: Slot(hash: 0, row: -1), count: size)
        let mask = size - 1
        for slot in old where slot.hash != 0 {
            var s = Int(truncatingIfNeeded: slot.hash) & mask
            while slots[s].hash != 0 { s = (s + 1) & mask }
            slots[s] = slot
        }
    }
}

/// Rows that hold ids, as a `RowIndex` maps them.
protocol RowIDs {
    func row(_ r: Int32, holds id: String) -> Bool
}

extension RowIndex: Sendable {}
