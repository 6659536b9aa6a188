import Benchmark
import Engine
import Feed
import Simulation

/// Fleets for the placement benchmarks: 20% GPU nodes, built once per size and copied per iteration.
enum PlacementFleets {
    static func node(_ k: Int, _ rng: inout SeededRandom) -> NodeInfo {
        let gpu = k % 5 == 0
        let cores: Int = gpu ? rng.pick([16, 32, 64]) : rng.pick([4, 8, 16, 32, 64])
        let mem: Double = rng.pick([16, 32, 64, 128, 256])
        let gpus: Int = gpu ? rng.pick([1, 2, 4, 8]) : 0
        return NodeInfo(id: "node-" + String(10_000_000 + k), operatorID: "op-" + String(k % 1000), region: "eu-west",
                        nodeClass: gpu ? .gpu : .server, cpuCores: cores, memGB: mem, gpus: gpus, version: "1.5.0")
    }

    /// A task of the mixed workload: 10% ask for a GPU.
    static func task(_ id: String, _ rng: inout SeededRandom) -> TaskSpec {
        let cpu: Double = rng.pick([0.5, 1, 2, 4])
        let mem: Double = rng.pick([0.5, 1, 2, 4, 8])
        return TaskSpec(id: id, resources: Resources(cpu: cpu, memGB: mem, gpus: rng.chance(0.1) ? 1 : 0), units: 1)
    }

    static func fleet(_ n: Int, seed: UInt64) -> Engine {
        var rng = SeededRandom(seed: seed)
        var engine = Engine()
        for k in 0..<n { engine.join(node(k, &rng)) }
        _ = engine.drain()
        return engine
    }

    /// Places as many tasks of `shape` as the fleet holds (each node takes a whole number of them,
    /// so that many are all placed and none is left queued).
    static func fill(_ engine: inout Engine, _ shape: Resources, prefix: String) {
        var room = 0
        for node in engine.nodes.values where node.schedulable {
            let cpu = shape.cpu > 0 ? Int(((node.cpuCapacity - node.allocatedCPU) / shape.cpu).rounded(.down)) : .max
            let mem = shape.memGB > 0 ? Int(((node.info.memGB - node.allocatedMemGB) / shape.memGB).rounded(.down)) : .max
            let gpu = shape.gpus > 0 ? (node.info.gpus - node.allocatedGPUs) / shape.gpus : .max
            room += max(0, min(cpu, mem, gpu))
        }
        for k in 0..<room { engine.submit(TaskSpec(id: prefix + String(k), resources: shape, units: 1)) }
        engine.schedule()
        _ = engine.drain()
    }

    /// In use: about one task per node, of the mixed workload's shapes.
    static func inUse(_ n: Int) -> Engine {
        var engine = fleet(n, seed: 21)
        var rng = SeededRandom(seed: 22)
        for k in 0..<n { engine.submit(task("u" + String(k), &rng)) }
        engine.schedule()
        _ = engine.drain()
        return engine
    }

    /// Saturated: the GPUs taken, then the cpu filled with ever smaller tasks until half a core is left
    /// at most anywhere (at most one task of each size per node, so the task count stays near n).
    static func saturated(_ n: Int) -> Engine {
        var engine = fleet(n, seed: 31)
        fill(&engine, Resources(cpu: 2, memGB: 4, gpus: 1), prefix: "g")
        for (k, cpu) in [32.0, 16, 8, 4, 2, 1, 0.5].enumerated() {
            fill(&engine, Resources(cpu: cpu, memGB: cpu / 2), prefix: "f\(k)-")
        }
        return engine
    }

    nonisolated(unsafe) static var cache: [String: Engine] = [:]

    /// Built on first use (benchmarks run one at a time, on one thread).
    static func cached(_ key: String, _ make: () -> Engine) -> Engine {
        if let e = cache[key] { return e }
        let e = make()
        cache[key] = e
        return e
    }
}

/// The saturated workload's queue: half are shapes that fit nowhere (too large, a GPU when none is
/// free, or too much of one resource where the other is free), half are what `free` released.
func saturatedQueue(_ engine: Engine, freed: [Resources], count: Int) -> [TaskSpec] {
    let candidates = [Resources(cpu: 100, memGB: 1), Resources(cpu: 1, memGB: 1, gpus: 1),
                      Resources(cpu: 1, memGB: 200), Resources(cpu: 4, memGB: 100), Resources(cpu: 2, memGB: 150),
                      Resources(cpu: 8, memGB: 8)]
    let nowhere = candidates.filter { engine.bestFitByScan($0) == nil }
    var queue: [TaskSpec] = []
    for k in 0..<count {
        let res = k % 2 == 0 ? freed[(k / 2) % max(1, freed.count)] : nowhere[(k / 2) % max(1, nowhere.count)]
        queue.append(TaskSpec(id: "q" + String(k), resources: res, units: 1))
    }
    return queue
}

/// How many of the queue were placed (the schedule stops after 32 in a row that fit nowhere).
let placedMetric = BenchmarkMetric.custom("placed", polarity: .prefersLarger, useScalingFactor: false)

func placementBenchmarks() {
    for n in [1_000, 10_000, 100_000, 1_000_000] {
        let label = n >= 1_000_000 ? "\(n / 1_000_000)M" : "\(n / 1000)k"
        for search in [PlacementSearch.index, .scan] {
            // The scan looks at every node per placement: at large fleets it gets a shorter queue.
            let queueLength = search == .index ? 10_000 : min(10_000, 20_000_000 / n)
            let name = search == .index ? "index" : "scan (reference)"
            let iterations = n >= 1_000_000 ? 5 : n >= 100_000 ? 10 : 30
            let config = Benchmark.Configuration(metrics: [.wallClock, .cpuUser, placedMetric], maxDuration: .seconds(60),
                                                 maxIterations: iterations)
            Benchmark("Placement: mixed, \(label) nodes, \(queueLength) tasks, \(name)", configuration: config) { benchmark in
                var engine = PlacementFleets.cached("mixed\(n)") { PlacementFleets.inUse(n) }
                engine.search = search
                var rng = SeededRandom(seed: 5)
                for k in 0..<queueLength { engine.submit(PlacementFleets.task("m" + String(k), &rng)) }
                // Touch every store the placements change, so that copying them is not measured.
                if let any = engine.tasks.ids.min() { engine.finish(any, success: true, epoch: 0) }
                benchmark.startMeasurement()
                let placed = engine.schedule()
                benchmark.stopMeasurement()
                benchmark.measurement(placedMetric, placed.count)
            }
            Benchmark("Placement: saturated, \(label) nodes, \(queueLength) tasks, \(name)", configuration: config) { benchmark in
                var engine = PlacementFleets.cached("saturated\(n)") { PlacementFleets.saturated(n) }
                engine.search = search
                // Capacity for the half that fits: as many filler tasks end, of every size in turn.
                var freed: [Resources] = []
                var j = 0
                while freed.count < queueLength / 2, j < n {
                    for k in 0..<7 where freed.count < queueLength / 2 {
                        guard let t = engine.tasks["f\(k)-\(j)"] else { continue }
                        freed.append(t.spec.resources)
                        engine.finish(t.spec.id, success: true, epoch: 0)
                    }
                    j += 1
                }
                for spec in saturatedQueue(engine, freed: freed, count: queueLength) { engine.submit(spec) }
                benchmark.startMeasurement()
                let placed = engine.schedule()
                benchmark.stopMeasurement()
                benchmark.measurement(placedMetric, placed.count)
            }
        }
    }
}
