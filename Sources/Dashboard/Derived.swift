import UI
import Analytics

import Feed
import Store

/// One operator's row on the Rewards screen.
public struct OperatorRow: Sendable, Equatable {
    public var id: String
    public var ledger: OperatorLedger
    public var nodes: Int
    /// Claimable is worth less than what claiming costs.
    public var feeExceedsClaim: Bool
}

public struct Alert: Sendable, Equatable {
    public var severity: Role  // .watch, .flag or .critical
    public var text: String
}

/// What the screens show that is computed from the data: the sorted and filtered rows, the
/// concentration figures and the alerts. Recomputed on a refresh or a sort/filter change, not per frame.
public struct Derived: Sendable {
    public var seq: Int64 = -1
    public var fleetRows: [Int] = []
    public var operators: [OperatorRow] = []
    public var coinRows: [Int] = []
    public var protocolRows: [Int] = []
    public var proposalRows: [Int] = []
    public var rewardConcentration = Concentration.empty
    /// Nodes by operator: how concentrated the fleet itself is.
    public var nodeConcentration = Concentration.empty
    public var stablecoinConcentration = Concentration.empty
    public var tvlConcentration = Concentration.empty
    public var proposalConcentration: [String: Concentration] = [:]
    /// Per-choice results of the multi-choice proposals, by proposal id (computed per refresh, not per frame).
    public var choiceResults: [String: ChoiceResults] = [:]
    /// Token → how concentrated its holders are.
    public var holdingConcentration: [String: Concentration] = [:]
    public var rewardRate: Double?
    public var tvlChange: [String: Double] = [:]
    public var totalTVLChange: Double?
    public var alerts: [Alert] = []
    public var medianClaimFee: Double?

    public init() {}

    public func rowCount(_ screen: Screen) -> Int {
        switch screen {
        case .overview: 0
        case .fleet: fleetRows.count
        case .rewards: operators.count
        case .stablecoins: coinRows.count
        case .tvl: protocolRows.count
        case .governance: proposalRows.count
        }
    }
}

extension Derived {
    /// Figures for every screen, rows for the one on show (the others are built when switched to).
    static func compute(_ data: DataView, lists: [ListState], screen: Screen) -> Derived {
        var d = Derived()
        let s = data.state
        d.seq = s.seq
        d.recomputeRows(screen, data, lists[screen.rawValue])
        d.nodeConcentration = Concentration(weights: s.fleet.nodesByOperator.values.map(Double.init).sorted())
        // The same figures the export prints, from the same code.
        let report = Report(state: s, input: data.input)
        d.rewardConcentration = report.rewardConcentration
        d.stablecoinConcentration = report.stablecoinConcentration
        d.tvlConcentration = report.tvlConcentration
        for p in s.governance.proposals { d.proposalConcentration[p.proposal.id] = report.voteConcentration(p) }
        for t in s.holdings.tokens { d.holdingConcentration[t.token] = report.holdingConcentration(t) }
        for p in s.governance.proposals where p.isMultiChoice { d.choiceResults[p.proposal.id] = p.choiceResults() }
        d.rewardRate = report.rewardRatePerHour
        for p in s.tvl.protocols {
            d.tvlChange[p.name] = relativeChange(p.history.elements.map { Sample(ts: $0.ts, value: $0.value) },
                                                 windowMillis: 3_600_000)
        }
        d.totalTVLChange = relativeChange(s.tvl.totalHistory.elements.map { Sample(ts: $0.ts, value: $0.value) },
                                          windowMillis: 3_600_000)
        d.alerts = alerts(s, d)
        return d
    }

    mutating func recomputeRows(_ screen: Screen, _ data: DataView, _ list: ListState) {
        let s = data.state
        switch screen {
        case .overview: break
        case .fleet: fleetRows = Derived.fleetRows(s, list)
        case .rewards: operators = Derived.operatorRows(s, list)
        case .stablecoins: coinRows = Derived.coinRows(s, list)
        case .tvl: protocolRows = Derived.protocolRows(s, list)
        case .governance: proposalRows = Derived.proposalRows(s, list)
        }
    }

    static func operatorRows(_ s: ChainState, _ list: ListState) -> [OperatorRow] {
        let nodes = s.fleet.nodesByOperator
        let fees = s.rewards.operators.values.compactMap(\.lastClaimFeeUSD).sorted()
        let medianFee: Double? = fees.isEmpty ? nil : fees[fees.count / 2]
        let price = s.rewards.priceUSD
        var rows = s.rewards.operators.map { id, ledger -> OperatorRow in
            let fee = ledger.lastClaimFeeUSD ?? medianFee
            let worth = price.map { ledger.claimable.doubleValue * $0 }
            let marked = fee.flatMap { f in worth.map { $0 > 0 && $0 < f } } ?? false
            return OperatorRow(id: id, ledger: ledger, nodes: nodes[id] ?? 0, feeExceedsClaim: marked)
        }
        if !list.filter.isEmpty { rows = rows.filter { matches($0.id, list.filter) } }
        let key: (OperatorRow, OperatorRow) -> Bool
        switch list.sortColumn {
        case 1: key = { $0.ledger.accrued < $1.ledger.accrued }
        case 2: key = { $0.ledger.claimed < $1.ledger.claimed }
        case 3: key = { $0.ledger.claimable < $1.ledger.claimable }
        case 4: key = { ($0.ledger.ratePerHour ?? 0) < ($1.ledger.ratePerHour ?? 0) }
        case 5: key = { $0.nodes < $1.nodes }
        default: key = { $0.id < $1.id }
        }
        rows.sort { a, b in
            if key(a, b) { return !list.descending }
            if key(b, a) { return list.descending }
            return a.id < b.id
        }
        return rows
    }

    static func coinRows(_ s: ChainState, _ list: ListState) -> [Int] {
        let coins = s.stablecoins.coins
        var rows = Array(coins.indices)
        if !list.filter.isEmpty {
            rows = rows.filter { matches(coins[$0].coin.symbol, list.filter) || matches(coins[$0].coin.issuer, list.filter) }
        }
        func dev(_ i: Int) -> Double { abs(pegDeviation(price: coins[i].coin.price, peg: coins[i].coin.peg) ?? 0) }
        return sortIndices(rows, list) { a, b in
            switch list.sortColumn {
            case 2: (coins[a].coin.price ?? 0) < (coins[b].coin.price ?? 0)
            case 3: dev(a) < dev(b)
            case 4: coins[a].coin.supply < coins[b].coin.supply
            case 5: (coins[a].reservesUSD ?? 0) < (coins[b].reservesUSD ?? 0)
            case 6: (coins[a].reserveRatio ?? 0) < (coins[b].reserveRatio ?? 0)
            case 1: coins[a].coin.issuer < coins[b].coin.issuer
            default: coins[a].coin.symbol < coins[b].coin.symbol
            }
        }
    }

    static func protocolRows(_ s: ChainState, _ list: ListState) -> [Int] {
        let ps = s.tvl.protocols
        var rows = Array(ps.indices)
        if !list.filter.isEmpty {
            rows = rows.filter { matches(ps[$0].name, list.filter) || matches(ps[$0].category ?? "", list.filter) }
        }
        let totals = ps.map(\.totalUSD)
        let changes = list.sortColumn != 4 ? [] : ps.map { p in
            relativeChange(p.history.elements.map { Sample(ts: $0.ts, value: $0.value) }, windowMillis: 3_600_000) ?? 0
        }
        return sortIndices(rows, list) { a, b in
            switch list.sortColumn {
            case 1: (ps[a].category ?? "") < (ps[b].category ?? "")
            case 2: ps[a].chains.count < ps[b].chains.count
            case 3: totals[a] < totals[b]
            case 4: changes[a] < changes[b]
            default: ps[a].name < ps[b].name
            }
        }
    }

    static func proposalRows(_ s: ChainState, _ list: ListState) -> [Int] {
        let ps = s.governance.proposals
        var rows = Array(ps.indices)
        if !list.filter.isEmpty {
            rows = rows.filter { matches(ps[$0].proposal.title, list.filter) || matches(ps[$0].proposal.id, list.filter) }
        }
        // Quorum progress (none counts as least) and the voters' Nakamoto coefficient, computed once a row.
        let quorum = list.sortColumn != 4 ? [] : ps.map { p in p.proposal.quorum.map { $0 > 0 ? p.quorumWeight / $0 : 0 } ?? -1 }
        let nakamoto = list.sortColumn != 5 ? [] : ps.map { Concentration(weights: $0.ballots.values.map(\.weight).sorted()).nakamoto50 }
        return sortIndices(rows, list) { a, b in
            switch list.sortColumn {
            case 1: ps[a].proposal.state.rawValue < ps[b].proposal.state.rawValue
            case 2: ps[a].totalWeight < ps[b].totalWeight
            case 3: ps[a].voters < ps[b].voters
            case 4: quorum[a] < quorum[b]
            case 5: nakamoto[a] < nakamoto[b]
            default: a < b
            }
        }
    }

    /// Sorts row indices by a key, reversed if asked, ties broken by position so the order is stable.
    static func sortIndices(_ rows: [Int], _ list: ListState, _ less: (Int, Int) -> Bool) -> [Int] {
        rows.sorted { a, b in
            if less(a, b) { return !list.descending }
            if less(b, a) { return list.descending }
            return a < b
        }
    }
}

/// Case-insensitive ASCII substring match without allocating (a filter runs over 100,000 rows).
func matches(_ haystack: String, _ needle: String) -> Bool {
    if needle.isEmpty { return true }
    var h = haystack
    var n = needle
    return h.withUTF8 { hp in
        n.withUTF8 { np in
            guard np.count <= hp.count else { return false }
            outer: for start in 0...(hp.count - np.count) {
                for k in 0..<np.count where lower(hp[start + k]) != lower(np[k]) { continue outer }
                return true
            }
            return false
        }
    }
}

@inline(__always) func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
