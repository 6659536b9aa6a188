import UI
import Analytics
import Feed
import Store

func drawOverview(_ c: inout Canvas, _ m: Model, _ data: DataView) {
    let body = Layout(size: m.size, screen: .overview, ascii: m.ascii).body
    let extra = max(0, body.height - 22)
    let topH = 6 + extra / 4, midH = 8 + extra / 4
    let govH = body.height - 1 - topH - midH
    let half = m.size.width / 2
    let y0 = body.y
    drawFleetCard(&c, Rect(x: 0, y: y0, width: half, height: topH), m, data)
    drawRewardsCard(&c, Rect(x: half, y: y0, width: m.size.width - half, height: topH), m, data)
    drawCoinsCard(&c, Rect(x: 0, y: y0 + topH, width: half, height: midH), m, data)
    drawTVLCard(&c, Rect(x: half, y: y0 + topH, width: m.size.width - half, height: midH), m, data)
    drawGovernanceCard(&c, Rect(x: 0, y: y0 + topH + midH, width: m.size.width, height: govH), m, data)
    drawAlerts(&c, y: body.maxY - 1, width: m.size.width, m.derived.alerts)
}

/// A labelled concentration line: "Nakamoto 2 · Gini 0.67 · HHI 0.22 · top-10 96%"; with ten or fewer
/// entities, where top-10 would be 100%, "top-1 40% · top-3 73%" instead.
func concentrationText(_ k: Concentration, width: Int = 80) -> String {
    let top = k.fewEntities ? "top-1 \(percent(k.top1Share, digits: 0)) · top-3 \(percent(k.top3Share, digits: 0))"
        : "top-10 \(percent(k.top10Share, digits: 0))"
    let long = "Nakamoto \(k.nakamoto50) · Gini \(fixed(k.gini, 2)) · HHI \(fixed(k.hhi, 2)) · " + top
    if displayWidth(long) <= width { return long }
    let g = String(fixed(k.gini, 2).drop { $0 == "0" }), h = String(fixed(k.hhi, 2).drop { $0 == "0" })
    let short = k.fewEntities ? "top1 \(percent(k.top1Share, digits: 0)) top3 \(percent(k.top3Share, digits: 0))"
        : "top10 \(percent(k.top10Share, digits: 0))"
    return "N \(k.nakamoto50) · Gini \(g) · HHI \(h) · " + short
}

func concentrationStyle(_ k: Concentration) -> Style {
    k.n == 0 ? Style(.muted) : k.nakamoto50 <= 2 ? Style(.critical, bold: true) : k.nakamoto50 <= 5 ? Style(.flag) : Style(.ok)
}

func drawFleetCard(_ c: inout Canvas, _ r: Rect, _ m: Model, _ data: DataView) {
    let f = data.state.fleet
    let inner = box(&c, r, title: "Fleet", note: "2")
    var x = c.text(inner.x + 1, inner.y, "\(f.count) nodes  ", Style(.text, bold: true), maxX: inner.maxX)
    for (status, mark) in [(NodeStatus.online, "●"), (.degraded, "◐"), (.offline, "▼"), (.draining, "⇣")] {
        x = c.text(x, inner.y, "\(mark)\(f.count(status)) ", statusStyle(status), maxX: inner.maxX)
    }
    let util = f.utilisation.elements.map(\.value)
    let mean = f.count > 0 ? f.cpuSum / Double(f.count) : 0
    let label = "cpu "
    c.text(inner.x + 1, inner.y + 1, label, Style(.muted))
    let w = max(0, inner.width - 12)
    sparkline(&c, x: inner.x + 5, y: inner.y + 1, width: w, downsample(util, to: w), low: 0, high: 1, style: loadStyle(mean))
    c.text(inner.x + 6 + w, inner.y + 1, percent(mean, digits: 0), loadStyle(mean), maxX: inner.maxX)
    c.text(inner.x + 1, inner.y + 2, taskCounts(f, width: inner.width - 1), Style(.text), maxX: inner.maxX)
    if inner.height > 3 {
        let k = m.derived.nodeConcentration
        c.text(inner.x + 1, inner.y + 3, "operators \(f.nodesByOperator.count) · nodes Nakamoto \(k.nakamoto50)", concentrationStyle(k), maxX: inner.maxX)
    }
    if inner.height > 4 {
        let parts = NodeClass.allCases.map { "\($0.rawValue) \(f.nodesByClass[$0] ?? 0)" }
        c.text(inner.x + 1, inner.y + 4, fitting(parts, width: inner.width - 1), Style(.muted), maxX: inner.maxX)
    }
    if inner.height > 5 { drawRegions(&c, inner, y: inner.y + 5, m.derived.regions) }
}

/// "tasks 458 run · 210 done · 5 failed · 47 lost": failed and lost apart, as the export has them.
func taskCounts(_ f: FleetState, width: Int) -> String {
    let parts = ["\(f.tasksRunning) run", "\(f.tasksDone) done", "\(f.tasksFailed) failed", "\(f.tasksLost) lost"]
    let long = "tasks " + parts.joined(separator: " · ")
    return displayWidth(long) <= width ? long : parts.joined(separator: " ")
}

/// "eu-west ●35 ▼3 · sa-east ●37 · …": regions with nodes offline first, so that an outage reads at a glance.
func drawRegions(_ c: inout Canvas, _ inner: Rect, y: Int, _ regions: [FleetGroup]) {
    let ordered = regions.sorted { a, b in
        a.count(.offline) != b.count(.offline) ? a.count(.offline) > b.count(.offline) : a.nodes != b.nodes ? a.nodes > b.nodes : a.key < b.key
    }
    var x = inner.x + 1
    for (k, g) in ordered.enumerated() {
        let down = g.count(.offline)
        let item = "\(g.key) ●\(g.count(.online))" + (down > 0 ? " ▼\(down)" : "")
        let sep = k == 0 ? "" : " · "
        guard x + displayWidth(sep + item) <= inner.maxX - (k == ordered.count - 1 ? 0 : 2) else {
            c.text(x, y, " …", Style(.muted), maxX: inner.maxX)
            return
        }
        x = c.text(x, y, sep + g.key + " ", Style(.muted), maxX: inner.maxX)
        x = c.text(x, y, "●\(g.count(.online))", statusStyle(.online), maxX: inner.maxX)
        if down > 0 { x = c.text(x, y, " ▼\(down)", statusStyle(.offline), maxX: inner.maxX) }
    }
}

func drawRewardsCard(_ c: inout Canvas, _ r: Rect, _ m: Model, _ data: DataView) {
    let rw = data.state.rewards
    let token = rw.token ?? "token"
    let inner = box(&c, r, title: "Rewards", note: "3")
    let worth = rw.priceUSD.map { " (" + usd(rw.accrued.doubleValue * $0) + ")" } ?? ""
    c.text(inner.x + 1, inner.y, "accrued \(tokens(rw.accrued)) \(token)\(worth)", Style(.text, bold: true), maxX: inner.maxX)
    let rate = m.derived.rewardRate.map { fixed($0, 2) + "/h" } ?? "–"
    c.text(inner.x + 1, inner.y + 1, "rate \(rate) · claimable \(tokens(rw.accrued - rw.claimed))", Style(.text), maxX: inner.maxX)
    let k = m.derived.rewardConcentration
    c.text(inner.x + 1, inner.y + 2, concentrationText(k, width: inner.width - 2), concentrationStyle(k), maxX: inner.maxX)
    if inner.height > 3 {
        let top = k.fewEntities ? "the top one takes \(percent(k.top1Share, digits: 0))" : "top 10 take \(percent(k.top10Share, digits: 0))"
        c.text(inner.x + 1, inner.y + 3, "\(k.n) operators earn · " + top, Style(.muted), maxX: inner.maxX)
    }
    if inner.height > 4 {
        c.text(inner.x + 1, inner.y + 4, "token \(rw.priceUSD.map { "$" + fixed($0, 4) } ?? "–") · penalties \(tokens(rw.penalties)) · claimed \(tokens(rw.claimed))",
               Style(.muted), maxX: inner.maxX)
    }
}

func drawCoinsCard(_ c: inout Canvas, _ r: Rect, _ m: Model, _ data: DataView) {
    let k = m.derived.stablecoinConcentration
    let inner = box(&c, r, title: "Stablecoins", note: "4  issuers N=\(k.nakamoto50)")
    // The price goes where the card is narrow: the deviation says the same, and the reserve ratio is a risk of its own.
    let withPrice = inner.width >= 46
    for (row, e) in data.state.stablecoins.coins.prefix(inner.height).enumerated() {
        let dev = pegDeviation(price: e.coin.price, peg: e.coin.peg)
        let band = PegBand(deviation: dev)
        let y = inner.y + row
        var x = c.text(inner.x + 1, y, pad(e.coin.symbol, 6), Style(.text, bold: true), maxX: inner.maxX)
        if withPrice { x = c.text(x, y, pad(e.coin.price.map { fixed($0, 4) } ?? "–", 7, right: true), Style(.text), maxX: inner.maxX) }
        x = c.text(x, y, pad(percent(dev, digits: 2, signed: true), 7, right: true), bandStyle(band.rawValue), maxX: inner.maxX)
        // "depeg" fits the card's band column whole; "depegg…" would be the one word cut when it matters.
        let label = band == .depegged ? "depeg" : band.rawValue
        x = c.text(x + 1, y, pad(label, 6), bandStyle(band.rawValue), maxX: inner.maxX)
        x = c.text(x, y, pad(reserveText(e.reserveRatio), 8, right: true), reserveStyle(e.reserveRatio), maxX: inner.maxX)
        c.text(x + 1, y, pad(usd(e.coin.supply), 7, right: true), Style(.muted), maxX: inner.maxX)
    }
}

func drawTVLCard(_ c: inout Canvas, _ r: Rect, _ m: Model, _ data: DataView) {
    let t = data.state.tvl
    let k = m.derived.tvlConcentration
    let inner = box(&c, r, title: "TVL", note: "5  N=\(k.nakamoto50)")
    var x = c.text(inner.x + 1, inner.y, usd(t.totalUSD) + " ", Style(.text, bold: true), maxX: inner.maxX)
    let change = m.derived.totalTVLChange
    x = c.text(x, inner.y, percent(change, digits: 1, signed: true) + " 1h ", (change ?? 0) < 0 ? Style(.flag) : Style(.ok), maxX: inner.maxX)
    sparkline(&c, x: x, y: inner.y, width: max(0, inner.maxX - x - 1), t.totalHistory.elements.map(\.value))
    let total = t.totalUSD
    let counted = t.counted
    let top = counted.indices.sorted { counted[$0].totalUSD > counted[$1].totalUSD }
    for (row, i) in top.prefix(max(0, inner.height - 1)).enumerated() {
        let p = counted[i]
        let y = inner.y + 1 + row
        let share = total > 0 ? p.totalUSD / total : 0
        c.text(inner.x + 1, y, pad(p.name, 12), Style(.text), maxX: inner.maxX)
        c.text(inner.x + 14, y, pad(usd(p.totalUSD), 7, right: true), Style(.muted), maxX: inner.maxX)
        let barWidth = max(0, inner.width - 29)
        bar(&c, x: inner.x + 22, y: y, width: barWidth, fraction: share / max(0.0001, top.first.map { counted[$0].totalUSD / total } ?? 1), style: Style(.accent), track: false)
        c.text(inner.x + 23 + barWidth, y, percent(share, digits: 0), Style(.muted), maxX: inner.maxX)
    }
}

func drawGovernanceCard(_ c: inout Canvas, _ r: Rect, _ m: Model, _ data: DataView) {
    let g = data.state.governance
    let active = g.proposals.filter { $0.proposal.state == .active || $0.proposal.state == .pending }
    let inner = box(&c, r, title: "Governance", note: "6  \(active.count) active of \(g.proposals.count)")
    // Active proposals first, then the most recently closed ones while there is room.
    let closed = g.proposals.reversed().filter { $0.proposal.state != .active && $0.proposal.state != .pending }
    let shown = active + closed
    if shown.isEmpty { c.text(inner.x + 1, inner.y, "no proposals yet", Style(.muted)) }
    for (row, p) in shown.prefix(inner.height).enumerated() {
        let y = inner.y + row
        let k = m.derived.proposalConcentration[p.proposal.id] ?? .empty
        let titleWidth = max(10, inner.width - 58)
        var x = c.text(inner.x + 1, y, pad(p.proposal.id, 7), Style(.accent), maxX: inner.maxX)
        x = c.text(x + 1, y, pad(p.proposal.title, titleWidth), Style(.text), maxX: inner.maxX)
        stackedBar(&c, x: x + 1, y: y, width: 14, parts: [(p.forWeight, Style(.ok)), (p.againstWeight, Style(.critical)),
                                                          (p.abstainWeight, Style(.muted))])
        x += 16
        let forShare = p.totalWeight > 0 ? p.forWeight / p.totalWeight : 0
        x = c.text(x, y, pad(percent(forShare, digits: 0) + " for", 8), Style(.text), maxX: inner.maxX)
        let quorum: String
        if let q = p.proposal.quorum, q > 0 {
            quorum = "quorum " + pad(percent(min(9.99, p.quorumWeight / q), digits: 0), 4, right: true)
        } else {
            quorum = "no quorum"
        }
        x = c.text(x + 1, y, quorum, (p.quorumReached ?? true) ? Style(.ok) : Style(.watch), maxX: inner.maxX)
        x = c.text(x + 1, y, pad(p.proposal.state.rawValue, 9), Style(.muted), maxX: inner.maxX)
        // The voter count goes first when the row is narrow: the Nakamoto coefficient is the lens.
        let full = "N=\(k.nakamoto50) v\(p.voters)"
        c.text(x, y, displayWidth(full) <= inner.maxX - x ? full : "N=\(k.nakamoto50)", concentrationStyle(k), maxX: inner.maxX)
    }
}

/// The alerts line: how many are under way and the newest of them; the Alerts view (7 or !) lists them all.
func drawAlerts(_ c: inout Canvas, y: Int, width: Int, _ alerts: [AlertEntry]) {
    guard let newest = alerts.first else {
        c.text(1, y, "✓ no alerts", Style(.ok))
        return
    }
    let hint = alerts.count > 1 ? "  (7 lists all \(alerts.count))" : "  (7 lists it)"
    var x = c.text(1, y, "ALERTS \(alerts.count) ", Style(.critical, bold: true))
    let limit = width - 1 - (displayWidth(hint) + 10 < width - x ? displayWidth(hint) : 0)
    x = c.text(x, y, "newest ", Style(.muted), maxX: limit)
    x = c.text(x, y, newest.text, alertStyle(newest.severity), maxX: limit)
    if limit < width - 1 { c.text(x, y, hint, Style(.muted), maxX: width - 1) }
}
