import UI
import Feed
import Store

extension Derived {
    /// Filtered and sorted node indices. Keys are read straight from the node array; no copies.
    static func fleetRows(_ s: ChainState, _ list: ListState, scope: String? = nil) -> [Int] {
        let nodes = s.fleet.nodes
        var rows: [Int]
        if let scope {
            rows = nodes.indices.filter { nodes[$0].info.operatorID == scope && (list.filter.isEmpty || matchesNode(nodes[$0], list.filter)) }
        } else if list.filter.isEmpty {
            rows = Array(nodes.indices)
        } else {
            let f = list.filter
            rows = nodes.indices.filter { matchesNode(nodes[$0], f) }
        }
        // Sort (key, index) pairs: contiguous keys sort several times faster than closures that
        // reach into 100,000 node structs for every comparison.
        switch list.sortColumn {
        case 1: return sortByKey(rows, list) { nodes[$0].info.operatorID }
        case 2: return sortByKey(rows, list) { nodes[$0].info.region }
        case 3: return sortByKey(rows, list) { nodes[$0].info.nodeClass.rawValue }
        case 4: return sortByKey(rows, list) { nodes[$0].status.slot }
        case 5: return sortByKey(rows, list) { nodes[$0].cpu }
        case 6: return sortByKey(rows, list) { nodes[$0].gpu ?? -1 }
        case 7: return sortByKey(rows, list) { nodes[$0].mem }
        case 8: return sortByKey(rows, list) { s.fleet.tasksRunning(on: nodes[$0].info.id) }
        case 9: return sortByKey(rows, list) { -(nodes[$0].lastHeartbeat ?? 0) }
        case 10:
            let accrued = s.rewards.byNode
            return sortByKey(rows, list) { accrued[nodes[$0].info.id] ?? .zero }
        case 11: return sortByKey(rows, list) { nodes[$0].info.version }
        case 12: return sortByKey(rows, list) { -nodes[$0].joined }  // uptime: joined longest ago is largest
        case 13: return sortByKey(rows, list) { -(nodes[$0].statusSince ?? .max) }  // longest in its status is largest
        default: return sortByKey(rows, list) { nodes[$0].info.id }
        }
    }

    static func matchesNode(_ n: NodeEntry, _ f: String) -> Bool {
        matches(n.info.id, f) || matches(n.info.operatorID, f) || matches(n.info.region, f)
            || matches(n.status.rawValue, f) || matches(n.info.nodeClass.rawValue, f)
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
