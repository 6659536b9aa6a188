import UI
import Feed
import Store

extension Derived {
    /// Filtered and sorted node indices. Keys are read straight from the node array; no copies.
    /// A million nodes are filtered on both cores, and sorted by a number with a radix sort.
    /// A column of text sorts once for as long as the fleet's layout holds (`order`, kept between calls).
    /// With `page`, a filter over a kept order finds the first `page` matches only, and `scan` holds
    /// what is left to look through (`FleetScan.finish`): the page is drawn first, the count completed after.
    /// With `text` (the fleet's names laid out flat, when they describe it), the filter reads them.
    static func fleetRows(_ s: ChainState, _ list: ListState, scope: String? = nil, order: inout FleetOrder?,
                          page: Int? = nil, scan: inout FleetScan?, text: FleetText? = nil) -> [Int] {
        let nodes = s.fleet.nodes
        let match = FleetMatch(list, scope: scope, text: text)
        scan = nil
        if let sorted = FleetOrder.of(s.fleet, list, cached: order) {
            order = sorted
            guard let page, let match else { return candidates(nodes, among: sorted.rows, match: match).map(Int.init) }
            var found = FleetScan(order: sorted.rows, match: match)
            let rows = found.next(nodes, until: page)
            if !found.done { scan = found }
            return rows
        }
        let rows = candidates(nodes, match: match)
        if let keys = numericKeys(list.sortColumn, descending: list.descending, nodes, rows: rows) {
            return radixSorted(rows, keys: keys).map(Int.init)
        }
        if let keys = lookedUpKeys(list.sortColumn, descending: list.descending, s, rows: rows) {
            return radixSorted(rows, high: keys.high, low: keys.low).map(Int.init)
        }
        return sortByKey(rows.map(Int.init), list) { nodes[$0].id }
    }

    /// The keys of the columns kept by node id elsewhere (TASKS: the running tasks; ACCRUED: the
    /// rewards), from those entries alone over a default for every other node: a lookup per entry, not
    /// per node. ACCRUED is exact to the atom: its 128 bits are a high and a low word.
    static func lookedUpKeys(_ column: Int, descending d: Bool, _ s: ChainState, rows: [Int32]?) -> (high: [UInt64], low: [UInt64]?)? {
        let fleet = s.fleet
        switch column {
        case 8:
            var high = [UInt64](repeating: orderKey(Int64(0), descending: d), count: fleet.count)
            for (id, running) in fleet.activeByNode {
                if let slot = fleet.index[id], high.indices.contains(slot) { high[slot] = orderKey(Int64(running), descending: d) }
            }
            return (gathered(high, rows), nil)
        case 10:
            let zero = orderKeys(TokenAmount.zero, descending: d)
            var high = [UInt64](repeating: zero.high, count: fleet.count), low = [UInt64](repeating: zero.low, count: fleet.count)
            for (id, amount) in s.rewards.byNode {
                guard let slot = fleet.index[id], high.indices.contains(slot) else { continue }
                (high[slot], low[slot]) = orderKeys(amount, descending: d)
            }
            return (gathered(high, rows), gathered(low, rows))
        default: return nil
        }
    }

    /// The keys of `rows` (by slot) in their order; all of them without rows.
    static func gathered(_ bySlot: [UInt64], _ rows: [Int32]?) -> [UInt64] {
        guard let rows else { return bySlot }
        return rows.map { bySlot[Int($0)] }
    }

    /// Without a cache to keep (tests, a one-off).
    static func fleetRows(_ s: ChainState, _ list: ListState, scope: String? = nil) -> [Int] {
        var order: FleetOrder?
        var scan: FleetScan?
        return fleetRows(s, list, scope: scope, order: &order, scan: &scan)
    }

    /// The nodes the scope and the filter let through, in fleet order or in the order of `among`.
    static func candidates(_ nodes: [NodeEntry], among: [Int32]? = nil, match: FleetMatch?) -> [Int32] {
        guard let match else { return among ?? Array(0..<Int32(truncatingIfNeeded: nodes.count)) }
        let parts = inHalves(among?.count ?? nodes.count) { range in
            var out: [Int32] = []
            nodes.withUnsafeBufferPointer { buf in
                if let among {
                    for k in range where match.admits(buf, Int(among[k])) { out.append(among[k]) }
                } else {
                    for k in range where match.admits(buf, k) { out.append(Int32(truncatingIfNeeded: k)) }
                }
            }
            return out
        }
        return concatenated(parts)
    }

    /// The columns `numericKeys` gives keys for: the numbers held in the node entry.
    static let radixColumns: Set<Int> = [4, 5, 6, 7, 9, 12, 13]

    /// The sort keys of a column of numbers as radix keys (largest last unless descending), one per row
    /// (or per node, without `rows`), read on both cores in a loop per column: no closure per node, no
    /// copy of one. Nil for the columns of text and those looked up elsewhere.
    static func numericKeys(_ column: Int, descending d: Bool, _ nodes: [NodeEntry], rows: [Int32]? = nil) -> [UInt64]? {
        guard radixColumns.contains(column) else { return nil }
        return filledInHalves(rows?.count ?? nodes.count) { range, out in
            nodes.withUnsafeBufferPointer { buf in
                func slot(_ k: Int) -> Int { rows.map { Int($0[k]) } ?? k }
                switch column {
                case 4: for k in range { out[k] = orderKey(Int64(buf[slot(k)].status.slot), descending: d) }
                case 5: for k in range { out[k] = orderKey(buf[slot(k)].cpu, descending: d) }
                case 6: for k in range { out[k] = orderKey(buf[slot(k)].gpu ?? -1, descending: d) }
                case 7: for k in range { out[k] = orderKey(buf[slot(k)].mem, descending: d) }
                // Heartbeat age, uptime, time in status: the earliest time is the largest.
                case 9: for k in range { out[k] = orderKey(buf[slot(k)].lastHeartbeat ?? 0, descending: !d) }
                case 12: for k in range { out[k] = orderKey(buf[slot(k)].joined, descending: !d) }
                default: for k in range { out[k] = orderKey(buf[slot(k)].statusSince ?? .max, descending: !d) }
                }
            }
        }
    }

    /// Sorts row indices by a key extracted once per row; ties keep index order, in either direction.
    static func sortByKey<K: Comparable>(_ rows: [Int], _ list: ListState, _ key: (Int) -> K) -> [Int] {
        var pairs = rows.map { (key: key($0), index: $0) }
        if list.descending {
            pairs.sort { $0.key != $1.key ? $0.key > $1.key : $0.index < $1.index }
        } else {
            pairs.sort { $0.key != $1.key ? $0.key < $1.key : $0.index < $1.index }
        }
        return pairs.map(\.index)
    }

}

extension NodeStatus {
    /// Order in which a sort by status lists them: trouble first.
    var slot: Int {
        switch self {
        case .offline: 0
        case .degraded: 1
        case .draining: 2
        case .online: 3
        }
    }
}
