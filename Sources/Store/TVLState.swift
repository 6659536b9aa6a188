import Feed

/// One protocol's TVL: the latest value per chain, its total, and a history of the total.
public struct ProtocolTVL: Sendable, Equatable {
    public var name: String
    public var category: String?
    /// Chain → USD, in the order chains were first seen.
    public var chains: [(chain: String, usd: Double)]
    public var history: Ring<TimedValue>

    public init(name: String, category: String?, chains: [(chain: String, usd: Double)] = [],
                history: Ring<TimedValue> = Ring(capacity: 240)) {
        self.name = name; self.category = category; self.chains = chains; self.history = history
    }

    /// Summed across chains, always from the chain values so that it never drifts.
    public var totalUSD: Double { chains.reduce(0) { $0 + $1.usd } }

    public static func == (a: ProtocolTVL, b: ProtocolTVL) -> Bool {
        a.name == b.name && a.category == b.category && a.history == b.history
            && a.chains.count == b.chains.count
            && zip(a.chains, b.chains).allSatisfy { $0.chain == $1.chain && $0.usd == $1.usd }
    }
}

/// TVL by protocol and chain; history per protocol and of the total, one sample a minute.
public struct TVLState: Sendable, Equatable {
    public private(set) var protocols: [ProtocolTVL] = []
    public private(set) var index: [String: Int] = [:]
    public private(set) var totalHistory = Ring<TimedValue>(capacity: 240)
    public static let bucketMillis: Int64 = 60_000

    public init() {}

    /// What the total and the concentration count: the protocols, or the chain totals when they are all
    /// there is (a /v2/chains import on its own).
    public var counted: [ProtocolTVL] {
        let real = protocols.filter { $0.category != TVL.chainTotalsCategory }
        return real.isEmpty ? protocols : real
    }

    /// The total of `counted`, without building it: this is taken at every TVL record.
    public var totalUSD: Double {
        var real = 0.0, chains = 0.0, anyReal = false
        for p in protocols {
            if p.category == TVL.chainTotalsCategory { chains += p.totalUSD } else { real += p.totalUSD; anyReal = true }
        }
        return anyReal ? real : chains
    }

    /// Whether `p` is part of the total (chain totals are not, beside protocols).
    public func isCounted(_ p: ProtocolTVL) -> Bool {
        p.category != TVL.chainTotalsCategory || !protocols.contains { $0.category != TVL.chainTotalsCategory }
    }

    mutating func apply(_ t: TVL, ts: Int64) {
        let i: Int
        if let found = index[t.protocolName] {
            i = found
        } else {
            i = protocols.count
            index[t.protocolName] = i
            protocols.append(ProtocolTVL(name: t.protocolName, category: t.category))
        }
        if let category = t.category { protocols[i].category = category }
        if let c = protocols[i].chains.firstIndex(where: { $0.chain == t.chain }) {
            protocols[i].chains[c].usd = t.usd
        } else {
            protocols[i].chains.append((t.chain, t.usd))
        }
        let bucket = ts - ts % TVLState.bucketMillis
        Self.sample(&protocols[i].history, bucket: bucket, value: protocols[i].totalUSD)
        Self.sample(&totalHistory, bucket: bucket, value: totalUSD)
    }

    static func sample(_ ring: inout Ring<TimedValue>, bucket: Int64, value: Double) {
        if let last = ring.last, last.ts == bucket {
            ring.replaceLast(TimedValue(ts: bucket, value: value))
        } else {
            ring.append(TimedValue(ts: bucket, value: value))
        }
    }

    mutating func restore(_ list: [ProtocolTVL], total: [TimedValue]) {
        for p in list {
            index[p.name] = protocols.count
            protocols.append(p)
        }
        for v in total { totalHistory.append(v) }
    }
}
