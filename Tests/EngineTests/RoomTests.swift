import Testing
@testable import Engine
import Simulation

@Suite struct RoomTests {
    static func randomCapacity(_ rng: inout TestRandom) -> Capacity {
        let cpu = Double(rng.pick([0, 1, 4, 16, 64])), mem = rng.pick([0.0, 2, 16, 256, .infinity])
        return Capacity(allocatedCPU: rng.chance(0.1) ? rng.pick([-1, .nan, 1e300]) : rng.uniform(0, cpu),
                        cpu: cpu, allocatedMemGB: rng.chance(0.1) ? -.infinity : rng.uniform(0, min(mem, 300)),
                        memGB: mem, allocatedGPUs: rng.pick([0, 0, 1, Int.min]), gpus: rng.pick([0, 0, 1, 8, Int.max]))
    }

    static func randomRequest(_ rng: inout TestRandom) -> Resources {
        Resources(cpu: rng.chance(0.1) ? rng.pick([-1, .nan, -.infinity]) : rng.uniform(0, 70),
                  memGB: rng.chance(0.1) ? rng.pick([-.infinity, 1e39]) : rng.uniform(0, 300),
                  gpus: rng.chance(0.8) ? 0 : rng.pick([1, 2, -3, Int.max]))
    }

    /// Wherever a node fits a request, its room admits it, and so does the room of any set of
    /// nodes with it in (what a subtree holds): pruning never drops a fit.
    @Test(arguments: [UInt64(1), 2, 3])
    func aFitIsNeverPruned(seed: UInt64) {
        var rng = TestRandom(state: seed)
        let nodes = (0..<300).map { _ in Self.randomCapacity(&rng) }
        let all = nodes.reduce(Room.none) { $0.larger(Room($1.headroom)) }
        var fits = 0
        for _ in 0..<3000 {
            let r = Self.randomRequest(&rng)
            let q = Room.Request(r)
            for n in nodes where n.fits(r) {
                fits += 1
                #expect(Room(n.headroom).admits(q) && all.admits(q), "\(n) \(r)")
            }
        }
        #expect(fits > 10_000, "requests that fit were tried: \(fits)")
    }

    /// For a request whose cpu or memory is one of the sizes (its cpu, if it asks for a GPU), the
    /// room admits it exactly when one node has all it asks: free cpu on one node and free memory on
    /// another do not pass for a fit.
    @Test func atTheSizesTheRoomIsExact() {
        var rng = TestRandom(state: 7)
        for _ in 0..<300 {
            let points = (0..<(1 + rng.below(12))).map { _ in
                Room.Point(cpu: Float(rng.below(130)) / 2, mem: Float(rng.below(600)) / 2,
                           gpu: Float(rng.pick([0, 0, 1, 2])))
            }
            let room = points.reduce(Room.none) { $0.larger(Room($1)) }
            for _ in 0..<40 {
                let atCPU = rng.chance(0.5)
                let cpu = atCPU ? Double(rng.pick([0.5, 1, 2, 4, 8, 16, 32])) : rng.uniform(0, 40)
                let mem = atCPU ? rng.uniform(0, 300) : Double(rng.pick([1, 2, 4, 8, 16, 32, 128]))
                let r = Resources(cpu: cpu, memGB: mem, gpus: atCPU && rng.chance(0.3) ? 1 : 0)
                let q = Room.Request(r)
                #expect(room.admits(q) == points.contains { $0.covers(q.p) }, "\(r) \(points)")
            }
        }
    }

    /// Rounding to `Float` keeps a bound at least the value and a request at most the value.
    @Test func roundingNeverLosesAFit() {
        for x in [0.1, 1.0 / 3, 1e-40, -1e-40, 16_777_217, 1e39, -1e39, 4.000000000000001, -Double.infinity] {
            #expect(Double(Room.up(x)) >= x && Double(Room.down(x)) <= x, "\(x)")
        }
        #expect(Room.up(.nan) == .infinity)
        let bound = Room.Point(bound: 0.30000000000000004, 0.1, 16_777_217)
        #expect(bound.covers(Room.Point(request: Resources(cpu: 0.30000000000000004, memGB: 0.1, gpus: 16_777_217))))
    }
}

@Suite struct TaskIDsTests {
    /// A node's task ids behave as a set: no repeats, removal of any member, equality in any order.
    @Test func aSetOfIDs() {
        var ids = TaskIDs()
        #expect(ids.insert("a") && ids.insert("b") && ids.insert("c") && !ids.insert("b"))
        #expect(ids.count == 3 && ids.contains("b"))
        ids.remove("a")
        ids.remove("zz")
        #expect(ids == ["c", "b"] && ids == ["b", "c"] && ids != ["b"] && ids != ["b", "d"])
        #expect(ids.sorted() == ["b", "c"])
        ids.remove("b"); ids.remove("c")
        #expect(ids.isEmpty && ids == TaskIDs())
    }
}
