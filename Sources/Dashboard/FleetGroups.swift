import UI
import Feed
import Store

/// How the Fleet view groups its nodes (F5 cycles, as htop's tree view does).
public enum FleetGrouping: String, Sendable, CaseIterable {
    case none, `operator`, region

    var next: FleetGrouping {
        let all = FleetGrouping.allCases
        return all[((all.firstIndex(of: self) ?? 0) + 1) % all.count]
    }
}

/// The nodes of one operator or region: counts by status, mean use, tasks running.
public struct FleetGroup: Sendable, Equatable {
    public var key: String
    public var nodes = 0
    /// By `NodeStatus.slot` order of the Fleet view: offline, degraded, draining, online.
    public var byStatus = [0, 0, 0, 0]
    public var cpuSum = 0.0
    public var memSum = 0.0
    public var tasks = 0

    public func count(_ s: NodeStatus) -> Int { byStatus[s.slot] }
    public var meanCPU: Double { nodes > 0 ? cpuSum / Double(nodes) : 0 }
    public var meanMem: Double { nodes > 0 ? memSum / Double(nodes) : 0 }
}

extension Derived {
    /// Nodes grouped by operator or region, within the operator scope if there is one, largest group first.
    /// Nodes by region with their counts by status, from the fleet's tallies (no visit of the nodes; no use figures).
    static func regionCounts(_ f: FleetState) -> [FleetGroup] {
        f.statusByRegion.keys.map { region in
            var g = FleetGroup(key: region)
            for s in NodeStatus.allCases { g.byStatus[s.slot] = f.count(s, region: region) }
            g.nodes = g.byStatus.reduce(0, +)
            return g
        }
    }

    /// Without `tasks` the groups' task counts are left at 0 (the Overview's regions do not show them, and a
    /// lookup per node is most of the cost on a large fleet).
    static func fleetGroups(_ f: FleetState, by grouping: FleetGrouping, scope: String?, tasks: Bool = true) -> [FleetGroup] {
        guard grouping != .none else { return [] }
        var groups: [String: FleetGroup] = [:]
        for n in f.nodes where scope == nil || n.info.operatorID == scope {
            let key = grouping == .operator ? n.info.operatorID : n.info.region
            var g = groups[key] ?? FleetGroup(key: key)
            g.nodes += 1
            g.byStatus[n.status.slot] += 1
            // An offline node's last report is not its use now: the means are over the nodes still reporting.
            if n.status != .offline {
                g.cpuSum += n.cpu
                g.memSum += n.mem
            }
            if tasks { g.tasks += f.tasksRunning(on: n.info.id) }
            groups[key] = g
        }
        return groups.values.map { g in
            var g = g
            let live = g.nodes - g.count(.offline)
            g.cpuSum = live > 0 ? g.cpuSum / Double(live) * Double(g.nodes) : 0
            g.memSum = live > 0 ? g.memSum / Double(live) * Double(g.nodes) : 0
            return g
        }.sorted { $0.nodes != $1.nodes ? $0.nodes > $1.nodes : $0.key < $1.key }
    }
}

let groupColumns: [Column] = [
    Column(title: "GROUP", width: 12), Column(title: "NODES", width: 5, right: true),
    Column(title: "●ONLINE", width: 7, right: true), Column(title: "◐DEGR", width: 5, right: true),
    Column(title: "▼OFFLINE", width: 8, right: true), Column(title: "⇣DRAIN", width: 6, right: true),
    Column(title: "CPU", width: 4, right: true), Column(title: "MEM", width: 4, right: true),
    Column(title: "TASKS", width: 5, right: true), Column(title: "ONLINE SHARE", width: 12),
]

/// The Fleet view grouped: one row per operator or region.
func drawFleetGroups(_ c: inout Canvas, _ m: Model, _ data: DataView, _ inner: Rect) {
    let groups = m.derived.fleetGroups
    let list = m.list
    table(&c, inner, columns: groupColumns, count: groups.count, selected: list.selected, offset: list.offset) { i in
        guard let g = groups.at(i) else { return ([], []) }
        return ([g.key, String(g.nodes), String(g.count(.online)), String(g.count(.degraded)), String(g.count(.offline)),
                 String(g.count(.draining)), percent(g.meanCPU, digits: 0), percent(g.meanMem, digits: 0), String(g.tasks), ""],
                [Style(.text, bold: true), nil, statusStyle(.online), statusStyle(.degraded),
                 g.count(.offline) > 0 ? statusStyle(.offline) : Style(.muted), statusStyle(.draining),
                 loadStyle(g.meanCPU), loadStyle(g.meanMem), nil, nil])
    }
    let barX = inner.x + groupColumns.dropLast().reduce(0) { $0 + $1.width + 1 }
    let width = min(12, inner.maxX - barX - 1)
    guard width > 2 else { return }
    for line in 0..<max(0, inner.height - 1) {
        guard let g = groups.at(list.offset + line) else { break }
        bar(&c, x: barX, y: inner.y + 1 + line, width: width, fraction: g.nodes > 0 ? Double(g.count(.online)) / Double(g.nodes) : 0,
            style: g.count(.offline) > 0 ? Style(.watch) : Style(.ok))
    }
}
