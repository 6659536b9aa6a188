import Benchmark
import Dashboard
import Feed
import Foundation
import Program
import Recording
import Simulation
import Sources
import Store
import Synchronization
import UI

/// Heartbeats for every node of a `nodes`-node fleet, `rounds` times over, in batches as a source
/// yields them.
func heartbeatBatches(nodes: Int, rounds: Int, from seq: Int64) -> [[FeedItem]] {
    var batches: [[FeedItem]] = []
    var batch: [FeedItem] = []
    var s = seq
    var rng = SeededRandom(seed: 9)
    for round in 0..<rounds {
        for i in 0..<nodes {
            s += 1
            batch.append(.record(FeedRecord(seq: s, ts: 2000 + Int64(round) * 10_000, body: .heartbeat(Heartbeat(
                id: "node-" + String(1_000_000 + i), cpu: round4(rng.unit()), mem: round4(rng.unit()), gpu: nil,
                tasks: rng.index(8)))), line: 0))
            if batch.count == 4096 { batches.append(batch); batch = [] }
        }
    }
    if !batch.isEmpty { batches.append(batch) }
    return batches
}

/// The Fleet view drawn ten times a second on a thread of its own, until `stop` is set: as the program
/// does, from the ingest's data borrowed under its lock (`copies: false`), or from a copy-on-write
/// snapshot of it (`copies: true`, how the program drew before), which the reader's next write copies.
final class ScreenFlags: Sendable {
    let stop = Atomic<Bool>(false)
    let frames = Atomic<Int>(0)
}

func drawFleet(from ingest: Ingest, flags: ScreenFlags, copies: Bool) {
    var model = Model(size: Size(width: 120, height: 40), now: 0)
    model.screen = .fleet
    while !flags.stop.load(ordering: .relaxed) {
        if copies {
            _ = update(&model, .data(ingest.snapshot()))
            _ = update(&model, .tick(now: model.now + 100))
            blackHole(view(model))
        } else {
            ingest.read { data in
                _ = update(&model, .data(data))
                _ = update(&model, .tick(now: model.now + 100))
                blackHole(view(model))
                _ = update(&model, .data(data.withoutState))
            }
        }
        flags.frames.add(1, ordering: .relaxed)
        Thread.sleep(forTimeInterval: 0.1)
    }
}

func ingestBenchmarks() {
    let config = Benchmark.Configuration(metrics: [.wallClock, .throughput], maxDuration: .seconds(20), maxIterations: 10)
    let nodes = 100_000
    let fleet = FleetFixtures.large
    let batches = heartbeatBatches(nodes: nodes, rounds: 4, from: fleet.state.seq)
    // The baseline: the same heartbeats applied with no screen at all.
    Benchmark("Ingest: 400k heartbeats into a 100k-node fleet, no screen", configuration: config) { benchmark in
        let ingest = Ingest(name: "bench", wall: { 0 })
        ingest.apply(.restart(fleet))
        benchmark.startMeasurement()
        for b in batches { ingest.apply(.items(b)) }
        benchmark.stopMeasurement()
    }
    for (label, copies) in [("borrowed", false), ("copied (before)", true)] {
        Benchmark("Ingest: 400k heartbeats into a 100k-node fleet, Fleet view drawn 10/s, \(label)", configuration: config) { benchmark in
            let ingest = Ingest(name: "bench", wall: { 0 })
            ingest.apply(.restart(fleet))
            let flags = ScreenFlags()
            let done = DispatchSemaphore(value: 0)
            startThread {
                drawFleet(from: ingest, flags: flags, copies: copies)
                done.signal()
            }
            benchmark.startMeasurement()
            for b in batches { ingest.apply(.items(b)) }
            benchmark.stopMeasurement()
            flags.stop.store(true, ordering: .relaxed)
            done.wait()
        }
    }
}
