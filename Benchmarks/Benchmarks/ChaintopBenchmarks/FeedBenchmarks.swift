import Benchmark
import Feed
import Foundation
import Store

/// The shape JSONDecoder decodes a heartbeat line into: the fair comparison for our scanner.
struct CodableHeartbeat: Decodable {
    var type: String
    var seq: Int64
    var ts: Int64
    var id: String
    var cpu: Double
    var mem: Double
    var gpu: Double?
    var tasks: Int
}

/// Decodes and applies every heartbeat line; returns how many were applied.
func decodeAndApply(_ store: inout Store) -> Int {
    var decoder = RecordDecoder()
    var applied = 0
    Fixtures.heartbeats.bytes.withUnsafeBufferPointer { all in
        for range in Fixtures.heartbeats.lines {
            if case let .record(r) = decoder.decode(UnsafeBufferPointer(rebasing: all[range])) {
                store.apply(r)
                applied += 1
            }
        }
    }
    return applied
}

func decodeOnly(count: Int) -> Int {
    var decoder = RecordDecoder()
    var n = 0
    Fixtures.heartbeats.bytes.withUnsafeBufferPointer { all in
        for range in Fixtures.heartbeats.lines.prefix(count) {
            if case .record = decoder.decode(UnsafeBufferPointer(rebasing: all[range])) { n += 1 }
        }
    }
    return n
}

func foundationDecode(count: Int) -> Int {
    let decoder = JSONDecoder()
    var n = 0
    for range in Fixtures.heartbeats.lines.prefix(count) {
        let data = Data(Fixtures.heartbeats.bytes[range])
        if (try? decoder.decode(CodableHeartbeat.self, from: data)) != nil { n += 1 }
    }
    return n
}

func perSecond(_ count: Int, _ body: () -> Int) -> Double {
    let clock = ContinuousClock()
    var result = 0
    let elapsed = clock.measure { result = body() }
    blackHole(result)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return Double(count) / seconds
}

func feedBenchmarks() {
    // Fixtures are built lazily inside each benchmark, before its measurement starts, so that no
    // benchmark's memory figure carries another one's data.

    Benchmark("Feed: decode+apply 200k heartbeats",
              configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(10),
                                   maxIterations: 20)) { benchmark in
        _ = Fixtures.heartbeats
        var store = Fixtures.primedStore()
        benchmark.startMeasurement()
        let n = decodeAndApply(&store)
        benchmark.stopMeasurement()
        blackHole(n)
    }

    // Same run, same records: our decoder against Foundation's JSONDecoder, and the ratio.
    Benchmark("Feed: decode vs JSONDecoder",
              configuration: .init(metrics: [.custom("ours k rec/s", polarity: .prefersLarger, useScalingFactor: false),
                                             .custom("JSONDecoder k rec/s", polarity: .prefersLarger, useScalingFactor: false),
                                             .custom("decode+apply k rec/s", polarity: .prefersLarger, useScalingFactor: false),
                                             .custom("ratio x100", polarity: .prefersLarger, useScalingFactor: false)],
                                   maxDuration: .seconds(30), maxIterations: 5)) { benchmark in
        _ = Fixtures.heartbeats
        let ours = perSecond(Fixtures.heartbeatCount) { decodeOnly(count: Fixtures.heartbeatCount) }
        let theirs = perSecond(50_000) { foundationDecode(count: 50_000) }
        var store = Fixtures.primedStore()
        let applied = perSecond(Fixtures.heartbeatCount) { decodeAndApply(&store) }
        benchmark.measurement(.custom("ours k rec/s", polarity: .prefersLarger, useScalingFactor: false), Int(ours / 1000))
        benchmark.measurement(.custom("JSONDecoder k rec/s", polarity: .prefersLarger, useScalingFactor: false), Int(theirs / 1000))
        benchmark.measurement(.custom("decode+apply k rec/s", polarity: .prefersLarger, useScalingFactor: false), Int(applied / 1000))
        benchmark.measurement(.custom("ratio x100", polarity: .prefersLarger, useScalingFactor: false), Int(100 * ours / theirs))
        print("decode: ours \(Int(ours)) rec/s, JSONDecoder \(Int(theirs)) rec/s, ratio \((ours / theirs * 10).rounded() / 10)x; decode+apply \(Int(applied)) rec/s")
    }
}
