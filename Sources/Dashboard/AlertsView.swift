import UI
import Analytics
import Feed
import Store

/// The Alerts table's columns; below `minWidth` a column gives its room to the text (its colour shows the severity).
let alertColumns: [FleetColumn] = [
    FleetColumn(column: Column(title: "#", width: 4, right: true, sort: 0, numeric: true), minWidth: 100),
    FleetColumn(column: Column(title: "SEVERITY", width: 8, sort: 1), minWidth: 100),
    FleetColumn(column: Column(title: "KIND", width: 14, sort: 2), minWidth: 120),
    FleetColumn(column: Column(title: "SUBJECT", width: 14, sort: 3), minWidth: 0),
    FleetColumn(column: Column(title: "SINCE", width: 8, sort: 4, numeric: true), minWidth: 0),
    FleetColumn(column: Column(title: "UNTIL", width: 8, sort: 5, numeric: true), minWidth: 0),
    FleetColumn(column: Column(title: "FOR", width: 8, right: true), minWidth: 100),
    FleetColumn(column: Column(title: "TEXT", width: 20), minWidth: 0),
]

/// The columns that fit `layout`'s width, the text taking what is left.
func alertTableColumns(_ layout: Layout) -> [Column] {
    var columns = alertColumns.filter { layout.size.width >= $0.minWidth }.map(\.column)
    columns[columns.count - 1].width = max(10, layout.table.width - 2 - columns.dropLast().reduce(0) { $0 + $1.width + 1 })
    return columns
}

/// Every alert seen, as k9s lists events: what, about what, from when to when (event time).
func drawAlertsView(_ c: inout Canvas, _ m: Model, _ data: DataView) {
    let layout = Layout(size: m.size, screen: .alerts, ascii: m.ascii)
    let all = m.derived.alertHistory
    let rows = m.derived.alertRows
    let list = m.list
    let active = m.derived.alerts.count
    let inner = box(&c, layout.listBox, title: "Alerts — \(active) under way, \(all.count - active) ended", focused: true,
                    note: "times are event time")
    let visible = alertColumns.enumerated().filter { m.size.width >= $0.element.minWidth }
    let columns = alertTableColumns(layout)
    let now = data.state.ts
    table(&c, inner, columns: columns, count: rows.count, selected: list.selected, offset: list.offset,
          sortColumn: list.sortColumn, descending: list.descending) { i in
        guard let k = rows.at(i), let a = all.at(k) else { return ([], []) }
        let over = a.until != nil
        let all: [(String, Style)] = [
            (String(k + 1), Style(.muted)), (a.severity.rawValue, over ? Style(.muted) : alertStyle(a.severity)),
            (a.kind.rawValue, Style(.muted)), (a.subject, over ? Style(.muted) : Style(.text, bold: true)),
            (clock(a.since, utcOffsetSeconds: m.utcOffsetSeconds), Style(.muted)),
            (a.until.map { clock($0, utcOffsetSeconds: m.utcOffsetSeconds) } ?? "now", over ? Style(.muted) : Style(.accent)),
            (span((a.until ?? now) - a.since), Style(.muted)), (a.text, over ? Style(.muted) : alertStyle(a.severity)),
        ]
        let picked = visible.map { all[$0.offset] }
        return (picked.map(\.0), picked.map(\.1))
    }
    if rows.isEmpty {
        c.text(inner.x + 1, inner.y + 2, list.filter.isEmpty ? "no alerts yet" : "no alert matches /\(list.filter)", Style(.muted))
    }
}
