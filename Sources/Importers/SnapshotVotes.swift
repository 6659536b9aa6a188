import Feed

/// Snapshot votes: raw GraphQL objects (a list, `{"data":{"votes":[…]}}` pages, or a list of pages),
/// or a CSV export (`proposal_id,voter,voting_power,choice,created`). With --proposals the proposals'
/// types and labels say what each choice means; a vote whose choice cannot be read is kept with its
/// voter and weight, its choice unknown, and reported.
struct SnapshotVotes {
    let options: ImportOptions
    var info: [String: ProposalInfo] = [:]
    /// (proposal, voter) → where the first vote was, to report a repeat.
    var seen: [VoteKey: Int] = [:]
    var result = ImportResult()

    struct VoteKey: Hashable { let proposal: String; let voter: String }

    init(options: ImportOptions) { self.options = options }

    func run(_ files: [ImportFile]) throws(ImportError) -> ImportResult {
        var me = self
        for p in options.proposals {
            let (r, info) = try SnapshotProposals.run(p, options)
            me.result.merge(r)
            me.info.merge(info) { _, new in new }
        }
        for file in files { try me.read(file) }
        return me.result
    }

    /// One vote as the importer sees it, from JSON or CSV.
    struct Raw {
        var row: Int
        var proposal: String?
        var voter: String?
        var weight: Double?
        var weightText: String?
        var time: Int64?
        var choice: VoteChoice?
        var choiceText: String?
        var reason: String?
    }

    mutating func read(_ file: ImportFile) throws(ImportError) {
        if SnapshotProposals.isJSON(file) {
            for raw in try jsonVotes(file) { take(raw, file) }
            return
        }
        let rows = RowSet(csv: file.bytes)
        let c = (proposal: rows.column(anyOf: ["proposal_id", "proposal"]), voter: rows.column(anyOf: ["voter"]),
                 vp: rows.column(anyOf: ["voting_power", "vp"]), choice: rows.column(anyOf: ["choice"]),
                 created: rows.column(anyOf: ["created", "timestamp"]), reason: rows.column(anyOf: ["reason"]))
        guard c.voter != nil, c.vp != nil else { throw ImportError("\(file.name): expected columns voter and voting_power (or vp)") }
        for (line, row) in rows.rows {
            let choiceText = RowSet.value(row, c.choice)
            let weightText = RowSet.value(row, c.vp)
            take(Raw(row: line, proposal: RowSet.value(row, c.proposal), voter: RowSet.value(row, c.voter),
                     weight: weightText.flatMap(parseNumber), weightText: weightText,
                     time: RowSet.value(row, c.created).flatMap(parseTime), choice: choiceText.flatMap(Choices.read(text:)),
                     choiceText: choiceText, reason: RowSet.value(row, c.reason)), file)
        }
    }

    func jsonVotes(_ file: ImportFile) throws(ImportError) -> [Raw] {
        let root = try Importer.json(file)
        var votes: [JSONNode] = []
        if let list = root.array {
            for item in list { votes += item["data"]?["votes"]?.array ?? (item["votes"]?.array ?? [item]) }
        } else if let list = root["data"]?["votes"]?.array ?? root["votes"]?.array {
            votes = list
        } else {
            throw ImportError("\(file.name): expected a list of Snapshot votes or {\"data\":{\"votes\":[…]}}")
        }
        return votes.enumerated().map { k, v in
            let choice = v["choice"]
            return Raw(row: k + 1, proposal: v["proposal"]?["id"]?.text ?? v["proposal"]?.text, voter: v["voter"]?.string,
                       weight: (v["vp"] ?? v["voting_power"])?.number, weightText: (v["vp"] ?? v["voting_power"])?.text,
                       time: v["created"]?.text.flatMap(parseTime), choice: choice.flatMap(Choices.read),
                       choiceText: choice.map { $0.text ?? "(\($0.kind))" }, reason: v["reason"]?.string.flatMap { $0.isEmpty ? nil : $0 })
        }
    }

    mutating func take(_ raw: Raw, _ file: ImportFile) {
        result.rows += 1
        guard let voter = raw.voter else { result.problem(file, raw.row, "no voter"); return }
        guard let weight = raw.weight, weight >= 0 else {
            result.problem(file, raw.row, "\(voter): voting power \(raw.weightText ?? "missing") is not a number ≥ 0"); return
        }
        guard let ts = raw.time else { result.problem(file, raw.row, "\(voter): no time (created)"); return }
        let proposal = raw.proposal ?? options.proposal ?? file.stem
        if raw.proposal == nil, options.proposal == nil {
            result.note("\(file.name): votes that name no proposal are filed under '\(proposal)' (--proposal names it)")
        }
        let key = VoteKey(proposal: proposal, voter: voter)
        if let first = seen[key] {
            result.problem(file, raw.row, "repeated vote by \(voter) on \(proposal) (first at row \(first)); skipped"); return
        }
        seen[key] = raw.row
        let p = info[proposal]
        var choice = raw.choice
        // Basic voting has its three choices whether or not the proposal lists them.
        let count = p?.choices?.count ?? (p?.voting == "basic" ? 3 : nil)
        if let c = choice, let why = Choices.check(c, voting: p?.voting, count: count) {
            result.problem(file, raw.row, "\(voter): \(why); kept with its choice unknown")
            choice = nil
        } else if choice == nil, let text = raw.choiceText {
            result.problem(file, raw.row, "\(voter): choice \(text) unreadable; kept with its choice unknown")
        }
        let support = Choices.support(choice, voting: p?.voting, labels: p?.choices)
        // A basic proposal's choice is its support: said once, as support.
        let written = p?.voting == "basic" && support != nil ? nil : choice
        result.add(ts, .vote(Vote(proposal: proposal, voter: voter, support: support, weight: weight, reason: raw.reason,
                                  choice: written)))
    }
}
