import UI
import Analytics
import Feed
import Store

let proposalColumns: [Column] = [
    Column(title: "ID", width: 8), Column(title: "STATE", width: 9), Column(title: "WEIGHT", width: 8, right: true),
    Column(title: "VOTERS", width: 6, right: true), Column(title: "FOR▕AGAINST", width: 14),
    Column(title: "QUORUM", width: 7, right: true), Column(title: "N", width: 3, right: true), Column(title: "TITLE", width: 30),
]

func drawGovernance(_ c: inout Canvas, _ m: Model, _ data: DataView) {
    let layout = Layout(size: m.size, screen: .governance, ascii: m.ascii)
    let ps = data.state.governance.proposals
    let rows = m.derived.proposalRows
    let list = m.list
    let inner = box(&c, layout.listBox, title: "Governance — \(ps.count) proposals, " + ballotsText(data.state.governance) + holdingsTitle(data.state.holdings, m.derived),
                    focused: true, note: "Enter: voters")
    var columns = proposalColumns
    columns[columns.count - 1].width = max(10, inner.width - proposalColumns.dropLast().reduce(0) { $0 + $1.width + 1 })
    table(&c, inner, columns: columns, count: rows.count, selected: list.selected, offset: list.offset,
          sortColumn: list.sortColumn == 0 ? nil : [0, 1, 2, 3][list.sortColumn], descending: list.descending) { i in
        guard let idx = rows.at(i), let p = ps.at(idx) else { return ([], []) }
        let k = m.derived.proposalConcentration[p.proposal.id] ?? .empty
        let q = p.proposal.quorum.map { $0 > 0 ? percent(min(9.99, p.quorumWeight / $0), digits: 0) : "–" } ?? "–"
        return ([p.proposal.id, p.proposal.state.rawValue, compact(p.totalWeight), String(p.voters), "", q, String(k.nakamoto50),
                 p.proposal.title],
                [Style(.accent), stateStyle(p.proposal.state), nil, Style(.muted), nil,
                 (p.quorumReached ?? true) ? Style(.ok) : Style(.watch), concentrationStyle(k), nil])
    }
    let barX = inner.x + proposalColumns.prefix(4).reduce(0) { $0 + $1.width + 1 }
    for line in 0..<max(0, inner.height - 1) {
        guard let idx = rows.at(list.offset + line), let p = ps.at(idx) else { break }
        stackedBar(&c, x: barX, y: inner.y + 1 + line, width: 14,
                   parts: m.derived.choiceResults[p.proposal.id].map(choiceParts)
                       ?? [(p.forWeight, Style(.ok)), (p.againstWeight, Style(.critical)), (p.abstainWeight, Style(.muted))])
    }
    let panel = Rect(x: 0, y: layout.listBox.maxY, width: m.size.width, height: layout.body.maxY - layout.listBox.maxY)
    let pin = box(&c, panel, title: "Selected proposal")
    guard let idx = rows.at(list.selected), let p = ps.at(idx) else { return }
    let k = m.derived.proposalConcentration[p.proposal.id] ?? .empty
    c.text(pin.x + 1, pin.y, "\(p.proposal.id) · \(p.proposal.title) · \(p.proposal.space)", Style(.text, bold: true), maxX: pin.maxX)
    let outcome = p.isMultiChoice ? choiceText(p, m.derived.choiceResults[p.proposal.id] ?? p.choiceResults())
        : "for \(compact(p.forWeight)) · against \(compact(p.againstWeight)) · abstain \(compact(p.abstainWeight)) · quorum \(p.proposal.quorum.map { compact($0) } ?? "none") \((p.quorumReached ?? true) ? "reached" : "not reached")"
    c.text(pin.x + 1, pin.y + 1, outcome, Style(.text), maxX: pin.maxX)
    c.text(pin.x + 1, pin.y + 2, concentrationText(k) + " among \(k.n) voters with weight", concentrationStyle(k), maxX: pin.maxX)
    let holders = holdersText(p, data.state.holdings, m.derived)
    var y = pin.y + 3
    if pin.height > 3, let holders, pin.height == 4 {
        c.text(pin.x + 1, y, holders, Style(.muted), maxX: pin.maxX)
        return
    }
    if pin.height > 3 {
        c.text(pin.x + 1, y, "\(k.nakamoto50) voter\(k.nakamoto50 == 1 ? "" : "s") could decide this proposal alone. Enter lists them.",
               Style(.muted), maxX: pin.maxX)
        y += 1
    }
    if pin.height > 4, let holders { c.text(pin.x + 1, y, holders, Style(.muted), maxX: pin.maxX) }
}

/// "1 Yes 62.1% · 2 No 30.0% · …", the largest first, labelled where the proposal names its choices.
func choiceText(_ p: ProposalEntry, _ r: ChoiceResults) -> String {
    let total = r.total
    let labels = p.proposal.choices ?? []
    let order = r.scores.indices.sorted { r.scores[$0] != r.scores[$1] ? r.scores[$0] > r.scores[$1] : $0 < $1 }
    var parts = order.prefix(8).map { i in
        let label = labels.at(i).map { " " + truncate($0, 16) } ?? ""
        return "\(i + 1)\(label) \(percent(total > 0 ? r.scores[i] / total : 0, digits: 1))"
    }
    if order.count > 8 { parts.append("+\(order.count - 8) more") }
    if r.unknown > 0 { parts.append("unreadable \(compact(r.unknown))") }
    return (p.proposal.voting.map { $0 + ": " } ?? "") + parts.joined(separator: " · ")
}

/// A multi-choice proposal's bar: its three leading choices, then the rest together.
func choiceParts(_ r: ChoiceResults) -> [(Double, Style)] {
    let sorted = r.scores.sorted(by: >)
    let styles = [Style(.accent), Style(.ok), Style(.watch)]
    return zip(sorted.prefix(3), styles).map { ($0, $1) } + [(sorted.dropFirst(3).reduce(0, +), Style(.muted))]
}

/// How concentrated the token that powers the proposal is, when its holdings are known.
func holdersText(_ p: ProposalEntry, _ holdings: HoldingsState, _ d: Derived) -> String? {
    guard let token = p.proposal.token, let h = holdings[token], let k = d.holdingConcentration[token] else { return nil }
    return "\(token) holders: \(h.holders) with \(compact(h.total)) · " + concentrationText(k)
}

/// What a voter's ballot says: for/against/abstain, or the choice of a multi-choice vote.
func ballotText(_ b: Ballot) -> String {
    if let s = b.support { return s.rawValue }
    switch b.choice {
    case let .index(i)?: return "#\(i)"
    case let .indices(list)?: return list.map(String.init).joined(separator: ",")
    case .weights?: return "split"
    case nil: return "?"
    }
}

func stateStyle(_ s: ProposalState) -> Style {
    switch s {
    case .active, .pending: Style(.accent)
    case .succeeded, .executed: Style(.ok)
    case .defeated, .canceled: Style(.muted)
    }
}

func drawProposalDetail(_ c: inout Canvas, _ m: Model, _ data: DataView) {
    guard case let .proposal(id) = m.detail else { return }
    let body = Layout(size: m.size, screen: .governance, ascii: m.ascii).body
    let inner = box(&c, body, title: "Voters on \(id)", focused: true, note: "Esc back")
    guard let i = data.state.governance.index[id], let p = data.state.governance.proposals.at(i) else {
        c.text(inner.x + 1, inner.y, "no data for \(id)", Style(.muted))
        return
    }
    let k = m.derived.proposalConcentration[id] ?? .empty
    c.text(inner.x + 1, inner.y, truncate(p.proposal.title, inner.width - 2), Style(.text, bold: true))
    c.text(inner.x + 1, inner.y + 1, concentrationText(k), concentrationStyle(k), maxX: inner.maxX)
    let voters = p.ballots.sorted { $0.value.weight != $1.value.weight ? $0.value.weight > $1.value.weight : $0.key < $1.key }
    let total = p.totalWeight
    let side = inner.width >= 100
    let listWidth = side ? inner.width - 40 : inner.width
    let top = inner.y + 3
    c.text(inner.x + 1, top, pad("#", 4) + pad("VOTER", 20) + pad("VOTE", 8) + pad("WEIGHT", 9, right: true) + "  SHARE        CUMULATIVE",
           Style(.muted, bold: true), maxX: inner.x + listWidth)
    var cumulative = 0.0
    var y = top + 1
    let rows = max(0, inner.maxY - y)
    let start = min(m.detailOffset, max(0, voters.count - rows))
    for (k, entry) in voters.enumerated() {
        let share = total > 0 ? entry.value.weight / total : 0
        let before = cumulative
        cumulative += share
        guard k >= start, y < inner.maxY else { continue }
        let crosses = before <= 0.5 && cumulative > 0.5
        let style: Style = entry.value.support == .for ? Style(.ok) : entry.value.support == .against ? Style(.critical) : Style(.muted)
        var x = c.text(inner.x + 1, y, pad(String(k + 1), 4) + pad(entry.key, 20), crosses ? Style(.accent, bold: true) : Style(.text), maxX: inner.x + listWidth)
        x = c.text(x, y, pad(ballotText(entry.value), 8), style, maxX: inner.x + listWidth)
        x = c.text(x, y, pad(compact(entry.value.weight), 9, right: true), Style(.text), maxX: inner.x + listWidth)
        bar(&c, x: x + 2, y: y, width: 8, fraction: share, style: style)
        x = c.text(x + 11, y, pad(percent(share, digits: 1), 6, right: true), Style(.muted), maxX: inner.x + listWidth)
        c.text(x + 2, y, percent(cumulative, digits: 1) + (crosses ? " ◀ 50%" : ""), crosses ? Style(.accent, bold: true) : Style(.muted),
               maxX: inner.x + listWidth)
        y += 1
    }
    if side {
        let plot = Rect(x: inner.maxX - 38, y: top, width: 36, height: max(0, inner.maxY - top - 1))
        lorenzPlot(&c, plot, points: lorenzCurve(p.ballots.values.map(\.weight)))
        c.text(plot.x, plot.maxY, "Lorenz curve of vote weight", Style(.muted), maxX: inner.maxX - 1)
    }
}

/// " · UNI top-10 62%": each token's holder concentration, beside the proposals it powers.
func holdingsTitle(_ holdings: HoldingsState, _ d: Derived) -> String {
    holdings.tokens.prefix(3).map { t in
        let k = d.holdingConcentration[t.token] ?? .empty
        return " · \(t.token) holders " + (k.fewEntities ? "top-1 \(percent(k.top1Share, digits: 0))" : "top-10 \(percent(k.top10Share, digits: 0))")
    }.joined()
}

/// "161 voters (162 votes cast)": the VOTERS column's sum (each voter's latest vote counts), and the vote
/// records read where some voters changed their vote.
func ballotsText(_ g: GovernanceState) -> String {
    let voters = g.proposals.reduce(0) { $0 + $1.voters }
    return "\(voters) voter\(voters == 1 ? "" : "s")" + (g.votes != voters ? " (\(g.votes) votes cast)" : "")
}
