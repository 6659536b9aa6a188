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
/// entities, where top-10 would be 100%, "top-1 40% · top-3 73%" instead. On a narrow line the last
/// figures give way, never the names.
func concentrationText(_ k: Concentration, width: Int = 80) -> String {
    let top = k.fewEntities ? "top-1 \(percent(k.top1Share, digits: 0)) · top-3 \(percent(k.top3Share, digits: 0))"
        : "top-10 \(percent(k.top10Share, digits: 0))"
    let parts = ["Nakamoto \(k.nakamoto50)", "Gini \(fixed(k.gini, 2))", top, "HHI \(fixed(k.hhi, 2))"]
    let long = [parts[0], parts[1], parts[3], parts[2]].joined(separator: " · ")
    if displayWidth(long) <= width { return long }
    for n in stride(from: 3, through: 1, by: -1) where displayWidth(parts.prefix(n).joined(separator: " · ")) <= width {
        return parts.prefix(n).joined(separator: " · ")
    }
    return truncate(parts[0], width)
}

func concentrationStyle(_ k: Concentration) -> Style {
    k.n == 0 ? Style(.muted) : k.nakamoto50 <= 2 ? Style(.critical, bold: true) : k.nakamoto50 <= 5 ? Style(.flag) : Style(.ok)
}

func drawFleetCard(_ c: inout Canvas, _ r: Rect, _ m: Model, _ data: DataView) {
    let f = data.state.fleet
    let inner = box(&c, r, title: "Fleet", note: "2")
    var x = c.text(inner.x + 1, inner.y, "\(f.count) nodes  ", Style(.text, bold: true), maxX: inner.maxX - 1)
    for status in [NodeStatus.online, .degraded, .offline, .draining] {
        x = c.text(x, inner.y, "\(statusMark(status, ascii: c.ascii))\(f.count(status)) ", statusStyle(status), maxX: inner.maxX - 1)
    }
    let util = f.utilisation.elements.map(\.value)
    let mean = f.count > 0 ? f.cpuSum / Double(f.count) : 0
    let label = "cpu "
    c.text(inner.x + 1, inner.y + 1, label, Style(.muted))
    let w = max(0, inner.width - 12)
    sparkline(&c, x: inner.x + 5, y: inner.y + 1, width: w, downsample(util, to: w), low: 0, high: 1, style: loadStyle(mean))
    c.text(inner.x + 6 + w, inner.y + 1, percent(mean, digits: 0), loadStyle(mean), maxX: inner.maxX - 1)
    c.text(inner.x + 1, inner.y + 2, taskCounts(f, width: inner.width - 1), Style(.text), maxX: inner.maxX - 1)
    if inner.height > 3 {
        let k = m.derived.nodeConcentration
        c.text(inner.x + 1, inner.y + 3, "operators \(f.nodesByOperator.count) · nodes Nakamoto \(k.nakamoto50)", concentrationStyle(k), maxX: inner.maxX - 1)
    }
    if inner.height > 4 {
        let parts = NodeClass.allCases.map { "\($0.rawValue) \(f.nodesByClass[$0] ?? 0)" }
        c.text(inner.x + 1, inner.y + 4, fitting(parts, width: inner.width - 2), Style(.muted), maxX: inner.maxX - 1)
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
        guard x + displayWidth(sep + item) <= inner.maxX - 1 - (k == ordered.count - 1 ? 0 : 2) else {
            c.text(x, y, " …", Style(.muted), maxX: inner.maxX - 1)
            return
        }
        x = c.text(x, y, sep + g.key + " ", Style(.muted), maxX: inner.maxX - 1)
        x = c.text(x, y, "●\(g.count(.online))", statusStyle(.online), maxX: inner.maxX - 1)
        if down > 0 { x = c.text(x, y, " ▼\(down)", statusStyle(.offline), maxX: inner.maxX - 1) }
    }
}

func drawRewardsCard(_ c: inout Canvas, _ r: Rect, _ m: Model, _ data: DataView) {
    let rw = data.state.rewards
    let token = rw.token ?? "token"
    let inner = box(&c, r, title: "Rewards", note: "3")
    let worth = rw.priceUSD.map { " (" + usd(rw.accrued.doubleValue * $0) + ")" } ?? ""
    c.text(inner.x + 1, inner.y, "accrued \(tokens(rw.accrued)) \(token)\(worth)", Style(.text, bold: true), maxX: inner.maxX - 1)
    let rate = m.derived.rewardRate.map { fixed($0, 2) + "/h" } ?? "–"
    c.text(inner.x + 1, inner.y + 1, "rate \(rate) · claimable \(tokens(rw.accrued - rw.claimed))", Style(.text), maxX: inner.maxX - 1)
    let k = m.derived.rewardConcentration
    c.text(inner.x + 1, inner.y + 2, concentrationText(k, width: inner.width - 2), concentrationStyle(k), maxX: inner.maxX - 1)
    if inner.height > 3 {
        let top = k.fewEntities ? "the top one takes \(percent(k.top1Share, digits: 0))" : "top 10 take \(percent(k.top10Share, digits: 0))"
        c.text(inner.x + 1, inner.y + 3, "\(k.n) operators earn · " + top, Style(.muted), maxX: inner.maxX - 1)
    }
    if inner.height > 4 {
        c.text(inner.x + 1, inner.y + 4, "token \(rw.priceUSD.map { "$" + fixed($0, 4) } ?? "–") · penalties \(tokens(rw.penalties)) · claimed \(tokens(rw.claimed))",
               Style(.muted), maxX: inner.maxX - 1)
    }
}

func drawCoinsCard(_ c: inout Canvas, _ r: Rect, _ m: Model, _ data: DataView) {
    let k = m.derived.stablecoinConcentration
    let inner = box(&c, r, title: "Stablecoins", note: "4  issuers Nakamoto \(k.nakamoto50)")
    // The price goes where the card is narrow: the deviation says the same, and the reserve ratio is a risk of its own.
    let withPrice = inner.width >= 46
    for (row, e) in data.state.stablecoins.coins.prefix(inner.height).enumerated() {
        let dev = pegDeviation(price: e.coin.price, peg: e.coin.peg)
        let band = PegBand(deviation: dev)
        let y = inner.y + row
        var x = c.text(inner.x + 1, y, pad(e.coin.symbol, 6), Style(.text, bold: true), maxX: inner.maxX - 1)
        if withPrice { x = c.text(x, y, pad(e.coin.price.map { fixed($0, 4) } ?? "–", 7, right: true), Style(.text), maxX: inner.maxX - 1) }
        x = c.text(x, y, pad(percent(dev, digits: 2, signed: true), 7, right: true), bandStyle(band.rawValue), maxX: inner.maxX - 1)
        // "depeg" fits the card's band column whole; "depegg…" would be the one word cut when it matters.
        let label = band == .depegged ? "depeg" : band.rawValue
        x = c.text(x + 1, y, pad(label, 6), bandStyle(band.rawValue), maxX: inner.maxX - 1)
        x = c.text(x, y, pad(reserveText(e.reserveRatio), 8, right: true), reserveStyle(e.reserveRatio), maxX: inner.maxX - 1)
        c.text(x + 1, y, pad(usd(e.coin.supply), 7, right: true), Style(.muted), maxX: inner.maxX - 1)
    }
}

func drawTVLCard(_ c: inout Canvas, _ r: Rect, _ m: Model, _ data: DataView) {
    let t = data.state.tvl
    let k = m.derived.tvlConcentration
    let inner = box(&c, r, title: "TVL", note: "5  Nakamoto \(k.nakamoto50)")
    var x = c.text(inner.x + 1, inner.y, usd(t.totalUSD) + " ", Style(.text, bold: true), maxX: inner.maxX - 1)
    let change = m.derived.totalTVLChange
    x = c.text(x, inner.y, percent(change, digits: 1, signed: true) + " 1h ", (change ?? 0) < 0 ? Style(.flag) : Style(.ok), maxX: inner.maxX - 1)
    let history = t.totalHistory.elements.map(\.value)
    let width = max(0, inner.maxX - x - 9)
    sparkline(&c, x: x, y: inner.y, width: width, history)
    c.text(x + width + 1, inner.y, swingLabel(history, width: width), Style(.muted), maxX: inner.maxX - 1)
    let total = t.totalUSD
    let counted = t.counted
    let top = counted.indices.sorted { counted[$0].totalUSD > counted[$1].totalUSD }
    for (row, i) in top.prefix(max(0, inner.height - 1)).enumerated() {
        let p = counted[i]
        let y = inner.y + 1 + row
        let share = total > 0 ? p.totalUSD / total : 0
        c.text(inner.x + 1, y, pad(p.name, 12), Style(.text), maxX: inner.maxX - 1)
        c.text(inner.x + 14, y, pad(usd(p.totalUSD), 7, right: true), Style(.muted), maxX: inner.maxX - 1)
        let barWidth = max(0, inner.width - 29)
        bar(&c, x: inner.x + 22, y: y, width: barWidth, fraction: share / max(0.0001, top.first.map { counted[$0].totalUSD / total } ?? 1), style: Style(.accent), track: false)
        c.text(inner.x + 23 + barWidth, y, percent(share, digits: 0), Style(.muted), maxX: inner.maxX - 1)
    }
}

func drawGovernanceCard(_ c: inout Canvas, _ r: Rect, _ m: Model, _ data: DataView) {
    let g = data.state.governance
    let active = g.proposals.filter { $0.proposal.state == .active || $0.proposal.state == .pending }
    let inner = box(&c, r, title: "Governance", note: "6  \(active.count) active of \(g.proposals.count)")
    // Active proposals first, then the most recently closed ones while there is room.
    let closed = g.proposals.reversed().filter { $0.proposal.state != .active && $0.proposal.state != .pending }
    let shown = Array((active + closed).prefix(inner.height))
    if shown.isEmpty { c.text(inner.x + 1, inner.y, "no proposals yet", Style(.muted)) }
    for (row, p) in shown.enumerated() {
        drawProposalLine(&c, x: inner.x + 1, y: inner.y + row, maxX: inner.maxX - 1, p,
                         m.derived.proposalConcentration[p.proposal.id] ?? .empty)
    }
    // Room to spare: the latest votes on the proposals on show, newest first; after a seek (which starts
    // the list empty) who carries their weight instead.
    let top = inner.y + shown.count + 1
    guard top + 1 < inner.maxY else { return }
    let room = Rect(x: inner.x + 1, y: top, width: inner.width - 2, height: inner.maxY - top)
    let onShow = active.isEmpty ? shown : active
    let ids = Set(onShow.map(\.proposal.id))
    let recent = g.recentVotes.elements.reversed().filter { ids.contains($0.vote.proposal) }
    if recent.isEmpty {
        drawLargestVotes(&c, room, onShow)
    } else {
        drawRecentVotes(&c, room, recent, g, now: data.state.ts)
    }
}

/// The latest votes, newest first: who voted what, with how much weight, how long ago, and the share of
/// its proposal's weight that voter now holds.
func drawRecentVotes(_ c: inout Canvas, _ r: Rect, _ notes: [VoteNote], _ g: GovernanceState, now: Int64) {
    c.text(r.x, r.y, "Recent votes", Style(.title, bold: true), maxX: r.maxX)
    for (row, note) in notes.prefix(r.height - 1).enumerated() {
        let v = note.vote
        let ballot = Ballot(support: v.support, weight: v.weight, choice: v.choice)
        let total = g.index[v.proposal].flatMap { g.proposals.at($0) }?.totalWeight ?? 0
        let share = total > 0 ? v.weight / total : 0
        let y = r.y + 1 + row
        var x = c.text(r.x, y, pad(v.proposal, 7), Style(.accent), maxX: r.maxX)
        x = c.text(x + 1, y, pad(v.voter, 20), Style(.text), maxX: r.maxX)
        x = c.text(x + 1, y, pad(ballotText(ballot), 8), ballotStyle(ballot), maxX: r.maxX)
        x = c.text(x + 1, y, pad(compact(v.weight), 8, right: true), Style(.text), maxX: r.maxX)
        x = c.text(x + 1, y, pad(age(max(0, now - note.ts)) + " ago", 9, right: true), Style(.muted), maxX: r.maxX)
        let label = percent(share, digits: 0) + " of the vote"
        let barWidth = min(20, max(0, r.maxX - x - 3 - displayWidth(label)))
        bar(&c, x: x + 1, y: y, width: barWidth, fraction: share, style: ballotStyle(ballot))
        c.text(x + 2 + barWidth, y, label, Style(.muted), maxX: r.maxX)
    }
}

/// One proposal on the Overview: id, title, for/against bar, quorum, state and its Nakamoto coefficient.
/// The state gives way first on a narrow card, then the voter count.
func drawProposalLine(_ c: inout Canvas, x left: Int, y: Int, maxX: Int, _ p: ProposalEntry, _ k: Concentration) {
    let width = maxX - left
    let withState = width >= 90
    let fixedWidth = 7 + 1 + 1 + 14 + 1 + 8 + 1 + 13 + 1 + (withState ? 10 + 18 : 11)
    let titleWidth = max(8, width - fixedWidth)
    var x = c.text(left, y, pad(p.proposal.id, 7), Style(.accent), maxX: maxX)
    x = c.text(x + 1, y, pad(p.proposal.title, titleWidth), Style(.text), maxX: maxX)
    stackedBar(&c, x: x + 1, y: y, width: 14, parts: [(p.forWeight, Style(.ok)), (p.againstWeight, Style(.critical)),
                                                      (p.abstainWeight, Style(.muted))])
    x += 16
    let forShare = p.totalWeight > 0 ? p.forWeight / p.totalWeight : 0
    x = c.text(x, y, pad(percent(forShare, digits: 0) + " for", 8), Style(.text), maxX: maxX)
    let quorum = quorumProgress(p).map { "quorum " + $0 } ?? "no quorum"
    x = c.text(x + 1, y, pad(quorum, 13), (p.quorumReached ?? true) ? Style(.ok) : Style(.watch), maxX: maxX)
    if withState { x = c.text(x + 1, y, pad(p.proposal.state.rawValue, 9), Style(.muted), maxX: maxX) }
    let full = "Nakamoto \(k.nakamoto50) of \(p.voters)"
    c.text(x + 1, y, displayWidth(full) <= maxX - x - 1 ? full : "Nakamoto \(k.nakamoto50)", concentrationStyle(k), maxX: maxX)
}

/// The heaviest ballots on these proposals, each with its share of its proposal's weight.
func drawLargestVotes(_ c: inout Canvas, _ r: Rect, _ proposals: [ProposalEntry]) {
    c.text(r.x, r.y, "Largest votes" + (proposals.count == 1 ? " on \(proposals[0].proposal.id)" : ""), Style(.title, bold: true), maxX: r.maxX)
    var votes: [(proposal: String, voter: String, ballot: Ballot, share: Double)] = []
    for p in proposals where p.totalWeight > 0 {
        let heaviest = p.ballots.sorted { $0.value.weight != $1.value.weight ? $0.value.weight > $1.value.weight : $0.key < $1.key }
        for (voter, b) in heaviest.prefix(r.height) { votes.append((p.proposal.id, voter, b, b.weight / p.totalWeight)) }
    }
    votes.sort { $0.share != $1.share ? $0.share > $1.share : ($0.proposal, $0.voter) < ($1.proposal, $1.voter) }
    for (row, v) in votes.prefix(r.height - 1).enumerated() {
        let y = r.y + 1 + row
        var x = c.text(r.x, y, pad(v.proposal, 7), Style(.accent), maxX: r.maxX)
        x = c.text(x + 1, y, pad(v.voter, 20), Style(.text), maxX: r.maxX)
        x = c.text(x + 1, y, pad(ballotText(v.ballot), 8), ballotStyle(v.ballot), maxX: r.maxX)
        x = c.text(x + 1, y, pad(compact(v.ballot.weight), 8, right: true), Style(.text), maxX: r.maxX)
        let label = percent(v.share, digits: 0) + " of the vote"
        let barWidth = min(20, max(0, r.maxX - x - 3 - displayWidth(label)))
        bar(&c, x: x + 1, y: y, width: barWidth, fraction: v.share, style: ballotStyle(v.ballot))
        c.text(x + 2 + barWidth, y, label, Style(.muted), maxX: r.maxX)
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
