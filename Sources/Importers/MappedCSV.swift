import Feed

/// Any CSV of votes or holdings, its columns named with --map (field=COLUMN,…); a field not mapped is
/// looked for under its own name.
enum MappedCSV {
    static func column(_ rows: RowSet, _ o: ImportOptions, _ field: String, aliases: [String] = []) throws(ImportError) -> Int? {
        if let name = o.map[field] {
            guard let c = rows.column(anyOf: [name]) else {
                throw ImportError("--map \(field)=\(name): no column \(name) (columns: \(rows.names.joined(separator: ", ")))", usage: true)
            }
            return c
        }
        return rows.column(anyOf: [field] + aliases)
    }

    static func votes(_ file: ImportFile, _ o: ImportOptions) throws(ImportError) -> ImportResult {
        let rows = RowSet(csv: file.bytes)
        let voter = try column(rows, o, "voter"), weight = try column(rows, o, "weight")
        guard voter != nil, weight != nil else {
            throw ImportError("\(file.name): no voter or weight column (--map voter=COLUMN,weight=COLUMN)", usage: true)
        }
        let c = (proposal: try column(rows, o, "proposal"), choice: try column(rows, o, "choice"), support: try column(rows, o, "support"),
                 time: try column(rows, o, "time"), reason: try column(rows, o, "reason"))
        var r = ImportResult()
        let undated = c.time == nil ? try Importer.undatedTime(file, o, &r) : nil
        let decimals = o.decimals ?? 0
        var seen: [String: Int] = [:]
        for (line, row) in rows.rows {
            r.rows += 1
            func v(_ col: Int?) -> String? { RowSet.value(row, col) }
            guard let who = v(voter) else { r.problem(file, line, "no voter"); continue }
            guard let raw = v(weight), let w = decimals == 0 ? parseNumber(raw) : scaledAmount(raw, decimals: decimals), w >= 0 else {
                r.problem(file, line, "\(who): weight \(v(weight) ?? "missing") is not a number ≥ 0"); continue
            }
            guard let ts = undated ?? v(c.time).flatMap(parseTime) else { r.problem(file, line, "\(who): time \(v(c.time) ?? "missing") is not a time"); continue }
            let proposal = v(c.proposal).map(proposalID) ?? o.proposal ?? file.stem
            let key = proposal + "\u{0}" + who
            if let first = seen[key] { r.problem(file, line, "repeated vote by \(who) on \(proposal) (first at row \(first)); skipped"); continue }
            seen[key] = line
            var support = v(c.support).flatMap(Choices.governorSupport)
            if let text = v(c.support), support == nil { r.problem(file, line, "\(who): support \(text) unreadable; kept with its choice unknown") }
            let choice = v(c.choice).flatMap(Choices.read(text:))
            if let text = v(c.choice), choice == nil { r.problem(file, line, "\(who): choice \(text) unreadable; kept with its choice unknown") }
            if support == nil, c.support == nil { support = Choices.support(choice, voting: nil, labels: nil) }
            r.add(ts, .vote(Vote(proposal: proposal, voter: who, support: support, weight: w, reason: v(c.reason),
                                 choice: support == nil ? choice : nil)))
        }
        return r
    }

    static func holders(_ file: ImportFile, _ o: ImportOptions) throws(ImportError) -> ImportResult {
        let rows = RowSet(csv: file.bytes)
        let holder = try column(rows, o, "holder", aliases: ["address"]), balance = try column(rows, o, "balance")
        guard holder != nil, balance != nil else {
            throw ImportError("\(file.name): no holder or balance column (--map holder=COLUMN,balance=COLUMN)", usage: true)
        }
        let tokenColumn = try column(rows, o, "token"), time = try column(rows, o, "time")
        guard tokenColumn != nil || o.token != nil else { throw ImportError("\(file.name): no token column: give --token SYMBOL", usage: true) }
        var r = ImportResult()
        let undated = time == nil ? try Importer.undatedTime(file, o, &r) : nil
        let decimals = o.decimals ?? 0
        var seen: [String: Int] = [:]
        for (line, row) in rows.rows {
            r.rows += 1
            func v(_ col: Int?) -> String? { RowSet.value(row, col) }
            guard let who = v(holder) else { r.problem(file, line, "no holder"); continue }
            guard let token = v(tokenColumn) ?? o.token else { r.problem(file, line, "\(who): no token"); continue }
            guard let raw = v(balance), let b = decimals == 0 ? parseNumber(raw) : scaledAmount(raw, decimals: decimals), b >= 0 else {
                r.problem(file, line, "\(who): balance \(v(balance) ?? "missing") is not a number ≥ 0"); continue
            }
            guard let ts = undated ?? v(time).flatMap(parseTime) else { r.problem(file, line, "\(who): time is not a time"); continue }
            let key = token + "\u{0}" + who
            if let first = seen[key] { r.problem(file, line, "repeated holder \(who) of \(token) (first at row \(first)); skipped"); continue }
            seen[key] = line
            r.add(ts, .holding(Holding(token: token, holder: who, balance: b)))
        }
        return r
    }
}
