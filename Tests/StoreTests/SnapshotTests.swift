import Testing
@testable import Feed
@testable import Sources
import Simulation
@testable import Store

@Suite struct SnapshotTests {
    /// A state built by the simulator: every pane has data in it.
    func simulated(records: Int, seed: UInt64 = 3, nodes: Int = 60) -> (Store, [FeedRecord]) {
        let sim = Simulator(options: SimulatorOptions(seed: seed, nodes: nodes))
        var store = Store()
        var all: [FeedRecord] = []
        for _ in 0..<records {
            guard case let .record(r, _)? = sim.next() else { break }
            all.append(r)
            store.apply(r)
        }
        return (store, all)
    }

    @Test func snapshotOutAndBackInGivesTheIdenticalState() throws {
        let (store, _) = simulated(records: 20_000)
        #expect(store.state.fleet.count > 0 && store.state.governance.proposals.count > 0)
        #expect(!store.state.rewards.operators.isEmpty && !store.state.tvl.protocols.isEmpty)
        let record = FeedRecord(seq: store.state.seq, ts: store.state.ts, body: .snapshot(store.state.keyframe()))
        // Through the wire format, as a recording carries it.
        var decoder = RecordDecoder()
        guard case let .record(back) = decoder.decode(encodeLine(record)), case let .snapshot(keyframe) = back.body else {
            Issue.record("snapshot line did not decode")
            return
        }
        var restored = try ChainState(snapshot: keyframe.parse())
        restored.header = store.state.header
        #expect(restored == store.state)
        #expect(keyframe.digest == store.state.digest && restored.digest == store.state.digest)
    }

    @Test func snapshotThenTheRestEqualsEverythingFromTheStart() throws {
        let (whole, all) = simulated(records: 30_000, seed: 9)
        var first = Store()
        for r in all.prefix(12_000) { first.apply(r) }
        let keyframe = FeedRecord(seq: first.state.seq, ts: first.state.ts, body: .snapshot(first.state.keyframe()))
        // A reader that starts at the keyframe (a seek) …
        var seeker = Store()
        seeker.apply(all[0])  // the header
        seeker.apply(keyframe)
        for r in all.dropFirst(12_000) { seeker.apply(r) }
        #expect(seeker.state == whole.state)
        #expect(seeker.input.gaps == 0)
        // … and one reading from the start passes over it.
        var reader = Store()
        for r in all.prefix(12_000) { reader.apply(r) }
        reader.apply(keyframe)
        for r in all.dropFirst(12_000) { reader.apply(r) }
        #expect(reader.state == whole.state)
        #expect(reader.input.keyframes == 1 && reader.input.stale == 0)
    }

    @Test func unreadableSnapshotLeavesTheStateAndIsCounted() {
        var store = Store()
        store.apply(rec(1, node("a")))
        store.apply(FeedRecord(seq: 2, ts: 2, body: .snapshot(Keyframe(.object([("v", .number(1))])))))
        store.finish()  // a keyframe ahead of the records waits for the next line, or the end
        #expect(store.state.fleet.count == 1)
        #expect(store.input.malformed == 1)
    }
}
