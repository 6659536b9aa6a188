/// The fleet's node id → row: an open-addressed table (linear probing, backward-shift deletion) probed
/// by a cheap hash of the id's bytes. A `Dictionary` hashes a `String` with its seeded hasher, which was
/// two thirds of restoring a million nodes' index and of every heartbeat's lookup; a restore also hands
/// in each id's hash, made beside the others on the thread that parsed its block of rows.
public struct NodeIndex: Sendable, Equatable {
    private struct Slot {
        var id: String
        var hash: UInt32
        /// `empty` when the slot holds nothing.
        var row: Int32
    }
    private static let empty: Int32 = -1
    private static let vacant = Slot(id: "", hash: 0, row: empty)

    /// A power of two long, at most half full.
    private var slots: [Slot]
    public private(set) var count = 0

    public init(minimumCapacity: Int = 0) {
        var size = 16
        while size < 2 * minimumCapacity { size *= 2 }
        slots = [Slot](repeating: Self.vacant, count: size)
    }

    /// The hash the table probes with: FNV-1a of the UTF-8 bytes, mixed so that its low bits (the
    /// slot) depend on all of them.
    static func hash(_ id: String) -> UInt32 {
        var copy = id
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        copy.withUTF8 { for b in $0 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 } }
        let mixed = (h ^ (h >> 29)) &* 0xbf58_476d_1ce4_e5b9
        return UInt32(truncatingIfNeeded: mixed ^ (mixed >> 32))
    }

    public subscript(id: String) -> Int? {
        get { find(id, Self.hash(id)).map { Int(slots[$0].row) } }
        set {
            if let row = newValue { set(id, hash: Self.hash(id), row: row) } else { remove(id) }
        }
    }

    /// Maps `id` (whose `hash(id)` is `hash`) to `row`.
    mutating func set(_ id: String, hash: UInt32, row: Int) {
        precondition(row >= 0 && row < Int(Int32.max), "a fleet row beyond the index's range")
        if let s = find(id, hash) {
            slots[s].row = Int32(row)
            return
        }
        if 2 * (count + 1) > slots.count { grow() }
        slots[vacancy(hash)] = Slot(id: id, hash: hash, row: Int32(row))
        count += 1
    }

    private func find(_ id: String, _ hash: UInt32) -> Int? {
        let mask = slots.count - 1
        var s = Int(hash) & mask
        while slots[s].row != Self.empty {
            if slots[s].hash == hash, slots[s].id == id { return s }
            s = (s + 1) & mask
        }
        return nil
    }

    /// The first empty slot from where `hash` starts.
    private func vacancy(_ hash: UInt32) -> Int {
        let mask = slots.count - 1
        var s = Int(hash) & mask
        while slots[s].row != Self.empty { s = (s + 1) & mask }
        return s
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Self.vacant, count: old.count * 2)
        for slot in old where slot.row != Self.empty { slots[vacancy(slot.hash)] = slot }
    }

    /// Takes `id` out, moving back the entries after it that probed past its slot.
    private mutating func remove(_ id: String) {
        guard var hole = find(id, Self.hash(id)) else { return }
        let mask = slots.count - 1
        var next = hole
        while true {
            next = (next + 1) & mask
            guard slots[next].row != Self.empty else { break }
            let home = Int(slots[next].hash) & mask
            // It stays when its home is cyclically in (hole, next]: moving it would put it before its home.
            let stays = hole <= next ? (hole < home && home <= next) : (hole < home || home <= next)
            if stays { continue }
            slots[hole] = slots[next]
            hole = next
        }
        slots[hole] = Self.vacant
        count -= 1
    }

    /// The same ids to the same rows, whatever the tables' sizes and order.
    public static func == (a: NodeIndex, b: NodeIndex) -> Bool {
        guard a.count == b.count else { return false }
        for slot in a.slots where slot.row != empty {
            guard let s = b.find(slot.id, slot.hash), b.slots[s].row == slot.row else { return false }
        }
        return true
    }
}
