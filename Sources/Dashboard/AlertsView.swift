import UI
import Analytics
import Feed
import Store

let alertColumns: [Column] = [
    Column(title: "#", width: 4, right: true), Column(title: "SEVERITY", width: 8), Column(title: "KIND", width: 14),
    Column(title: "SUBJECT", width: 14), Column(title: "SINCE", width: 8), Column(title: "UNTIL", width: 8),
    Column(title: "FOR", width: 8, right: true), Column(title: "TEXT", width: 20),
]

/// Every alert seen, as k9s lists events: what, about what, from when to when (event time).
func drawAlertsView(_ c: inout Canvas, _ m: Model, _ data: DataView) {
    let layout = Layout(size: m.size, screen: .alerts, ascii: m.ascii)
    let all = m.derived.alertHistory
    let rows = m.derived.alertRows
    let list = m.list
    let active = m.derived.alerts.count
    let inner = box(&c, layout.listBox, title: "Alerts — \(active) under way, \(all.count - active) ended", focused: true,
                    note: "times are event time")
    var columns = alertColumns
    columns[columns.count - 1].width = max(10, inner.width - alertColumns.dropLast().reduce(0) { $0 + $1.width + 1 })
    let now = data.state.ts
    table(&c, inner, columns: columns, count: rows.count, selected: list.selected, offset: list.offset,
          sortColumn: list.sortColumn == 0 ? nil : list.sortColumn, descending: list.descending) { i in
        guard let k = rows.at(i), let a = all.at(k) else { return ([], []) }
        let over = a.until != nil
        return ([String(k + 1), a.severity.rawValue, a.kind.rawValue, a.subject, clock(a.since, utcOffsetSeconds: m.utcOffsetSeconds),
                 a.until.map { clock($0, utcOffsetSeconds: m.utcOffsetSeconds) } ?? "now", span((a.until ?? now) - a.since), a.text],
                [Style(.muted), over ? Style(.muted) : alertStyle(a.severity), Style(.muted), over ? Style(.muted) : Style(.text, bold: true),
                 Style(.muted), over ? Style(.muted) : Style(.accent), Style(.muted), over ? Style(.muted) : alertStyle(a.severity)])
    }
    if rows.isEmpty {
        c.text(inner.x + 1, inner.y + 2, list.filter.isEmpty ? "no alerts yet" : "no alert matches /\(list.filter)", Style(.muted))
    }
}
