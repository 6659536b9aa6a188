import Feed

/// Exports of on-chain Governor events (CSV, or a JSON list of objects, flat or with `args`):
/// VoteCast of Governor Bravo and OpenZeppelin (support 0/1/2) and GovernorAlpha (a boolean), and
/// ProposalCreated, …Queued, …Executed, …Canceled. Weights are raw integers of 10^-18 token unless
/// --decimals says otherwise (0: already in tokens); proposal ids written as floats ("43.0") are read
/// as integers.
enum GovernorEvents {
    struct Columns {
        let event, voter, proposal, support, weight, time, reason, id, description, space: Int?
        init(_ rows: RowSet) {
            event = rows.column(anyOf: ["event_name", "event", "name"])
            voter = rows.column(anyOf: ["voter", "voter_address"])
            proposal = rows.column(anyOf: ["proposalId", "proposal_id", "proposal"])
            support = rows.column(anyOf: ["support"])
            weight = rows.column(anyOf: ["votes", "weight"])
            time = rows.column(anyOf: ["timestamp", "block_timestamp", "blockTimestamp", "block_time", "time"])
            reason = rows.column(anyOf: ["reason"])
            id = rows.column(anyOf: ["id", "proposalId", "proposal_id", "proposal"])
            description = rows.column(anyOf: ["description", "title"])
            space = rows.column(anyOf: ["contract_name", "contract_address", "address"])
        }
    }

    static func run(_ file: ImportFile, _ o: ImportOptions) throws(ImportError) -> ImportResult {
        let rows = try RowSet.read(file, listKeys: ["events", "logs", "result"])
        let c = Columns(rows)
        guard c.voter != nil || c.description != nil else {
            throw ImportError("\(file.name): expected VoteCast columns (voter, proposalId, support, votes) or ProposalCreated ones")
        }
        var r = ImportResult()
        var proposals: [String: Proposal] = [:]
        var seen: [String: Int] = [:]
        var other = 0
        for (line, row) in rows.rows {
            r.rows += 1
            func v(_ col: Int?) -> String? { RowSet.value(row, col) }
            guard let ts = v(c.time).flatMap(parseTime) else { r.problem(file, line, "no time (timestamp)"); continue }
            let event = v(c.event) ?? (v(c.voter) != nil ? "VoteCast" : "ProposalCreated")
            let space = v(c.space) ?? o.space ?? "governor"
            switch event {
            case "VoteCast", "VoteCastWithParams":
                castVote(row, line, ts, c, o, file, &r, &seen)
            case "ProposalCreated":
                guard let id = v(c.id).map(proposalID) else { r.problem(file, line, "ProposalCreated without an id"); continue }
                let p = Proposal(id: id, space: space, title: title(v(c.description)) ?? "Proposal \(id)", state: .active,
                                 start: ts, token: o.token)
                proposals[id] = p
                r.add(ts, .proposal(p))
            case "ProposalQueued", "ProposalExecuted", "ProposalCanceled":
                guard let id = v(c.id).map(proposalID) else { r.problem(file, line, "\(event) without an id"); continue }
                var p = proposals[id] ?? Proposal(id: id, space: space, title: "Proposal \(id)", state: .active, token: o.token)
                p.state = event == "ProposalQueued" ? .succeeded : event == "ProposalExecuted" ? .executed : .canceled
                if event != "ProposalQueued" { p.end = ts }
                proposals[id] = p
                r.add(ts, .proposal(p))
            default:
                other += 1
            }
        }
        if other > 0 { r.note("\(file.name): \(other) events of other kinds left out") }
        return r
    }

    static func castVote(_ row: [String?], _ line: Int, _ ts: Int64, _ c: Columns, _ o: ImportOptions, _ file: ImportFile,
                         _ r: inout ImportResult, _ seen: inout [String: Int]) {
        func v(_ col: Int?) -> String? { RowSet.value(row, col) }
        guard let voter = v(c.voter) else { r.problem(file, line, "VoteCast without a voter"); return }
        guard let proposal = v(c.proposal).map(proposalID) else { r.problem(file, line, "\(voter): no proposal id"); return }
        guard let text = v(c.support), let support = Choices.governorSupport(text) else {
            r.problem(file, line, "\(voter): support \(v(c.support) ?? "missing") is not 0/1/2, a boolean or For/Against/Abstain"); return
        }
        let decimals = o.decimals ?? 18
        guard let raw = v(c.weight), let weight = decimals == 0 ? parseNumber(raw) : scaledAmount(raw, decimals: decimals),
              weight >= 0 else {
            let hint = decimals > 0 ? " (weights already in tokens: --decimals 0)" : ""
            r.problem(file, line, "\(voter): votes \(v(c.weight) ?? "missing") is not a raw amount of \(decimals) decimals\(hint)")
            return
        }
        let key = proposal + "\u{0}" + voter
        if let first = seen[key] {
            r.problem(file, line, "repeated vote by \(voter) on \(proposal) (first at row \(first)); skipped"); return
        }
        seen[key] = line
        r.add(ts, .vote(Vote(proposal: proposal, voter: voter, support: support, weight: weight, reason: v(c.reason))))
    }

    /// A description's first line, without Markdown's heading marks.
    static func title(_ description: String?) -> String? {
        guard let d = description else { return nil }
        for line in d.split(whereSeparator: \.isNewline) {
            let t = String(line.drop { $0 == "#" || $0 == " " }).trimmingSpaces
            if !t.isEmpty { return String(t.prefix(120)) }
        }
        return nil
    }
}
