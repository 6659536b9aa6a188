import UI
import Analytics

import Feed
import Store

/// One operator's row on the Rewards screen.
public struct OperatorRow: Sendable, Equatable {
    public var id: String
    public var ledger: OperatorLedger
    public var nodes: Int
    /// Accrual per hour over the window every operator's rate shares (`RewardRates`).
    public var rate: Double?
    /// Claimable, in USD at the token's price.
    public var claimableUSD: Double?
    /// Claimable is worth less than the fee to claim it.
    public var belowFee: Bool
}

/// What the screens show that is computed from the data: the sorted and filtered rows, the
/// concentration figures and the alerts. Recomputed on a refresh or a sort/filter change, not per frame.
public struct Derived: Sendable {
    public var seq: Int64 = -1
    public var fleetRows: [Int] = []
    /// The fleet sorted by the Fleet's column of text, kept from refresh to refresh while it holds.
    public var fleetOrder: FleetOrder?
    /// The fleet in id order, kept beside `fleetOrder` while the layout holds: the default sort, and the
    /// one most often come back to, is then no work (and its reverse one pass), whatever was sorted between.
    public var idOrder: FleetOrder?
    /// The rest of a filter's matches, still to be found once the first page is drawn.
    public var fleetScan: FleetScan?
    /// The nodes the last filter let through under a sort by a number, for the next keystroke.
    public var fleetCandidates: FleetCandidates?
    /// A sort whose first page is drawn and whose whole order is still to be made.
    public var fleetSort: FleetSortJob?
    /// What `fleetRows` were made for (whole once `fleetScan` and `fleetSort` are done).
    var fleetRowsBasis: FleetRowsBasis?
    /// The fleet's names laid out flat for a filter, built in steps while one is typed or set.
    public var fleetText: FleetText?
    /// Work left for the loop's next idle moment (`Message.idle`).
    public var hasLaterWork: Bool { fleetScan != nil || fleetSort != nil || fleetText?.complete == false }
    /// The fleet's layout the rows were built on: their indices hold until it moves.
    public var layout: UInt64 = 0
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
    /// The alerts under way, newest first, and every alert seen (the Alerts view's rows index it).
    public var alerts: [AlertEntry] = []
    public var alertHistory: [AlertEntry] = []
    public var alertRows: [Int] = []
    /// The fee to claim in USD: `--claim-fee`, or the median fee of recent claims.
    public var claimFee: Double?
    public var rewardRates = RewardRates.empty
    /// The operator scope and the Fleet grouping the rows were built for.
    public var scope: String?
    public var grouping = FleetGrouping.none
    /// The Fleet view's groups when it is grouped (F5).
    public var fleetGroups: [FleetGroup] = []
    /// Nodes by region with their counts by status, for the Overview (an outage reads at a glance).
    public var regions: [FleetGroup] = []
    /// The scoped operator's nodes by status (the Fleet title's counts when scoped).
    public var scopeCounts: FleetGroup?
    /// The figures above kept with what they were made from, for the next refresh.
    var figures = FigureCache()

    public init() {}

    public func rowCount(_ screen: Screen) -> Int {
        switch screen {
        case .overview: 0
        case .fleet: grouping == .none ? fleetRows.count : fleetGroups.count
        case .rewards: operators.count
        case .stablecoins: coinRows.count
        case .tvl: protocolRows.count
        case .governance: proposalRows.count
        case .alerts: alertRows.count
        }
    }
}

extension Derived {
    /// Figures for every screen, rows for the one on show (the others are built when switched to).
    static func compute(_ data: DataView, lists: [ListState], screen: Screen, alerts: AlertLog, claimFee: Double?,
                        scope: String? = nil, grouping: FleetGrouping = .none, reuse: FleetOrder? = nil,
                        reuseID: FleetOrder? = nil, candidates: FleetCandidates? = nil, text: FleetText? = nil,
                        page: Int? = nil, rates: RewardRates? = nil, figures: FigureCache = FigureCache()) -> Derived {
        var d = Derived()
        d.figures = figures
        d.fleetOrder = reuse
        d.idOrder = reuseID
        d.fleetCandidates = candidates
        d.fleetText = text
        let s = data.state
        d.seq = s.seq
        d.layout = s.fleet.layout.value
        d.scope = scope
        d.grouping = grouping
        d.regions = regionCounts(s.fleet)
        d.scopeCounts = scope.flatMap { fleetGroups(s.fleet, by: .operator, scope: $0, tasks: false).first }
        // The same figures the export prints, from the same code.
        let report = Report(state: s, input: data.input, alerts: alerts, claimFee: claimFee)
        d.rewardRates = report.rewardRates(previous: rates)
        d.claimFee = d.figures.claimFeeUSD(report)
        d.alertHistory = alerts.all
        d.alerts = d.alertHistory.filter { $0.until == nil }
        d.recomputeRows(screen, data, lists[screen.rawValue], page: page)
        d.nodeConcentration = d.figures.nodeConcentration(s.fleet)
        d.rewardConcentration = report.rewardConcentration
        d.stablecoinConcentration = report.stablecoinConcentration
        d.tvlConcentration = report.tvlConcentration
        d.proposalConcentration = d.figures.voteConcentrations(s.governance, report)
        for t in s.holdings.tokens { d.holdingConcentration[t.token] = report.holdingConcentration(t) }
        d.choiceResults = d.figures.choiceResults(s.governance)
        d.rewardRate = d.rewardRates.total
        for p in s.tvl.protocols { d.tvlChange[p.name] = s.tvlChange(p) }
        d.totalTVLChange = relativeChange(s.tvl.totalHistory.elements.map { Sample(ts: $0.ts, value: $0.value) },
                                          windowMillis: 3_600_000)
        return d
    }

    /// `pageAbove`: the fleet size past which a page is found first and the rest later.
    mutating func recomputeRows(_ screen: Screen, _ data: DataView, _ list: ListState, page: Int? = nil,
                                pageAbove: Int = FleetScan.chunk) {
        let s = data.state
        switch screen {
        case .overview: break
        case .fleet:
            // Page first only where the rest takes longer than a frame; a small fleet is done at once.
            let large = s.fleet.count > pageAbove
            let text = fleetText.flatMap { $0.describes(s.fleet) ? $0 : nil }
            let basis = FleetRowsBasis(list, scope: scope, s)
            // A query grown by a key walks the rows it narrows; anything else is filtered and sorted.
            if !narrowRows(to: basis, s, list, text: text, page: large ? page : nil) {
                sortRows(s, list, text: text, page: large ? page : nil)
            }
            fleetRowsBasis = basis
            fleetGroups = Derived.fleetGroups(s.fleet, by: grouping, scope: scope)
        case .rewards: operators = operatorRows(s, list)
        case .stablecoins: coinRows = Derived.coinRows(s, list)
        case .tvl: protocolRows = Derived.protocolRows(s, list)
        case .governance: proposalRows = Derived.proposalRows(s, list)
        case .alerts: alertRows = Derived.alertRows(alertHistory, list)
        }
    }

    /// The Fleet's rows filtered and sorted anew. A kept order of text is walked (FleetScan); anything
    /// else on a large fleet (`page`) is sorted page first (FleetSortJob).
    mutating func sortRows(_ s: ChainState, _ list: ListState, text: FleetText?, page: Int?) {
        fleetSort = nil
        takeIDOrder(s.fleet, list)
        if let page, fleetOrder?.holds(s.fleet, list) != true,
           let job = FleetSortJob.start(s, list, match: FleetMatch(list, scope: scope, text: text), text: text,
                                        kept: fleetCandidates) {
            fleetScan = nil
            fleetCandidates = FleetCandidates(job, list, scope: scope, s)
            fleetRows = job.firstPage(page)
            fleetSort = job
        } else {
            fleetRows = Derived.fleetRows(s, list, scope: scope, order: &fleetOrder, page: page, scan: &fleetScan, text: text)
            keepIDOrder()
            fleetCandidates = nil
        }
    }

    /// A sort by id over the fleet whose id order is kept: that order, or its reverse (ids are unique,
    /// so the reverse is the descending order exactly).
    mutating func takeIDOrder(_ fleet: FleetState, _ list: ListState) {
        guard list.sortColumn == 0, fleetOrder?.holds(fleet, list) != true, let ids = idOrder,
              ids.layout == fleet.layout.value, ids.rows.count == fleet.count else { return }
        fleetOrder = list.descending
            ? FleetOrder(column: 0, descending: true, layout: ids.layout, rows: ids.rows.reversed()) : ids
    }

    /// Keeps the order just made if it is the ascending id order.
    mutating func keepIDOrder() {
        if let o = fleetOrder, o.column == 0, !o.descending { idOrder = o }
        if let ids = idOrder, ids.layout != layout { idOrder = nil }
    }

    func operatorRows(_ s: ChainState, _ list: ListState) -> [OperatorRow] {
        let nodes = s.fleet.nodesByOperator
        let price = s.rewards.priceUSD
        var rows = s.rewards.operators.filter { scope == nil || $0.key == scope }.map { id, ledger -> OperatorRow in
            OperatorRow(id: id, ledger: ledger, nodes: nodes[id] ?? 0, rate: rewardRates.rate(ledger),
                        claimableUSD: price.map { ledger.claimable.doubleValue * $0 },
                        belowFee: ledger.claimBelowFee(feeUSD: claimFee, priceUSD: price))
        }
        if !list.filter.isEmpty { rows = rows.filter { matches($0.id, list.filter) } }
        let key: (OperatorRow, OperatorRow) -> Bool
        switch list.sortColumn {
        case 1: key = { $0.ledger.accrued < $1.ledger.accrued }
        case 2: key = { $0.ledger.claimed < $1.ledger.claimed }
        case 3: key = { $0.ledger.claimable < $1.ledger.claimable }
        case 4: key = { ($0.rate ?? 0) < ($1.rate ?? 0) }
        case 5: key = { $0.nodes < $1.nodes }
        case 6: key = { ($0.claimableUSD ?? 0) < ($1.claimableUSD ?? 0) }
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
        let nakamoto = list.sortColumn != 5 ? [] : ps.map { Concentration(weights: $0.ballots.values.map(\.weight)).nakamoto50 }
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
