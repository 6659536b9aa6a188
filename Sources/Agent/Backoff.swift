/// Exponential backoff with full jitter: the n-th retry waits a random time up to base·2ⁿ, capped, so
/// that agents cut off together by a coordinator restart do not come back together.
public struct Backoff: Sendable {
    public var baseMillis: Int64
    public var capMillis: Int64
    public private(set) var failures = 0

    public init(baseMillis: Int64 = 250, capMillis: Int64 = 30_000) {
        self.baseMillis = max(1, baseMillis)
        self.capMillis = max(self.baseMillis, capMillis)
    }

    /// The wait before the next try after one more failure; `random` picks in 0...limit.
    public mutating func next(random: (Int64) -> Int64 = { Int64.random(in: 0...$0) }) -> Int64 {
        let limit = ceiling
        failures = min(failures + 1, 62)
        return min(limit, max(0, random(limit)))
    }

    /// The largest wait the next failure can bring.
    public var ceiling: Int64 {
        let shift = min(failures, 40)
        let grown = baseMillis.multipliedReportingOverflow(by: Int64(1) << shift)
        return grown.overflow ? capMillis : min(capMillis, grown.partialValue)
    }

    public mutating func succeeded() { failures = 0 }
}
