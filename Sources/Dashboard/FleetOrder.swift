import Feed
import Store

/// The whole fleet in the order of a column of text (id, operator, region, class, version), kept while
/// the fleet's layout holds: heartbeats do not move it, only a node that joins, leaves or is described
/// anew. A filter then keeps the rows of this order that match, in order, without sorting again.
public struct FleetOrder: Sendable {
    let column: Int
    let descending: Bool
    let layout: UInt64
    let rows: [Int32]

    /// The order for `list`'s column over `fleet`, from `cached` when it still holds.
    static func of(_ fleet: FleetState, _ list: ListState, cached: FleetOrder?) -> FleetOrder? {
        guard isText(list.sortColumn) else { return nil }
        if let c = cached, c.holds(fleet, list) { return c }
        let rows = sortedByText(fleet.nodes, column: list.sortColumn, descending: list.descending)
        return FleetOrder(column: list.sortColumn, descending: list.descending, layout: fleet.layout.value, rows: rows)
    }

    func holds(_ fleet: FleetState, _ list: ListState) -> Bool {
        column == list.sortColumn && descending == list.descending && layout == fleet.layout.value
    }

    static func isText(_ column: Int) -> Bool { [0, 1, 2, 3, 11].contains(column) }

    /// A node's text in a column of text (the node's id for any other column).
    @inline(__always) static func text(_ column: Int, of n: borrowing NodeEntry) -> String {
        switch column {
        case 1: n.operatorID
        case 2: n.region
        case 3: n.nodeClass.rawValue
        case 11: n.version
        default: n.id
        }
    }
}

/// Every node's text key as radix words (complemented for a descending sort), indexed by slot.
struct TextKeys: Sendable {
    var hi: [UInt64]
    var lo: [UInt64]
    var exact: [Bool]
    var ascii: Bool
    var allExact: Bool

    /// Read on both cores (no closure per node, no copy of one).
    init(_ nodes: [NodeEntry], column: Int, descending: Bool) {
        let parts = inHalves(nodes.count) { range in
            var part = Part(reserving: range.count, descending: descending)
            nodes.withUnsafeBufferPointer { buf in
                for i in range { part.add(FleetOrder.text(column, of: buf[i])) }
            }
            return part
        }
        hi = concatenated(parts.map(\.hi)); lo = concatenated(parts.map(\.lo))
        exact = concatenated(parts.map(\.exact))
        ascii = parts.allSatisfy(\.ascii); allExact = parts.allSatisfy(\.allExact)
    }

    /// One core's share, appended to in place (a local closure over the arrays would check every access).
    struct Part: Sendable {
        var hi: [UInt64] = [], lo: [UInt64] = [], exact: [Bool] = []
        var ascii = true, allExact = true
        let descending: Bool

        init(reserving n: Int, descending: Bool) {
            self.descending = descending
            hi.reserveCapacity(n); lo.reserveCapacity(n); exact.reserveCapacity(n)
        }

        mutating func add(_ text: String) { add(TextPrefix(text)) }

        mutating func add(_ p: TextPrefix) {
            ascii = ascii && p.ascii
            allExact = allExact && p.exact
            hi.append(descending ? ~p.hi : p.hi); lo.append(descending ? ~p.lo : p.lo); exact.append(p.exact)
        }
    }
}

/// Slots sorted by a text key as `String` orders it, ties in slot order. ASCII keys (ids, names) sort by
/// their first 16 bytes with two radix passes, and only runs that share those bytes are compared as
/// strings; a key with other characters sends the whole sort to `String` comparison, whose order differs
/// from the bytes' for some of them.
func sortedByText(_ nodes: [NodeEntry], column: Int, descending: Bool, keys given: TextKeys? = nil) -> [Int32] {
    let keys = given ?? TextKeys(nodes, column: column, descending: descending)
    let all = Array(0..<Int32(truncatingIfNeeded: nodes.count))
    func byString(_ a: Int32, _ b: Int32) -> Bool {
        let x = FleetOrder.text(column, of: nodes[Int(a)]), y = FleetOrder.text(column, of: nodes[Int(b)])
        if x != y { return descending ? x > y : x < y }
        return a < b
    }
    guard keys.ascii else { return all.sorted(by: byString) }
    let hi = keys.hi, lo = keys.lo, exact = keys.exact
    let byLow = radixSorted(all, keys: lo)
    var rows = radixSorted(byLow, keys: byLow.map { hi[Int($0)] })
    // Runs with the same first 16 bytes: the same key on several nodes (already in slot order, the radix
    // sort being stable), or keys longer than that, which are compared as strings.
    var start = 0
    while start < rows.count {
        var end = start + 1
        let s = Int(rows[start])
        var allExact = exact[s]
        while end < rows.count, hi[Int(rows[end])] == hi[s], lo[Int(rows[end])] == lo[s] {
            allExact = allExact && exact[Int(rows[end])]
            end += 1
        }
        if end - start > 1, !allExact { rows[start..<end].sort(by: byString) }
        start = end
    }
    return rows
}

/// The first 16 bytes of a text as two big-endian words (zero-padded), whether it is all ASCII, and
/// whether the words are the whole text (16 bytes or fewer, none of them zero): two exact prefixes that
/// are equal are equal texts.
struct TextPrefix {
    var hi: UInt64 = 0
    var lo: UInt64 = 0
    var ascii = true
    var exact = true

    init(_ text: String) {
        var s = text
        self = s.withUTF8 { TextPrefix($0) }
    }

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        exact = bytes.count <= 16
        for (k, b) in bytes.enumerated() {
            if b >= 0x80 { ascii = false }
            if b == 0 { exact = false }
            if k < 8 { hi |= UInt64(b) << UInt64(56 - 8 * k) } else if k < 16 { lo |= UInt64(b) << UInt64(56 - 8 * (k - 8)) }
        }
    }
}
