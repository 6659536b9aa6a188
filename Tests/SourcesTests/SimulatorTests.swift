import Foundation
import TestSupport
import Testing
@testable import Engine
@testable import Feed
@testable import Sources
@testable import Recording
@testable import Simulation
@testable import Store

func lines(_ source: RecordStream, count: Int) -> [String] {
    var out: [String] = []
    while out.count < count, case let .record(r, _)? = source.next() { out.append(encodeLine(r)) }
    return out
}

@Suite struct SimulatorTests {
    @Test func sameSeedSameBytes() {
        let a = lines(Simulator(options: SimulatorOptions(seed: 42, nodes: 150)), count: 30_000)
        let b = lines(Simulator(options: SimulatorOptions(seed: 42, nodes: 150)), count: 30_000)
        #expect(a == b)
        let c = lines(Simulator(options: SimulatorOptions(seed: 43, nodes: 150)), count: 30_000)
        #expect(a != c)
    }

    @Test func everyLineIsValidFeedAndSeqIsContiguous() {
        var decoder = RecordDecoder()
        var store = Store()
        var kinds = Set<String>()
        for line in lines(Simulator(options: SimulatorOptions(seed: 5, nodes: 100)), count: 40_000) {
            guard case let .record(r) = decoder.decode(line) else { Issue.record("invalid: \(line)"); return }
            kinds.insert(r.body.typeName)
            store.apply(r)
        }
        #expect(store.input.gaps == 0 && store.input.stale == 0)
        for kind in ["header", "node", "heartbeat", "node_status", "task", "reward", "claim", "price", "stablecoin",
                     "tvl", "proposal", "vote"] {
            #expect(kinds.contains(kind), "no \(kind) records")
        }
    }

    @Test func simulatedWorldLooksLikeTheSeeds() {
        let sim = Simulator(options: SimulatorOptions(seed: 11, nodes: 300))
        var store = Store()
        while sim.now < sim.options.start + 40 * 60_000, let item = sim.next() { store.ingest(item) }
        let s = store.state
        #expect((4...6).contains(s.stablecoins.coins.count))
        #expect((20...30).contains(s.tvl.protocols.count))
        #expect(Set(s.tvl.protocols.flatMap { $0.chains.map(\.chain) }).count >= 3)
        #expect((3...6).contains(s.governance.proposals.count))
        #expect(s.fleet.count > 250)
        #expect(s.fleet.tasksDone > 100)
        #expect(s.rewards.accrued > .zero && s.rewards.claimed > .zero && s.rewards.penalties > .zero)
        // Operators are heavy-tailed: the largest holds many times the median's nodes.
        var perOperator: [String: Int] = [:]
        for n in s.fleet.nodes { perOperator[n.info.operatorID, default: 0] += 1 }
        let sizes = perOperator.values.sorted()
        #expect(sizes.last! >= 5 * sizes[sizes.count / 2])
    }

    /// 30 hours of the fleet alone (no markets or votes): it stays near its size. Joins in proportion to
    /// the current size once let a fleet dwindle: to about 3 of these 40 nodes in 30 hours.
    @Test func aLongRunKeepsTheFleetNearItsSize() {
        var fleet = SimFleet()
        var engine = Engine()
        var rng = SeededRandom(seed: 3)
        fleet.size = 40
        for _ in 0..<fleet.size { fleet.join(engine: &engine, rng: &rng) }
        var smallest = Int.max, largest = 0
        for second in Int64(0)..<(30 * 3600) {
            fleet.step(second: second, rate: 1, engine: &engine, rng: &rng) { _ in }
            _ = engine.drain()
            smallest = min(smallest, engine.nodeOrder.count)
            largest = max(largest, engine.nodeOrder.count)
        }
        #expect(smallest >= 25 && largest <= 60, "a fleet of 40 ranged \(smallest)…\(largest)")
        #expect(engine.nodeOrder.count >= 28 && engine.nodeOrder.count <= 52, "\(engine.nodeOrder.count) at the end")
    }

    @Test func runsAtOneHundredThousandNodes() {
        let sim = Simulator(options: SimulatorOptions(seed: 1, nodes: 100_000))
        var store = Store()
        while sim.second < 12, let item = sim.next() { store.ingest(item) }
        #expect(store.state.fleet.count >= 99_000)
        #expect(store.state.fleet.nodes.filter { $0.lastHeartbeat != nil }.count > 90_000)
    }
}

@Suite struct ReplayTests {
    @Test(arguments: [(UInt64(8), 80, 15_000), (UInt64(1), 10, 4_000), (UInt64(77), 400, 30_000)])
    func replayOfARecordingGivesTheLiveState(seed: UInt64, nodes: Int, records: Int) throws {
        let path = Scratch.path("rec-\(UUID().uuidString).jsonl")
        var live = Store()
        do {
            // Through the recorder, keyframes and all, as `chaintop record` writes it.
            let writer = try FeedWriter(path: path)
            var recorder = Recorder(writer: writer, keyframeEvery: 3_000)
            let sim = Simulator(options: SimulatorOptions(seed: seed, nodes: nodes))
            for _ in 0..<records {
                guard let item = sim.next() else { break }
                live.ingest(item)
                recorder.take(item, state: live.state)
            }
            writer.close()
        }
        let replay = try ReplaySession(streaming: path)
        var replayed = Store()
        while let item = replay.next() { replayed.ingest(item) }
        #expect(replayed.state == live.state)
        #expect(replayed.input.malformed == 0 && replayed.input.keyframeMismatches == 0)
        #expect(replayed.input.keyframes == (records - 1) / 3_000)
    }

    @Test(arguments: ["sim", "sim:7", "replay:/x.jsonl", "rec.jsonl", "./a:b.jsonl"])
    func specsParse(_ text: String) throws {
        let spec = try SourceSpec(parsing: text)
        switch text {
        case "sim": #expect(spec == .sim(seed: 1))
        case "sim:7": #expect(spec == .sim(seed: 7))
        case "replay:/x.jsonl": #expect(spec == .replay(path: "/x.jsonl"))
        case "rec.jsonl": #expect(spec == .replay(path: "rec.jsonl"))
        default: #expect(spec == .replay(path: "./a:b.jsonl"))
        }
    }

    @Test(arguments: ["sim:", "sim:-1", "sim:abc", "replay:", "", "ftp:thing", "coordinator:http://x"])
    func badSpecsSayWhy(_ text: String) {
        #expect(throws: SourceSpec.ParseError.self) { try SourceSpec(parsing: text) }
    }
}
