import Feed
import Store

/// What an operator's drill-down shows of its recent rewards and claims.
public struct OperatorSummary: Sendable, Equatable {
    /// Net amount by basis over the recent reward entries (penalties negative).
    public var byBasis: [RewardBasis: Double] = [:]
    /// Penalties by reason: how many, and their total magnitude; the largest first.
    public var penalties: [(reason: String, count: Int, amount: Double)] = []
    /// How many of the recent entries are this operator's, and the time of the oldest recent entry.
    public var entries = 0
    public var since: Int64?
    /// Its recent claims, oldest first.
    public var claims: [ClaimNote] = []
    /// Its share of all rewards accrued, at the end of each of its recent 5-minute buckets.
    public var shareHistory: [Double] = []

    public static func == (a: OperatorSummary, b: OperatorSummary) -> Bool {
        a.byBasis == b.byBasis && a.entries == b.entries && a.since == b.since && a.claims == b.claims
            && a.shareHistory == b.shareHistory && a.penalties.map(\.reason) == b.penalties.map(\.reason)
            && a.penalties.map(\.count) == b.penalties.map(\.count) && a.penalties.map(\.amount) == b.penalties.map(\.amount)
    }

    public init(_ rewards: RewardsState, operatorID id: String) {
        since = rewards.recent.elements.first?.ts
        var reasons: [String: (count: Int, amount: Double)] = [:]
        for note in rewards.recent.elements where note.reward.operatorID == id && note.reward.token == rewards.token {
            let r = note.reward
            entries += 1
            byBasis[r.basis, default: 0] += r.amount.doubleValue
            if r.amount < .zero {
                var e = reasons[r.reason ?? "no reason given"] ?? (0, 0)
                e.count += 1
                e.amount -= r.amount.doubleValue
                reasons[r.reason ?? "no reason given"] = e
            }
        }
        penalties = reasons.map { ($0.key, $0.value.count, $0.value.amount) }
            .sorted { $0.amount != $1.amount ? $0.amount > $1.amount : $0.reason < $1.reason }
        claims = rewards.recentClaims.elements.filter { $0.claim.operatorID == id }
        shareHistory = OperatorSummary.shares(rewards, id)
    }

    /// The operator's accrued over everyone's at the same bucket end (the total's one-minute samples).
    static func shares(_ rewards: RewardsState, _ id: String) -> [Double] {
        guard let ledger = rewards.operators[id] else { return [] }
        let totals = rewards.accrual.elements
        return ledger.window.elements.compactMap { sample in
            let end = sample.ts + OperatorLedger.windowBucket
            guard let total = totals.last(where: { $0.ts < end })?.value, total > 0 else { return nil }
            return sample.value / total
        }
    }
}
