import Benchmark
import Analytics
import Export
import Feed
import Recording
import Simulation
import Sources
import Store

/// Runs the simulator for `seconds` of virtual time into a store.
func simulate(nodes: Int, seconds: Int64, seed: UInt64 = 1) -> Store {
    let sim = Simulator(options: SimulatorOptions(seed: seed, nodes: nodes))
    var store = Store()
    while sim.second <= seconds, let item = sim.next() { store.ingest(item) }
    return store
}

/// A 10k-node fleet run for 30 minutes of event time, by when its running tasks have levelled off
/// (docs/perf.md), with the store that read it: built once, and every run goes on from a copy of it.
enum SaturatedFleet {
    nonisolated(unsafe) static var built: (sim: Simulator, store: Store)?

    static func tenThousand() -> (sim: Simulator, store: Store) {
        if let built { return built }
        let sim = Simulator(options: SimulatorOptions(seed: 7, nodes: 10_000))
        var store = Store()
        while sim.second < 1_800, let item = sim.next() { store.ingest(item) }
        built = (sim, store)
        return (sim, store)
    }
}

func stateBenchmarks() {
    // 100,000 nodes, each with a full 60-sample history: the resident memory of the store.
    Benchmark("Store: 100k nodes x 60 samples",
              configuration: .init(metrics: [.wallClock, .peakMemoryResident], maxDuration: .seconds(60),
                                   maxIterations: 3)) { benchmark in
        var store = Store()
        for i in 0..<100_000 {
            store.apply(FeedRecord(seq: Int64(i + 1), ts: 0, body: .node(NodeInfo(
                id: "node-" + String(1_000_000 + i), operatorID: "op-\(i % 997)", region: "eu-west",
                nodeClass: .server, cpuCores: 32, memGB: 128, gpus: 1, gpuModel: "H100", version: "1.5.0"))))
        }
        var seq: Int64 = 100_000
        for round in 0..<60 {
            for i in 0..<100_000 {
                seq += 1
                let f = Double((i + round) % 100) / 100
                store.apply(FeedRecord(seq: seq, ts: Int64(round) * 10_000, body: .heartbeat(Heartbeat(
                    id: "node-" + String(1_000_000 + i), cpu: f, mem: f / 2, gpu: f, tasks: round % 5))))
            }
        }
        blackHole(store.state.fleet.count)
    }

    Benchmark("Simulator: 10 min of a 200-node fleet",
              configuration: .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(20), maxIterations: 10)) { _ in
        blackHole(simulate(nodes: 200, seconds: 600).input.records)
    }

    // Two hours: long enough for the fleet to fill up and tasks to queue, which is where the engine's
    // scheduler spends its time.
    Benchmark("Simulator: 2 h of a 300-node fleet",
              configuration: .init(metrics: [.wallClock], maxDuration: .seconds(30), maxIterations: 3)) { _ in
        blackHole(simulate(nodes: 300, seconds: 7200, seed: 5).input.records)
    }

    Benchmark("Export: 10k nodes, 2 min, json",
              configuration: .init(metrics: [.wallClock, .peakMemoryResident], maxDuration: .seconds(60),
                                   maxIterations: 5)) { _ in
        blackHole(Report(store: simulate(nodes: 10_000, seconds: 120)).json().utf8.count)
    }

    Benchmark("Export: 100k nodes, 30 s, json",
              configuration: .init(metrics: [.wallClock, .peakMemoryResident], maxDuration: .seconds(120),
                                   maxIterations: 2)) { _ in
        blackHole(Report(store: simulate(nodes: 100_000, seconds: 30)).json().utf8.count)
    }

    // The steady state: an hour of the saturated fleet, from the same state each run. The simulator
    // alone, and the same hour read into a store as `export` and the dashboard read it (the difference
    // is the store's part). Target: at most 5 s for the hour with the store.
    let steady = Benchmark.Configuration(metrics: [.wallClock, .cpuTotal], maxDuration: .seconds(60), maxIterations: 3)
    Benchmark("Simulator: 1 h of a saturated 10k-node fleet", configuration: steady) { benchmark in
        let sim = Simulator(continuing: SaturatedFleet.tenThousand().sim)
        let end = sim.second + 3_600
        var records = 0
        benchmark.startMeasurement()
        while sim.second < end, sim.next() != nil { records += 1 }
        benchmark.stopMeasurement()
        blackHole(records)
    }
    Benchmark("Simulator + store: 1 h of a saturated 10k-node fleet", configuration: steady) { benchmark in
        let built = SaturatedFleet.tenThousand()
        let sim = Simulator(continuing: built.sim)
        var store = built.store
        let end = sim.second + 3_600
        benchmark.startMeasurement()
        while sim.second < end, let item = sim.next() { store.ingest(item) }
        benchmark.stopMeasurement()
        blackHole(store.input.records)
    }

    // What the simulator and its engine hold once a fleet is full, without a store: beside the
    // export's peak at the same size this splits the memory between them.
    Benchmark("Simulator alone: 100k nodes, 30 min (saturated), peak memory",
              configuration: .init(metrics: [.wallClock, .peakMemoryResident], warmupIterations: 0,
                                   maxDuration: .seconds(300), maxIterations: 1)) { _ in
        let sim = Simulator(options: SimulatorOptions(seed: 7, nodes: 100_000))
        var records = 0
        while sim.second < 1_800, sim.next() != nil { records += 1 }
        blackHole(records)
    }
}
