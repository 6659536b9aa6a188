import Feed

/// What a vote importer needs to know of a proposal to read its votes.
struct ProposalInfo {
    var voting: String?
    var choices: [String]?
    var token: String?
}

/// Snapshot proposals: raw GraphQL objects (a list, or `{"data":{"proposals":[…]}}`), or the
/// flattened CSV of a research export (`proposal_id,title,type,state,start,end,…`).
enum SnapshotProposals {
    static func run(_ file: ImportFile, _ o: ImportOptions) throws(ImportError) -> (result: ImportResult, info: [String: ProposalInfo]) {
        if isJSON(file) {
            let root = try Importer.json(file)
            let list = root.array ?? root["data"]?["proposals"]?.array ?? root["data"]?["proposal"].map { [$0] }
                ?? root["proposals"]?.array
            guard let list else { throw ImportError("\(file.name): expected a list of Snapshot proposals") }
            return fromJSON(file, list, o)
        }
        return fromCSV(file, RowSet(csv: file.bytes), o)
    }

    static func isJSON(_ file: ImportFile) -> Bool {
        file.bytes.first(where: { $0 > 0x20 }).map { $0 == 0x5B || $0 == 0x7B } ?? false
    }

    static func fromJSON(_ file: ImportFile, _ list: [JSONNode], _ o: ImportOptions) -> (result: ImportResult, info: [String: ProposalInfo]) {
        var r = ImportResult()
        var info: [String: ProposalInfo] = [:]
        for (k, p) in list.enumerated() {
            r.rows += 1
            guard let id = p["id"]?.text else { r.problem(file, k + 1, "no id"); continue }
            let start = p["start"]?.text.flatMap(parseTime), end = p["end"]?.text.flatMap(parseTime)
            guard let ts = p["created"]?.text.flatMap(parseTime) ?? start else { r.problem(file, k + 1, "\(id): no created or start time"); continue }
            let voting = p["type"]?.string
            let choices = p["choices"]?.array?.compactMap(\.text)
            let scores = p["scores"]?.array?.compactMap(\.number) ?? []
            guard let state = state(p["state"]?.string, voting: voting, choices: choices, scores: scores,
                                    total: p["scores_total"]?.number, quorum: p["quorum"]?.number) else {
                r.problem(file, k + 1, "\(id): unknown state \(p["state"]?.string ?? "(none)")"); continue
            }
            let space = p["space"]?["id"]?.string ?? p["space"]?.string ?? "snapshot"
            let token = p["symbol"]?.string ?? o.token
            let quorum = p["quorum"]?.number.flatMap { $0 > 0 ? $0 : nil }
            info[id] = ProposalInfo(voting: voting, choices: choices, token: token)
            r.add(ts, .proposal(Proposal(id: id, space: space, title: p["title"]?.string ?? id, state: state, start: start,
                                         end: end, quorum: quorum, choices: choices, voting: voting, token: token)))
        }
        return (r, info)
    }

    static func fromCSV(_ file: ImportFile, _ rows: RowSet, _ o: ImportOptions) -> (result: ImportResult, info: [String: ProposalInfo]) {
        var r = ImportResult()
        var info: [String: ProposalInfo] = [:]
        let c = (id: rows.column(anyOf: ["proposal_id", "id"]), title: rows.column(anyOf: ["title"]),
                 type: rows.column(anyOf: ["type"]), state: rows.column(anyOf: ["state"]),
                 start: rows.column(anyOf: ["start"]), end: rows.column(anyOf: ["end"]),
                 space: rows.column(anyOf: ["space_id", "space"]), symbol: rows.column(anyOf: ["symbol", "token"]),
                 total: rows.column(anyOf: ["scores_total"]), quorum: rows.column(anyOf: ["quorum"]))
        for (line, row) in rows.rows {
            r.rows += 1
            func v(_ col: Int?) -> String? { RowSet.value(row, col) }
            guard let id = v(c.id) else { r.problem(file, line, "no proposal_id"); continue }
            let start = v(c.start).flatMap(parseTime), end = v(c.end).flatMap(parseTime)
            guard let ts = start else { r.problem(file, line, "\(id): start is not a date"); continue }
            let voting = v(c.type)
            let quorum = v(c.quorum).flatMap(parseNumber).flatMap { $0 > 0 ? $0 : nil }
            guard let state = state(v(c.state), voting: voting, choices: nil, scores: [], total: v(c.total).flatMap(parseNumber),
                                    quorum: quorum) else {
                r.problem(file, line, "\(id): unknown state \(v(c.state) ?? "(none)")"); continue
            }
            let token = v(c.symbol) ?? o.token
            info[id] = ProposalInfo(voting: voting, choices: nil, token: token)
            r.add(ts, .proposal(Proposal(id: id, space: v(c.space) ?? "snapshot", title: v(c.title) ?? id, state: state,
                                         start: start, end: end, quorum: quorum, voting: voting, token: token)))
        }
        return (r, info)
    }

    /// Snapshot's pending/active/closed in feed terms. A closed proposal is defeated when it missed its
    /// quorum, or (for/against/abstain) when against outweighed for; otherwise it succeeded (its top
    /// choice won).
    static func state(_ text: String?, voting: String?, choices: [String]?, scores: [Double], total: Double?,
                      quorum: Double?) -> ProposalState? {
        switch text?.lowercased() {
        case "pending"?: return .pending
        case "active"?: return .active
        case "closed"?:
            if let q = quorum, q > 0, let t = total, t < q { return .defeated }
            if scores.count >= 2 {
                let forFirst = voting == "basic" || choices.flatMap { $0.first }.flatMap(Choices.support(label:)) == .for
                if forFirst, scores[0] <= scores[1] { return .defeated }
            }
            return .succeeded
        case let other?: return ProposalState(rawValue: other)
        case nil: return nil
        }
    }
}
