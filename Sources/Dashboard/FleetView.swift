import UI
import Feed
import Store

/// Fleet table columns; a column whose `minWidth` the terminal is narrower than is left out.
struct FleetColumn {
    var column: Column
    var minWidth: Int
}

let fleetColumns: [FleetColumn] = [
    FleetColumn(column: Column(title: "NODE", width: 11, sort: 0), minWidth: 0),
    FleetColumn(column: Column(title: "OPERATOR", width: 8, sort: 1), minWidth: 0),
    FleetColumn(column: Column(title: "REGION", width: 12, sort: 2), minWidth: 0),
    FleetColumn(column: Column(title: "CLASS", width: 7, sort: 3), minWidth: 100),
    FleetColumn(column: Column(title: "STATUS", width: 8, sort: 4), minWidth: 0),
    FleetColumn(column: Column(title: "CPU", width: 4, right: true, sort: 5, numeric: true), minWidth: 0),
    FleetColumn(column: Column(title: "GPU", width: 4, right: true, sort: 6, numeric: true), minWidth: 0),
    FleetColumn(column: Column(title: "MEM", width: 4, right: true, sort: 7, numeric: true), minWidth: 0),
    FleetColumn(column: Column(title: "TASKS", width: 5, right: true, sort: 8, numeric: true), minWidth: 0),
    FleetColumn(column: Column(title: "HB", width: 3, right: true, sort: 9, numeric: true), minWidth: 0),
    FleetColumn(column: Column(title: "ACCRUED", width: 8, right: true, sort: 10, numeric: true), minWidth: 80),
    // A wide terminal has room for what a node is running and how long it has been up, and its load.
    FleetColumn(column: Column(title: "VERSION", width: 9, sort: 11), minWidth: 150),
    FleetColumn(column: Column(title: "UPTIME", width: 7, right: true, sort: 12, numeric: true), minWidth: 150),
    // How long the node has been in its status ("–" until a change is seen after a seek).
    FleetColumn(column: Column(title: "IN STATUS", width: 9, right: true, sort: 13, numeric: true), minWidth: 150),
    FleetColumn(column: Column(title: "CPU TREND", width: 0), minWidth: 150),
    FleetColumn(column: Column(title: "MEM TREND", width: 0), minWidth: 150),
]

/// The trend columns: sparklines of a node's last reports (up to the 60 the history keeps).
let trendTitles: [String: UtilisationHistory.Metric] = ["CPU TREND": .cpu, "MEM TREND": .mem]

/// The fleet columns that fit the terminal; on a wide one the names get room and the trend the rest.
func fleetTableColumns(_ layout: Layout) -> [Column] {
    let width = layout.size.width
    var columns = fleetColumns.filter { width >= $0.minWidth }.map(\.column)
    guard width >= 150 else { return columns }
    for k in columns.indices {
        switch columns[k].title {
        case "NODE": columns[k].width = 13
        case "OPERATOR": columns[k].width = 10
        case "REGION": columns[k].width = 14
        default: break
        }
    }
    // The rest goes to the trends: one for CPU, and one for memory when both get 30 columns or more.
    let used = columns.dropLast(2).reduce(0) { $0 + $1.width + 1 }
    let rest = layout.table.width - used - 2
    if rest >= 61 {
        columns[columns.count - 2].width = min(60, (rest - 1) / 2)
        columns[columns.count - 1].width = min(60, (rest - 1) / 2)
    } else {
        columns[columns.count - 2].width = max(0, min(60, rest))
        columns.removeLast()
    }
    return columns
}

/// The mark before a count of nodes in a status; letters where there are no symbols to draw.
func statusMark(_ s: NodeStatus, ascii: Bool) -> String {
    switch s {
    case .online: ascii ? "up " : "●"
    case .degraded: ascii ? "deg " : "◐"
    case .offline: ascii ? "off " : "▼"
    case .draining: ascii ? "drn " : "⇣"
    }
}

func statusStyle(_ s: NodeStatus) -> Style {
    switch s {
    case .online: Style(.ok)
    case .degraded: Style(.watch)
    case .offline: Style(.critical, bold: true)
    case .draining: Style(.muted)
    }
}

func drawFleet(_ c: inout Canvas, _ m: Model, _ data: DataView) {
    let layout = Layout(size: m.size, screen: .fleet, ascii: m.ascii)
    let f = data.state.fleet
    let list = m.list
    let title = fleetTitle(f, m.derived)
    let grouped = m.fleetGrouping != .none
    // A sort whose first page is drawn knows how many rows its whole order will have.
    let shown = grouped ? m.derived.fleetGroups.count : m.derived.fleetSort?.total ?? m.derived.fleetRows.count
    // While a filter's count is still being completed, what is found so far, and a "+".
    let more = !grouped && m.derived.fleetScan != nil ? "+" : ""
    let position = "\(list.selected + (shown > 0 ? 1 : 0))/\(shown)\(more)" + (grouped ? " by \(m.fleetGrouping.rawValue)" : "")
    let inner = box(&c, layout.listBox, title: title, focused: true,
                    note: list.filter.isEmpty || grouped ? position : "\(shown)\(more) match /\(list.filter)")
    if grouped {
        drawFleetGroups(&c, m, data, inner)
        return
    }
    let columns = fleetTableColumns(layout)
    let accrued = data.state.rewards.byNode
    let rows = m.derived.fleetRows
    let now = data.state.ts
    table(&c, inner, columns: columns, count: rows.count, selected: list.selected,
          offset: list.offset, sortColumn: list.sortColumn, descending: list.descending) { i in
        guard let k = rows.at(i), let n = f.nodes.at(k) else { return ([], []) }
        let hb = n.lastHeartbeat.map { age(now - $0) } ?? "–"
        // An offline node's load and task count are its last report, not its state now: shown muted.
        let stale = n.status == .offline
        func load(_ value: Double) -> Style { stale ? Style(.muted) : loadStyle(value) }
        let all: [(String, Style?)] = [
            (n.info.id, nil), (n.info.operatorID, Style(.muted)), (n.info.region, nil), (n.info.nodeClass.rawValue, Style(.muted)),
            (n.status.rawValue, statusStyle(n.status)), (percent(n.cpu, digits: 0), load(n.cpu)),
            (n.gpu.map { percent($0, digits: 0) } ?? "–", n.gpu.map(load) ?? Style(.muted)),
            (percent(n.mem, digits: 0), load(n.mem)), (String(f.tasksRunning(on: n.info.id)), nil), (hb, Style(.muted)),
            (tokens(accrued[n.info.id] ?? .zero), nil), (n.info.version.isEmpty ? "–" : n.info.version, Style(.muted)),
            (age(now - n.joined), Style(.muted)), (n.statusSince.map { age(now - $0) } ?? "–", Style(.muted)), ("", nil), ("", nil),
        ]
        let picked = columns.compactMap { col in fleetColumns.firstIndex { $0.column.title == col.title }.map { all[$0] } }
        return (picked.map(\.0), picked.map(\.1))
    }
    for (index, trend) in columns.enumerated() where trend.width > 0 {
        guard let metric = trendTitles[trend.title] else { continue }
        let x = columnX(inner, columns, index)
        for line in 0..<max(0, inner.height - 1) {
            guard let k = rows.at(list.offset + line), let n = f.nodes.at(k) else { break }
            let values = f.history.samples(slot: k, metric).compactMap { $0 }
            let now = metric == .cpu ? n.cpu : n.mem
            sparkline(&c, x: x, y: inner.y + 1 + line, width: trend.width, values, low: 0, high: 1,
                      style: n.status == .offline ? Style(.muted) : loadStyle(now), fromLeft: true)
        }
        reselect(&c, inner, selected: list.selected, offset: list.offset, count: rows.count)
    }
    if rows.isEmpty {
        c.text(inner.x + 1, inner.y + 2, list.filter.isEmpty ? "no nodes yet" : "no node matches /\(list.filter)", Style(.muted))
    }
}

/// "Fleet — 201 nodes: 173 online · …", or scoped to one operator "op-0003's fleet — 23 nodes: …  (o: all)".
func fleetTitle(_ f: FleetState, _ d: Derived) -> String {
    let counts: [Int]
    let head: String
    if let scope = d.scope {
        let g = d.scopeCounts ?? FleetGroup(key: scope)
        counts = [g.nodes, g.count(.online), g.count(.degraded), g.count(.offline), g.count(.draining)]
        head = "\(scope)'s fleet (o: all)"
    } else {
        counts = [f.count, f.count(.online), f.count(.degraded), f.count(.offline), f.count(.draining)]
        head = "Fleet"
    }
    return "\(head) — \(counts[0]) nodes: \(counts[1]) online · \(counts[2]) degraded · \(counts[3]) offline · \(counts[4]) draining"
}

func drawNodeDetail(_ c: inout Canvas, _ m: Model, _ data: DataView) {
    guard case let .node(id) = m.detail else { return }
    let body = Layout(size: m.size, screen: .fleet, ascii: m.ascii).body
    let f = data.state.fleet
    guard let slot = f.index[id], let n = f.nodes.at(slot) else {
        let inner = box(&c, body, title: id, focused: true, note: "Esc back")
        c.text(inner.x + 1, inner.y + 1, "\(id) has left the network", Style(.watch))
        return
    }
    let inner = box(&c, body, title: "Node \(id)", focused: true, note: "Esc back")
    var y = inner.y
    let i = n.info
    let lines: [(String, String, Style)] = [
        ("status", n.status.rawValue + (n.statusReason.map { " (\($0))" } ?? ""), statusStyle(n.status)),
        ("operator", i.operatorID, Style(.text)),
        ("region / class", "\(i.region) / \(i.nodeClass.rawValue)", Style(.text)),
        ("hardware", "\(i.cpuCores) cores · \(compact(i.memGB)) GB · \(i.gpus) GPU" + (i.gpuModel.map { " (\($0))" } ?? ""), Style(.text)),
        ("version", i.version, Style(.text)),
        ("tasks running", String(f.tasksRunning(on: id)) + " (assigned or running, by task events)", Style(.text)),
        ("reported", "\(n.tasks) task\(n.tasks == 1 ? "" : "s") in its last heartbeat" + (n.status == .offline ? " (before it went offline)" : ""),
         Style(.muted)),
        ("last heartbeat", n.lastHeartbeat.map { age(data.state.ts - $0) + " ago" } ?? "never", Style(.text)),
        ("accrued", tokens(data.state.rewards.byNode[id] ?? .zero, digits: 4) + " " + (data.state.rewards.token ?? ""), Style(.text)),
    ]
    for (label, value, style) in lines where y < inner.maxY {
        c.text(inner.x + 1, y, pad(label, 16), Style(.muted))
        c.text(inner.x + 18, y, value, style, maxX: inner.maxX - 1)
        y += 1
    }
    y += 1
    let sparkWidth = max(0, inner.width - 30)
    for (label, metric) in [("cpu", UtilisationHistory.Metric.cpu), ("mem", .mem), ("gpu", .gpu)] where y < inner.maxY {
        let samples = f.history.samples(slot: slot, metric)
        let values = samples.compactMap { $0 }
        c.text(inner.x + 1, y, pad(label, 5), Style(.muted))
        if values.isEmpty {
            c.text(inner.x + 7, y, "–", Style(.muted))
        } else {
            sparkline(&c, x: inner.x + 7, y: y, width: min(sparkWidth, 60), values, low: 0, high: 1, style: loadStyle(values.last ?? 0), fromLeft: true)
            c.text(inner.x + 8 + min(values.count, sparkWidth, 60), y, percent(values.last, digits: 0) + " now", Style(.text))
        }
        y += 1
    }
    y += 1
    guard y < inner.maxY else { return }
    c.text(inner.x + 1, y, "Recent tasks", Style(.title, bold: true))
    y += 1
    let recent = f.recentTasks.elements.reversed().filter { $0.task.node == id }.prefix(max(1, (inner.maxY - y) / 2 - 1))
    for note in recent.dropFirst(min(m.detailOffset, max(0, recent.count - 1))) where y < inner.maxY {
        let t = note.task
        let style: Style = t.state == .done ? Style(.ok) : t.state == .failed || t.state == .lost ? Style(.flag) : Style(.text)
        c.text(inner.x + 1, y, "\(clock(note.ts, utcOffsetSeconds: m.utcOffsetSeconds))  \(pad(t.id, 10)) \(pad(t.state.rawValue, 9)) \(fixed(t.units, 1)) units  \(t.kind ?? "")", style, maxX: inner.maxX - 1)
        y += 1
    }
    if recent.isEmpty, y < inner.maxY { c.text(inner.x + 1, y, "none in the recent window", Style(.muted)); y += 1 }
    y += 1
    guard y < inner.maxY else { return }
    c.text(inner.x + 1, y, "Recent rewards", Style(.title, bold: true))
    y += 1
    let rewards = data.state.rewards.recent.elements.reversed().filter { $0.reward.node == id }.prefix(max(0, inner.maxY - y))
    for note in rewards where y < inner.maxY {
        let r = note.reward
        let style: Style = r.amount < .zero ? Style(.flag) : Style(.text)
        c.text(inner.x + 1, y, "\(clock(note.ts, utcOffsetSeconds: m.utcOffsetSeconds))  epoch \(pad(String(r.epoch), 5)) \(pad(r.basis.rawValue, 8)) \(pad(tokens(r.amount, digits: 4), 9, right: true)) \(r.token)\(r.reason.map { "  (\($0))" } ?? "")",
               style, maxX: inner.maxX - 1)
        y += 1
    }
    if rewards.isEmpty, y < inner.maxY { c.text(inner.x + 1, y, "none in the recent window", Style(.muted)) }
}
