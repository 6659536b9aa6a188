/// How far a stablecoin is from its peg, in the bands public dashboards use.
public enum PegBand: String, Sendable, CaseIterable, Comparable {
    /// |deviation| ≤ 0.5%
    case ok
    /// ≤ 2%
    case watch
    /// ≤ 10%
    case flag
    /// > 10%
    case depegged
    /// No price.
    case unknown

    public init(deviation: Double?) {
        guard let d = deviation, d.isFinite else { self = .unknown; return }
        // Rounded to 1e-9 so that a price of exactly 0.995 (−0.0050000000000000044 in binary) is ok.
        switch (abs(d) * 1e9).rounded() / 1e9 {
        case ...0.005: self = .ok
        case ...0.02: self = .watch
        case ...0.10: self = .flag
        default: self = .depegged
        }
    }

    private var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: PegBand, b: PegBand) -> Bool { a.order < b.order }
}

/// price / target − 1; the target is 1.0 for a USD peg (the only peg the feed prices in USD directly).
public func pegDeviation(price: Double?, peg: String = "USD", target: Double = 1.0) -> Double? {
    guard let price, price.isFinite, target > 0 else { return nil }
    guard peg.uppercased() == "USD" || target != 1.0 else { return nil }
    return price / target - 1
}
