import Feed
import Store

/// The names a Fleet filter or sort looks through, laid out flat: every node's id in one byte array, and
/// its operator, region and class as small numbers into tables of the distinct ones. A filter or a sort
/// by name over a million nodes then reads a few contiguous arrays instead of following each node to its
/// description (a cache miss a node, most of its cost). Built in steps at the loop's idle moments while
/// a large fleet is on show; valid while the fleet's layout holds (a node that joins, leaves or is
/// described anew moves it), let go when another screen is shown.
public struct FleetText: Sendable {
    let layout: UInt64
    private(set) var ids: [UInt8] = []
    /// Where each node's id ends in `ids` (it starts where the one before ends).
    private(set) var ends: [UInt32] = []
    private(set) var operatorOf: [UInt32] = []
    private(set) var regionOf: [UInt16] = []
    private(set) var classOf: [UInt8] = []
    private(set) var operators: [String] = []
    private(set) var regions: [String] = []
    private var operatorIndex: [String: UInt32] = [:]
    private var regionIndex: [String: UInt32] = [:]
    let count: Int
    /// More id bytes than 4 GiB or more regions than 65,536 (a hostile feed): no more is added, and it
    /// describes no fleet (filters and sorts read the nodes instead).
    private(set) var overflowed = false
    /// Nodes added per idle step: a few milliseconds of work, so a key typed meanwhile waits little.
    static let step = 100_000

    init(layout: UInt64, count: Int) {
        self.layout = layout
        self.count = count
        ids.reserveCapacity(count * 12)  // an id's usual length
        ends.reserveCapacity(count); operatorOf.reserveCapacity(count)
        regionOf.reserveCapacity(count); classOf.reserveCapacity(count)
    }

    /// Nothing is left to add (it may have overflowed).
    var complete: Bool { overflowed || ends.count >= count }

    /// Laid out for the fleet's current layout (whole or not).
    func isFor(_ fleet: FleetState) -> Bool { layout == fleet.layout.value && count == fleet.count }

    /// Whether it describes `fleet` as it is now, whole.
    func describes(_ fleet: FleetState) -> Bool { !overflowed && ends.count >= count && isFor(fleet) }

    /// Adds the next step's nodes.
    mutating func addStep(_ nodes: [NodeEntry]) {
        let end = min(count, nodes.count, ends.count + FleetText.step)
        guard !overflowed, ends.count < end else { return }
        nodes.withUnsafeBufferPointer { buf in
            for slot in ends.count..<end where !overflowed { add(buf[slot]) }
        }
    }

    /// One node, all its arrays at once (or none, past the limits).
    private mutating func add(_ n: borrowing NodeEntry) {
        let (op, region) = n.withNames { id, op, region -> (String, String) in
            ids.append(contentsOf: id.utf8)
            return (copy op, copy region)
        }
        let r = Self.intern(region, &regions, &regionIndex)
        guard let end = UInt32(exactly: ids.count), let r16 = UInt16(exactly: r) else { overflowed = true; return }
        ends.append(end)
        operatorOf.append(Self.intern(op, &operators, &operatorIndex))
        regionOf.append(r16)
        classOf.append(UInt8(truncatingIfNeeded: n.nodeClass.ordinal))
    }

    private static func intern(_ s: String, _ names: inout [String], _ index: inout [String: UInt32]) -> UInt32 {
        if let k = index[s] { return k }
        let k = UInt32(truncatingIfNeeded: names.count)
        names.append(s)
        index[s] = k
        return k
    }

    /// The ordinal of an operator, if any node has it.
    func operatorOrdinal(_ id: String) -> UInt32? { operatorIndex[id] }

    /// The bytes of the slot's id.
    @inline(__always) func idBytes<R>(_ slot: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let start = slot == 0 ? 0 : Int(ends[slot - 1])
        return ids.withUnsafeBufferPointer { all in body(UnsafeBufferPointer(rebasing: all[start..<Int(ends[slot])])) }
    }
}

extension FleetText {
    /// A column of names as radix words, read from the flat names on both cores: the id's first 16
    /// bytes (nil unless every id is ASCII and fits them: then equal words are equal ids), or the rank of
    /// the node's operator, region or class among the distinct ones in `String` order (equal ranks,
    /// equal names). Nil for the other columns (the version is not laid out).
    func nameKeys(column: Int, descending: Bool) -> (high: [UInt64], low: [UInt64]?)? {
        if column == 0 { return idKeys(descending: descending) }
        let ranks: [UInt64]
        switch column {
        case 1: ranks = Self.ranks(operators)
        case 2: ranks = Self.ranks(regions)
        case 3: ranks = Self.ranks(NodeClass.allCases.map(\.rawValue))
        default: return nil
        }
        let text = self, flip: UInt64 = descending ? ~0 : 0
        let keys: [UInt64] = filledInHalves(count) { range, out in
            switch column {
            case 1: for slot in range { out[slot] = ranks[Int(text.operatorOf[slot])] ^ flip }
            case 2: for slot in range { out[slot] = ranks[Int(text.regionOf[slot])] ^ flip }
            default: for slot in range { out[slot] = ranks[Int(text.classOf[slot])] ^ flip }
            }
        }
        return (keys, nil)
    }

    /// Both words written in place on both cores (two arrays a half and their copies into one cost
    /// as much again as reading the ids).
    private func idKeys(descending: Bool) -> (high: [UInt64], low: [UInt64]?)? {
        let text = self, n = count, flip: UInt64 = descending ? ~0 : 0
        var low: [UInt64] = []
        var settled = true
        let high = [UInt64](unsafeUninitializedCapacity: n) { hb, hn in
            low = [UInt64](unsafeUninitializedCapacity: n) { lb, ln in
                let h = Slots(hb), l = Slots(lb)
                let halves = inHalves(n) { range in
                    var all = true
                    for slot in range {
                        let p = text.idBytes(slot) { TextPrefix($0) }
                        all = all && p.ascii && p.exact
                        h.buffer[slot] = p.hi ^ flip
                        l.buffer[slot] = p.lo ^ flip
                    }
                    return all
                }
                settled = halves.allSatisfy { $0 }
                ln = n
            }
            hn = n
        }
        return settled ? (high, low) : nil
    }

    /// Each name's place among them in `String` order (equal names share one).
    static func ranks(_ names: [String]) -> [UInt64] {
        var out = [UInt64](repeating: 0, count: names.count)
        var rank: UInt64 = 0
        let order = names.indices.sorted { names[$0] < names[$1] }
        for (k, i) in order.enumerated() {
            if k > 0, names[order[k - 1]] != names[i] { rank += 1 }
            out[i] = rank
        }
        return out
    }
}
