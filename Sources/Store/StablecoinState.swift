import Feed

/// A stablecoin's latest record and its price history.
public struct StablecoinEntry: Sendable, Equatable {
    public var coin: Stablecoin
    public var updated: Int64
    public var priceHistory: Ring<TimedValue>

    public init(coin: Stablecoin, updated: Int64, priceHistory: Ring<TimedValue> = Ring(capacity: 240)) {
        self.coin = coin; self.updated = updated; self.priceHistory = priceHistory
    }

    /// Sum of the reserve categories, if the issuer reports them.
    public var reservesUSD: Double? { coin.reserves.map { $0.reduce(0) { $0 + $1.usd } } }

    /// Reserves over the supply valued at the peg (1.0 for a USD peg).
    public var reserveRatio: Double? {
        guard let r = reservesUSD, coin.supply > 0 else { return nil }
        return r / coin.supply
    }
}

/// Stablecoins by symbol, in the order first seen.
public struct StablecoinState: Sendable, Equatable {
    public private(set) var coins: [StablecoinEntry] = []
    public private(set) var index: [String: Int] = [:]

    public init() {}

    mutating func apply(_ s: Stablecoin, ts: Int64) {
        if let i = index[s.symbol] {
            coins[i].coin = s
            coins[i].updated = ts
            if let p = s.price { coins[i].priceHistory.append(TimedValue(ts: ts, value: p)) }
        } else {
            var entry = StablecoinEntry(coin: s, updated: ts)
            if let p = s.price { entry.priceHistory.append(TimedValue(ts: ts, value: p)) }
            index[s.symbol] = coins.count
            coins.append(entry)
        }
    }

    mutating func restore(_ entries: [StablecoinEntry]) {
        for e in entries {
            index[e.coin.symbol] = coins.count
            coins.append(e)
        }
    }
}
