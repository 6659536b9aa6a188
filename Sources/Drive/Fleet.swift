import DequeModule
import Engine
import Feed
import Simulation

/// The simulated network as the coordinator should hear it: what the simulator does becomes jobs
/// (joins, beats, leaves, claims, votes, published markets, submitted tasks), and what the
/// coordinator answers moves the agents on. Only the driver's loop touches it.
struct Fleet {
    let options: DriveOptions
    var agents: [String: Agent] = [:]
    /// Agents in join order, for the scan that finds who is due (removed ones are skipped and pruned).
    var order: [String] = []
    var operatorTokens: [String: String] = [:]
    /// Operators in the order they appeared: a simulated voter speaks as one of them.
    var operators: [String] = []
    private var knownOperators: Set<String> = []
    var jobs = Deque<Job>()
    var stats = DriveStats()
    var rng: SeededRandom
    /// Task ids carry the run's prefix: a second run against the same coordinator submits new tasks.
    let taskPrefix: String
    private var published: [RecordBody] = []
    private var governance: [RecordBody] = []

    init(options: DriveOptions, runID: String) {
        self.options = options
        rng = SeededRandom(seed: options.seed ^ 0xD21F_E5EE_D0C0_FFEE)
        taskPrefix = runID + "-"
    }

    var online: Int { agents.values.count { $0.phase == .up || $0.phase == .draining } }

    // MARK: what the simulator did

    mutating func take(_ record: FeedRecord) {
        switch record.body {
        case let .node(info):
            guard agents[info.id] == nil else { return }
            agents[info.id] = Agent(info: info)
            order.append(info.id)
            if knownOperators.insert(info.operatorID).inserted {
                operators.append(info.operatorID)
                jobs.append(.operatorToken(info.operatorID))
            }
        case let .heartbeat(h):
            agents[h.id]?.cpu = h.cpu
            agents[h.id]?.mem = h.mem
            agents[h.id]?.gpu = h.gpu
        case let .nodeStatus(s): changeStatus(s)
        case let .nodeLeft(l): agents[l.id]?.leaving = .some(l.reason)
        case let .claim(c):
            if let token = operatorTokens[c.operatorID] { jobs.append(.asOperator(c.operatorID, token: token, records: [record.body])) }
        case let .vote(v): vote(v)
        case .proposal: governance.append(record.body)
        case .stablecoin, .tvl, .price: published.append(record.body)
        default: break  // the coordinator decides assignments, rewards and epochs itself
        }
    }

    private mutating func changeStatus(_ s: NodeStatusChange) {
        guard var agent = agents[s.id] else { return }
        switch (s.status, agent.phase) {
        case (.offline, .up), (.offline, .draining):
            // Down: it goes quiet and what it ran is gone; the coordinator finds out by the silence.
            agent.phase = .silent
            agent.running = [:]
            agent.reports = []
        case (.online, .silent): agent.phase = .joining
        case (.draining, .up):
            agent.phase = .draining
            agent.reports.append(.nodeStatus(NodeStatusChange(id: s.id, status: .draining, reason: s.reason)))
        default: break  // degraded: a node cannot say so; it keeps beating
        }
        agents[s.id] = agent
    }

    /// A simulated voter votes as one of the operators (the coordinator weighs a vote by the voter's
    /// stake, which only an operator has).
    private mutating func vote(_ v: Vote) {
        guard !operators.isEmpty else { return }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in v.voter.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        let op = operators[Int(hash % UInt64(operators.count))]
        guard let token = operatorTokens[op] else { return }
        var mine = v
        mine.voter = op
        jobs.append(.asOperator(op, token: token, records: [.vote(mine)]))
    }

    /// Tasks the simulator submitted, and the markets and proposals since the last flush, as jobs.
    mutating func flush(submitted: [TaskSpec]) {
        let tasks = submitted.map { spec -> TaskSpec in
            var s = spec
            s.id = taskPrefix + spec.id
            return s
        }
        stats.tasksSubmitted += tasks.count
        for chunk in chunks(tasks) { jobs.append(.submit(chunk)) }
        for chunk in chunks(published) { jobs.append(.publish(chunk)) }
        for chunk in chunks(governance) { jobs.append(.govern(chunk)) }
        published = []
        governance = []
    }

    private func chunks<T>(_ items: [T], of size: Int = 1000) -> [[T]] {
        stride(from: 0, to: items.count, by: size).map { Array(items[$0..<min($0 + size, items.count)]) }
    }
}
