import UI
import Analytics
import Feed
import Store

/// An operator opened from Rewards: its figures, its nodes, its rewards by basis, its claims and its share over time.
func drawOperatorDetail(_ c: inout Canvas, _ m: Model, _ data: DataView) {
    guard case let .operatorID(id) = m.detail else { return }
    let body = Layout(size: m.size, screen: .rewards, ascii: m.ascii).body
    let inner = box(&c, body, title: "Operator \(id)", focused: true, note: "Esc back")
    let rw = data.state.rewards
    guard let ledger = rw.operators[id] else {
        c.text(inner.x + 1, inner.y, "no rewards for \(id)", Style(.muted))
        return
    }
    let summary = OperatorSummary(rw, operatorID: id)
    let token = rw.token ?? ""
    let total = rw.accrued.doubleValue
    let worth = rw.priceUSD.map { ledger.claimable.doubleValue * $0 }
    let below = ledger.claimBelowFee(feeUSD: m.derived.claimFee, priceUSD: rw.priceUSD)
    var y = inner.y
    let rate = m.derived.rewardRates.rate(ledger).map { fixed($0, 2) + "/h" } ?? "–"
    c.text(inner.x + 1, y, "accrued \(tokens(ledger.accrued)) \(token) · claimed \(tokens(ledger.claimed)) · rate \(rate) · share "
           + percent(total > 0 ? ledger.accrued.doubleValue / total : 0, digits: 1), Style(.text, bold: true), maxX: inner.maxX)
    y += 1
    c.text(inner.x + 1, y, "claimable \(tokens(ledger.claimable)) (\(usdCents(worth))) · fee to claim \(usdCents(m.derived.claimFee))"
           + (below ? " ⚠ worth less than the fee" : ""), below ? Style(.watch, bold: true) : Style(.text), maxX: inner.maxX)
    y += 2
    let split = inner.width >= 100
    let left = Rect(x: inner.x, y: y, width: split ? inner.width / 2 : inner.width, height: inner.maxY - y)
    var ly = drawOperatorRewards(&c, left, summary, ledger, m)
    if !split {
        ly += 1
        drawOperatorNodes(&c, Rect(x: inner.x, y: ly, width: inner.width, height: max(0, inner.maxY - ly)), id, data, m)
    } else {
        drawOperatorNodes(&c, Rect(x: inner.x + inner.width / 2, y: y, width: inner.width - inner.width / 2, height: inner.maxY - y), id, data, m)
    }
}

/// Rewards by basis, penalties by reason, claims and fees, share over time; returns the next free row.
func drawOperatorRewards(_ c: inout Canvas, _ r: Rect, _ s: OperatorSummary, _ ledger: OperatorLedger, _ m: Model) -> Int {
    var y = r.y
    func line(_ text: String, _ style: Style, indent: Int = 1) {
        guard y < r.maxY else { return }
        c.text(r.x + indent, y, text, style, maxX: r.maxX - 1)
        y += 1
    }
    line("Rewards by basis — \(s.entries) recent entries" + (s.since.map { " since \(clock($0, utcOffsetSeconds: m.utcOffsetSeconds))" } ?? ""),
         Style(.title, bold: true))
    line(RewardBasis.allCases.map { "\($0.rawValue) \(fixed(s.byBasis[$0] ?? 0, 2))" }.joined(separator: " · "), Style(.text), indent: 3)
    for p in s.penalties.prefix(3) {
        line("penalty \(p.reason): \(p.count)× −\(fixed(p.amount, 2))", Style(.flag), indent: 3)
    }
    y += 1
    line("Claims — \(ledger.claims) in all, fees \(usdCents(ledger.feesUSD))", Style(.title, bold: true))
    if s.claims.isEmpty { line("none among the recent claims", Style(.muted), indent: 3) }
    for note in s.claims.suffix(4).reversed() {
        line("\(clock(note.ts, utcOffsetSeconds: m.utcOffsetSeconds))  \(pad(tokens(note.claim.amount), 9, right: true))  fee \(usdCents(note.claim.feeUSD))",
             Style(.text), indent: 3)
    }
    y += 1
    line("Share over time (5-minute steps)", Style(.title, bold: true))
    if y < r.maxY, !s.shareHistory.isEmpty {
        let lo = s.shareHistory.min() ?? 0, hi = s.shareHistory.max() ?? 1
        sparkline(&c, x: r.x + 3, y: y, width: min(s.shareHistory.count, max(0, r.width - 24)), s.shareHistory, low: min(lo, hi - 0.01),
                  high: hi, fromLeft: true)
        c.text(r.x + 4 + s.shareHistory.count, y, "\(percent(lo, digits: 1))–\(percent(hi, digits: 1))", Style(.muted), maxX: r.maxX)
        y += 1
    } else {
        line("no samples yet", Style(.muted), indent: 3)
    }
    return y
}

/// The operator's nodes: status and accrued, trouble first.
func drawOperatorNodes(_ c: inout Canvas, _ r: Rect, _ id: String, _ data: DataView, _ m: Model) {
    guard r.height > 2 else { return }
    let f = data.state.fleet
    let nodes = f.nodes.filter { $0.info.operatorID == id }
        .sorted { $0.status.slot != $1.status.slot ? $0.status.slot < $1.status.slot : $0.info.id < $1.info.id }
    var x = c.text(r.x + 1, r.y, "Nodes \(nodes.count)  ", Style(.title, bold: true), maxX: r.maxX)
    for (status, mark) in [(NodeStatus.online, "●"), (.degraded, "◐"), (.offline, "▼"), (.draining, "⇣")] {
        x = c.text(x, r.y, "\(mark)\(nodes.filter { $0.status == status }.count) ", statusStyle(status), maxX: r.maxX)
    }
    c.text(r.x + 3, r.y + 1, pad("NODE", 12) + " " + pad("STATUS", 9) + pad("ACCRUED", 9, right: true) + "  TASKS RUNNING",
           Style(.muted, bold: true), maxX: r.maxX)
    let rows = r.height - 2
    let start = min(m.detailOffset, max(0, nodes.count - rows))
    let more = nodes.count - start - rows
    for (k, n) in nodes.dropFirst(start).prefix(rows).enumerated() {
        let y = r.y + 2 + k
        if k == rows - 1, more > 0 {
            c.text(r.x + 3, y, "… \(more + 1) more (↓ scrolls)", Style(.muted), maxX: r.maxX)
            break
        }
        var x = c.text(r.x + 3, y, pad(n.info.id, 12), Style(.text), maxX: r.maxX)
        x = c.text(x + 1, y, pad(n.status.rawValue, 9), statusStyle(n.status), maxX: r.maxX)
        x = c.text(x, y, pad(tokens(data.state.rewards.byNode[n.info.id] ?? .zero), 9, right: true), Style(.text), maxX: r.maxX)
        c.text(x + 2, y, pad(String(f.tasksRunning(on: n.info.id)), 5, right: true), Style(.muted), maxX: r.maxX)
    }
}
