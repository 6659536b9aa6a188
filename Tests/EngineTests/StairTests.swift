import Testing
@testable import Engine
import Simulation

@Suite struct StairTests {
    static func randomPoint(_ rng: inout TestRandom) -> Stair.Point {
        Stair.Point(bound: rng.chance(0.1) ? rng.pick([-1, 0, 1e300, .infinity, .nan]) : rng.uniform(-1, 64),
                    rng.chance(0.1) ? rng.pick([-Double.infinity, -0.0, 3e38]) : rng.uniform(-1, 256),
                    rng.chance(0.7) ? 0 : rng.pick([1, 2, 8, Int.max, Int.min]))
    }

    /// However many points are added, every one of them stays below the stair (it is a bound).
    @Test(arguments: [UInt64(1), 2, 3, 4])
    func everyPointAddedIsCovered(seed: UInt64) {
        var rng = TestRandom(state: seed)
        var stair = Stair.empty
        var added: [Stair.Point] = []
        for _ in 0..<400 {
            let p = Self.randomPoint(&rng)
            stair.add(p)
            added.append(p)
            #expect(stair.admits(p))
            if added.count % 37 == 0 { #expect(added.allSatisfy(stair.admits)) }
        }
        #expect(added.allSatisfy(stair.admits))
        // A stair built from two halves covers them all too (what a subtree does with its children's).
        var left = Stair.empty, right = Stair.empty
        for (k, p) in added.enumerated() { if k % 2 == 0 { left.add(p) } else { right.add(p) } }
        left.add(right)
        #expect(added.allSatisfy(left.admits))
    }

    /// With at most eight undominated points the stair is exact: it admits a request exactly when
    /// one of the points is at least the request, so free cpu on one node and free memory on
    /// another never pass for a node with both.
    @Test func upToEightStepsAreExact() {
        var rng = TestRandom(state: 7)
        for _ in 0..<200 {
            var stair = Stair.empty
            // An antichain: cpu rises as memory falls, at most eight steps, with dominated points among them.
            let steps = 1 + rng.below(8)
            var points: [Stair.Point] = []
            for k in 0..<steps {
                let p = Stair.Point(bound: Double(8 * k) + rng.uniform(0, 7), Double(256 - 30 * k) - rng.uniform(0, 20), k % 3)
                points.append(p)
                stair.add(p)
                stair.add(Stair.Point(bound: Double(p.cpu) / 2, Double(p.mem) / 2, 0))
            }
            for _ in 0..<50 {
                let q = Stair.Point(request: Resources(cpu: rng.uniform(0, 70), memGB: rng.uniform(0, 260), gpus: rng.below(3)))
                #expect(stair.admits(q) == points.contains { $0.covers(q) }, "\(q)")
            }
        }
    }

    /// Rounding to `Float` keeps a bound at least the value and a request at most the value.
    @Test func roundingNeverLosesAFit() {
        for x in [0.1, 1.0 / 3, 1e-40, -1e-40, 16_777_217, 1e39, -1e39, 4.000000000000001] {
            #expect(Double(Stair.up(x)) >= x && Double(Stair.down(x)) <= x, "\(x)")
        }
        #expect(Stair.up(.nan) == .infinity && Stair.up(-.infinity) > -.infinity)
        let bound = Stair.Point(bound: 0.30000000000000004, 0.1, 16_777_217)
        #expect(bound.covers(Stair.Point(request: Resources(cpu: 0.30000000000000004, memGB: 0.1, gpus: 16_777_217))))
    }
}
