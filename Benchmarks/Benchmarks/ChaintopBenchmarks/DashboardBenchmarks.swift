import Benchmark
import Dashboard
import Analytics
import UI
import Feed
import Recording
import Simulation
import Sources
import Store

/// A fleet of `nodes` nodes, each with a heartbeat, for frame benchmarks.
func fleetStore(nodes: Int) -> Store {
    var store = Store()
    var rng = SeededRandom(seed: 3)
    var seq: Int64 = 0
    let regions = ["us-east", "us-west", "eu-central", "eu-west", "ap-south"]
    for i in 0..<nodes {
        seq += 1
        store.apply(FeedRecord(seq: seq, ts: 0, body: .node(NodeInfo(
            id: "node-" + String(1_000_000 + i), operatorID: "op-\(i % 997)", region: regions[i % regions.count],
            nodeClass: .server, cpuCores: 32, memGB: 128, gpus: 0, version: "1.5.0"))))
    }
    for i in 0..<nodes {
        seq += 1
        store.apply(FeedRecord(seq: seq, ts: 1000, body: .heartbeat(Heartbeat(
            id: "node-" + String(1_000_000 + i), cpu: round4(rng.unit()), mem: round4(rng.unit()), gpu: nil, tasks: rng.index(8)))))
    }
    return store
}

enum FleetFixtures {
    static let small = fleetStore(nodes: 10_000)
    static let large = fleetStore(nodes: 100_000)
    static let million = fleetStore(nodes: 1_000_000)

    static func data(_ store: Store) -> DataView { DataView(store: store, source: SourceStatus(name: "bench")) }

    /// What the loop does while no key waits: the rest of a filter's count, a sort's whole order.
    static func finishLaterWork(_ model: inout Model) {
        while model.derived.hasLaterWork { _ = update(&model, .idle) }
    }

    static func fleetModel(_ store: Store) -> Model {
        var m = Model(size: Size(width: 120, height: 40), now: 1000)
        m.screen = .fleet
        m.show(data(store))
        return m
    }
}

func dashboardBenchmarks() {
    let frame = Benchmark.Configuration(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(5), maxIterations: 2000)
    let fixtures: [(String, @Sendable () -> Store)] = [
        ("10k", { FleetFixtures.small }), ("100k", { FleetFixtures.large }), ("1M", { FleetFixtures.million }),
    ]
    for (label, fixture) in fixtures {
        Benchmark("Dashboard: Fleet frame, \(label) nodes", configuration: frame) { benchmark in
            let store = fixture()
            let model = FleetFixtures.fleetModel(store)
            benchmark.startMeasurement()
            blackHole(view(model))
            // The model's million rows are freed after the measurement, not in it (a frame frees none).
            benchmark.stopMeasurement()
        }

        // A filter keystroke and a sort by cpu (update, then the next frame), and the same with the work
        // the loop leaves for its idle moments done too (the count complete, the whole order made).
        let keyed = Benchmark.Configuration(metrics: [.wallClock], maxDuration: .seconds(10), maxIterations: 200)
        let cases: [(name: String, typed: String, key: Character, completes: Bool)] = [
            ("filter keystroke + frame", "/op", "-", false), ("filter keystroke, count complete", "/op", "-", true),
            ("filter keystroke under a cpu sort + frame", "sssss/op", "-", false),
            ("filter keystroke under a cpu sort, whole order", "sssss/op", "-", true),
            ("sort + frame", "ssss", "s", false), ("sort, whole order", "ssss", "s", true),
            // A query narrowed by a key (op-1 → op-12: a ninth of the nodes to a hundredth), and the id order reversed.
            ("narrowing filter keystroke under a cpu sort + frame", "sssss/op-1", "2", false),
            ("id sort reversed + frame", "", "S", false),
        ]
        for c in cases {
            Benchmark("Dashboard: \(c.name), \(label) nodes", configuration: keyed) { benchmark in
                var model = FleetFixtures.fleetModel(fixture())
                for k in c.typed { _ = update(&model, .key(.char(k))) }
                FleetFixtures.finishLaterWork(&model)
                benchmark.startMeasurement()
                _ = update(&model, .key(.char(c.key)))  // "/op-", or the fifth column: cpu
                if c.completes { FleetFixtures.finishLaterWork(&model) }
                blackHole(view(model))
                benchmark.stopMeasurement()
            }
        }
    }
}

/// A refresh: every figure, the alerts and the Overview's regions recomputed from new data (once a second
/// at `--refresh 1s`), on a fleet with a tenth of its nodes offline so that the offline alerts have work.
func refreshBenchmarks() {
    let store: Store = {
        var s = fleetStore(nodes: 100_000)
        for i in stride(from: 0, to: 100_000, by: 10) {
            s.apply(FeedRecord(seq: s.state.seq + 1, ts: 2000, body: .nodeStatus(NodeStatusChange(id: "node-" + String(1_000_000 + i), status: .offline))))
        }
        return s
    }()
    // The part of it that watching the alerts costs (the export does this once a second of event time).
    Benchmark("Alerts: observe, 100k nodes, a tenth offline",
              configuration: .init(metrics: [.wallClock], maxDuration: .seconds(10), maxIterations: 200)) { benchmark in
        var log = AlertLog()
        benchmark.startMeasurement()
        log.observe(store.state)
        blackHole(log)
    }
    Benchmark("Dashboard: refresh (figures, alerts, regions), 100k nodes",
              configuration: .init(metrics: [.wallClock], maxDuration: .seconds(10), maxIterations: 200)) { benchmark in
        var model = Model(size: Size(width: 120, height: 40), now: 2000)
        benchmark.startMeasurement()
        model.show(FleetFixtures.data(store))
        blackHole(model.derived)
    }
}
