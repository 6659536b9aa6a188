import Feed
import Recording
import Simulation
import Sources
import Store

/// Inputs shared by the benchmarks, built once.
enum Fixtures {
    static let nodeCount = 1000
    static let heartbeatCount = 200_000

    static let nodeRecords: [FeedRecord] = (0..<nodeCount).map { i in
        FeedRecord(seq: Int64(i + 1), ts: 1_767_225_600_000, body: .node(NodeInfo(
            id: "node-" + String(100_000 + i), operatorID: "op-\(i % 40)", region: "eu-west", nodeClass: .server,
            cpuCores: 32, memGB: 128, gpus: 0, version: "1.5.0")))
    }

    /// Heartbeat lines as the simulator writes them, joined by newlines, with line offsets.
    static let heartbeats: (bytes: [UInt8], lines: [Range<Int>]) = {
        var rng = SeededRandom(seed: 99)
        var bytes: [UInt8] = []
        var lines: [Range<Int>] = []
        var w = JSONWriter()
        for k in 0..<heartbeatCount {
            w.reset()
            let hb = Heartbeat(id: "node-" + String(100_000 + k % nodeCount), cpu: round4(rng.unit()), mem: round4(rng.unit()),
                               gpu: nil, tasks: rng.index(8))
            w.record(FeedRecord(seq: Int64(nodeCount + k + 1), ts: 1_767_225_600_000 + Int64(k) * 10, body: .heartbeat(hb)))
            let start = bytes.count
            bytes.append(contentsOf: w.bytes)
            lines.append(start..<bytes.count)
            bytes.append(0x0A)
        }
        return (bytes, lines)
    }()

    static func primedStore() -> Store {
        var store = Store()
        for r in nodeRecords { store.apply(r) }
        return store
    }
}

func round4(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }
