import Analytics
import Feed
import Store

/// The views an export can be limited to; each is one CSV table.
public enum ExportView: String, Sendable, CaseIterable {
    case overview, fleet, rewards, stablecoins, tvl, governance, alerts
}

/// A table: a header row and data rows, written as RFC 4180 CSV.
public struct Table: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[String]]

    public var csv: String {
        var out = ""
        for row in [columns] + rows {
            out += row.map(Table.quote).joined(separator: ",")
            out += "\r\n"
        }
        return out
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}

extension Report {
    /// Every view as CSV, each table preceded by a `# view` line; or one view alone.
    public func csv(view: ExportView?) -> String {
        if let view { return table(view).csv }
        return ExportView.allCases.map { "# \($0.rawValue)\r\n" + table($0).csv }.joined(separator: "\r\n")
    }

    public func table(_ view: ExportView) -> Table {
        switch view {
        case .overview: overviewTable()
        case .fleet: fleetTable()
        case .rewards: rewardsTable()
        case .stablecoins: stablecoinTable()
        case .tvl: tvlTable()
        case .governance: governanceTable()
        case .alerts: alertsTable()
        }
    }

    func alertsTable() -> Table {
        let rows = alerts.all.map { a -> [String] in
            [a.kind.rawValue, a.subject, a.severity.rawValue, a.text, String(a.since), a.until.map { String($0) } ?? ""]
        }
        return Table(columns: ["kind", "subject", "severity", "text", "since", "until"], rows: rows)
    }

    func overviewTable() -> Table {
        func row(_ area: String, _ c: Concentration) -> [String] {
            [area, String(c.n), String(c.nakamoto50), fmt(c.gini), fmt(c.hhi), fmt(c.top10Share)]
        }
        var rows = [row("rewards by operator", rewardConcentration), row("stablecoins by issuer", stablecoinConcentration),
                    row("tvl by protocol", tvlConcentration)]
        for p in state.governance.proposals { rows.append(row("votes on \(p.proposal.id)", voteConcentration(p))) }
        return Table(columns: ["area", "n", "nakamoto50", "gini", "hhi", "top10_share"], rows: rows)
    }

    func fleetTable() -> Table {
        let accrued = state.rewards.byNode
        let rows = state.fleet.nodes.filter { inScope($0.info.operatorID) }.sorted { $0.info.id < $1.info.id }.map { n -> [String] in
            [n.info.id, n.info.operatorID, n.info.region, n.info.nodeClass.rawValue, n.status.rawValue, fmt(n.cpu),
             n.gpu.map(fmt) ?? "", fmt(n.mem), String(state.fleet.tasksRunning(on: n.info.id)), n.lastHeartbeat.map { String($0) } ?? "",
             (accrued[n.info.id] ?? .zero).description, String(n.tasks)]
        }
        // "tasks" counts as the fleet's tasks_running does (task events); the heartbeat's own figure is apart.
        return Table(columns: ["id", "operator", "region", "class", "status", "cpu", "gpu", "mem", "tasks",
                               "last_heartbeat", "accrued", "heartbeat_tasks"], rows: rows)
    }

    func rewardsTable() -> Table {
        let total = state.rewards.accrued.doubleValue
        let rates = rewardRates.byOperator(state.rewards)
        let below = claimBelowFee
        let rows = state.rewards.operators.filter { inScope($0.key) }.sorted { $0.key < $1.key }.map { id, l -> [String] in
            [id, l.accrued.description, l.claimed.description, l.claimable.description, l.penalties.description,
             fmt(total > 0 ? l.accrued.doubleValue / total : 0), String(l.claims), fmt(l.feesUSD),
             rates[id].map(fmt) ?? "", String(below.contains(id))]
        }
        return Table(columns: ["operator", "accrued", "claimed", "claimable", "penalties", "share", "claims", "fees_usd",
                               "rate_per_hour", "below_claim_fee"], rows: rows)
    }

    func stablecoinTable() -> Table {
        let rows = state.stablecoins.coins.map { e -> [String] in
            let d = pegDeviation(price: e.coin.price, peg: e.coin.peg)
            return [e.coin.symbol, e.coin.issuer, e.coin.peg, e.coin.price.map(fmt) ?? "", d.map(fmt) ?? "",
                    PegBand(deviation: d).rawValue, fmt(e.coin.supply), e.reservesUSD.map(fmt) ?? "",
                    e.reserveRatio.map(fmt) ?? "", e.coin.mechanism ?? ""]
        }
        return Table(columns: ["symbol", "issuer", "peg", "price", "peg_deviation", "band", "supply", "reserves_usd",
                               "reserve_ratio", "mechanism"], rows: rows)
    }

    func tvlTable() -> Table {
        var rows: [[String]] = []
        for p in state.tvl.protocols.sorted(by: { $0.totalUSD > $1.totalUSD }) {
            for c in p.chains { rows.append([p.name, p.category ?? "", c.chain, fmt(c.usd), fmt(p.totalUSD)]) }
        }
        return Table(columns: ["protocol", "category", "chain", "usd", "protocol_total_usd"], rows: rows)
    }

    func governanceTable() -> Table {
        let rows = state.governance.proposals.map { p -> [String] in
            let c = voteConcentration(p)
            return [p.proposal.id, p.proposal.space, p.proposal.title, p.proposal.state.rawValue, fmt(p.forWeight),
                    fmt(p.againstWeight), fmt(p.abstainWeight), String(p.voters), p.proposal.quorum.map(fmt) ?? "",
                    String(p.quorumReached ?? true), String(c.nakamoto50), fmt(c.gini)]
        }
        return Table(columns: ["id", "space", "title", "state", "for", "against", "abstain", "voters", "quorum",
                               "quorum_reached", "nakamoto50", "gini"], rows: rows)
    }
}

/// Numbers in CSV: the same shortest form as the JSON export.
func fmt(_ x: Double) -> String {
    var w = JSONWriter()
    w.number(round9(x))
    return w.text
}
