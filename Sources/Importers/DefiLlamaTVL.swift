import Feed

/// DefiLlama's TVL responses: /protocols (or a trimmed list), /protocol/{slug} and /v2/chains.
enum DefiLlamaTVL {
    /// Keys of `chainTvls`/`currentChainTvls` that are not chains but other measures (borrowed, staked…),
    /// alone or after a chain ("Ethereum-borrowed"): never TVL.
    static let nonTVL: Set<String> = ["borrowed", "staking", "pool2", "treasury", "vesting", "offers",
                                      "doublecounted", "liquidstaking", "dcandlsoverlap"]

    static func isChain(_ key: String) -> Bool {
        let lower = key.lowercased()
        if nonTVL.contains(lower) { return false }
        if let dash = lower.lastIndex(of: "-"), nonTVL.contains(String(lower[lower.index(after: dash)...])) { return false }
        return true
    }

    /// The protocol's name when it repeats: "mETH Protocol (2)".
    static func unique(_ name: String, _ seen: inout [String: Int]) -> String {
        let n = (seen[name] ?? 0) + 1
        seen[name] = n
        return n == 1 ? name : "\(name) (\(n))"
    }

    static func protocols(_ file: ImportFile, _ o: ImportOptions) throws(ImportError) -> ImportResult {
        var r = ImportResult()
        let root = try Importer.json(file)
        guard let list = root.array ?? root["protocols"]?.array else { throw ImportError("\(file.name): expected a list of protocols") }
        let ts = try Importer.undatedTime(file, o, &r)
        var seen: [String: Int] = [:]
        var withoutTVL = 0
        for (k, p) in list.enumerated() {
            r.rows += 1
            guard let name = p["name"]?.string, !name.isEmpty else { r.problem(file, k + 1, "no name"); continue }
            let category = p["category"]?.string
            if let chains = p["chainTvls"]?.members, chains.contains(where: { isChain($0.key) }) {
                let unique = unique(name, &seen)
                for (chain, v) in chains where isChain(chain) {
                    guard let usd = v.number, usd >= 0 else { r.problem(file, k + 1, "\(name): TVL on \(chain) is not a number ≥ 0"); continue }
                    r.add(ts, .tvl(TVL(protocolName: unique, chain: chain, category: category, usd: usd)))
                }
                continue
            }
            guard let tvlNode = p["tvl"] else { withoutTVL += 1; continue }
            guard let usd = tvlNode.number, usd >= 0 else { r.problem(file, k + 1, "\(name): tvl is not a number ≥ 0"); continue }
            let chains = p["chains"]?.array?.compactMap(\.string) ?? []
            // A trimmed list has only the total: on its one chain, or under "all" for several.
            r.add(ts, .tvl(TVL(protocolName: unique(name, &seen), chain: chains.count == 1 ? chains[0] : "all",
                               category: category, usd: usd)))
        }
        if withoutTVL > 0 { r.note("\(file.name): \(withoutTVL) protocols without a TVL left out") }
        let repeated = seen.filter { $0.value > 1 }.keys.sorted()
        if !repeated.isEmpty { r.note("\(file.name): repeated protocol names numbered: \(repeated.joined(separator: ", "))") }
        return r
    }

    /// /protocol/{slug}: the TVL of each chain over time (`chainTvls.X.tvl`), or, in a trimmed response,
    /// the total over time on its one chain (`currentChainTvls` names it) or under "all".
    static func protocolHistory(_ file: ImportFile, _ o: ImportOptions) throws(ImportError) -> ImportResult {
        var r = ImportResult()
        let root = try Importer.json(file)
        guard let name = root["name"]?.string else { throw ImportError("\(file.name): expected a /protocol response with a name") }
        let category = root["category"]?.string
        var series: [(chain: String, points: [JSONNode])] = []
        for (chain, v) in root["chainTvls"]?.members ?? [] where isChain(chain) {
            if let points = v["tvl"]?.array { series.append((chain, points)) }
        }
        if series.isEmpty {
            guard let points = root["tvl"]?.array else { throw ImportError("\(file.name): no tvl series") }
            let current = (root["currentChainTvls"]?.members ?? []).map(\.key).filter(isChain)
            series = [(current.count == 1 ? current[0] : "all", points)]
        }
        for (chain, points) in series {
            for (k, point) in points.enumerated() {
                r.rows += 1
                guard let date = point["date"]?.number, let ts = parseTime(numberText(date)) else {
                    r.problem(file, k + 1, "\(chain): no date"); continue
                }
                guard let usd = point["totalLiquidityUSD"]?.number, usd >= 0 else {
                    r.problem(file, k + 1, "\(chain): totalLiquidityUSD is not a number ≥ 0"); continue
                }
                r.add(ts, .tvl(TVL(protocolName: name, chain: chain, category: category, usd: usd)))
            }
        }
        return r
    }

    /// The name /v2/chains rows are filed under: one "protocol" whose chains are DefiLlama's chains, so
    /// the TVL view lists it and Enter shows TVL by chain.
    static let chainsProtocol = "All chains"

    static func chains(_ file: ImportFile, _ o: ImportOptions) throws(ImportError) -> ImportResult {
        var r = ImportResult()
        guard let list = try Importer.json(file).array else { throw ImportError("\(file.name): expected a list of chains") }
        let ts = try Importer.undatedTime(file, o, &r)
        var seen: [String: Int] = [:]
        for (k, c) in list.enumerated() {
            r.rows += 1
            guard let name = c["name"]?.string, !name.isEmpty else { r.problem(file, k + 1, "no name"); continue }
            guard let usd = c["tvl"]?.number, usd >= 0 else { r.problem(file, k + 1, "\(name): tvl is not a number ≥ 0"); continue }
            r.add(ts, .tvl(TVL(protocolName: chainsProtocol, chain: unique(name, &seen), category: TVL.chainTotalsCategory, usd: usd)))
        }
        return r
    }
}
