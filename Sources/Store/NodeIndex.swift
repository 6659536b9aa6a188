/// The fleet's node id → row: an open-addressed table (linear probing, backward-shift deletion) probed
/// by a cheap hash of the id's bytes. A `Dictionary` hashes a `String` with its seeded hasher, which was
/// two thirds of restoring a million nodes' index and of every heartbeat's lookup; a restore also hands
/// in each id's hash, made beside the others on the thread that parsed its block of rows.
public struct NodeIndex: Sendable, Equatable {
    /// A slot packs the id's hash (high half) and its row + 1 (low half), 0 when empty: eight bytes, so
    /// a million nodes' table is 16 MB and a lookup's one cache miss is its only one (the id it is
    /// checked against is read by row, which a heartbeat is about to touch anyway).
    private var slots: [UInt64]
    /// Each row's id. Rows are one id's each (as the fleet's are); a removed id's row keeps its text
    /// until the row is given again, but no slot leads to it.
    private var ids: [String] = []
    public private(set) var count = 0

    public init(minimumCapacity: Int = 0) {
        var size = 16
        while size < 2 * minimumCapacity { size *= 2 }
        slots = [UInt64](repeating: 0, count: size)
        ids.reserveCapacity(minimumCapacity)
    }

    /// The hash the table probes with (`NameHash`, seeded once a process), in the slot's four bytes.
    static func hash(_ id: String) -> UInt32 { UInt32(truncatingIfNeeded: NameHash.of(id)) }

    public subscript(id: String) -> Int? {
        get { find(id, Self.hash(id)).map { Self.row(slots[$0]) } }
        set {
            if let row = newValue { set(id, hash: Self.hash(id), row: row) } else { remove(id) }
        }
    }

    /// Whether `id` is the id of row r (a caller that can guess an id's row checks it here instead of
    /// probing). Only rows the fleet holds keep their ids: a caller bounds r by its own count.
    @inline(__always) func holds(_ id: String, atRow r: Int) -> Bool { r >= 0 && r < ids.count && ids[r] == id }

    private static func row(_ slot: UInt64) -> Int { Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1 }
    private static func hash(of slot: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: slot >> 32) }

    /// Maps `id` (whose `hash(id)` is `hash`) to `row`.
    mutating func set(_ id: String, hash: UInt32, row: Int) {
        precondition(row >= 0 && row < Int(UInt32.max - 1), "a fleet row beyond the index's range")
        if row >= ids.count { ids.append(contentsOf: repeatElement("", count: row + 1 - ids.count)) }
        ids[row] = id
        let slot = UInt64(hash) << 32 | UInt64(row + 1)
        if let s = find(id, hash) {
            slots[s] = slot
            return
        }
        if 2 * (count + 1) > slots.count { grow() }
        slots[vacancy(hash)] = slot
        count += 1
    }

    private func find(_ id: String, _ hash: UInt32) -> Int? {
        let mask = slots.count - 1
        var s = Int(hash) & mask
        while slots[s] != 0 {
            if Self.hash(of: slots[s]) == hash, ids[Self.row(slots[s])] == id { return s }
            s = (s + 1) & mask
        }
        return nil
    }

    /// The first empty slot from where `hash` starts.
    private func vacancy(_ hash: UInt32) -> Int {
        let mask = slots.count - 1
        var s = Int(hash) & mask
        while slots[s] != 0 { s = (s + 1) & mask }
        return s
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        for slot in old where slot != 0 { slots[vacancy(Self.hash(of: slot))] = slot }
    }

    /// Takes `id` out, moving back the entries after it that probed past its slot.
    private mutating func remove(_ id: String) {
        guard var hole = find(id, Self.hash(id)) else { return }
        let mask = slots.count - 1
        var next = hole
        while true {
            next = (next + 1) & mask
            guard slots[next] != 0 else { break }
            let home = Int(Self.hash(of: slots[next])) & mask
            // It stays when its home is cyclically in (hole, next]: moving it would put it before its home.
            let stays = hole <= next ? (hole < home && home <= next) : (hole < home || home <= next)
            if stays { continue }
            slots[hole] = slots[next]
            hole = next
        }
        slots[hole] = 0
        count -= 1
    }

    /// The same ids to the same rows, whatever the tables' sizes and order.
    public static func == (a: NodeIndex, b: NodeIndex) -> Bool {
        guard a.count == b.count else { return false }
        for slot in a.slots where slot != 0 {
            let row = Self.row(slot)
            guard let s = b.find(a.ids[row], hash(of: slot)), Self.row(b.slots[s]) == row else { return false }
        }
        return true
    }
}
