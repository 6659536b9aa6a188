import Feed

/// DefiLlama's stablecoin responses: /stablecoins (every coin now) and the histories,
/// /stablecoincharts/all (every peg type's total per day) and /stablecoin/{id} (one coin per day).
enum DefiLlamaStablecoins {
    /// "peggedUSD" → "USD".
    static func peg(_ pegType: String) -> String { pegType.hasPrefix("pegged") ? String(pegType.dropFirst(6)) : pegType }

    /// A supply given as a bare number or keyed by peg type (`{"peggedUSD": …}`).
    static func amount(_ node: JSONNode?, _ pegType: String) -> Double? {
        guard let node else { return nil }
        return node.number ?? node[pegType]?.number
    }

    static func current(_ file: ImportFile, _ o: ImportOptions) throws(ImportError) -> ImportResult {
        var r = ImportResult()
        let root = try Importer.json(file)
        guard let list = root["peggedAssets"]?.array ?? root.array else { throw ImportError("\(file.name): expected peggedAssets") }
        let ts = try Importer.undatedTime(file, o, &r)
        var seen: [String: Int] = [:]
        for (k, a) in list.enumerated() {
            r.rows += 1
            guard let symbol = a["symbol"]?.string, !symbol.isEmpty, let pegType = a["pegType"]?.string else {
                r.problem(file, k + 1, "no symbol or pegType"); continue
            }
            guard let supply = amount(a["circulating"], pegType), supply >= 0 else {
                r.problem(file, k + 1, "\(symbol): circulating.\(pegType) is not a number ≥ 0"); continue
            }
            let price = a["price"]?.number
            if let price, price < 0 { r.problem(file, k + 1, "\(symbol): negative price"); continue }
            let name = a["name"]?.string ?? symbol
            // Symbols repeat (two coins called USDX): the later ones carry DefiLlama's id.
            let n = (seen[symbol] ?? 0) + 1
            seen[symbol] = n
            let unique = n == 1 ? symbol : "\(symbol)#\(a["id"]?.text ?? String(n))"
            r.add(ts, .stablecoin(Stablecoin(symbol: unique, issuer: name, peg: peg(pegType), price: price, supply: supply,
                                             mechanism: a["pegMechanism"]?.string)))
        }
        let repeated = seen.filter { $0.value > 1 }.keys.sorted()
        if !repeated.isEmpty { r.note("\(file.name): repeated symbols told apart by DefiLlama id: \(repeated.joined(separator: ", "))") }
        return r
    }

    static func history(_ file: ImportFile, _ o: ImportOptions) throws(ImportError) -> ImportResult {
        let root = try Importer.json(file)
        if let points = root.array { return totals(file, points) }
        guard let tokens = root["tokens"]?.array, let symbol = root["symbol"]?.string else {
            throw ImportError("\(file.name): expected a stablecoincharts list or a /stablecoin/{id} response")
        }
        return coin(file, tokens, symbol: symbol, name: root["name"]?.string ?? symbol,
                    pegType: root["pegType"]?.string ?? "peggedUSD", mechanism: root["pegMechanism"]?.string)
    }

    /// One record per day and peg type: the total of every coin of that peg, priced at USD over units.
    static func totals(_ file: ImportFile, _ points: [JSONNode]) -> ImportResult {
        var r = ImportResult()
        for (k, p) in points.enumerated() {
            r.rows += 1
            guard let ts = p["date"]?.text.flatMap(parseTime) else { r.problem(file, k + 1, "no date"); continue }
            guard let units = p["totalCirculating"]?.members else { r.problem(file, k + 1, "no totalCirculating"); continue }
            let usd = p["totalCirculatingUSD"]
            for (pegType, v) in units {
                guard let supply = v.number, supply >= 0 else { r.problem(file, k + 1, "totalCirculating.\(pegType) is not a number ≥ 0"); continue }
                let worth = usd?[pegType]?.number
                let price = worth.flatMap { supply > 0 && $0 >= 0 ? $0 / supply : nil }
                let peg = peg(pegType)
                r.add(ts, .stablecoin(Stablecoin(symbol: "ALL-\(peg)", issuer: "all \(peg) stablecoins", peg: peg,
                                                 price: price, supply: supply)))
            }
        }
        return r
    }

    static func coin(_ file: ImportFile, _ tokens: [JSONNode], symbol: String, name: String, pegType: String,
                     mechanism: String?) -> ImportResult {
        var r = ImportResult()
        for (k, p) in tokens.enumerated() {
            r.rows += 1
            guard let ts = p["date"]?.text.flatMap(parseTime) else { r.problem(file, k + 1, "no date"); continue }
            guard let supply = amount(p["circulating"], pegType), supply >= 0 else {
                r.problem(file, k + 1, "circulating.\(pegType) is not a number ≥ 0"); continue
            }
            r.add(ts, .stablecoin(Stablecoin(symbol: symbol, issuer: name, peg: peg(pegType), price: p["price"]?.number,
                                             supply: supply, mechanism: mechanism)))
        }
        return r
    }
}
