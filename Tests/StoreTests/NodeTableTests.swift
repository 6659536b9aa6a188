import Testing
@testable import Feed
import Simulation
@testable import Store

/// Version 2 keyframes (the node table in blocks) and the version 1 keyframes recordings made before
/// still hold: both restore to the identical state, and damage to a node table is reported, never restored.
@Suite struct NodeTableTests {
    func simulated(records: Int, seed: UInt64 = 4, nodes: Int = 80) -> ChainState {
        let sim = Simulator(options: SimulatorOptions(seed: seed, nodes: nodes))
        var store = Store()
        for _ in 0..<records {
            guard case let .record(r, _)? = sim.next() else { break }
            store.apply(r)
        }
        return store.state
    }

    /// A fleet of `count` nodes, some with GPUs, reasons, and histories of every length up to full.
    func fleet(_ count: Int) -> ChainState {
        var store = Store()
        var seq: Int64 = 0
        func put(_ ts: Int64, _ body: RecordBody) { seq += 1; store.apply(FeedRecord(seq: seq, ts: ts, body: body)) }
        for i in 0..<count {
            put(1000, .node(NodeInfo(id: "n\(i)", operatorID: "op-\(i % 7)", region: i % 2 == 0 ? "eu" : "us \"west\"",
                                     nodeClass: i % 3 == 0 ? .gpu : .server, cpuCores: 8, memGB: 15.5, gpus: i % 3 == 0 ? 2 : 0,
                                     gpuModel: i % 3 == 0 ? "H100" : nil, version: "1.0")))
        }
        for i in 0..<count where i % 5 != 4 {
            for beat in 0..<(i % 70) {
                put(2000 + Int64(beat), .heartbeat(Heartbeat(id: "n\(i)", cpu: Double(beat % 10) / 10, mem: 0.25,
                                                             gpu: i % 3 == 0 ? 0.5 : nil, tasks: beat % 3)))
            }
        }
        put(9000, .nodeStatus(NodeStatusChange(id: "n1", status: .degraded, reason: "disk ✓ slow")))
        return store.state
    }

    func restored(_ keyframe: Keyframe, header: Header? = nil) throws -> ChainState {
        var state = try ChainState(keyframe: keyframe)
        state.header = header
        return state
    }

    @Test func aNodeTableRestoresTheIdenticalState() throws {
        for state in [simulated(records: 15_000), fleet(300), ChainState()] {
            let keyframe = state.keyframe()
            #expect(keyframe.scheme == .sd2 && keyframe.json.starts(with: Array(#"{"v":2,"#.utf8)))
            let back = try restored(keyframe, header: state.header)
            #expect(back == state)
            #expect(back.digest == keyframe.digest && keyframe.digest == state.digest(.sd2))
        }
    }

    /// More nodes than a block holds: the blocks are found by their lengths and parsed side by side.
    @Test func manyBlocksRestoreInOrder() throws {
        let state = fleet(NodeTable.blockSize * 2 + 17)
        let keyframe = state.keyframe()
        let layout = try keyframe.json.withUnsafeBufferPointer { b throws(SnapshotError) in try NodeTable.locate(b) }
        #expect(layout?.blocks.count == 3)
        let (back, blocks) = try ChainState.restoring(keyframe, historyDepth: ChainState.standardHistoryDepth)
        #expect(blocks?.count == 3)
        #expect(back.fleet == state.fleet && back == state)
        #expect(back.digest(.sd2, blocks: blocks) == keyframe.digest)
    }

    /// Recordings written before the node table keep their version 1 keyframes and `sd1` digests.
    @Test func versionOneKeyframesStillRestore() throws {
        let state = simulated(records: 12_000, seed: 8)
        let old = state.versionOneKeyframe()
        #expect(old.json.starts(with: Array(#"{"v":1,"#.utf8)) && String(decoding: old.json, as: UTF8.self).contains(#""hist_cpu":["#))
        let back = try restored(old, header: state.header)
        #expect(back == state)
        #expect(back.digest(.sd1) == old.digest && back.digest(.sd2) == state.keyframe().digest)
        // Through a store, as a seek takes it: the digest checked in its own scheme.
        var store = Store()
        store.apply(FeedRecord(seq: state.seq, ts: state.ts, body: .snapshot(old)))
        #expect(store.input.keyframeMismatches == 0 && store.state.fleet == state.fleet)
    }

    /// Each kind of damage to the table is an unreadable keyframe (a clear message), not a crash or a wrong state.
    @Test(arguments: [(#""node_blocks":["#, #""node_blocks":[1"#), (#"["n0","#, #"["n0",7,"#), (#""H100","#, #""H100",,"#),
                      (#""server""#, #""servr""#), (#"true,0,"""#, #"true,1,"""#), (#""online","#, #""up","#)])
    func damagedTablesAreRefused(_ from: String, _ to: String) throws {
        let keyframe = fleet(40).keyframe()
        var text = String(decoding: keyframe.json, as: UTF8.self)
        guard let range = text.range(of: from) else { Issue.record("\(from) not in the keyframe"); return }
        text.replaceSubrange(range, with: to)
        #expect(throws: SnapshotError.self) { try ChainState(keyframe: Keyframe(json: Array(text.utf8), digest: keyframe.digest, scheme: .sd2)) }
    }

    /// A change the table's grammar allows (a sample changed) is caught by the digest the seek checks.
    @Test func aChangedSampleFailsTheDigest() throws {
        let state = fleet(40)
        let keyframe = state.keyframe()
        var text = String(decoding: keyframe.json, as: UTF8.self)
        guard let range = text.range(of: #",0.25,"#) else { Issue.record("no mem value"); return }
        text.replaceSubrange(range, with: ",0.26,")
        var store = Store()
        store.apply(FeedRecord(seq: state.seq, ts: state.ts, body: .snapshot(Keyframe(json: Array(text.utf8), digest: keyframe.digest, scheme: .sd2))))
        #expect(store.input.keyframeMismatches == 1 && store.state.fleet.count == 0)
    }

    @Test func base64RoundTripsEveryLength() {
        var rng = SeededRandom(seed: 5)
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            var text: [UInt8] = [], back: [UInt8] = []
            bytes.withUnsafeBufferPointer { Base64.encode($0, into: &text) }
            #expect(text.count == (length * 4 + 2) / 3)
            #expect(text.withUnsafeBufferPointer { Base64.decode($0, into: &back) } && back == bytes)
        }
        var out: [UInt8] = []
        for bad in ["A", "AB=", "A*", "AB", "AAAA*AAA", "AAAAAAAA=A", "AAAAAAAAAB"] {  // a lone letter, padding, a non-letter, stray low bits
            #expect(!Array(bad.utf8).withUnsafeBufferPointer { Base64.decode($0, into: &out) }, "\(bad)")
        }
    }
}
