import Feed
import Store

/// Reward accrual per hour, per operator and in total, over one window of event time shared by all:
/// so the operators' rates add up to the total the concentration box and the export show.
public struct RewardRates: Sendable, Equatable {
    /// Operator → rate per hour (0 for one that earned nothing in the window).
    public var byOperator: [String: Double]
    /// Sum of the operators' rates; nil before the window has any length.
    public var total: Double?
    /// The window's length.
    public var windowMillis: Int64

    public static let empty = RewardRates(byOperator: [:], total: nil, windowMillis: 0)

    public init(byOperator: [String: Double], total: Double?, windowMillis: Int64) {
        self.byOperator = byOperator; self.total = total; self.windowMillis = windowMillis
    }

    /// Buckets of an operator's window reaching back: eleven whole ones before the current one, so its
    /// 13-bucket ring always still holds the value before the window (the baseline).
    static let bucketsBack: Int64 = 11

    /// (accrued now − accrued when the window opened) / the window's hours, for every operator. The
    /// window opens at a bucket boundary about an hour back, or where the data starts if later.
    public init(_ rewards: RewardsState, now: Int64, firstTs: Int64?) {
        let bucket = OperatorLedger.windowBucket
        let opens = max(now - now % bucket - RewardRates.bucketsBack * bucket, firstTs ?? now)
        let window = now - opens
        guard window > 0 else {
            self = .empty
            return
        }
        let hours = Double(window) / 3_600_000
        // Once a second on the idle dashboard: the rates are found in place, and only (id, rate) pairs are
        // sorted (sorting the ledgers copied each one), so that the total is summed in one order on every run.
        var pairs: [(id: String, rate: Double)] = []
        pairs.reserveCapacity(rewards.operators.count)
        for (id, ledger) in rewards.operators {
            let baseline = ledger.window.last { $0.ts + bucket <= opens }?.value ?? 0
            pairs.append((id, (ledger.accrued.doubleValue - baseline) / hours))
        }
        pairs.sort { $0.id < $1.id }
        var rates = [String: Double](minimumCapacity: pairs.count)
        var total = 0.0
        for p in pairs {
            rates[p.id] = p.rate
            total += p.rate
        }
        self.init(byOperator: rates, total: total, windowMillis: window)
    }
}
