import DequeModule
import Feed

/// A unit of work submitted to the network.
public struct TaskSpec: Sendable, Equatable {
    public var id: String
    public var resources: Resources
    /// Compute units paid for on completion.
    public var units: Double
    public var kind: String?
    public var attempt: Int = 1
    public init(id: String, resources: Resources, units: Double, kind: String? = nil) {
        self.id = id; self.resources = resources; self.units = units; self.kind = kind
    }
}

public struct EngineConfig: Sendable {
    public var policy: AllocationPolicy = .leastAllocated
    public var token = "CMP"
    /// Tokens paid per compute unit of a completed task.
    public var ratePerUnit = TokenAmount(approximately: 0.01)
    /// Tokens paid per node per epoch online.
    public var uptimeReward = TokenAmount(approximately: 0.05)
    /// Attempts before a repeatedly lost task is given up as failed.
    public var maxAttempts = 3
    public init() {}
}

/// The DePIN engine: node registry, capacity-aware allocator, task lifecycle, reward ledger,
/// claims and a governance tally. Pure: the caller passes the clock, and everything it decides
/// comes out as feed record bodies in `outbox`, which the driver stamps with seq and time.
public struct Engine: Sendable {
    public let config: EngineConfig
    public private(set) var nodes: [String: RegisteredNode] = [:]
    /// Node ids in join order (dictionary order is not stable across runs).
    private var joinOrder = JoinOrder()
    public private(set) var queue = Deque<TaskSpec>()
    public private(set) var tasks: [String: (spec: TaskSpec, node: String, state: TaskState)] = [:]
    public private(set) var ledger = Ledger()
    public private(set) var tally = Tally()
    public private(set) var outbox: [RecordBody] = []
    private var allocator: Allocator
    /// How `schedule` finds nodes; `.scan` is the exhaustive reference the index is measured against.
    public var search = PlacementSearch.index

    public init(config: EngineConfig = EngineConfig()) {
        self.config = config
        allocator = Allocator(policy: config.policy)
    }

    /// Node ids in join order. O(n): `nodeCount` and `node(atJoinRank:)` take O(log n).
    public var nodeOrder: [String] { joinOrder.all }
    public var nodeCount: Int { joinOrder.count }
    /// The id of the k-th node (0-based) in join order.
    public func node(atJoinRank k: Int) -> String? { joinOrder[k] }

    public mutating func drain() -> [RecordBody] {
        defer { outbox.removeAll(keepingCapacity: true) }
        return outbox
    }

    // MARK: registry

    public mutating func join(_ info: NodeInfo) {
        // A node joining again under its id starts afresh, as before (its old entry leaves the index).
        if var old = nodes[info.id] { allocator.remove(&old) }
        joinOrder.append(info.id)
        var node = RegisteredNode(info: info, status: .online)
        allocator.update(&node)
        nodes[info.id] = node
        outbox.append(.node(info))
    }

    public mutating func leave(_ id: String, reason: String? = nil) {
        guard nodes[id] != nil else { return }
        loseTasks(on: id)
        nodes[id] = nil
        joinOrder.remove(id)
        outbox.append(.nodeLeft(NodeLeft(id: id, reason: reason)))
    }

    public mutating func setStatus(_ id: String, _ status: NodeStatus, reason: String? = nil) {
        guard let i = nodes.index(forKey: id), nodes.values[i].status != status else { return }
        nodes.values[i].status = status
        allocator.update(&nodes.values[i])
        outbox.append(.nodeStatus(NodeStatusChange(id: id, status: status, reason: reason)))
        if status == .offline { loseTasks(on: id) }
    }

    public mutating func heartbeat(_ id: String, cpu: Double, mem: Double, gpu: Double?) {
        heartbeat(id) { _ in (cpu, mem, gpu) }
    }

    /// A heartbeat with the utilisation `reading` finds for the node (it is called for an offline
    /// node too, which sends none). One lookup, and the node is not copied out of the registry.
    public mutating func heartbeat(_ id: String, reading: (NodeLoad) -> (cpu: Double, mem: Double, gpu: Double?)) {
        guard let i = nodes.index(forKey: id) else { return }
        let (load, status, taskCount) = Engine.load(&nodes.values[i])
        let (cpu, mem, gpu) = reading(load)
        guard status != .offline else { return }
        outbox.append(.heartbeat(Heartbeat(id: id, cpu: min(max(cpu, 0), 1), mem: min(max(mem, 0), 1),
                                           gpu: gpu.map { min(max($0, 0), 1) }, tasks: taskCount)))
    }

    /// Reads a node where it is stored (a dictionary's getter copies the node, and with it its strings).
    private static func load(_ node: inout RegisteredNode) -> (NodeLoad, NodeStatus, Int) {
        (NodeLoad(cpuCores: node.info.cpuCores, memGB: node.info.memGB, gpus: node.info.gpus,
                  allocatedCPU: node.allocatedCPU, allocatedMemGB: node.allocatedMemGB, allocatedGPUs: node.allocatedGPUs),
         node.status, node.tasks.count)
    }

    // MARK: tasks

    public mutating func submit(_ spec: TaskSpec) { queue.append(spec) }

    /// Places queued tasks on nodes while some node fits the task at the head of the queue.
    /// Returns the ids of the tasks assigned.
    @discardableResult
    public mutating func schedule(limit: Int = .max) -> [String] {
        var placed: [String] = []
        var waiting = Deque<TaskSpec>()
        var misses = 0
        // Stop after a run of tasks that fit nowhere: a full fleet should not cost a scan per task.
        while placed.count < limit, misses < 32, let spec = queue.popFirst() {
            guard let id = search == .index ? allocator.pick(spec.resources) : bestFitByScan(spec.resources) else {
                waiting.append(spec)
                misses += 1
                continue
            }
            misses = 0
            assign(spec, to: id)
            placed.append(spec.id)
        }
        // The ones that waited go back in front, in their order: O(waiting), not O(queue).
        queue.prepend(contentsOf: waiting)
        return placed
    }

    /// The best node that fits, found by looking at every node: O(n), for comparisons only.
    public func bestFitByScan(_ r: Resources) -> String? {
        var best: (score: Double, id: String)?
        for (id, node) in nodes where node.schedulable && node.fits(r) {
            let score = allocator.score(node)
            if let b = best, b.score < score || (b.score == score && b.id < id) { continue }
            best = (score, id)
        }
        return best?.id
    }

    private mutating func assign(_ spec: TaskSpec, to id: String) {
        // Changed in place, in one access: a copy out of the dictionary would copy the node's task
        // set too, and each access through `values` checks that the storage is not shared.
        guard let i = nodes.index(forKey: id) else { return }
        Engine.take(spec, on: &nodes.values[i], &allocator)
        tasks[spec.id] = (spec, id, .assigned)
        outbox.append(.task(TaskEvent(id: spec.id, node: id, state: .assigned, units: spec.units, kind: spec.kind)))
    }

    private static func take(_ spec: TaskSpec, on node: inout RegisteredNode, _ allocator: inout Allocator) {
        node.allocatedCPU += spec.resources.cpu
        node.allocatedMemGB += spec.resources.memGB
        node.allocatedGPUs &+= spec.resources.gpus
        node.tasks.insert(spec.id)
        allocator.update(&node)
    }

    public mutating func start(_ taskID: String) {
        // One lookup, and the task changed where it is stored.
        guard let i = tasks.index(forKey: taskID), tasks.values[i].state == .assigned else { return }
        tasks.values[i].state = .running
        let t = tasks.values[i]
        outbox.append(.task(TaskEvent(id: taskID, node: t.node, state: .running, units: t.spec.units, kind: t.spec.kind)))
    }

    /// Ends a running task; a success credits the node's operator for its units in `epoch`.
    public mutating func finish(_ taskID: String, success: Bool, epoch: Int64) {
        guard let i = tasks.index(forKey: taskID), tasks.values[i].state == .running || tasks.values[i].state == .assigned
        else { return }
        let t = tasks.remove(at: i).value
        release(t.spec, from: t.node)
        let state: TaskState = success ? .done : .failed
        outbox.append(.task(TaskEvent(id: taskID, node: t.node, state: state, units: t.spec.units, kind: t.spec.kind)))
        if success {
            let amount = TokenAmount(atoms: config.ratePerUnit.atoms * Int128((t.spec.units * 1000).rounded()) / 1000)
            credit(node: t.node, epoch: epoch, source: "task:\(taskID)", amount: amount, basis: .task)
        }
    }

    private mutating func release(_ spec: TaskSpec, from id: String) {
        guard let i = nodes.index(forKey: id) else { return }
        Engine.give(back: spec, from: &nodes.values[i], &allocator)
    }

    /// The counterpart of `take`, in place too (a copy of the node would copy its strings).
    private static func give(back spec: TaskSpec, from node: inout RegisteredNode, _ allocator: inout Allocator) {
        node.allocatedCPU = max(0, node.allocatedCPU - spec.resources.cpu)
        node.allocatedMemGB = max(0, node.allocatedMemGB - spec.resources.memGB)
        node.allocatedGPUs = max(0, node.allocatedGPUs &- spec.resources.gpus)
        node.tasks.remove(spec.id)
        allocator.update(&node)
    }

    /// Tasks on a node that went away are lost and queued again, up to `maxAttempts`.
    private mutating func loseTasks(on id: String) {
        guard var node = nodes[id] else { return }
        for taskID in node.tasks.sorted() {
            guard let t = tasks[taskID] else { continue }
            tasks[taskID] = nil
            outbox.append(.task(TaskEvent(id: taskID, node: id, state: .lost, units: t.spec.units, kind: t.spec.kind)))
            var retry = t.spec
            retry.attempt += 1
            if retry.attempt <= config.maxAttempts { queue.append(retry) }
        }
        node.tasks = []
        node.allocatedCPU = 0; node.allocatedMemGB = 0; node.allocatedGPUs = 0
        allocator.remove(&node)
        nodes[id] = node
    }

    // MARK: rewards

    /// Books a reward once per (node, epoch, source) and emits it; false if it was a repeat.
    @discardableResult
    public mutating func credit(node id: String, epoch: Int64, source: String, amount: TokenAmount,
                                basis: RewardBasis, reason: String? = nil) -> Bool {
        guard let i = nodes.index(forKey: id) else { return false }
        let op = nodes.values[i].info.operatorID  // read in place: a copy of the node would copy its strings
        guard ledger.book(LedgerKey(node: id, epoch: epoch, source: source), operatorID: op, amount: amount) else {
            return false
        }
        outbox.append(.reward(Reward(node: id, operatorID: op, amount: amount, token: config.token, epoch: epoch,
                                     basis: basis, reason: reason)))
        return true
    }

    /// A penalty: a negative entry with its reason.
    public mutating func penalise(node id: String, epoch: Int64, amount: TokenAmount, reason: String) {
        let magnitude = amount < .zero ? -amount : amount
        credit(node: id, epoch: epoch, source: "penalty:\(reason)", amount: -magnitude, basis: .penalty, reason: reason)
    }

    /// Pays uptime rewards for the epoch to every node online (or degraded) now, then closes it.
    public mutating func closeEpoch(_ epoch: Int64) {
        for id in nodeOrder {
            guard let i = nodes.index(forKey: id), nodes.values[i].schedulable else { continue }
            credit(node: id, epoch: epoch, source: "uptime", amount: config.uptimeReward, basis: .uptime)
        }
        ledger.close(through: epoch)
    }

    /// Claims the operator's balance, paying `feeUSD` to do so; the amount, or nil if nothing is due.
    @discardableResult
    public mutating func claim(operator op: String, feeUSD: Double?) -> TokenAmount? {
        guard let amount = ledger.claim(op) else { return nil }
        outbox.append(.claim(Claim(operatorID: op, amount: amount, token: config.token, feeUSD: feeUSD)))
        return amount
    }

    public mutating func setPrice(_ usd: Double) { outbox.append(.price(Price(symbol: config.token, usd: usd))) }

    // MARK: governance

    public mutating func propose(_ p: Proposal) {
        tally.open(p)
        outbox.append(.proposal(p))
    }

    public mutating func vote(_ v: Vote) {
        guard tally.cast(v) else { return }
        outbox.append(.vote(v))
    }

    /// Ends voting: succeeded if quorum is met and for outweighs against, else defeated.
    public mutating func closeVoting(_ id: String) {
        guard let p = tally.close(id) else { return }
        outbox.append(.proposal(p))
    }

    public mutating func setProposalState(_ id: String, _ state: ProposalState) {
        guard let p = tally.setState(id, state) else { return }
        outbox.append(.proposal(p))
    }

    // MARK: rebuilding (a coordinator restarting from its log)

    /// Puts a task back where the log left it (`assigned` or `running` on `id`), emitting nothing.
    public mutating func restore(_ spec: TaskSpec, on id: String, state: TaskState) {
        guard nodes[id] != nil, state == .assigned || state == .running else { return }
        assign(spec, to: id)
        outbox.removeLast()
        tasks[spec.id]?.state = state
    }

    /// Sets the ledger as the log left it: balances, net accrued and the last closed epoch.
    public mutating func restoreLedger(_ restored: Ledger) { ledger = restored }
}
