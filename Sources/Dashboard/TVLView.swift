import UI
import Analytics
import Feed
import Store

let tvlColumns: [Column] = [
    Column(title: "PROTOCOL", width: 12, sort: 0), Column(title: "CATEGORY", width: 14, sort: 1),
    Column(title: "CHAINS", width: 6, right: true, sort: 2, numeric: true), Column(title: "TVL", width: 8, right: true, sort: 3, numeric: true),
    Column(title: "SHARE", width: 6, right: true, sort: 3, numeric: true), Column(title: "1H", width: 7, right: true, sort: 4, numeric: true),
    Column(title: "TREND", width: 16),
]

func drawTVL(_ c: inout Canvas, _ m: Model, _ data: DataView) {
    let layout = Layout(size: m.size, screen: .tvl, ascii: m.ascii)
    let t = data.state.tvl
    let rows = m.derived.protocolRows
    let list = m.list
    let k = m.derived.tvlConcentration
    let total = t.totalUSD
    let inner = box(&c, layout.listBox, title: "TVL — \(usd(total)) · \(concentrationText(k))", focused: true, note: "Enter: chains")
    table(&c, inner, columns: tvlColumns, count: rows.count, selected: list.selected, offset: list.offset,
          sortColumn: list.sortColumn, descending: list.descending) { i in
        guard let idx = rows.at(i), let p = t.protocols.at(idx) else { return ([], []) }
        let change = m.derived.tvlChange[p.name]
        return ([p.name, p.category ?? "–", String(p.chains.count), usd(p.totalUSD), t.isCounted(p) ? percent(total > 0 ? p.totalUSD / total : 0, digits: 1) : "–",
                 percent(change, digits: 1, signed: true), ""],
                [Style(.text, bold: true), Style(.muted), nil, nil, nil, (change ?? 0) <= -0.2 ? Style(.critical, bold: true) : (change ?? 0) < 0 ? Style(.flag) : Style(.ok), nil])
    }
    let trendX = columnX(inner, tvlColumns, tvlColumns.count - 1)
    let trendWidth = min(inner.maxX - 1 - trendX, 68) - 8  // up to an hour of samples, and the scale
    guard trendWidth > 2 else { return }
    for line in 0..<max(0, inner.height - 1) {
        guard let idx = rows.at(list.offset + line), let p = t.protocols.at(idx) else { break }
        let values = p.history.elements.map(\.value)
        sparkline(&c, x: trendX, y: inner.y + 1 + line, width: trendWidth, values, fromLeft: true)
        let shown = min(values.count, trendWidth)
        c.text(trendX + shown + 1, inner.y + 1 + line, swingLabel(values, width: trendWidth), Style(.muted), maxX: inner.maxX - 1)
    }
    reselect(&c, inner, selected: list.selected, offset: list.offset, count: rows.count)
}

func drawProtocolDetail(_ c: inout Canvas, _ m: Model, _ data: DataView) {
    guard case let .protocolTVL(name) = m.detail else { return }
    let body = Layout(size: m.size, screen: .tvl, ascii: m.ascii).body
    let inner = box(&c, body, title: "\(name) by chain", focused: true, note: "Esc back")
    guard let i = data.state.tvl.index[name], let p = data.state.tvl.protocols.at(i) else {
        c.text(inner.x + 1, inner.y, "no data for \(name)", Style(.muted))
        return
    }
    var y = inner.y
    let total = p.totalUSD
    c.text(inner.x + 1, y, "\(p.category ?? "–") · \(usd(total)) on \(p.chains.count) chain\(p.chains.count == 1 ? "" : "s") · 1h \(percent(m.derived.tvlChange[name], digits: 1, signed: true))",
           Style(.text, bold: true), maxX: inner.maxX - 1)
    y += 2
    for ch in p.chains.sorted(by: { $0.usd > $1.usd }) where y < inner.maxY {
        let share = total > 0 ? ch.usd / total : 0
        c.text(inner.x + 1, y, pad(ch.chain, 12), Style(.text))
        c.text(inner.x + 14, y, pad(usd(ch.usd), 8, right: true), Style(.text))
        bar(&c, x: inner.x + 24, y: y, width: max(0, inner.width - 32), fraction: share, style: Style(.accent))
        c.text(inner.maxX - 6, y, percent(share, digits: 0), Style(.muted))
        y += 1
    }
    y += 1
    guard y + 1 < inner.maxY else { return }
    let values = p.history.elements.map(\.value)
    let end = c.text(inner.x + 1, y, "TVL history (one sample a minute)", Style(.title, bold: true))
    c.text(end + 2, y, swingLabel(values, width: values.count) + " around its middle", Style(.muted), maxX: inner.maxX - 1)
    sparkline(&c, x: inner.x + 1, y: y + 1, width: max(0, inner.width - 2), downsample(values, to: max(1, inner.width - 2)))
}
