import Benchmark
import Feed
import Foundation
import Sources
import Store

enum ReplayFixtures {
    static let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chaintop-bench").path

    /// An hour of a 300-node fleet with a keyframe every 10,000 records (the default spacing). Written
    /// afresh each run (about a second), so its keyframes always match the code being measured.
    static let hour: String = {
        let path = directory + "/hour.jsonl"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard let writer = try? FeedWriter(path: path) else { return path }
        var recorder = Recorder(writer: writer, keyframeEvery: 10_000)
        let sim = Simulator(options: SimulatorOptions(seed: 5, nodes: 300))
        var store = Store()
        while sim.second <= 3600, let item = sim.next() {
            store.ingest(item)
            recorder.take(item, state: store.state)
        }
        writer.flush()
        return path
    }()

    /// The same hour with its keyframes left out: what reading the records alone costs (the baseline
    /// that says whether replay is limited by decoding).
    static let hourWithoutKeyframes: String = {
        let path = directory + "/hour-records.jsonl"
        guard let text = try? String(contentsOfFile: hour, encoding: .utf8) else { return path }
        let kept = text.split(separator: "\n").filter { !$0.hasPrefix(#"{"type":"snapshot""#) }
        try? (kept.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }()

    /// About 1 GB: the hour recording repeated (the index reads line starts; seq order does not matter to it).
    static let large: String = {
        let path = directory + "/large.jsonl"
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > 1_000_000_000 { return path }
        guard let chunk = FileManager.default.contents(atPath: hour) else { return path }
        FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { return path }
        var written = 0
        while written < 1_050_000_000 {
            handle.write(chunk)
            written += chunk.count
        }
        try? handle.close()
        return path
    }()
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

    Benchmark("Replay: seek anywhere in an hour (300 nodes)",
              configuration: .init(metrics: [.wallClock], maxDuration: .seconds(30), maxIterations: 100)) { benchmark in
        guard let session = try? ReplaySession(path: ReplayFixtures.hour) else { return }
        let first = session.index.firstTs ?? 0, span = max(1, session.index.duration)
        var rng = SeededRandom(seed: UInt64(benchmark.currentIteration))
        let target = first + Int64(rng.unit() * Double(span))
        benchmark.startMeasurement()
        let store = try? session.seek(to: target)
        benchmark.stopMeasurement()
        blackHole(store?.state.seq ?? 0)
    }

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
