import UI
import Analytics
import Feed
import Store

let proposalColumns: [Column] = [
    Column(title: "ID", width: 7, sort: 0), Column(title: "STATE", width: 9, sort: 1),
    Column(title: "WEIGHT", width: 7, right: true, sort: 2, numeric: true),
    Column(title: "VOTERS", width: 6, right: true, sort: 3, numeric: true), Column(title: "FOR▕AGAINST", width: 12),
    Column(title: "QUORUM", width: 7, right: true, sort: 4, numeric: true),
    Column(title: "NAKAMOTO", width: 8, right: true, sort: 5, numeric: true), Column(title: "TITLE", width: 30),
]

func drawGovernance(_ c: inout Canvas, _ m: Model, _ data: DataView) {
    let layout = Layout(size: m.size, screen: .governance, ascii: m.ascii)
    let ps = data.state.governance.proposals
    let rows = m.derived.proposalRows
    let list = m.list
    let inner = box(&c, layout.listBox, title: "Governance — \(ps.count) proposals, " + ballotsText(data.state.governance) + holdingsTitle(data.state.holdings, m.derived),
                    focused: true, note: "Enter: voters")
    table(&c, inner, columns: tableColumns(layout), count: rows.count, selected: list.selected, offset: list.offset,
          sortColumn: list.sortColumn, descending: list.descending) { i in
        guard let idx = rows.at(i), let p = ps.at(idx) else { return ([], []) }
        let k = m.derived.proposalConcentration[p.proposal.id] ?? .empty
        let q = quorumProgress(p) ?? "–"
        return ([p.proposal.id, p.proposal.state.rawValue, compact(p.totalWeight), String(p.voters), "", q, String(k.nakamoto50),
                 p.proposal.title],
                [Style(.accent), stateStyle(p.proposal.state), nil, Style(.muted), nil,
                 (p.quorumReached ?? true) ? Style(.ok) : Style(.watch), concentrationStyle(k), nil])
    }
    let barX = columnX(inner, tableColumns(layout), 4)
    for line in 0..<max(0, inner.height - 1) {
        guard let idx = rows.at(list.offset + line), let p = ps.at(idx) else { break }
        stackedBar(&c, x: barX, y: inner.y + 1 + line, width: proposalColumns[4].width,
                   parts: m.derived.choiceResults[p.proposal.id].map(choiceParts)
                       ?? [(p.forWeight, Style(.ok)), (p.againstWeight, Style(.critical)), (p.abstainWeight, Style(.muted))])
    }
    reselect(&c, inner, selected: list.selected, offset: list.offset, count: rows.count)
    let panel = Rect(x: 0, y: layout.listBox.maxY, width: m.size.width, height: layout.body.maxY - layout.listBox.maxY)
    let pin = box(&c, panel, title: "Selected proposal")
    guard let idx = rows.at(list.selected), let p = ps.at(idx) else { return }
    let k = m.derived.proposalConcentration[p.proposal.id] ?? .empty
    c.text(pin.x + 1, pin.y, "\(p.proposal.id) · \(p.proposal.title) · \(p.proposal.space)", Style(.text, bold: true), maxX: pin.maxX - 1)
    let outcome = p.isMultiChoice ? choiceText(p, m.derived.choiceResults[p.proposal.id] ?? p.choiceResults())
        : "for \(compact(p.forWeight)) · against \(compact(p.againstWeight)) · abstain \(compact(p.abstainWeight)) · quorum \(p.proposal.quorum.map { compact($0) } ?? "none") \((p.quorumReached ?? true) ? "reached" : "not reached")"
    c.text(pin.x + 1, pin.y + 1, outcome, Style(.text), maxX: pin.maxX - 1)
    c.text(pin.x + 1, pin.y + 2, concentrationText(k) + " among \(k.n) voters with weight", concentrationStyle(k), maxX: pin.maxX - 1)
    let holders = holdersText(p, data.state.holdings, m.derived)
    var y = pin.y + 3
    if pin.height > 3, let holders, pin.height == 4 {
        c.text(pin.x + 1, y, holders, Style(.muted), maxX: pin.maxX - 1)
        return
    }
    if pin.height > 3 {
        let who = k.nakamoto50 == 1 ? "1 voter could decide this proposal alone" : "\(k.nakamoto50) voters could decide this proposal together"
        c.text(pin.x + 1, y, who + ". Enter lists them.",
               Style(.muted), maxX: pin.maxX - 1)
        y += 1
    }
    if pin.height > 4, let holders { c.text(pin.x + 1, y, holders, Style(.muted), maxX: pin.maxX - 1) }
}

/// How far a proposal is to its quorum: "72%" on the way, "✓ 5.3×" once past it; nil without one.
func quorumProgress(_ p: ProposalEntry) -> String? {
    guard let q = p.proposal.quorum, q > 0 else { return nil }
    let ratio = p.quorumWeight / q
    guard ratio.isFinite else { return nil }
    if ratio < 1 { return percent(ratio, digits: 0) }
    return "✓ " + (ratio < 10 ? fixed(ratio, 1) : compact(ratio.rounded(), digits: 0)) + "×"
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

func ballotStyle(_ b: Ballot) -> Style {
    b.support == .for ? Style(.ok) : b.support == .against ? Style(.critical) : Style(.muted)
}

func stateStyle(_ s: ProposalState) -> Style {
    switch s {
    case .active, .pending: Style(.accent)
    case .succeeded, .executed: Style(.ok)
    case .defeated, .canceled: Style(.muted)
    }
}

/// The voters' table inside a proposal. "#" is the rank by weight and CUMULATIVE the share of the
/// weight up to that rank, whatever the order shown.
let voterColumns: [Column] = [
    Column(title: "#", width: 3, right: true, sort: 0), Column(title: "VOTER", width: 20, sort: 1),
    Column(title: "VOTE", width: 7, sort: 2), Column(title: "WEIGHT", width: 9, right: true, sort: 3, numeric: true),
    Column(title: "SHARE", width: 15, sort: 3, numeric: true), Column(title: "CUMULATIVE", width: 12),
]

struct VoterRow {
    var rank: Int
    var voter: String
    var ballot: Ballot
    var share: Double
    var cumulative: Double
    /// The voter whose weight takes the cumulative share past half.
    var crosses: Bool
}

func voterRows(_ p: ProposalEntry, _ sort: ListState) -> [VoterRow] {
    let byWeight = p.ballots.sorted { $0.value.weight != $1.value.weight ? $0.value.weight > $1.value.weight : $0.key < $1.key }
    let total = p.totalWeight
    var cumulative = 0.0
    var rows: [VoterRow] = []
    rows.reserveCapacity(byWeight.count)
    for (k, entry) in byWeight.enumerated() {
        let share = total > 0 ? entry.value.weight / total : 0
        let before = cumulative
        cumulative += share
        rows.append(VoterRow(rank: k + 1, voter: entry.key, ballot: entry.value, share: share, cumulative: cumulative,
                             crosses: before <= 0.5 && cumulative > 0.5))
    }
    func less(_ a: VoterRow, _ b: VoterRow) -> Bool {
        switch sort.sortColumn {
        case 1: a.voter < b.voter
        case 2: ballotText(a.ballot) < ballotText(b.ballot)
        case 3: a.ballot.weight < b.ballot.weight
        default: a.rank < b.rank
        }
    }
    return rows.sorted { a, b in
        if less(a, b) { return !sort.descending }
        if less(b, a) { return sort.descending }
        return a.rank < b.rank
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
    c.text(inner.x + 1, inner.y + 1, concentrationText(k), concentrationStyle(k), maxX: inner.maxX - 1)
    let layout = Layout(size: m.size, screen: .governance, ascii: m.ascii)
    let r = layout.voterTable
    let rows = voterRows(p, m.voterSort)
    let start = min(m.detailOffset, max(0, rows.count - max(0, r.height - 1)))
    table(&c, r, columns: voterColumns, count: rows.count, selected: nil, offset: start,
          sortColumn: m.voterSort.sortColumn, descending: m.voterSort.descending) { i in
        guard let v = rows.at(i) else { return ([], []) }
        let style = ballotStyle(v.ballot)
        let mark: Style = v.crosses ? Style(.accent, bold: true) : Style(.muted)
        return ([String(v.rank), v.voter, ballotText(v.ballot), compact(v.ballot.weight), "",
                 percent(v.cumulative, digits: 1) + (v.crosses ? " ◀ 50%" : "")],
                [mark, v.crosses ? Style(.accent, bold: true) : Style(.text), style, Style(.text), nil, mark])
    }
    // The share column: a bar, then the figure.
    let shareX = columnX(r, voterColumns, 4)
    for line in 0..<max(0, r.height - 1) {
        guard let v = rows.at(start + line) else { break }
        bar(&c, x: shareX, y: r.y + 1 + line, width: 8, fraction: v.share, style: ballotStyle(v.ballot))
        c.text(shareX + 9, r.y + 1 + line, pad(percent(v.share, digits: 1), 6, right: true), Style(.muted), maxX: r.maxX)
    }
    let top = r.y
    if layout.votersBesidePlot {
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
