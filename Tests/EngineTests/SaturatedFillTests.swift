import Testing
@testable import Engine
@testable import Feed
import Simulation

/// The cases the subtree bounds found hardest: a fleet filled with ever smaller tasks until it is
/// saturated, which leaves free cpu on nodes whose memory is taken and free memory on nodes whose
/// cpu is taken, and requests that lie between the two.
@Suite struct SaturatedFillTests {
    static func node(_ k: Int, _ rng: inout TestRandom) -> NodeInfo {
        let gpus = k % 5 == 0 ? rng.pick([1, 2, 4, 8]) : 0
        return NodeInfo(id: "node-" + String(10_000 + k), operatorID: "op", region: "eu",
                        nodeClass: gpus > 0 ? .gpu : .server, cpuCores: rng.pick([4, 8, 16, 32, 64]),
                        memGB: rng.pick([16, 32, 64, 128, 256]), gpus: gpus, version: "1")
    }

    /// Every placement of a fill down to saturation, and of requests after it (half of which fit
    /// nowhere, with tasks ending between), is the exhaustive reference's.
    @Test(arguments: [AllocationPolicy.leastAllocated, .mostAllocated], [UInt64(11), 12])
    func aFillToSaturationEqualsTheReference(policy: AllocationPolicy, seed: UInt64) {
        var rng = TestRandom(state: seed)
        var fleet = Fleet(policy: policy)
        for k in 0..<300 { fleet.join(Self.node(k, &rng)) }
        let shapes = [Resources(cpu: 2, memGB: 4, gpus: 1)]
            + [32.0, 16, 8, 4, 2, 1, 0.5].map { Resources(cpu: $0, memGB: $0 / 2 + rng.pick([0, 0.25, 3])) }
        var placed: [(node: String, r: Resources)] = []
        for shape in shapes {
            while let id = fleet.place(shape) { placed.append((id, shape)) }
        }
        #expect(placed.count > 400, "the fill placed \(placed.count)")
        let nowhere = [Resources(cpu: 100, memGB: 1), Resources(cpu: 1, memGB: 1, gpus: 1),
                       Resources(cpu: 1, memGB: 200), Resources(cpu: 4, memGB: 100), Resources(cpu: 8, memGB: 8),
                       Resources(cpu: 2, memGB: 150)]
        var again = 0
        for k in 0..<1000 {
            if k % 2 == 0, !placed.isEmpty {
                let ended = placed.remove(at: rng.below(placed.count))
                fleet.release(ended.r, from: ended.node)
                if fleet.place(ended.r) != nil { again += 1 }
            } else {
                _ = fleet.place(rng.pick(nowhere))  // checked against the reference; fits only where released
            }
        }
        #expect(again == 500, "released capacity is taken again: \(again)")
        #expect(fleet.checked > 1000)
    }

    /// Nodes and an allocator kept the way the engine keeps them, each pick checked against the reference.
    struct Fleet {
        var nodes: [String: RegisteredNode] = [:]
        var allocator: Allocator
        var checked = 0
        init(policy: AllocationPolicy) { allocator = Allocator(policy: policy) }

        mutating func join(_ info: NodeInfo) {
            var node = RegisteredNode(info: info, status: .online)
            allocator.update(&node)
            nodes[info.id] = node
        }

        mutating func place(_ r: Resources) -> String? {
            let want = referenceBestFit(r, nodes: nodes.values, policy: allocator.policy)
            let got = allocator.pick(r)
            #expect(got == want, "\(r)")
            checked += 1
            guard let id = got, var node = nodes[id] else { return nil }
            node.allocatedCPU += r.cpu; node.allocatedMemGB += r.memGB; node.allocatedGPUs += r.gpus
            allocator.update(&node)
            nodes[id] = node
            return id
        }

        mutating func release(_ r: Resources, from id: String) {
            guard var node = nodes[id] else { return }
            node.allocatedCPU -= r.cpu; node.allocatedMemGB -= r.memGB; node.allocatedGPUs -= r.gpus
            allocator.update(&node)
            nodes[id] = node
        }
    }

    /// Free cpu spread over some nodes and free memory over others, every value different: no node
    /// fits a request for both, and the search visits few nodes to find that.
    @Test func spreadFreeCPUAndFreeMemoryArePruned() {
        var allocator = Allocator(policy: .leastAllocated)
        var rng = TestRandom(state: 5)
        for k in 0..<20_000 {
            var node = RegisteredNode(info: info("n\(100_000 + k)", cores: 64, mem: 256), status: .online)
            if k % 2 == 0 {
                node.allocatedCPU = rng.uniform(0, 48); node.allocatedMemGB = rng.uniform(193, 256)  // cpu free
            } else {
                node.allocatedCPU = rng.uniform(49, 64); node.allocatedMemGB = rng.uniform(0, 192)  // memory free
            }
            allocator.update(&node)
        }
        #expect(allocator.pick(Resources(cpu: 16, memGB: 64)) == nil)
        #expect(allocator.examined < 50, "visited \(allocator.examined) of 20,000")
        let one = allocator.pick(Resources(cpu: 15, memGB: 60))
        #expect(one != nil && allocator.examined < 200, "visited \(allocator.examined)")
    }

    /// A staircase of many steps, every node on a step of its own: a request for one of the sizes
    /// just above a step fits nowhere and visits a small part of the fleet; one just on it fits.
    @Test func aLongStaircaseStaysPruned() {
        var allocator = Allocator(policy: .leastAllocated)
        for k in 0..<20_000 {
            let step = Double(k % 64)  // free cpu = step, free memory = 4 × (63 - step)
            var node = RegisteredNode(info: info("n\(100_000 + k)", cores: 64, mem: 256), status: .online)
            node.allocatedCPU = 64 - step; node.allocatedMemGB = 256 - 4 * (63 - step)
            allocator.update(&node)
        }
        #expect(allocator.pick(Resources(cpu: 16, memGB: 4 * 47 + 1)) == nil)
        #expect(allocator.examined < 50, "visited \(allocator.examined) of 20,000")
        #expect(allocator.pick(Resources(cpu: 36, memGB: 128)) == nil)
        #expect(allocator.examined < 50, "visited \(allocator.examined) of 20,000")
        #expect(allocator.pick(Resources(cpu: 16, memGB: 4 * 47)) != nil)
    }
}
