/// How concentrated a set of weights is, with the definitions of feed v1:
/// computed over the weights > 0 only.
public struct Concentration: Sendable, Equatable {
    /// Entities with weight > 0.
    public var n: Int
    /// Smallest k whose k largest weights sum to strictly more than half the total.
    public var nakamoto50: Int
    /// G = 2·Σ i·xᵢ / (n·Σ xᵢ) − (n+1)/n over the weights sorted ascending.
    public var gini: Double
    /// Σ sᵢ², shares as fractions (0…1).
    public var hhi: Double
    /// The ten largest weights over the total.
    public var top10Share: Double
    /// The largest weight over the total, and the three largest: what reads where there are ten or fewer.
    public var top1Share: Double
    public var top3Share: Double

    public static let empty = Concentration(n: 0, nakamoto50: 0, gini: 0, hhi: 0, top10Share: 0)

    public init(n: Int, nakamoto50: Int, gini: Double, hhi: Double, top10Share: Double, top1Share: Double = 0,
                top3Share: Double = 0) {
        self.n = n; self.nakamoto50 = nakamoto50; self.gini = gini; self.hhi = hhi; self.top10Share = top10Share
        self.top1Share = top1Share; self.top3Share = top3Share
    }

    /// Top-10 is 100% and says nothing with ten or fewer entities: they show top-1 and top-3 instead.
    public var fewEntities: Bool { n <= 10 }

    /// All four figures from one sort of the weights.
    public init<S: Sequence>(weights: S) where S.Element == Double {
        self.init(weights: Array(weights))
    }

    /// The same over an array, not generic: a generic initialiser called from another module runs
    /// unspecialised, every element through a witness table (the dashboard's refresh showed it so).
    public init(weights: [Double]) {
        var xs = weights.filter { $0 > 0 && $0.isFinite }
        guard !xs.isEmpty else { self = .empty; return }
        xs.sort()
        let n = xs.count
        let total = sum(xs)
        var weighted = 0.0
        var squares = 0.0
        for (i, x) in xs.enumerated() {
            weighted += Double(i + 1) * x
            squares += (x / total) * (x / total)
        }
        let gini = 2 * weighted / (Double(n) * total) - Double(n + 1) / Double(n)
        var cumulative = 0.0
        var k = 0
        for x in xs.reversed() {
            cumulative += x
            k += 1
            if cumulative > total / 2 { break }
        }
        let top = sum(xs.suffix(10))
        self.init(n: n, nakamoto50: k, gini: max(0, gini), hhi: squares, top10Share: top / total,
                  top1Share: (xs.last ?? 0) / total, top3Share: sum(xs.suffix(3)) / total)
    }
}

/// Neumaier-compensated sum, so shares of a billion-dollar total with dust entries stay exact enough.
public func sum<C: Collection>(_ xs: C) -> Double where C.Element == Double {
    var s = 0.0
    var c = 0.0
    for x in xs {
        let t = s + x
        if abs(s) >= abs(x) { c += (s - t) + x } else { c += (x - t) + s }
        s = t
    }
    return s + c
}

/// The points of a Lorenz curve: cumulative share of weight against cumulative share of holders,
/// smallest holders first, from (0,0) to (1,1).
public func lorenzCurve<S: Sequence>(_ weights: S) -> [(population: Double, weight: Double)] where S.Element == Double {
    let xs = weights.filter { $0 > 0 && $0.isFinite }.sorted()
    guard !xs.isEmpty else { return [(0, 0), (1, 1)] }
    let total = sum(xs)
    var points: [(Double, Double)] = [(0, 0)]
    var cumulative = 0.0
    for (i, x) in xs.enumerated() {
        cumulative += x
        points.append((Double(i + 1) / Double(xs.count), cumulative / total))
    }
    return points
}
