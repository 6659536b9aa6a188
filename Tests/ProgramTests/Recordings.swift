import Foundation
import TestSupport
import Feed
import Recording
import Simulation
import Store

/// A recording written by the simulator for the pilot's tests: `minutes` of event time of a small
/// fleet, with keyframes every minute so that seeks land on them.
func makeRecording(minutes: Int64, seed: UInt64 = 4, nodes: Int = 40, gzip: Bool = false) throws -> String {
    let path = Scratch.path("pilot-\(UUID().uuidString).jsonl" + (gzip ? ".gz" : ""))
    let writer = try FeedFiles.writer(path, flushThreshold: 1 << 16)
    var recorder = Recorder(writer: writer, keyframeEvery: 1_000_000, keyframeMillis: 60_000)
    let sim = Simulator(options: SimulatorOptions(seed: seed, nodes: nodes))
    var store = Store()
    while sim.second <= minutes * 60, let item = sim.next() {
        store.ingest(item)
        recorder.take(item, state: store.state)
    }
    writer.close()
    return path
}

/// The "seq N" figure of a status line.
func seq(_ line: String) -> Int? {
    guard let r = line.range(of: #"seq [0-9]+"#, options: .regularExpression) else { return nil }
    return Int(line[r].dropFirst(4))
}
