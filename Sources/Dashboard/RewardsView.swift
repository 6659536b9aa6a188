import UI
import Analytics
import Feed
import Store

let rewardColumns: [Column] = [
    Column(title: "OPERATOR", width: 9, sort: 0), Column(title: "ACCRUED", width: 10, right: true, sort: 1, numeric: true),
    Column(title: "CLAIMED", width: 9, right: true, sort: 2, numeric: true),
    Column(title: "CLAIMABLE", width: 10, right: true, sort: 3, numeric: true),
    Column(title: "RATE/H", width: 7, right: true, sort: 4, numeric: true),
    Column(title: "NODES", width: 5, right: true, sort: 5, numeric: true),
    Column(title: "CLAIM $", width: 8, right: true, sort: 6, numeric: true), Column(title: "SHARE", width: 11, sort: 1, numeric: true),
]

/// "⚠ below the $0.42 median claim fee": what the mark in the CLAIM $ column means.
func claimFeeNote(_ m: Model) -> String {
    guard let fee = m.derived.claimFee else { return "no claim fee known" }
    return "⚠ below the \(usdCents(fee)) " + (m.claimFeeUSD != nil ? "fee to claim" : "median claim fee")
}

/// Dollars with cents below $100 (a fee of $0.42 is not "$0").
func usdCents(_ x: Double?) -> String {
    guard let x, x.isFinite else { return "–" }
    return abs(x) < 100 ? (x < 0 ? "-$" : "$") + fixed(abs(x), 2) : usd(x)
}

func drawRewards(_ c: inout Canvas, _ m: Model, _ data: DataView) {
    let layout = Layout(size: m.size, screen: .rewards, ascii: m.ascii)
    let rw = data.state.rewards
    let rows = m.derived.operators
    let list = m.list
    let total = rw.accrued.doubleValue
    let scoped = m.derived.scope.map { " · only \($0) (o: all)" } ?? ""
    let inner = box(&c, layout.listBox, title: "Rewards by operator — \(tokens(rw.accrued)) \(rw.token ?? "") accrued" + scoped,
                    focused: true, note: claimFeeNote(m))
    // Bars are scaled to the largest earner of all, so that a scoped operator's bar reads as it does unscoped.
    let maxShare = rw.operators.values.map(\.accrued.doubleValue).max().map { total > 0 ? $0 / total : 1 } ?? 1
    table(&c, inner, columns: rewardColumns, count: rows.count, selected: list.selected, offset: list.offset,
          sortColumn: list.sortColumn, descending: list.descending) { i in
        guard let row = rows.at(i) else { return ([], []) }
        let l = row.ledger
        return ([row.id, tokens(l.accrued), tokens(l.claimed), tokens(l.claimable), row.rate.map { fixed($0, 2) } ?? "–",
                 String(row.nodes), (row.belowFee ? "⚠" : "") + usdCents(row.claimableUSD), ""],
                [nil, nil, Style(.muted), nil, nil, Style(.muted), row.belowFee ? Style(.watch, bold: true) : Style(.muted), nil])
    }
    // Share bars in the last column, drawn over the empty cell.
    let shareX = columnX(inner, rewardColumns, rewardColumns.count - 1)
    for line in 0..<max(0, inner.height - 1) {
        let barWidth = min(8, inner.maxX - 1 - shareX - 5)
        guard let row = rows.at(list.offset + line), barWidth > 0 else { break }
        let share = total > 0 ? row.ledger.accrued.doubleValue / total : 0
        bar(&c, x: shareX, y: inner.y + 1 + line, width: barWidth, fraction: share / max(maxShare, 1e-9),
            style: Style(.accent), track: false)
        c.text(shareX + barWidth + 1, inner.y + 1 + line, percent(share, digits: 0), Style(.muted), maxX: inner.maxX - 1)
    }
    reselect(&c, inner, selected: list.selected, offset: list.offset, count: rows.count)
    drawRewardConcentration(&c, m, data, layout)
}

func drawRewardConcentration(_ c: inout Canvas, _ m: Model, _ data: DataView, _ layout: Layout) {
    let panel: Rect
    if m.size.width >= 110 {
        panel = Rect(x: layout.listBox.maxX, y: layout.body.y, width: m.size.width - layout.listBox.maxX, height: layout.body.height)
    } else {
        panel = Rect(x: 0, y: layout.listBox.maxY, width: m.size.width, height: layout.body.maxY - layout.listBox.maxY)
    }
    let k = m.derived.rewardConcentration
    let inner = box(&c, panel, title: "Concentration", note: "Enter: operator")
    let rate = m.derived.rewardRate
    let figures = [("Nakamoto", String(k.nakamoto50)), ("Gini", fixed(k.gini, 3)), ("HHI", fixed(k.hhi, 3)),
                   topShareFigure(k), ("operators", String(k.n)),
                   ("rate", rate.map { fixed($0, 2) + "/h" } ?? "–"), ("per day", rate.map { fixed($0 * 24, 1) } ?? "–")]
    let side = m.size.width >= 110
    let textWidth = side ? inner.width : 26
    for (row, (label, value)) in figures.enumerated() where row < inner.height {
        c.text(inner.x + 1, inner.y + row, pad(label, 10), Style(.muted))
        c.text(inner.x + 12, inner.y + row, value, row == 0 ? concentrationStyle(k) : Style(.text, bold: true), maxX: inner.x + textWidth)
    }
    // The plot keeps its last row for its label, at every size.
    let plot = side
        ? Rect(x: inner.x + 1, y: inner.y + figures.count + 1, width: inner.width - 2, height: max(0, inner.height - figures.count - 3))
        : Rect(x: inner.x + textWidth + 2, y: inner.y, width: inner.width - textWidth - 3, height: max(0, inner.height - 1))
    if plot.height >= 2 {
        lorenzPlot(&c, plot, points: lorenzCurve(data.state.rewards.operators.values.map { $0.accrued.doubleValue }))
        let long = "Lorenz: share of rewards ↑ vs of operators →"
        let label = displayWidth(long) <= plot.width ? long : "Lorenz: rewards ↑ operators →"
        c.text(plot.x, plot.maxY, label, Style(.muted), maxX: plot.maxX)
    }
}

/// "top-10 98%", or with ten or fewer entities (where top-10 is all of them) "top-1/3 40% 73%".
func topShareFigure(_ k: Concentration) -> (String, String) {
    k.fewEntities ? ("top-1/3", percent(k.top1Share, digits: 1) + " · " + percent(k.top3Share, digits: 1))
        : ("top-10", percent(k.top10Share, digits: 1))
}
