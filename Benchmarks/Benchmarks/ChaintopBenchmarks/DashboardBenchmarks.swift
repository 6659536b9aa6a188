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
        }

        // A filter keystroke: update (re-filter, re-sort) and the next frame.
        Benchmark("Dashboard: filter keystroke + frame, \(label) nodes",
                  configuration: .init(metrics: [.wallClock], maxDuration: .seconds(10), maxIterations: 200)) { benchmark in
            let store = fixture()
            var model = FleetFixtures.fleetModel(store)
            _ = update(&model, .key(.char("/")))
            _ = update(&model, .key(.char("o")))
            _ = update(&model, .key(.char("p")))
            benchmark.startMeasurement()
            _ = update(&model, .key(.char("-")))
            blackHole(view(model))
        }

        // The same keystroke with the count completed: what the loop does after the frame while no key waits.
        Benchmark("Dashboard: filter keystroke, count complete, \(label) nodes",
                  configuration: .init(metrics: [.wallClock], maxDuration: .seconds(10), maxIterations: 200)) { benchmark in
            let store = fixture()
            var model = FleetFixtures.fleetModel(store)
            _ = update(&model, .key(.char("/")))
            _ = update(&model, .key(.char("o")))
            _ = update(&model, .key(.char("p")))
            while model.derived.hasLaterWork { _ = update(&model, .idle) }
            benchmark.startMeasurement()
            _ = update(&model, .key(.char("-")))
            while model.derived.hasLaterWork { _ = update(&model, .idle) }
            blackHole(view(model))
        }

        // A sort by cpu: update (re-sort) and the next frame.
        Benchmark("Dashboard: sort + frame, \(label) nodes",
                  configuration: .init(metrics: [.wallClock], maxDuration: .seconds(10), maxIterations: 200)) { benchmark in
            let store = fixture()
            var model = FleetFixtures.fleetModel(store)
            for _ in 0..<4 { _ = update(&model, .key(.char("s"))) }
            while model.derived.hasLaterWork { _ = update(&model, .idle) }
            benchmark.startMeasurement()
            _ = update(&model, .key(.char("s")))  // to the cpu column
            blackHole(view(model))
        }

        // The same sort with the whole order made (the loop's next idle moment at a million nodes).
        Benchmark("Dashboard: sort, whole order, \(label) nodes",
                  configuration: .init(metrics: [.wallClock], maxDuration: .seconds(10), maxIterations: 200)) { benchmark in
            let store = fixture()
            var model = FleetFixtures.fleetModel(store)
            for _ in 0..<4 { _ = update(&model, .key(.char("s"))) }
            while model.derived.hasLaterWork { _ = update(&model, .idle) }
            benchmark.startMeasurement()
            _ = update(&model, .key(.char("s")))
            while model.derived.hasLaterWork { _ = update(&model, .idle) }
            blackHole(view(model))
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
