import Benchmark
import Feed
import Foundation
import Recording
import Simulation
import Sources
import Store

enum ReplayFixtures {
    static let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chaintop-bench").path

    /// An hour of a 300-node fleet with a keyframe every 10,000 records (the default spacing).
    static let hour = recording("hour.jsonl", seed: 5, nodes: 300) { sim, _ in sim.second <= 3600 }

    /// About 1 GB of one long run: 300 nodes for about 35 hours, with keyframes as `chaintop record`
    /// spaces them by default (every 10,000 records, held back while the records since the last weigh
    /// less than it).
    static let large = recording("large.jsonl", seed: 6, nodes: 300, atMostHalf: true) { _, writer in
        writer.bytesWritten < 1_050_000_000
    }

    /// A simulator run recorded to `name` while `more` holds. Written once per build of the benchmarks
    /// (the harness runs each benchmark in a process of its own, and the large one takes half a minute),
    /// so its keyframes always match the code being measured; written under another name and then
    /// renamed, so a run cut short leaves nothing that looks finished.
    static func recording(_ name: String, seed: UInt64, nodes: Int, atMostHalf: Bool = false,
                          while more: (Simulator, FeedWriter) -> Bool) -> String {
        let path = directory + "/" + name
        if builtAfterThisBinary(path) { return path }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let partial = path + ".partial"
        guard let writer = try? FeedWriter(path: partial) else { return path }
        var recorder = Recorder(writer: writer, keyframeEvery: 10_000, atMostHalf: atMostHalf)
        let sim = Simulator(options: SimulatorOptions(seed: seed, nodes: nodes))
        var store = Store()
        while more(sim, writer), let item = sim.next() {
            store.ingest(item)
            recorder.take(item, state: store.state)
        }
        writer.flush()
        _ = rename(partial, path)
        return path
    }

    static func builtAfterThisBinary(_ path: String) -> Bool {
        let files = FileManager.default
        // attributesOfItem does not follow links, and /proc/self/exe is one.
        let executable = (try? files.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        guard let made = (try? files.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
              let built = (try? files.attributesOfItem(atPath: executable))?[.modificationDate] as? Date
        else { return false }
        return made > built
    }

    /// The same hour with its keyframes left out: what reading the records alone costs (the baseline
    /// that says whether replay is limited by decoding).
    static let hourWithoutKeyframes: String = {
        let path = directory + "/hour-records.jsonl"
        guard let text = try? String(contentsOfFile: hour, encoding: .utf8) else { return path }
        let kept = text.split(separator: "\n").filter { !$0.hasPrefix(#"{"type":"snapshot""#) }
        try? (kept.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }()

    /// The large recording opened once, so its seeks are measured "after the index exists". Used by
    /// one benchmark at a time, never concurrently.
    nonisolated(unsafe) static let largeSession: ReplaySession? = try? ReplaySession(path: large)
}

func replayBenchmarks() {
    Benchmark("Replay: index a 1 GB recording",
              configuration: .init(metrics: [.wallClock, .peakMemoryResident,
                                             .custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)],
                                   maxDuration: .seconds(60), maxIterations: 5)) { benchmark in
        let path = ReplayFixtures.large
        let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int ?? 0
        let clock = ContinuousClock()
        var index = RecordingIndex()
        benchmark.startMeasurement()
        let elapsed = clock.measure { index = (try? RecordingIndex.build(path: path)) ?? RecordingIndex() }
        benchmark.stopMeasurement()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        benchmark.measurement(.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false), Int(Double(size) / 1e6 / seconds))
        blackHole(index.keyframes.count)
    }

    Benchmark("Replay: seek anywhere in a 1 GB recording",
              configuration: .init(metrics: [.wallClock], maxDuration: .seconds(30), maxIterations: 100)) { benchmark in
        guard let session = ReplayFixtures.largeSession else { return }
        seekAtRandom(benchmark, session, seed: 1_000)
    }

    Benchmark("Replay: seek anywhere in an hour (300 nodes)",
              configuration: .init(metrics: [.wallClock], maxDuration: .seconds(30), maxIterations: 100)) { benchmark in
        guard let session = try? ReplaySession(path: ReplayFixtures.hour) else { return }
        seekAtRandom(benchmark, session, seed: 0)
    }

    fleetSeekBenchmarks()

    for (name, path) in [("Replay: read an hour at --speed max", { ReplayFixtures.hour }),
                         ("Replay: the same records without keyframes (baseline)", { ReplayFixtures.hourWithoutKeyframes })] {
        Benchmark(name, configuration: .init(metrics: [.wallClock, .custom("k rec/s", polarity: .prefersLarger, useScalingFactor: false)],
                                             maxDuration: .seconds(30), maxIterations: 5)) { benchmark in
            guard let session = try? ReplaySession(path: path()) else { return }
            var store = Store()
            var n = 0
            let clock = ContinuousClock()
            benchmark.startMeasurement()
            let elapsed = clock.measure {
                while let item = session.next() { store.ingest(item); n += 1 }
            }
            benchmark.stopMeasurement()
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            benchmark.measurement(.custom("k rec/s", polarity: .prefersLarger, useScalingFactor: false), Int(Double(n) / seconds / 1000))
        }
    }
}

/// One seek, measured, to a time spread over the recording by the iteration (the same targets on every run).
func seekAtRandom(_ benchmark: Benchmark, _ session: ReplaySession, seed: UInt64) {
    let first = session.index.firstTs ?? 0, span = max(1, session.index.duration)
    var rng = SeededRandom(seed: UInt64(benchmark.currentIteration) + seed)
    let target = first + Int64(rng.unit() * Double(span))
    benchmark.startMeasurement()
    let store = try? session.seek(to: target)
    benchmark.stopMeasurement()
    blackHole(store?.state.seq ?? 0)
}

/// Seeks in recordings of 100,000 and 1,000,000 nodes (the smaller is the comparison in the same run), and
/// what their keyframes cost in bytes: the file against the bytes of its records.
func fleetSeekBenchmarks() {
    for (label, path) in [("100k", { FleetRecordings.hundredThousand }), ("1M", { FleetRecordings.million })] {
        Benchmark("Replay: seek anywhere in a \(label)-node recording",
                  configuration: .init(metrics: [.wallClock, .cpuTotal, .peakMemoryResident], maxDuration: .seconds(60), maxIterations: 12)) { benchmark in
            guard let session = FleetRecordings.session(path()) else { return }
            seekAtRandom(benchmark, session, seed: 7)
        }
        Benchmark("Replay: file size against record bytes, \(label)-node recording",
                  configuration: .init(metrics: [.custom("file % of records", polarity: .prefersSmaller, useScalingFactor: false),
                                                 .custom("keyframes", polarity: .prefersSmaller, useScalingFactor: false),
                                                 .custom("file MB", polarity: .prefersSmaller, useScalingFactor: false)],
                                       maxIterations: 1)) { benchmark in
            let split = FleetRecordings.split(path())
            let keyframes = (try? RecordingIndex.build(path: path()))?.keyframes.count ?? 0
            benchmark.measurement(.custom("file % of records", polarity: .prefersSmaller, useScalingFactor: false),
                                  (split.keyframes + split.records) * 100 / max(1, split.records))
            benchmark.measurement(.custom("keyframes", polarity: .prefersSmaller, useScalingFactor: false), keyframes)
            benchmark.measurement(.custom("file MB", polarity: .prefersSmaller, useScalingFactor: false),
                                  (split.keyframes + split.records) / 1_000_000)
        }
    }
}
