import Feed
import Foundation
import Recording
import Simulation
import Store

/// Recordings of large fleets for the seek benchmarks, written as `chaintop record` writes them (keyframes
/// spaced by its default rule). The fleet is synthetic rather than the simulator's, so that a million nodes
/// take seconds to write: every node joins at the start (a fifth with GPUs), then beats every 10 s with a
/// drifting load, as the simulator's do; tasks come and go and a few nodes change status.
enum FleetRecordings {
    static let hundredThousand = recording("fleet-100k.jsonl", nodes: 100_000, seconds: 180)
    static let million = recording("fleet-1m.jsonl", nodes: 1_000_000, seconds: 180)

    /// One session per recording, opened once (its index built outside the measurement); each benchmark
    /// runs in a process of its own, and uses it from one thread.
    nonisolated(unsafe) static var sessions: [String: ReplaySession] = [:]
    static func session(_ path: String) -> ReplaySession? {
        if let s = sessions[path] { return s }
        let s = try? ReplaySession(path: path)
        sessions[path] = s
        return s
    }

    static func recording(_ name: String, nodes: Int, seconds: Int) -> String {
        let path = ReplayFixtures.directory + "/" + name
        if ReplayFixtures.builtAfterThisBinary(path) { return path }
        try? FileManager.default.createDirectory(atPath: ReplayFixtures.directory, withIntermediateDirectories: true)
        let partial = path + ".partial"
        guard let writer = try? FeedWriter(path: partial) else { return path }
        var fleet = SyntheticFleet(nodes: nodes)
        var recorder = Recorder(writer: writer, keyframeEvery: 10_000, atMostHalf: true)
        var store = Store()
        fleet.records(seconds: seconds) { record in
            let item = FeedItem.record(record, line: 0)
            store.ingest(item)
            recorder.take(item, state: store.state)
        }
        writer.flush()
        writer.close()
        _ = rename(partial, path)
        return path
    }

    /// Bytes of a recording's keyframe lines and of everything else, by one scan of its lines.
    static func split(_ path: String) -> (keyframes: Int, records: Int) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return (0, 0) }
        defer { try? handle.close() }
        let prefix = Array(#"{"type":"snapshot","#.utf8)
        var keyframes = 0, total = 0, lineStart = true, inKeyframe = false, matched = 0
        while let chunk = try? handle.read(upToCount: 8 << 20), !chunk.isEmpty {
            total += chunk.count
            for b in chunk {
                if lineStart || matched > 0 {
                    matched = b == prefix[matched] ? matched + 1 : 0
                    if matched == prefix.count { inKeyframe = true; keyframes += prefix.count; matched = 0 }
                    lineStart = false
                    if inKeyframe { continue }
                }
                if inKeyframe { keyframes += 1 }
                if b == 0x0A { lineStart = true; inKeyframe = false; matched = 0 }
            }
        }
        return (keyframes, total - keyframes)
    }
}

/// The synthetic fleet's records, in order, with seqs from 1.
struct SyntheticFleet {
    let nodes: Int
    private var rng = SeededRandom(seed: 11)
    private var drift: [Double]
    private var seq: Int64 = 0
    private var taskNumber = 0
    private var running: [(id: String, node: Int)] = []
    private var finished = 0  // tasks of `running` already done, oldest first
    let start: Int64 = 1_767_225_600_000
    let regions = ["us-east", "us-west", "eu-central", "eu-west", "ap-south", "ap-east", "sa-east", "af-south"]

    init(nodes: Int) {
        self.nodes = nodes
        drift = [Double](repeating: 0.1, count: nodes)
    }

    func id(_ i: Int) -> String { "node-" + String(1_000_000 + i) }

    mutating func records(seconds: Int, _ emit: (FeedRecord) -> Void) {
        emit(FeedRecord(seq: nil, ts: start, body: .header(Header(source: "sim", created: start, seed: 11))))
        for i in 0..<nodes {
            let gpus = i % 5 == 0 ? 1 + i % 4 : 0
            emit(next(start, .node(NodeInfo(
                id: id(i), operatorID: "op-" + String(1000 + i % max(1, nodes / 100)), region: regions[i % regions.count],
                nodeClass: gpus > 0 ? .gpu : [.server, .desktop, .phone, .iot][i % 4], cpuCores: 4 << (i % 4),
                memGB: Double(8 << (i % 4)), gpus: gpus, gpuModel: gpus > 0 ? "A100" : nil, version: "1.5." + String(i % 3)))))
        }
        for second in 1...seconds { step(second, emit) }
    }

    private mutating func next(_ ts: Int64, _ body: RecordBody) -> FeedRecord {
        seq += 1
        return FeedRecord(seq: seq, ts: ts, body: body)
    }

    private mutating func step(_ second: Int, _ emit: (FeedRecord) -> Void) {
        let ts = start + Int64(second) * 1000
        var i = second % 10
        while i < nodes {
            drift[i] = min(max(drift[i] + rng.normal() * 0.02, 0), 0.6)
            let gpu: Double? = i % 5 == 0 ? round4(rng.unit()) : nil
            emit(next(ts, .heartbeat(Heartbeat(id: id(i), cpu: round4(0.2 + drift[i]), mem: round4(0.1 + drift[i] / 2),
                                                gpu: gpu, tasks: i % 7))))
            i += 10
        }
        for _ in 0..<max(1, nodes / 2000) {
            taskNumber += 1
            let node = rng.index(nodes), task = "task-" + String(taskNumber)
            emit(next(ts, .task(TaskEvent(id: task, node: id(node), state: .assigned, units: 1, kind: "batch"))))
            running.append((task, node))
        }
        while running.count - finished > nodes / 50 {
            let done = running[finished]
            finished += 1
            emit(next(ts, .task(TaskEvent(id: done.id, node: id(done.node), state: .done, units: 1, kind: "batch"))))
        }
        for _ in 0..<max(1, nodes / 20_000) {
            emit(next(ts, .nodeStatus(NodeStatusChange(id: id(rng.index(nodes)), status: rng.chance(0.5) ? .offline : .online))))
        }
    }
}
