import Testing
@testable import Engine
@testable import Feed
import Simulation

/// The simulator's seeded generator, as the property tests draw from it.
typealias TestRandom = SeededRandom
extension SeededRandom {
    init(state: UInt64) { self.init(seed: state) }
    mutating func below(_ n: Int) -> Int { index(n) }
}

/// The exhaustive reference: every node is looked at; of the schedulable ones that fit, the lowest
/// quantised score wins (the highest for packing), then the smallest id.
func referenceBestFit(_ r: Resources, nodes: some Sequence<RegisteredNode>, policy: AllocationPolicy) -> String? {
    var best: (score: Double, id: String)?
    for node in nodes where node.status == .online || node.status == .degraded {
        let id = node.info.id
        let fits = node.allocatedCPU + r.cpu <= Double(node.info.cpuCores) + 1e-9
            && node.allocatedMemGB + r.memGB <= node.info.memGB + 1e-9 && node.allocatedGPUs + r.gpus <= node.info.gpus
        guard fits else { continue }
        let cpu = node.info.cpuCores > 0 ? node.allocatedCPU / Double(node.info.cpuCores) : 1
        let mem = node.info.memGB > 0 ? node.allocatedMemGB / node.info.memGB : 1
        let fraction = ((cpu + mem) / 2 * 1000).rounded() / 1000
        let score = policy == .leastAllocated ? fraction : -fraction
        if let b = best, b.score < score || (b.score == score && b.id < id) { continue }
        best = (score, id)
    }
    return best?.id
}

/// What `schedule(limit: 1)` must do, found by the reference: the first queued task (before a run of
/// 32 that fit nowhere) that fits somewhere, and its best node.
func referencePlacement(_ engine: Engine) -> (task: String, node: String)? {
    var misses = 0
    for spec in engine.queue {
        guard misses < 32 else { return nil }
        if let node = referenceBestFit(spec.resources, nodes: engine.nodes.values, policy: engine.config.policy) {
            return (spec.id, node)
        }
        misses += 1
    }
    return nil
}

@Suite struct AllocatorPropertyTests {
    /// Ids that tie on their first 16 bytes, are not ASCII, or are short, beside ordinary ones.
    static func nodeID(_ k: Int, _ rng: inout TestRandom) -> String {
        switch rng.below(6) {
        case 0: return "node-with-a-long-shared-prefix-\(k)"
        case 1: return "nœud-\(k)"
        case 2: return "e\u{301}-\(k)"  // decomposed: String compares it as "é-k"
        case 3: return "\(k)"
        default: return "node-" + String(100_000 + k)
        }
    }

    static func randomNode(_ id: String, _ rng: inout TestRandom) -> NodeInfo {
        let gpus = rng.chance(0.2) ? rng.pick([1, 2, 4, 8]) : 0
        return NodeInfo(id: id, operatorID: "op", region: "eu", nodeClass: gpus > 0 ? .gpu : .server,
                        cpuCores: rng.pick([0, 1, 4, 8, 16, 64]), memGB: rng.pick([0, 2, 8, 16, 64, 256]), gpus: gpus,
                        version: "1")
    }

    static func randomTask(_ k: Int, _ rng: inout TestRandom) -> TaskSpec {
        // A few fit nowhere (more than 64 cores or 256 GB); more than 32 of them in a row at the head
        // of the queue would stop the scheduler before the rest.
        let big = rng.chance(0.03)
        let res = Resources(cpu: big ? rng.pick([65, 200]) : rng.pick([0, 0.5, 1, 2, 4, 8]),
                            memGB: rng.chance(0.03) ? 300 : rng.pick([0, 0.5, 1, 4, 16]),
                            gpus: rng.chance(0.1) ? rng.pick([1, 2, 8]) : 0)
        return TaskSpec(id: "t\(k)", resources: res, units: 1)
    }

    /// Random fleets and request streams, with nodes joining, leaving, changing status and tasks
    /// finishing between placements: every placement is the reference's.
    @Test(arguments: [AllocationPolicy.leastAllocated, .mostAllocated], [UInt64(1), 2, 3])
    func placementsEqualTheExhaustiveReference(policy: AllocationPolicy, seed: UInt64) {
        var rng = TestRandom(state: seed)
        var config = EngineConfig()
        config.policy = policy
        var engine = Engine(config: config)
        var joined = 0, submitted = 0, checked = 0, placedCount = 0
        for _ in 0..<(20 + rng.below(60)) { engine.join(Self.randomNode(Self.nodeID(joined, &rng), &rng)); joined += 1 }
        for _ in 0..<3000 {
            mutate(&engine, &rng, joined: &joined, submitted: &submitted)
            let expected = referencePlacement(engine)
            let placed = engine.schedule(limit: 1)
            checked += 1
            guard let want = expected else {
                #expect(placed.isEmpty, "placed \(placed) where the reference places nothing")
                continue
            }
            #expect(placed == [want.task])
            #expect(engine.tasks[want.task]?.node == want.node, "task \(want.task)")
            placedCount += placed.count
        }
        #expect(checked == 3000 && placedCount > 300, "the stream places tasks: \(placedCount)")
    }

    private func mutate(_ engine: inout Engine, _ rng: inout TestRandom, joined: inout Int, submitted: inout Int) {
        switch rng.below(20) {
        case 0:
            engine.join(Self.randomNode(Self.nodeID(joined, &rng), &rng))
            joined += 1
        case 1:
            if let id = engine.node(atJoinRank: rng.below(engine.nodeCount)) { engine.leave(id) }
        case 2, 3:
            if let id = engine.node(atJoinRank: rng.below(engine.nodeCount)) {
                engine.setStatus(id, rng.pick([.online, .degraded, .offline, .draining]))
            }
        case 4:
            // A node joins again under an id it had: it starts afresh.
            if let id = engine.node(atJoinRank: rng.below(engine.nodeCount)) {
                engine.join(Self.randomNode(id, &rng))
            }
        case 5...9:
            let running = engine.tasks.ids.sorted()
            if !running.isEmpty { engine.finish(rng.pick(running), success: true, epoch: 0) }
        default:
            engine.submit(Self.randomTask(submitted, &rng))
            submitted += 1
        }
    }

    /// A GPU request on a fleet of CPU nodes with a few GPU nodes visits few of the CPU nodes: the
    /// subtrees without a free GPU are skipped whole.
    @Test func aRequestThatFewNodesFitVisitsFewNodes() {
        var allocator = Allocator(policy: .leastAllocated)
        var nodes: [RegisteredNode] = []
        for k in 0..<5000 {
            let gpus = k % 500 == 7 ? 2 : 0
            var node = RegisteredNode(info: info("n\(100_000 + k)", gpus: gpus), status: .online)
            allocator.update(&node)
            nodes.append(node)
        }
        let picked = allocator.pick(Resources(cpu: 1, memGB: 1, gpus: 1))
        #expect(picked == "n100007")
        #expect(allocator.examined < 200, "visited \(allocator.examined) of 5000")
        #expect(allocator.pick(Resources(cpu: 1, memGB: 1, gpus: 4)) == nil)
        #expect(allocator.examined == 0, "the root already says no node has 4 GPUs free")
    }

    /// Free cpu on some nodes and free memory on others: a request that needs both fits only the one
    /// node that has both, and the search does not wander through the rest.
    @Test func freeCPUAndFreeMemoryOnDifferentNodesAreNotMistakenForAFit() {
        var allocator = Allocator(policy: .leastAllocated)
        for k in 0..<4000 {
            var node = RegisteredNode(info: info("n\(100_000 + k)", cores: 64, mem: 256), status: .online)
            if k == 2345 {
                node.allocatedCPU = 32; node.allocatedMemGB = 128
            } else if k % 2 == 0 {
                node.allocatedMemGB = 250  // cpu free, memory not
            } else {
                node.allocatedCPU = 60  // memory free, cpu not
            }
            allocator.update(&node)
        }
        #expect(allocator.pick(Resources(cpu: 16, memGB: 64)) == "n102345")
        #expect(allocator.examined < 200, "visited \(allocator.examined) of 4000")
    }

    @Test func joinOrderFindsTheKthAfterRemovals() {
        var order = JoinOrder()
        var reference: [String] = []
        var rng = TestRandom(state: 9)
        for step in 0..<5000 {
            if rng.chance(0.4), !reference.isEmpty {
                let id = reference.remove(at: rng.below(reference.count))
                order.remove(id)
            } else {
                order.append("id\(step)")
                reference.append("id\(step)")
            }
            if step % 97 == 0 { #expect(order.all == reference) }
            let k = rng.below(reference.count)
            #expect(order[k] == (reference.isEmpty ? nil : reference[k]))
        }
        #expect(order.count == reference.count && order[reference.count] == nil && order[-1] == nil)
    }
}
