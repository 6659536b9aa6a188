import Feed
import Store

/// The derived figures every output shares (export, and the dashboard's panes):
/// state plus analytics, computed once per request.
public struct Report: Sendable {
    public let state: ChainState
    public let input: InputStats
    /// The alerts as watched while the data was read (or, without a watcher, as of the state's time).
    public let alerts: AlertLog
    /// The fee to claim when given (`--claim-fee`); else the median of recent claims' fees.
    public let claimFeeOverride: Double?
    /// The one operator the fleet and rewards tables are for (`--operator`); nil: all.
    public let operatorScope: String?

    public init(store: Store, alerts: AlertLog? = nil, claimFee: Double? = nil, operator scope: String? = nil) {
        self.init(state: store.state, input: store.input, alerts: alerts, claimFee: claimFee, operator: scope)
    }

    public init(state: ChainState, input: InputStats, alerts: AlertLog? = nil, claimFee: Double? = nil,
                operator scope: String? = nil) {
        self.state = state
        self.input = input
        self.alerts = alerts ?? AlertLog.at(state)
        self.claimFeeOverride = claimFee
        self.operatorScope = scope
    }

    /// Whether an operator is in scope (every one without `--operator`).
    public func inScope(_ id: String) -> Bool { operatorScope == nil || operatorScope == id }

    /// What claiming costs in USD: `--claim-fee`, or the median fee of recent claims.
    public var claimFeeUSD: Double? { claimFeeOverride ?? state.rewards.medianClaimFeeUSD }

    /// Operators whose claimable reward is worth less than the fee to claim it (nothing claimable is not marked).
    public var claimBelowFee: Set<String> {
        guard let fee = claimFeeUSD, let price = state.rewards.priceUSD else { return [] }
        var out = Set<String>()
        for (id, l) in state.rewards.operators where l.claimBelowFee(feeUSD: fee, priceUSD: price) { out.insert(id) }
        return out
    }

    public var rewardConcentration: Concentration {
        Concentration(weights: state.rewards.operators.values.map { $0.accrued.doubleValue })
    }

    public var stablecoinConcentration: Concentration {
        // By issuer: an issuer with two coins counts once. Over supply in USD: a USD peg directly, any
        // other peg at its price (one without a price is left out: its worth is unknown).
        var byIssuer: [String: Double] = [:]
        for c in state.stablecoins.coins { byIssuer[c.coin.issuer, default: 0] += c.coin.supplyUSD ?? 0 }
        return Concentration(weights: byIssuer.values)
    }

    public var tvlConcentration: Concentration { Concentration(weights: state.tvl.counted.map(\.totalUSD)) }

    public func voteConcentration(_ p: ProposalEntry) -> Concentration {
        Concentration(weights: p.ballots.values.map(\.weight))
    }

    public func holdingConcentration(_ t: TokenHoldings) -> Concentration {
        Concentration(weights: t.balances.values)
    }

    /// Reward accrual per hour, by operator and in total, over the same window of about an hour.
    public var rewardRates: RewardRates { rewardRates(previous: nil) }

    /// The same, lent the sum of baselines of `previous` (the rates of this stream at the last refresh) where it still holds.
    public func rewardRates(previous: RewardRates?) -> RewardRates {
        RewardRates(state.rewards, now: state.ts, firstTs: state.firstTs, previous: previous)
    }

    /// The operators' rates summed: what the Rewards view's RATE/H column adds up to.
    public var rewardRatePerHour: Double? { rewardRates.total }
}

extension OperatorLedger {
    /// Whether what it can claim is worth less than the fee to claim it (nothing claimable is not marked).
    public func claimBelowFee(feeUSD: Double?, priceUSD: Double?) -> Bool {
        guard let fee = feeUSD, let price = priceUSD else { return false }
        let worth = claimable.doubleValue * price
        return worth > 0 && worth < fee
    }
}

extension Stablecoin {
    /// The supply's worth in USD: a USD peg's supply as is, another peg's at its price.
    public var supplyUSD: Double? { peg == "USD" ? supply : price.map { supply * $0 } }
}
