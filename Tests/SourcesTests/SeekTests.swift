import Foundation
import Testing
@testable import Feed
@testable import Sources
@testable import Recording
@testable import Simulation
@testable import Store

@Suite struct SeekTests {
    /// A recording of the simulator with a keyframe every `every` records, and every record applied in order.
    func record(seed: UInt64, nodes: Int, records: Int, every: Int, gzip: Bool = false) throws -> (String, [FeedRecord]) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("seek-\(UUID().uuidString).jsonl").path
            + (gzip ? ".gz" : "")
        let writer = try FeedFiles.writer(path)
        var recorder = Recorder(writer: writer, keyframeEvery: every)
        let sim = Simulator(options: SimulatorOptions(seed: seed, nodes: nodes))
        var store = Store()
        var all: [FeedRecord] = []
        for _ in 0..<records {
            guard let item = sim.next(), case let .record(r, _) = item else { break }
            store.ingest(item)
            recorder.take(item, state: store.state)
            all.append(r)
        }
        writer.close()
        return (path, all)
    }

    /// The state a reader has after every record with ts ≤ target.
    func stateFromStart(_ all: [FeedRecord], upTo target: Int64) -> ChainState {
        var store = Store()
        for r in all where r.seq == nil || r.ts <= target { store.apply(r) }
        return store.state
    }

    @Test func indexFindsEveryKeyframeAndTheSpan() throws {
        let (path, all) = try record(seed: 4, nodes: 60, records: 30_000, every: 4_000)
        let index = try RecordingIndex.build(path: path, chunkSize: 4096)  // small chunks: lines cross boundaries
        #expect(index.keyframes.count == 7)
        #expect(index.firstTs == all[1].ts)
        #expect(index.lastTs == all.last?.ts)
        #expect(index.lines == 30_000 + 7)
        #expect(index.keyframes.map(\.seq) == (1...7).map { Int64($0 * 4_000) })
    }

    /// Random targets, forward and back, in one session; the gzip case also goes forward from where
    /// its reader is rather than from the start. Keyframes 12,000 records apart make a seek read
    /// several batches of records after its keyframe (each decoded beside the one before it applied).
    @Test(arguments: [(UInt64(2), 40, false, 3_000), (UInt64(9), 120, false, 3_000), (UInt64(5), 60, true, 3_000),
                      (UInt64(7), 50, false, 12_000)])
    func seekingAnywhereGivesTheStateFromTheStart(seed: UInt64, nodes: Int, gzip: Bool, every: Int) throws {
        let (path, all) = try record(seed: seed, nodes: nodes, records: 25_000, every: every, gzip: gzip)
        let session = try ReplaySession(path: path)
        let first = all[1].ts, last = all[all.count - 1].ts
        var rng = SeededRandom(seed: seed)
        for _ in 0..<6 {
            let target = first + Int64(rng.unit() * Double(last - first))
            let seeked = try session.seek(to: target)
            #expect(seeked.state == stateFromStart(all, upTo: target), "seek to +\(target - first) ms")
            #expect(seeked.input.keyframeMismatches == 0 && seeked.input.malformed == 0, "every keyframe is sound")
            // It started from the nearest keyframe, not from the top.
            if let k = session.index.keyframe(atOrBefore: target) {
                let after = all.filter { ($0.seq ?? 0) > k.seq && $0.ts <= target }.count
                #expect(seeked.input.records == after + 2, "the header, the keyframe, then the records after it")
            }
        }
        // Seeking then playing on reaches the same end as reading everything.
        _ = try session.seek(to: first + (last - first) / 2)
        var store = try session.seek(to: first + (last - first) / 2)
        while let item = session.next() { store.ingest(item) }
        #expect(store.state == stateFromStart(all, upTo: last))
    }
}

@Suite struct FollowTests {
    /// --follow: a file still being written keeps being read, like tail -f.
    @Test func followPicksUpLinesWrittenAfterTheEnd() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("follow-\(UUID().uuidString).jsonl").path
        let writer = try FeedWriter(path: path, flushThreshold: 0)
        let sim = Simulator(options: SimulatorOptions(seed: 3, nodes: 20))
        var lastTs: Int64 = 0
        func write(_ n: Int) { for _ in 0..<n { if case let .record(r, _)? = sim.next() { writer.write(r); lastTs = r.ts } } }
        write(500)
        let session = try ReplaySession(path: path)
        var count = 0
        while session.next() != nil { count += 1 }
        #expect(count == 500)
        write(300)
        #expect(session.next() == nil, "nothing new until asked to follow")
        try session.follow()
        while session.next() != nil { count += 1 }
        #expect(count == 800)
        #expect(session.index.lines == 800)
        #expect(session.index.lastTs == lastTs, "the recording's length grows with it")
    }

    /// A followed file that gets shorter (truncated, or replaced by a recorder starting over) is played
    /// again from its first line, like `tail -F`, instead of waiting for bytes past the old end.
    @Test func aFileThatGetsShorterIsFollowedFromTheStart() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("shrink-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        func record(seed: UInt64, _ n: Int) throws {
            // The simulator's first item is its header; then `n` records.
            let writer = try FeedWriter(path: path, flushThreshold: 0)
            let sim = Simulator(options: SimulatorOptions(seed: seed, nodes: 20))
            for _ in 0...n { if case let .record(r, _)? = sim.next() { writer.write(r) } }
            writer.close()
        }
        try record(seed: 3, 800)
        let session = try ReplaySession(path: path)
        while session.next() != nil {}
        #expect(try session.follow() == .same)
        try record(seed: 4, 200)
        #expect(try session.follow() == .startedOver)
        var seqs: [Int64] = []
        while let item = session.next() { if case let .record(r, _) = item, let seq = r.seq { seqs.append(seq) } }
        #expect(seqs == Array(1...200), "the new file, from its first record")
        #expect(session.index.lines == 201)
        if case let .header(h)? = session.header?.body { #expect(h.seed == 4) } else { Issue.record("no header") }
        #expect(try session.follow() == .same)
    }

    /// While following, the index grows by scanning only what was appended, lines cut mid-way
    /// included, and ends equal to one scan of the whole file.
    @Test func indexGrowsWithTheFile() throws {
        let (whole, _) = try SeekTests().record(seed: 8, nodes: 30, records: 9_000, every: 1_000)
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: whole)))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("grow-\(UUID().uuidString).jsonl").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        var index = RecordingIndex()
        var written = 0
        var rng = SeededRandom(seed: 8)
        while written < bytes.count {
            // Pieces that end anywhere: inside a keyframe, just before a newline, just after one.
            let piece = min(bytes.count - written, 1 + Int(rng.unit() * 400_000))
            try handle.write(contentsOf: bytes[written..<(written + piece)])
            written += piece
            try index.extend(path: path, chunkSize: 4096)
            let partial = try RecordingIndex.build(path: path, chunkSize: 4096)
            #expect(index.keyframes == partial.keyframes && index.lines == partial.lines && index.bytes == partial.bytes)
            #expect(index.lastTs == partial.lastTs && index.firstTs == partial.firstTs)
        }
        try handle.close()
        let full = try RecordingIndex.build(path: whole)
        #expect(index == full)
        #expect(index.keyframes.count == 8)  // 8,999 records after the header, one every 1,000
    }
}

@Suite struct GzipTests {
    @Test func gzipRecordingsRoundTripAndSeek() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gz-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let plain = try FeedFiles.writer(dir + "/run.jsonl")
        let packed = try FeedFiles.writer(dir + "/run.jsonl.gz")
        var a = Recorder(writer: plain, keyframeEvery: 2_500)
        var b = Recorder(writer: packed, keyframeEvery: 2_500)
        let live = simulate(seed: 6, nodes: 40, items: 12_000) { item, state in
            a.take(item, state: state)
            b.take(item, state: state)
        }
        plain.close()
        packed.close()
        let plainSize = try FileManager.default.attributesOfItem(atPath: dir + "/run.jsonl")[.size] as? Int ?? 0
        let packedSize = try FileManager.default.attributesOfItem(atPath: dir + "/run.jsonl.gz")[.size] as? Int ?? 0
        #expect(packedSize > 0 && packedSize * 4 < plainSize, "gzip: \(packedSize) of \(plainSize) bytes")

        let p = try ReplaySession(path: dir + "/run.jsonl")
        let g = try ReplaySession(path: dir + "/run.jsonl.gz")
        #expect(g.index == p.index, "the index is the same in decompressed coordinates")
        var whole = Store()
        while let item = g.next() { whole.ingest(item) }
        #expect(whole.state == live.state && whole.input.malformed == 0)
        let first = p.index.firstTs ?? 0
        for fraction in [0.1, 0.45, 0.8] {
            let target = first + Int64(Double(p.index.duration) * fraction)
            #expect(try g.seek(to: target).state == p.seek(to: target).state)
        }
    }

    @Test func aCorruptGzipIsAnErrorNotACrash() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).jsonl.gz").path
        try Data([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x00, 0x01, 0x02, 0x03]).write(to: URL(fileURLWithPath: path))
        let session = try ReplaySession(path: path)
        var items = 0
        while session.next() != nil { items += 1 }
        #expect(items <= 1)
    }
}
