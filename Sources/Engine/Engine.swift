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
    public private(set) var nodes = NodeTable()
    /// Node ids in join order (dictionary order is not stable across runs).
    private var joinOrder = JoinOrder()
    public private(set) var queue = Deque<TaskSpec>()
    public private(set) var tasks = TaskTable()
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
        if let old = nodes.row(of: info.id) { nodes.rows[Int(old)]?.leaveIndex(&allocator) }
        joinOrder.append(info.id)
        let r = nodes.insert(RegisteredNode(info: info, status: .online))
        nodes.rows[Int(r)]?.enterIndex(&allocator)
        outbox.append(.node(info))
    }

    public mutating func leave(_ id: String, reason: String? = nil) {
        guard let r = nodes.row(of: id) else { return }
        loseTasks(onRow: r)
        nodes.remove(id)
        joinOrder.remove(id)
        outbox.append(.nodeLeft(NodeLeft(id: id, reason: reason)))
    }

    public mutating func setStatus(_ id: String, _ status: NodeStatus, reason: String? = nil) {
        guard let r = nodes.row(of: id), let old = nodes.rows[Int(r)]?.status, old != status else { return }
        nodes.rows[Int(r)]?.set(status, &allocator)
        outbox.append(.nodeStatus(NodeStatusChange(id: id, status: status, reason: reason)))
        if status == .offline { loseTasks(onRow: r) }
    }

    public mutating func heartbeat(_ id: String, cpu: Double, mem: Double, gpu: Double?) {
        heartbeat(id) { _ in (cpu, mem, gpu) }
    }

    /// A heartbeat with the utilisation `reading` finds for the node (it is called for an offline
    /// node too, which sends none). One lookup, and the node is not copied out of the registry.
    public mutating func heartbeat(_ id: String, reading: (NodeLoad) -> (cpu: Double, mem: Double, gpu: Double?)) {
        guard let r = nodes.row(of: id), let (load, status, taskCount) = nodes.rows[Int(r)]?.loadInPlace() else { return }
        let (cpu, mem, gpu) = reading(load)
        guard status != .offline else { return }
        outbox.append(.heartbeat(Heartbeat(id: id, cpu: min(max(cpu, 0), 1), mem: min(max(mem, 0), 1),
                                           gpu: gpu.map { min(max($0, 0), 1) }, tasks: taskCount)))
    }

    /// The load, status and task count of the node in row r if that row holds `id` (a caller that kept a
    /// node's row reads it without hashing the id), read in place: a get of the row would copy its strings.
    public mutating func load(ofRow r: Int32, id: String) -> (load: NodeLoad, status: NodeStatus, tasks: Int)? {
        guard nodes.holds(id, atRow: r) else { return nil }
        return nodes.rows[Int(r)]?.loadInPlace()
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
            guard let r = search == .index ? allocator.pickRow(spec.resources) : bestFitByScan(spec.resources).flatMap(nodes.row)
            else {
                waiting.append(spec)
                misses += 1
                continue
            }
            misses = 0
            assign(spec, toRow: r)
            placed.append(spec.id)
        }
        // The ones that waited go back in front, in their order: O(waiting), not O(queue).
        queue.prepend(contentsOf: waiting)
        return placed
    }

    /// The best node that fits, found by looking at every node: O(n), for comparisons only.
    public func bestFitByScan(_ r: Resources) -> String? {
        var best: (score: Double, id: String)?
        for node in nodes.values where node.schedulable && node.fits(r) {
            let score = allocator.score(node)
            if let b = best, b.score < score || (b.score == score && b.id < node.info.id) { continue }
            best = (score, node.info.id)
        }
        return best?.id
    }

    private mutating func assign(_ spec: TaskSpec, toRow r: Int32) {
        // The node is changed where it is stored: a copy would copy its strings and its task list.
        guard let id = nodes.rows[Int(r)]?.take(spec, &allocator) else { return }
        tasks.insert(PlacedTask(spec: spec, node: id, state: .assigned, nodeRow: r))
        outbox.append(.task(TaskEvent(id: spec.id, node: id, state: .assigned, units: spec.units, kind: spec.kind)))
    }

    public mutating func start(_ taskID: String) {
        guard let r = tasks.row(of: taskID), let t = tasks[row: r], t.state == .assigned else { return }
        tasks.setState(row: r, .running)
        outbox.append(.task(TaskEvent(id: taskID, node: t.node, state: .running, units: t.spec.units, kind: t.spec.kind)))
    }

    /// Ends a running task; a success credits the node's operator for its units in `epoch`.
    public mutating func finish(_ taskID: String, success: Bool, epoch: Int64) {
        guard let t = tasks.remove(taskID, if: { $0.state == .running || $0.state == .assigned }) else { return }
        // The row is the node's while the task is on it: a node that leaves loses its tasks first, and
        // one that joins again under its id keeps its row.
        let onNode = nodes.holds(t.node, atRow: t.nodeRow)
        if onNode { nodes.rows[Int(t.nodeRow)]?.giveBack(t.spec, &allocator) }
        let state: TaskState = success ? .done : .failed
        outbox.append(.task(TaskEvent(id: taskID, node: t.node, state: state, units: t.spec.units, kind: t.spec.kind)))
        if success {
            let amount = TokenAmount(atoms: config.ratePerUnit.atoms * Int128((t.spec.units * 1000).rounded()) / 1000)
            if onNode {
                _ = book(row: t.nodeRow, node: t.node, epoch: epoch, source: "task:\(taskID)", amount: amount, basis: .task,
                         reason: nil)
            }
        }
    }

    /// Tasks on a node that went away are lost and queued again, up to `maxAttempts`.
    private mutating func loseTasks(onRow r: Int32) {
        guard let node = nodes[row: r] else { return }
        for taskID in node.tasks.sorted() {
            guard let t = tasks.remove(taskID) else { continue }
            outbox.append(.task(TaskEvent(id: taskID, node: node.info.id, state: .lost, units: t.spec.units,
                                          kind: t.spec.kind)))
            var retry = t.spec
            retry.attempt += 1
            if retry.attempt <= config.maxAttempts { queue.append(retry) }
        }
        nodes.rows[Int(r)]?.emptied(&allocator)
    }

    // MARK: rewards

    /// Books a reward once per (node, epoch, source) and emits it; false if it was a repeat.
    @discardableResult
    public mutating func credit(node id: String, epoch: Int64, source: String, amount: TokenAmount,
                                basis: RewardBasis, reason: String? = nil) -> Bool {
        guard let r = nodes.row(of: id) else { return false }
        return book(row: r, node: id, epoch: epoch, source: source, amount: amount, basis: basis, reason: reason)
    }

    /// `credit` for the node in row r, whose id is `id` (a task's end knows its node's row).
    private mutating func book(row r: Int32, node id: String, epoch: Int64, source: String, amount: TokenAmount,
                               basis: RewardBasis, reason: String?) -> Bool {
        guard let op = nodes.rows[Int(r)]?.info.operatorID else { return false }
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
        // One lookup a node: booked by the row found (credit would look the id up again).
        for id in nodeOrder {
            guard let r = nodes.row(of: id), nodes.rows[Int(r)]?.schedulable == true else { continue }
            _ = book(row: r, node: id, epoch: epoch, source: "uptime", amount: config.uptimeReward, basis: .uptime,
                     reason: nil)
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
        guard let r = nodes.row(of: id), state == .assigned || state == .running else { return }
        assign(spec, toRow: r)
        outbox.removeLast()
        if let t = tasks.row(of: spec.id) { tasks.setState(row: t, state) }
    }

    /// Sets the ledger as the log left it: balances, net accrued and the last closed epoch.
    public mutating func restoreLedger(_ restored: Ledger) { ledger = restored }
}

/// A node's changes, made where the node is stored (`nodes.rows[r]?.take(...)`), with the allocator's
/// index kept up to date beside them.
extension RegisteredNode {
    mutating func enterIndex(_ allocator: inout Allocator) { allocator.update(&self) }
    mutating func leaveIndex(_ allocator: inout Allocator) { allocator.remove(&self) }

    mutating func set(_ status: NodeStatus, _ allocator: inout Allocator) {
        self.status = status
        allocator.update(&self)
    }

    /// Takes the task on; the node's id.
    mutating func take(_ spec: TaskSpec, _ allocator: inout Allocator) -> String {
        allocatedCPU += spec.resources.cpu
        allocatedMemGB += spec.resources.memGB
        allocatedGPUs &+= spec.resources.gpus
        tasks.insert(spec.id)
        allocator.update(&self)
        return info.id
    }

    mutating func giveBack(_ spec: TaskSpec, _ allocator: inout Allocator) {
        allocatedCPU = max(0, allocatedCPU - spec.resources.cpu)
        allocatedMemGB = max(0, allocatedMemGB - spec.resources.memGB)
        allocatedGPUs = max(0, allocatedGPUs &- spec.resources.gpus)
        tasks.remove(spec.id)
        allocator.update(&self)
    }

    /// Its tasks lost: nothing allocated, and out of the index.
    mutating func emptied(_ allocator: inout Allocator) {
        tasks = []
        allocatedCPU = 0; allocatedMemGB = 0; allocatedGPUs = 0
        allocator.remove(&self)
    }

    /// Read through a mutating access, so in place: a get of the row would copy the node's strings.
    mutating func loadInPlace() -> (NodeLoad, NodeStatus, Int) {
        (NodeLoad(cpuCores: info.cpuCores, memGB: info.memGB, gpus: info.gpus, allocatedCPU: allocatedCPU,
                  allocatedMemGB: allocatedMemGB, allocatedGPUs: allocatedGPUs), status, tasks.count)
    }
}
