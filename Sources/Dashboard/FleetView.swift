import UI
import Feed
import Store

/// Fleet table columns; a column whose `minWidth` the terminal is narrower than is left out.
struct FleetColumn {
    var column: Column
    var minWidth: Int
}

let fleetColumns: [FleetColumn] = [
    FleetColumn(column: Column(title: "NODE", width: 11), minWidth: 0),
    FleetColumn(column: Column(title: "OPERATOR", width: 8), minWidth: 0),
    FleetColumn(column: Column(title: "REGION", width: 12), minWidth: 0),
    FleetColumn(column: Column(title: "CLASS", width: 7), minWidth: 100),
    FleetColumn(column: Column(title: "STATUS", width: 8), minWidth: 0),
    FleetColumn(column: Column(title: "CPU", width: 4, right: true), minWidth: 0),
    FleetColumn(column: Column(title: "GPU", width: 4, right: true), minWidth: 0),
    FleetColumn(column: Column(title: "MEM", width: 4, right: true), minWidth: 0),
    FleetColumn(column: Column(title: "TASKS", width: 5, right: true), minWidth: 0),
    FleetColumn(column: Column(title: "HB", width: 4, right: true), minWidth: 0),
    FleetColumn(column: Column(title: "ACCRUED", width: 9, right: true), minWidth: 80),
]

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
    let shown = grouped ? m.derived.fleetGroups.count : m.derived.fleetRows.count
    let position = "\(list.selected + (shown > 0 ? 1 : 0))/\(shown)" + (grouped ? " by \(m.fleetGrouping.rawValue)" : "")
    let inner = box(&c, layout.listBox, title: title, focused: true,
                    note: list.filter.isEmpty || grouped ? position : "\(shown) match /\(list.filter)")
    if grouped {
        drawFleetGroups(&c, m, data, inner)
        return
    }
    let visible = fleetColumns.enumerated().filter { m.size.width >= $0.element.minWidth }
    let accrued = data.state.rewards.byNode
    let rows = m.derived.fleetRows
    let sortIndex = visible.firstIndex { $0.offset == list.sortColumn }
    table(&c, inner, columns: visible.map(\.element.column), count: rows.count, selected: list.selected,
          offset: list.offset, sortColumn: sortIndex, descending: list.descending) { i in
        guard let k = rows.at(i), let n = f.nodes.at(k) else { return ([], []) }
        let hb = n.lastHeartbeat.map { age(data.state.ts - $0) } ?? "–"
        // An offline node's load and task count are its last report, not its state now: shown muted.
        let stale = n.status == .offline
        func load(_ value: Double) -> Style { stale ? Style(.muted) : loadStyle(value) }
        let all: [(String, Style?)] = [
            (n.info.id, nil), (n.info.operatorID, Style(.muted)), (n.info.region, nil), (n.info.nodeClass.rawValue, Style(.muted)),
            (n.status.rawValue, statusStyle(n.status)), (percent(n.cpu, digits: 0), load(n.cpu)),
            (n.gpu.map { percent($0, digits: 0) } ?? "–", n.gpu.map(load) ?? Style(.muted)),
            (percent(n.mem, digits: 0), load(n.mem)), (String(f.tasksRunning(on: n.info.id)), nil), (hb, Style(.muted)),
            (tokens(accrued[n.info.id] ?? .zero), nil),
        ]
        let picked = visible.map { all[$0.offset] }
        return (picked.map(\.0), picked.map(\.1))
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
        c.text(inner.x + 18, y, value, style, maxX: inner.maxX)
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
        c.text(inner.x + 1, y, "\(clock(note.ts, utcOffsetSeconds: m.utcOffsetSeconds))  \(pad(t.id, 10)) \(pad(t.state.rawValue, 9)) \(fixed(t.units, 1)) units  \(t.kind ?? "")", style, maxX: inner.maxX)
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
               style, maxX: inner.maxX)
        y += 1
    }
    if rewards.isEmpty, y < inner.maxY { c.text(inner.x + 1, y, "none in the recent window", Style(.muted)) }
}
