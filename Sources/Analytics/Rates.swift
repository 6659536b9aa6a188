/// A cumulative value over time, for rates.
public struct Sample: Sendable, Equatable {
    public var ts: Int64
    public var value: Double
    public init(ts: Int64, value: Double) { self.ts = ts; self.value = value }
}

/// Rate per hour of a cumulative series over the last `windowMillis` of its own time:
/// (newest − value at the window's start) / elapsed hours. Nil with less than two samples.
public func ratePerHour(_ samples: [Sample], windowMillis: Int64 = 3_600_000) -> Double? {
    guard let last = samples.last else { return nil }
    let start = last.ts - windowMillis
    guard let first = samples.first(where: { $0.ts >= start }), last.ts > first.ts else { return nil }
    return (last.value - first.value) / (Double(last.ts - first.ts) / 3_600_000)
}

/// Change of a series over the window: (newest − oldest in window) / oldest; nil if undefined.
public func relativeChange(_ samples: [Sample], windowMillis: Int64) -> Double? {
    guard let last = samples.last else { return nil }
    guard let first = samples.first(where: { $0.ts >= last.ts - windowMillis }), first.value > 0, first.ts < last.ts
    else { return nil }
    return last.value / first.value - 1
}

/// Counts events per second over a sliding window of wall-clock time (records/s in the status line).
public struct RateMeter: Sendable {
    private var stamps: [(ts: Int64, count: Int)] = []
    public let windowMillis: Int64

    public init(windowMillis: Int64 = 5_000) { self.windowMillis = windowMillis }

    public mutating func record(_ count: Int, at ts: Int64) {
        if let last = stamps.last, last.ts / 100 == ts / 100 {
            stamps[stamps.count - 1].count += count
        } else {
            stamps.append((ts, count))
        }
        let cutoff = ts - windowMillis
        if let keep = stamps.firstIndex(where: { $0.ts > cutoff }), keep > 0 { stamps.removeFirst(keep) }
    }

    public func perSecond(at now: Int64) -> Double {
        let cutoff = now - windowMillis
        let n = stamps.reduce(0) { $0 + ($1.ts > cutoff ? $1.count : 0) }
        return Double(n) / (Double(windowMillis) / 1000)
    }
}

/// Picks at most `width` points from a series by averaging equal buckets (for sparklines).
public func downsample(_ values: [Double], to width: Int) -> [Double] {
    guard width > 0 else { return [] }
    guard values.count > width else { return values }
    return (0..<width).map { b in
        let lo = b * values.count / width
        let hi = max(lo + 1, (b + 1) * values.count / width)
        return sum(values[lo..<hi]) / Double(hi - lo)
    }
}
