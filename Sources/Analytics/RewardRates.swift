import Feed
import Store

/// Reward accrual per hour, per operator and in total, over one window of event time shared by all:
/// so the operators' rates add up to the total the concentration box and the export show.
public struct RewardRates: Sendable {
    /// All operators' rate together (their rates add up to it, to rounding); nil before the window has any length.
    public private(set) var total: Double?
    /// The window's length.
    public private(set) var windowMillis: Int64
    /// Where the window opens (event ms): each operator's baseline is what it had accrued by then.
    private var opens: Int64 = 0
    private var hours = 0.0
    /// The operators' baselines summed, and what they were summed for: a refresh in the same window of
    /// the same stream reuses the sum instead of reading every operator's ring again.
    private var baselines = 0.0
    private var summed: (operators: Int, entries: Int, now: Int64, firstTs: Int64?)?

    public static let empty = RewardRates(total: nil, windowMillis: 0)

    private init(total: Double?, windowMillis: Int64) {
        self.total = total; self.windowMillis = windowMillis
    }

    /// Buckets of an operator's window reaching back: eleven whole ones before the current one, so its
    /// 13-bucket ring always still holds the value before the window (the baseline).
    static let bucketsBack: Int64 = 11

    /// (accrued now − accrued when the window opened) / the window's hours, for every operator, and in
    /// total (all accrued now − the baselines summed). The window opens at a bucket boundary about an
    /// hour back, or where the data starts if later. `previous`, the rates of the same stream a moment
    /// ago, lends its sum of the baselines when the window has not moved and no operator came: what
    /// arrived since is later than the window's opening, so no baseline changed.
    public init(_ rewards: RewardsState, now: Int64, firstTs: Int64?, previous: RewardRates? = nil) {
        let bucket = OperatorLedger.windowBucket
        let opens = max(now - now % bucket - RewardRates.bucketsBack * bucket, firstTs ?? now)
        let window = now - opens
        guard window > 0 else {
            self = .empty
            return
        }
        self.init(total: nil, windowMillis: window)
        self.opens = opens
        hours = Double(window) / 3_600_000
        let key = (operators: rewards.operators.count, entries: rewards.entries, now: now, firstTs: firstTs)
        if let p = previous, let was = p.summed, p.opens == opens, was.operators == key.operators,
           was.firstTs == key.firstTs, was.entries <= key.entries, was.now <= now {
            baselines = p.baselines
        } else {
            // The same sum in any order of the operators (a dictionary's differs from run to run), without
            // sorting them: the baselines are summed exactly and rounded once.
            var sum = ExactSum()
            for ledger in rewards.operators.values { sum.add(RewardRates.baseline(ledger, opens: opens)) }
            baselines = sum.value
        }
        summed = key
        total = (rewards.accrued.doubleValue - baselines) / hours
    }

    /// An operator's rate over the window (0 for one that earned nothing in it); nil before the window
    /// has any length. It is found when asked for: the once-a-second refresh makes no table of them, and
    /// keeps no reference to the ledgers (the store's next reward would copy them all).
    public func rate(_ ledger: OperatorLedger) -> Double? { hours > 0 ? value(ledger) : nil }

    /// Operator → rate, for every operator of `rewards` (the state the rates were found in).
    public func byOperator(_ rewards: RewardsState) -> [String: Double] {
        hours > 0 ? rewards.operators.mapValues(value) : [:]
    }

    private func value(_ ledger: OperatorLedger) -> Double {
        (ledger.accrued.doubleValue - RewardRates.baseline(ledger, opens: opens)) / hours
    }

    /// What the operator had accrued when the window opened.
    private static func baseline(_ ledger: OperatorLedger, opens: Int64) -> Double {
        ledger.window.last { $0.ts + OperatorLedger.windowBucket <= opens }?.value ?? 0
    }
}

/// A sum of doubles that does not depend on their order: each is held as a multiple of 2⁻⁶⁴ in 128 bits
/// and the total rounded once. Past its range (2⁶³ in all) it falls back to summing in the order given.
struct ExactSum {
    private var fixed: Int128 = 0
    private var plain = 0.0
    private var overflowed = false
    private static let scale = 18_446_744_073_709_551_616.0  // 2⁶⁴
    private static let limit = 85_070_591_730_234_615_865_843_651_857_942_052_864.0  // 2¹²⁶

    mutating func add(_ x: Double) {
        plain += x
        let scaled = (x * ExactSum.scale).rounded()
        guard !overflowed, scaled.isFinite, abs(scaled) < ExactSum.limit else {
            overflowed = true
            return
        }
        let (sum, over) = fixed.addingReportingOverflow(Int128(scaled))
        if over { overflowed = true } else { fixed = sum }
    }

    var value: Double { overflowed ? plain : Double(fixed) / ExactSum.scale }
}
