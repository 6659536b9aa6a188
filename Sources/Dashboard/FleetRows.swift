import Feed
import Store

extension Derived {
    /// Filtered and sorted node indices. Keys are read straight from the node array; no copies.
    static func fleetRows(_ s: ChainState, _ list: ListState) -> [Int] {
        let nodes = s.fleet.nodes
        var rows: [Int]
        if list.filter.isEmpty {
            rows = Array(nodes.indices)
        } else {
            let f = list.filter
            rows = nodes.indices.filter { i in
                let n = nodes[i]
                return matches(n.info.id, f) || matches(n.info.operatorID, f) || matches(n.info.region, f)
                    || matches(n.status.rawValue, f) || matches(n.info.nodeClass.rawValue, f)
            }
        }
        let accrued = list.sortColumn == 10 ? s.rewards.byNode : [:]
        let less: (Int, Int) -> Bool
        switch list.sortColumn {
        case 1: less = { nodes[$0].info.operatorID < nodes[$1].info.operatorID }
        case 2: less = { nodes[$0].info.region < nodes[$1].info.region }
        case 3: less = { nodes[$0].info.nodeClass.rawValue < nodes[$1].info.nodeClass.rawValue }
        case 4: less = { nodes[$0].status.slot < nodes[$1].status.slot }
        case 5: less = { nodes[$0].cpu < nodes[$1].cpu }
        case 6: less = { (nodes[$0].gpu ?? -1) < (nodes[$1].gpu ?? -1) }
        case 7: less = { nodes[$0].mem < nodes[$1].mem }
        case 8: less = { nodes[$0].tasks < nodes[$1].tasks }
        case 9: less = { (nodes[$0].lastHeartbeat ?? 0) > (nodes[$1].lastHeartbeat ?? 0) }
        case 10: less = { (accrued[nodes[$0].info.id] ?? .zero) < (accrued[nodes[$1].info.id] ?? .zero) }
        default: less = { nodes[$0].info.id < nodes[$1].info.id }
        }
        return sortIndices(rows, list, less)
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
