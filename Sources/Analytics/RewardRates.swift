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
        var rates: [String: Double] = [:]
        var total = 0.0
        for (id, ledger) in rewards.operators.sorted(by: { $0.key < $1.key }) {
            let baseline = ledger.window.elements.last { $0.ts + bucket <= opens }?.value ?? 0
            let rate = (ledger.accrued.doubleValue - baseline) / hours
            rates[id] = rate
            total += rate
        }
        self.init(byOperator: rates, total: total, windowMillis: window)
    }
}
