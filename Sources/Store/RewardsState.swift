import Feed

/// One operator's account in the reward token.
public struct OperatorLedger: Sendable, Equatable {
    /// Net of every reward entry, penalties (negative) included.
    public var accrued = TokenAmount.zero
    public var claimed = TokenAmount.zero
    /// Sum of the penalties' magnitudes.
    public var penalties = TokenAmount.zero
    public var claims = 0
    public var feesUSD: Double = 0
    public var lastClaimFeeUSD: Double?
    /// Accrued at the end of each recent 5-minute bucket of event time: the operator's rate (`RewardRates`).
    public var window = Ring<TimedValue>(capacity: 13)

    public init() {}
    public var claimable: TokenAmount { accrued - claimed }

    public static let windowBucket: Int64 = 300_000

    mutating func book(accrued: TokenAmount, penalties: TokenAmount, ts: Int64) {
        self.accrued = accrued
        self.penalties = penalties
        sample(ts: ts)
    }

    mutating func claim(claimed: TokenAmount, feeUSD: Double?) {
        self.claimed = claimed
        claims += 1
        if let feeUSD {
            feesUSD += feeUSD
            lastClaimFeeUSD = feeUSD
        }
    }

    mutating func sample(ts: Int64) {
        let bucket = ts - ts % OperatorLedger.windowBucket
        let v = TimedValue(ts: bucket, value: accrued.doubleValue)
        if let last = window.last, last.ts == bucket { window.replaceLast(v) } else { window.append(v) }
    }
}

/// Rewards in the feed's reward token (the first token a reward names; entries in another
/// token are counted, not summed, so sums never mix units).
public struct RewardsState: Sendable, Equatable {
    public private(set) var token: String?
    public private(set) var priceUSD: Double?
    public private(set) var operators: [String: OperatorLedger] = [:]
    public private(set) var byNode: [String: TokenAmount] = [:]
    public private(set) var accrued = TokenAmount.zero
    public private(set) var claimed = TokenAmount.zero
    public private(set) var penalties = TokenAmount.zero
    public private(set) var entries = 0
    public private(set) var otherTokenEntries = 0
    /// Total accrued over event time, one sample a minute: the reward rate comes from it.
    public private(set) var accrual = Ring<TimedValue>(capacity: 240)
    public private(set) var priceHistory = Ring<TimedValue>(capacity: 240)
    /// The latest reward entries, for a node's drill-down.
    public private(set) var recent = Ring<RewardNote>(capacity: 2000)
    /// The latest claims, for the fee to claim and an operator's drill-down. Not in a keyframe (so not in
    /// a digest or an equality): a state restored from one starts it empty.
    public private(set) var recentClaims = Ring<ClaimNote>(capacity: 500)
    /// Changes whenever a claim is booked or the state is restored: the fee to claim holds until it moves.
    public private(set) var claimsRevision = Revision()
    public static let bucketMillis: Int64 = 60_000

    public init() {}

    /// Books a reward entry; false, and nothing changes, when a total it reaches would leave the range
    /// totals are kept in (docs/feed.md), so that no sequence of records can overflow a sum.
    mutating func apply(_ r: Reward, ts: Int64) -> Bool {
        if token == nil { token = r.token }
        guard r.token == token else { otherTokenEntries += 1; return true }
        // Each table is looked up once, and changed at the place found (a reward a task: hashing its
        // strings twice each was a tenth of a simulation's lookups).
        let op = operators.index(forKey: r.operatorID), at = byNode.index(forKey: r.node)
        let held = op.map { (accrued: operators.values[$0].accrued, penalties: operators.values[$0].penalties) } ?? (.zero, .zero)
        let penalty = r.amount < .zero ? TokenAmount.zero.subtracting(r.amount) : .zero
        guard let penalty, let total = accrued.adding(r.amount), let node = (at.map { byNode.values[$0] } ?? .zero).adding(r.amount),
              let own = held.accrued.adding(r.amount), let allPenalties = penalties.adding(penalty),
              let ownPenalties = held.penalties.adding(penalty) else { return false }
        entries += 1
        accrued = total
        if let at { byNode.values[at] = node } else { byNode[r.node] = node }
        penalties = allPenalties
        // Changed where it is stored: a copy taken out and put back would copy its ring at every entry.
        if let op {
            operators.values[op].book(accrued: own, penalties: ownPenalties, ts: ts)
        } else {
            operators[r.operatorID, default: OperatorLedger()].book(accrued: own, penalties: ownPenalties, ts: ts)
        }
        recent.append(RewardNote(ts: ts, reward: r))
        sample(&accrual, ts: ts, value: accrued.doubleValue)
        return true
    }

    /// Books a claim; false, and nothing changes, when a total would leave its range.
    mutating func apply(_ c: Claim, ts: Int64) -> Bool {
        if token == nil { token = c.token }
        guard c.token == token else { otherTokenEntries += 1; return true }
        guard let total = claimed.adding(c.amount),
              let own = (operators[c.operatorID]?.claimed ?? .zero).adding(c.amount) else { return false }
        claimed = total
        claimsRevision.bump()
        operators[c.operatorID, default: OperatorLedger()].claim(claimed: own, feeUSD: c.feeUSD)
        recentClaims.append(ClaimNote(ts: ts, claim: c))
        return true
    }

    /// The median fee in USD of the recent claims that name one; after a restore (no recent claims yet),
    /// of each operator's last claim.
    public var medianClaimFeeUSD: Double? {
        var fees = recentClaims.elements.compactMap(\.claim.feeUSD)
        if fees.isEmpty { fees = operators.values.compactMap(\.lastClaimFeeUSD) }
        guard !fees.isEmpty else { return nil }
        fees.sort()
        let mid = fees.count / 2
        return fees.count % 2 == 1 ? fees[mid] : (fees[mid - 1] + fees[mid]) / 2
    }

    mutating func apply(_ p: Price, ts: Int64) {
        if token == nil { token = p.symbol }
        guard p.symbol == token else { return }
        priceUSD = p.usd
        sample(&priceHistory, ts: ts, value: p.usd)
    }

    private func sample(_ ring: inout Ring<TimedValue>, ts: Int64, value: Double) {
        let bucket = ts - ts % RewardsState.bucketMillis
        if let last = ring.last, last.ts == bucket {
            ring.replaceLast(TimedValue(ts: bucket, value: value))
        } else {
            ring.append(TimedValue(ts: bucket, value: value))
        }
    }
}

extension RewardsState {
    init(token: String?, priceUSD: Double?, operators: [String: OperatorLedger], byNode: [String: TokenAmount],
         accrued: TokenAmount, claimed: TokenAmount, penalties: TokenAmount, entries: Int, otherTokenEntries: Int,
         accrual: [TimedValue], priceHistory: [TimedValue], recent: [RewardNote]) {
        self.init()
        self.token = token; self.priceUSD = priceUSD; self.operators = operators; self.byNode = byNode
        self.accrued = accrued; self.claimed = claimed; self.penalties = penalties; self.entries = entries
        self.otherTokenEntries = otherTokenEntries
        claimsRevision.bump()
        for v in accrual { self.accrual.append(v) }
        for v in priceHistory { self.priceHistory.append(v) }
        for v in recent { self.recent.append(v) }
    }
}

extension RewardsState {
    /// Equal in everything a keyframe holds (the recent claims are not kept in one).
    public static func == (a: RewardsState, b: RewardsState) -> Bool {
        a.token == b.token && a.priceUSD == b.priceUSD && a.operators == b.operators && a.byNode == b.byNode
            && a.accrued == b.accrued && a.claimed == b.claimed && a.penalties == b.penalties && a.entries == b.entries
            && a.otherTokenEntries == b.otherTokenEntries && a.accrual == b.accrual && a.priceHistory == b.priceHistory
            && a.recent == b.recent
    }
}

/// A claim and when it was booked.
public struct ClaimNote: Sendable, Equatable {
    public var ts: Int64
    public var claim: Claim
}

/// A reward entry and when it was booked.
public struct RewardNote: Sendable, Equatable {
    public var ts: Int64
    public var reward: Reward
}
