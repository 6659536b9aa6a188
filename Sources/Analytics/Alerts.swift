import Feed
import Store

/// What an alert is about; with its subject it names one alert while it lasts.
public enum AlertKind: String, Sendable, CaseIterable {
    /// Nodes of a region offline (subject: the region).
    case offline
    /// A stablecoin off its peg beyond the watch band (subject: the symbol).
    case depeg
    /// A stablecoin's reserves below its supply (subject: the symbol).
    case reserves
    /// A protocol's TVL down 20% or more in an hour (subject: the protocol).
    case tvlDrop = "tvl_drop"
    /// One voter holds a majority of an open proposal's weight (subject: the proposal).
    case voterMajority = "voter_majority"
}

public enum AlertSeverity: String, Sendable, Comparable {
    case watch, flag, critical
    private var order: Int { self == .watch ? 0 : self == .flag ? 1 : 2 }
    public static func < (a: AlertSeverity, b: AlertSeverity) -> Bool { a.order < b.order }
}

/// One alert as it stands now.
public struct AlertNow: Sendable, Equatable {
    public var kind: AlertKind
    public var subject: String
    public var severity: AlertSeverity
    public var text: String
}

/// An alert with when it started and, once over, when it ended (event time).
public struct AlertEntry: Sendable, Equatable {
    public var kind: AlertKind
    public var subject: String
    public var severity: AlertSeverity
    public var text: String
    public var since: Int64
    public var until: Int64?
}

/// Reserves short of supply: below 100% by more than an issuer's rounding (0.05%).
public func reservesShort(_ ratio: Double) -> Bool { ratio < 0.9995 }

extension ChainState {
    /// Every alert the state raises now, in a fixed order (kind, then subject).
    public func alertsNow() -> [AlertNow] {
        offlineAlerts() + coinAlerts() + tvlAlerts() + voterAlerts()
    }

    func offlineAlerts() -> [AlertNow] {
        guard fleet.count(.offline) > 0 else { return [] }
        var down: [String: Int] = [:]
        for region in fleet.statusByRegion.keys where fleet.count(.offline, region: region) > 0 {
            down[region] = fleet.count(.offline, region: region)
        }
        // Two names a region: the scan stops once it has them all, not at the end of a large fleet.
        var names: [String: [String]] = [:]
        var wanted = down.values.reduce(0) { $0 + min($1, 2) }
        for i in fleet.nodes.indices where fleet.nodes[i].status == .offline {
            let info = fleet.nodes[i].info
            guard (names[info.region]?.count ?? 0) < 2 else { continue }
            names[info.region, default: []].append(info.id)
            wanted -= 1
            if wanted == 0 { break }
        }
        return down.sorted { $0.key < $1.key }.map { region, count in
            let of = fleet.nodesByRegion[region] ?? count
            let list = (names[region] ?? []).joined(separator: ", ") + (count > 2 ? "…" : "")
            return AlertNow(kind: .offline, subject: region, severity: count * 2 > of ? .critical : .flag,
                            text: "\(region): \(count) of \(of) node\(of == 1 ? "" : "s") offline (\(list))")
        }
    }

    func coinAlerts() -> [AlertNow] {
        var out: [AlertNow] = []
        for c in stablecoins.coins {
            let dev = pegDeviation(price: c.coin.price, peg: c.coin.peg)
            let band = PegBand(deviation: dev)
            if band == .flag || band == .depegged {
                out.append(AlertNow(kind: .depeg, subject: c.coin.symbol, severity: band == .depegged ? .critical : .flag,
                                    text: "\(c.coin.symbol) \(band.rawValue) \(formatPercent(dev, digits: 2, signed: true))"))
            }
        }
        for c in stablecoins.coins {
            if let ratio = c.reserveRatio, reservesShort(ratio) {
                out.append(AlertNow(kind: .reserves, subject: c.coin.symbol, severity: ratio < 0.9 ? .critical : .flag,
                                    text: "\(c.coin.symbol) reserves \(shortfallPercent(ratio)) of supply"))
            }
        }
        return out
    }

    func tvlAlerts() -> [AlertNow] {
        tvl.protocols.compactMap { p in
            guard let change = tvlChange(p), change <= -0.2 else { return nil }
            return AlertNow(kind: .tvlDrop, subject: p.name, severity: .critical, text: "\(p.name) TVL \(formatPercent(change, digits: 0)) in 1h")
        }
    }

    func voterAlerts() -> [AlertNow] {
        governance.proposals.compactMap { p in
            guard p.proposal.state == .active || p.proposal.state == .pending else { return nil }
            let total = p.totalWeight
            guard total > 0, let top = p.ballots.values.map(\.weight).max(), top / total > 0.5 else { return nil }
            return AlertNow(kind: .voterMajority, subject: p.proposal.id, severity: .watch,
                            text: "\(p.proposal.id): one voter holds \(formatPercent(top / total, digits: 0))")
        }
    }

    /// A protocol's TVL change over the last hour of its history.
    public func tvlChange(_ p: ProtocolTVL) -> Double? {
        relativeChange(p.history.elements.map { Sample(ts: $0.ts, value: $0.value) }, windowMillis: 3_600_000)
    }
}

/// A whole percentage, except that a shortfall never reads as 100% (0.9996 shows as 99.96%).
public func shortfallPercent(_ f: Double?) -> String {
    guard let f, f.isFinite else { return "–" }
    return formatPercent(f, digits: f < 1 && (f * 100).rounded() >= 100 ? 2 : 0)
}

/// A fraction as a percentage: 0.4231 → "42.3%".
public func formatPercent(_ f: Double?, digits: Int = 1, signed: Bool = false) -> String {
    guard let f, f.isFinite else { return "–" }
    let text = formatFixed(f * 100, digits) + "%"
    return signed && f > 0 ? "+" + text : text
}

/// Fixed decimals without Foundation's String(format:).
public func formatFixed(_ x: Double, _ digits: Int) -> String {
    guard x.isFinite else { return "–" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let r = (abs(x) * scale).rounded()
    guard r < 9e18 else { return x.description }
    let n = Int64(r)
    let whole = n / Int64(scale)
    var text = (x < 0 && n != 0 ? "-" : "") + String(whole)
    if digits > 0 {
        var frac = String(n % Int64(scale))
        while frac.count < digits { frac = "0" + frac }
        text += "." + frac
    }
    return text
}
