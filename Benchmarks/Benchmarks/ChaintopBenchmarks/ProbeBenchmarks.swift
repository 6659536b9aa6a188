import Benchmark
import Feed
import Foundation
import Sources
import Store

func probeBenchmarks() {
    let cfg = Benchmark.Configuration(metrics: [.wallClock], maxDuration: .seconds(10), maxIterations: 5)
    Benchmark("Probe: decode only hour", configuration: cfg) { _ in
        guard let r = try? FeedReader(path: ReplayFixtures.hour) else { return }
        var n = 0
        while let i = r.next() { n += 1; blackHole(i) }
        blackHole(n)
    }
    Benchmark("Probe: decode+apply hour-nokf", configuration: cfg) { _ in
        guard let r = try? FeedReader(path: ReplayFixtures.directory + "/hour-nokf.jsonl") else { return }
        var store = Store()
        while let i = r.next() { store.ingest(i) }
        blackHole(store.state.seq)
    }
    Benchmark("Probe: decode only hour-nokf", configuration: cfg) { _ in
        guard let r = try? FeedReader(path: ReplayFixtures.directory + "/hour-nokf.jsonl") else { return }
        var n = 0
        while let i = r.next() { n += 1; blackHole(i) }
        blackHole(n)
    }
    let keyframes: [Keyframe] = {
        guard let r = try? FeedReader(path: ReplayFixtures.hour) else { return [] }
        var out: [Keyframe] = []
        while let i = r.next() { if case let .record(rec, _) = i, case let .snapshot(j) = rec.body { out.append(j) } }
        return out
    }()
    let states = keyframes.compactMap { k in (try? k.parse()).flatMap { try? ChainState(snapshot: $0) } }
    Benchmark("Probe: digest 14 states", configuration: cfg) { _ in
        for _ in 0..<20 { for s in states { blackHole(s.digest) } }
    }
    Benchmark("Probe: write 14 keyframes", configuration: cfg) { _ in
        for s in states { blackHole(s.keyframe().json.count) }
    }
}
