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
}
