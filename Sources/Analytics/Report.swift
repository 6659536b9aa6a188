import Feed
import Store

/// The derived figures every output shares (export, and the dashboard's panes):
/// state plus analytics, computed once per request.
public struct Report: Sendable {
    public let state: ChainState
    public let input: InputStats

    public init(store: Store) {
        self.init(state: store.state, input: store.input)
    }

    public init(state: ChainState, input: InputStats) {
        self.state = state
        self.input = input
    }

    public var rewardConcentration: Concentration {
        Concentration(weights: state.rewards.operators.values.map { $0.accrued.doubleValue })
    }

    public var stablecoinConcentration: Concentration {
        // By issuer: an issuer with two coins counts once. Over supply in USD: a USD peg directly, any
        // other peg at its price (one without a price is left out: its worth is unknown).
        var byIssuer: [String: Double] = [:]
        for c in state.stablecoins.coins { byIssuer[c.coin.issuer, default: 0] += c.coin.supplyUSD ?? 0 }
        return Concentration(weights: byIssuer.values.sorted())
    }

    public var tvlConcentration: Concentration { Concentration(weights: state.tvl.counted.map(\.totalUSD)) }

    public func voteConcentration(_ p: ProposalEntry) -> Concentration {
        Concentration(weights: p.ballots.values.map(\.weight).sorted())
    }

    public func holdingConcentration(_ t: TokenHoldings) -> Concentration {
        Concentration(weights: t.balances.values.sorted())
    }

    /// Reward accrual per hour of event time over the last hour.
    public var rewardRatePerHour: Double? {
        ratePerHour(state.rewards.accrual.elements.map { Sample(ts: $0.ts, value: $0.value) })
    }
}

extension Stablecoin {
    /// The supply's worth in USD: a USD peg's supply as is, another peg's at its price.
    public var supplyUSD: Double? { peg == "USD" ? supply : price.map { supply * $0 } }
}
