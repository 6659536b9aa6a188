import DequeModule
import Engine
import Feed

public struct SimulatorOptions: Sendable, Equatable {
    public var seed: UInt64 = 1
    /// Fleet size at the start.
    public var nodes = 200
    /// Scales every event rate (tasks, churn, market moves); 1 is the default pace.
    public var rate = 1.0
    /// Virtual start time; fixed so that the same seed gives byte-identical output.
    public var start: Int64 = 1_767_225_600_000  // 2026-01-01T00:00:00Z
    public var policy: AllocationPolicy = .leastAllocated
    /// A scripted story on top of the random run (the shipped demo recordings).
    public var scenario: Scenario?
    public init(seed: UInt64 = 1, nodes: Int = 200, rate: Double = 1.0) {
        self.seed = seed; self.nodes = nodes; self.rate = rate
    }
}

/// The seeded simulator: drives the DePIN engine on a virtual clock (one step a second of event
/// time) and walks the DeFi markets beside it. It never ends; callers stop it by time or count.
public final class Simulator: RecordStream {
    public let options: SimulatorOptions
    public var name: String { "sim:\(options.seed)" }
    var rng: SeededRandom
    var engine: Engine
    /// Seconds of virtual time stepped so far.
    public private(set) var second: Int64 = 0
    var seq: Int64 = 0
    var pending = Deque<FeedRecord>()
    var fleet: SimFleet
    var markets: SimMarkets
    var governance: SimGovernance

    public init(options: SimulatorOptions = SimulatorOptions()) {
        self.options = options
        rng = SeededRandom(seed: options.seed)
        var config = EngineConfig()
        config.policy = options.policy
        engine = Engine(config: config)
        fleet = SimFleet()
        markets = SimMarkets()
        governance = SimGovernance()
        let header = Header(source: "sim", created: options.start, seed: options.seed,
                            note: "chaintop simulator, \(options.nodes) nodes, rate \(options.rate)")
        pending.append(FeedRecord(seq: nil, ts: options.start, body: .header(header)))
    }

    /// A simulator that goes on exactly as `other` would from here (its state is all values, so this
    /// is a copy): a benchmark starts every run from one saturated fleet built once.
    public init(continuing other: Simulator) {
        options = other.options
        rng = other.rng
        engine = other.engine
        second = other.second
        seq = other.seq
        pending = other.pending
        fleet = other.fleet
        markets = other.markets
        governance = other.governance
    }

    /// Current virtual time in milliseconds.
    public var now: Int64 { options.start + second * 1000 }

    public func next() -> FeedItem? {
        while pending.isEmpty { step() }
        guard let r = pending.popFirst() else { return nil }
        return .record(r, line: 0)
    }

    /// Keeps the tasks submitted from now on for `takeSubmissions`: a driver that hands them to a real
    /// coordinator needs their resources, which no record carries.
    public func keepSubmissions() { if fleet.submissions == nil { fleet.submissions = [] } }

    /// The tasks submitted since the last call (none unless `keepSubmissions` was called).
    public func takeSubmissions() -> [TaskSpec] {
        defer { if fleet.submissions != nil { fleet.submissions = [] } }
        return fleet.submissions ?? []
    }

    /// Advances one second of virtual time and returns what happened in it (and anything `next()` had
    /// not yet returned), for a caller on a clock of its own.
    public func advance() -> [FeedRecord] {
        step()
        defer { pending.removeAll(keepingCapacity: true) }
        return Array(pending)
    }

    /// Advances one second of virtual time and queues what happened in it.
    func step() {
        if second == 0 { bootstrap() }
        fleet.step(second: second, rate: options.rate, engine: &engine, rng: &rng, emit: emit)
        emitEngine()
        markets.step(second: second, rate: options.rate, rng: &rng, emit: emit)
        // The script runs before the markets and the vote of its second, so a contested vote is set up
        // before the first proposal opens.
        if let scenario = options.scenario {
            scenario.apply(second: second, engine: &engine, fleet: &fleet, markets: &markets, governance: &governance)
            emitEngine()
        }
        governance.step(second: second, now: now, engine: &engine, rng: &rng)
        emitEngine()
        if second % 30 == 0 { engine.setPrice(markets.walkTokenPrice(&rng)); emitEngine() }
        second += 1
    }

    private func bootstrap() {
        fleet.size = options.nodes
        for _ in 0..<options.nodes { fleet.join(engine: &engine, rng: &rng) }
        engine.setPrice(markets.tokenPrice)
        emitEngine()
        markets.bootstrap(rng: &rng, emit: emit)
        governance.bootstrap(now: now, rng: &rng)
    }

    private func emitEngine() { fleet.flush(engine: &engine, emit: emit) }

    private func emit(_ body: RecordBody) {
        seq += 1
        pending.append(FeedRecord(seq: seq, ts: now, body: body))
    }
}
