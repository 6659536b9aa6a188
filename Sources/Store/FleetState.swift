import Synchronization
import Feed

/// One node as the fleet pane shows it: its description and its latest state.
/// Packed (88 bytes a node instead of 120): the optional numbers are kept with a sentinel for "none"
/// and the fields ordered so that none is padded, which at a million nodes is 32 MB.
public struct NodeEntry: Sendable, Equatable {
    /// The description, boxed: it changes rarely, and a copy of the fleet (a keyframe's state, a
    /// paused view) retains one reference per node instead of each of its strings.
    public var info: NodeInfo {
        get { box.info }
        set { box = InfoBox(newValue) }
    }
    @usableFromInline var box: InfoBox
    /// The description's fields read in place: `info` copies the whole description (six strings), which a
    /// sort or filter over a million nodes cannot afford once a node.
    public var id: String { box.info.id }
    public var operatorID: String { box.info.operatorID }
    public var region: String { box.info.region }
    public var nodeClass: NodeClass { box.info.nodeClass }
    public var version: String { box.info.version }
    /// The id, operator and region read where they are, for a filter over a million nodes: inlined into
    /// its loop, so neither the entry nor its description is copied and no string is retained.
    @inlinable public func withNames<R>(_ body: (borrowing String, borrowing String, borrowing String) -> R) -> R {
        body(box.info.id, box.info.operatorID, box.info.region)
    }
    public var statusReason: String?
    public var cpu: Double = 0
    public var mem: Double = 0
    private var gpuValue = Double.nan
    /// Running tasks, as the node last reported.
    public var tasks: Int = 0
    private var heartbeatAt = Int64.min
    public var joined: Int64
    private var statusChangedAt = Int64.min
    public var status: NodeStatus
    /// True while only heartbeats have been seen (no `node` record yet).
    public var described: Bool

    public var gpu: Double? {
        get { gpuValue.isNaN ? nil : gpuValue }
        set { gpuValue = newValue.flatMap { $0.isNaN ? nil : $0 } ?? .nan }
    }
    public var lastHeartbeat: Int64? {
        get { heartbeatAt == .min ? nil : heartbeatAt }
        set { heartbeatAt = newValue ?? .min }
    }
    /// When the status last changed (event time), as seen by this reader. Not in a keyframe (so not in a
    /// digest or an equality): a state restored from one does not know it until the next change.
    public var statusSince: Int64? {
        get { statusChangedAt == .min ? nil : statusChangedAt }
        set { statusChangedAt = newValue ?? .min }
    }

    public init(info: NodeInfo, status: NodeStatus, joined: Int64, described: Bool = true) {
        box = InfoBox(info); self.status = status; self.joined = joined; self.described = described
    }

    public static func == (a: NodeEntry, b: NodeEntry) -> Bool {
        (a.box === b.box || a.box.info == b.box.info) && a.status == b.status && a.statusReason == b.statusReason
            && a.cpu == b.cpu && a.mem == b.mem && a.gpu == b.gpu && a.tasks == b.tasks
            && a.lastHeartbeat == b.lastHeartbeat && a.joined == b.joined && a.described == b.described
    }
}

/// An immutable node description shared by copies of the fleet.
@usableFromInline final class InfoBox: Sendable {
    @usableFromInline let info: NodeInfo
    init(_ info: NodeInfo) { self.info = info }
}

/// The recent task events, for the node drill-down.
public struct TaskNote: Sendable, Equatable {
    public var ts: Int64
    public var task: TaskEvent
}

/// The fleet: nodes in a dense array (swap-removed on leave) with an id index,
/// counts by status kept as records arrive, and bounded histories.
public struct FleetState: Sendable, Equatable {
    public private(set) var nodes: [NodeEntry] = []
    public private(set) var index = NodeIndex()
    public private(set) var history: UtilisationHistory
    public private(set) var statusCounts = [Int](repeating: 0, count: NodeStatus.allCases.count)
    /// Tasks assigned or running, by id → node.
    public private(set) var activeTasks: [String: String] = [:]
    /// Node → how many of `activeTasks` are on it: a node's "tasks running", counted as the fleet's is.
    /// Derived from `activeTasks` (rebuilt on a restore), so it adds nothing to a keyframe.
    public private(set) var activeByNode: [String: Int] = [:]
    public private(set) var recentTasks: Ring<TaskNote>
    public private(set) var tasksDone = 0
    public private(set) var tasksFailed = 0
    public private(set) var tasksLost = 0
    public private(set) var unitsDone: Double = 0
    /// Mean cpu over the fleet's latest heartbeats, one sample per `bucketMillis` of event time.
    public private(set) var utilisation: Ring<TimedValue>
    public private(set) var cpuSum: Double = 0
    /// Nodes per operator, class and region, kept as nodes join, change and leave (the overview
    /// shows them every frame; counting 100,000 nodes each time would not be quiet).
    public private(set) var nodesByOperator: [String: Int] = [:]
    public private(set) var nodesByClass: [NodeClass: Int] = [:]
    public private(set) var nodesByRegion: [String: Int] = [:]
    /// Region → its nodes' counts by status (`NodeStatus.slot` order), kept as nodes change: the Overview's
    /// online/offline by region and the offline alerts read them without visiting the nodes.
    public private(set) var statusByRegion: [String: [Int]] = [:]
    public static let bucketMillis: Int64 = 10_000
    /// Changes whenever a node joins, leaves or is described anew (and only then): an order of the
    /// nodes by their descriptions (id, operator, region, …) holds until it moves.
    public private(set) var layout = Revision()
    /// The row of the heartbeat that came after each row's last one: a fleet's nodes report in an order
    /// that repeats (the simulator's beat slots, agents on their intervals), so the next heartbeat's row
    /// is most often the one that followed last time, checked against its id instead of probing the
    /// index (a cache miss a heartbeat, 14 % of a 100,000-node simulation's export).
    private var beatOrder = BeatOrder()

    public init(historyDepth: Int = 60) {
        history = UtilisationHistory(depth: historyDepth)
        recentTasks = Ring(capacity: 2000)
        utilisation = Ring(capacity: 360)
    }

    public var count: Int { nodes.count }
    public func count(_ status: NodeStatus) -> Int { statusCounts[status.slot] }
    public func count(_ status: NodeStatus, region: String) -> Int { statusByRegion[region]?[status.slot] ?? 0 }
    public func node(_ id: String) -> NodeEntry? { index[id].map { nodes[$0] } }
    public var tasksRunning: Int { activeTasks.count }

    mutating func apply(_ info: NodeInfo, ts: Int64) {
        if let i = index[info.id] {
            count(nodes[i].info, -1)
            countStatus(nodes[i].info.region, nodes[i].status, -1)
            count(info, 1)
            countStatus(info.region, nodes[i].status, 1)
            nodes[i].info = info
            nodes[i].described = true
            layout.bump()
        } else {
            var entry = NodeEntry(info: info, status: .online, joined: ts)
            entry.statusSince = ts
            insert(entry)
        }
    }

    mutating func apply(_ hb: Heartbeat, ts: Int64) {
        let i = beatRow(hb.id) ?? index[hb.id] ?? insertPlaceholder(hb.id, ts: ts)
        beatOrder.beat(row: i)
        cpuSum += hb.cpu - nodes[i].cpu
        nodes[i].cpu = hb.cpu
        nodes[i].mem = hb.mem
        nodes[i].gpu = hb.gpu
        nodes[i].tasks = hb.tasks
        nodes[i].lastHeartbeat = ts
        history.append(slot: i, cpu: hb.cpu, mem: hb.mem, gpu: hb.gpu)
        sampleUtilisation(ts: ts)
    }

    mutating func apply(_ change: NodeStatusChange, ts: Int64) {
        let i = index[change.id] ?? insertPlaceholder(change.id, ts: ts)
        if nodes[i].status != change.status || nodes[i].statusSince == nil { nodes[i].statusSince = ts }
        statusCounts[nodes[i].status.slot] -= 1
        countStatus(nodes[i].info.region, nodes[i].status, -1)
        nodes[i].status = change.status
        nodes[i].statusReason = change.reason
        statusCounts[change.status.slot] += 1
        countStatus(nodes[i].info.region, change.status, 1)
    }

    mutating func apply(_ left: NodeLeft) {
        guard let i = index[left.id] else { return }
        let last = nodes.count - 1
        statusCounts[nodes[i].status.slot] -= 1
        countStatus(nodes[i].info.region, nodes[i].status, -1)
        cpuSum -= nodes[i].cpu
        count(nodes[i].info, -1)
        index[left.id] = nil
        if i != last {
            nodes[i] = nodes[last]
            index[nodes[i].info.id] = i
        }
        nodes.removeLast()
        history.removeSlot(i)
        layout.bump()
    }

    mutating func apply(_ task: TaskEvent, ts: Int64) {
        switch task.state {
        case .assigned, .running:
            let before = activeTasks.updateValue(task.node, forKey: task.id)
            if before != task.node {
                if let before { countActive(before, -1) }
                countActive(task.node, 1)
            }
        case .done: finish(task.id); tasksDone += 1; unitsDone += task.units
        case .failed: finish(task.id); tasksFailed += 1
        case .lost: finish(task.id); tasksLost += 1
        }
        recentTasks.append(TaskNote(ts: ts, task: task))
    }

    /// Tasks running on a node, as the fleet's `tasks_running` counts them (not its last heartbeat's say).
    public func tasksRunning(on node: String) -> Int { activeByNode[node] ?? 0 }

    private mutating func finish(_ task: String) {
        if let node = activeTasks.removeValue(forKey: task) { countActive(node, -1) }
    }

    /// One lookup: the count is changed, or removed, where it was found.
    private mutating func countActive(_ node: String, _ delta: Int) {
        guard let i = activeByNode.index(forKey: node) else {
            if delta > 0 { activeByNode[node] = delta }
            return
        }
        let v = activeByNode.values[i] + delta
        if v <= 0 { activeByNode.remove(at: i) } else { activeByNode.values[i] = v }
    }

    private mutating func count(_ info: NodeInfo, _ delta: Int) {
        func bump<K: Hashable>(_ d: inout [K: Int], _ k: K) {
            let v = (d[k] ?? 0) + delta
            d[k] = v == 0 ? nil : v
        }
        bump(&nodesByOperator, info.operatorID)
        bump(&nodesByClass, info.nodeClass)
        bump(&nodesByRegion, info.region)
    }

    private mutating func countStatus(_ region: String, _ status: NodeStatus, _ delta: Int) {
        var counts = statusByRegion[region] ?? [0, 0, 0, 0]
        counts[status.slot] += delta
        statusByRegion[region] = counts.allSatisfy { $0 == 0 } ? nil : counts
    }

    /// Up to `limit` ids of nodes in a status, in fleet order, without copying the nodes.
    public func ids(_ status: NodeStatus, limit: Int) -> [String] {
        var out: [String] = []
        for i in nodes.indices where nodes[i].status == status {
            out.append(nodes[i].info.id)
            if out.count == limit { break }
        }
        return out
    }

    private mutating func insert(_ entry: NodeEntry) {
        layout.bump()
        count(entry.info, 1)
        index[entry.info.id] = nodes.count
        nodes.append(entry)
        history.addSlot()
        statusCounts[entry.status.slot] += 1
        countStatus(entry.info.region, entry.status, 1)
    }

    /// The row that followed the last heartbeat's the last time, or the one as far past it as it was past
    /// the one before (a fleet's first round after a restore: rows in join order, reporting by slot), if
    /// it is `id`'s.
    private func beatRow(_ id: String) -> Int? {
        let (followed, strided) = beatOrder.guesses
        if followed < nodes.count, index.holds(id, atRow: followed) { return followed }
        if strided != followed, strided < nodes.count, index.holds(id, atRow: strided) { return strided }
        return nil
    }

    /// A node seen before its `node` record (a stream joined mid-way).
    private mutating func insertPlaceholder(_ id: String, ts: Int64) -> Int {
        let info = NodeInfo(id: id, operatorID: "?", region: "?", nodeClass: .server, cpuCores: 0, memGB: 0,
                            gpus: 0, version: "?")
        var entry = NodeEntry(info: info, status: .online, joined: ts, described: false)
        entry.statusSince = ts
        insert(entry)
        return nodes.count - 1
    }

    private mutating func sampleUtilisation(ts: Int64) {
        let bucket = ts - ts % FleetState.bucketMillis
        let mean = nodes.isEmpty ? 0 : cpuSum / Double(nodes.count)
        if let last = utilisation.last, last.ts == bucket {
            utilisation.replaceLast(TimedValue(ts: bucket, value: mean))
        } else {
            utilisation.append(TimedValue(ts: bucket, value: mean))
        }
    }
}

extension FleetState {
    /// Takes a restored fleet's nodes, index, history and counts as built in bulk (`RestoredFleet`), and
    /// rebuilds the task tallies.
    mutating func restore(_ fleet: RestoredFleet, activeTasks tasks: [String: String], recent: [TaskNote],
                          utilisation u: [TimedValue], done: Int, failed: Int, lost: Int, units: Double, cpuSum sum: Double) {
        nodes = fleet.nodes
        index = fleet.index
        history = fleet.history
        statusCounts = fleet.tally.statusCounts
        nodesByOperator = fleet.tally.byOperator
        nodesByClass = fleet.tally.byClass
        nodesByRegion = fleet.tally.byRegion
        statusByRegion = fleet.tally.statusByRegion
        layout.bump()
        beatOrder = BeatOrder()
        activeTasks = tasks
        activeByNode = [:]
        for node in tasks.values { countActive(node, 1) }
        for note in recent { recentTasks.append(note) }
        for v in u { utilisation.append(v) }
        tasksDone = done; tasksFailed = failed; tasksLost = lost; unitsDone = units; cpuSum = sum
    }
}

extension NodeStatus {
    var slot: Int {
        switch self {
        case .online: 0
        case .degraded: 1
        case .offline: 2
        case .draining: 3
        }
    }
}

/// Which row's heartbeat followed each row's last one: a guess, always checked, that takes no part in
/// a state's equality (nor in a keyframe). Rows moved by a leave leave stale guesses, which fail the check.
struct BeatOrder: Sendable, Equatable {
    private var after: [Int32] = []
    private var last = -1
    private var stride = 1
    /// The rows guessed for the next heartbeat: the one that followed the last row's last time (-1: none
    /// yet), and the last row plus the last step.
    var guesses: (followed: Int, strided: Int) {
        (after.indices.contains(last) ? Int(after[last]) : -1, last &+ stride)
    }

    /// Row r's node has just reported: the row after the last one is r.
    mutating func beat(row r: Int) {
        if last >= 0 {
            if last >= after.count { after.append(contentsOf: repeatElement(-1, count: last + 1 - after.count)) }
            after[last] = Int32(truncatingIfNeeded: r)
            stride = r &- last
        }
        last = r
    }

    static func == (a: BeatOrder, b: BeatOrder) -> Bool { true }
}

/// A mark of changes that takes no part in a state's equality (two states with the same nodes are
/// equal however they came to hold them), for caches of what the changes would invalidate. Each change
/// takes a number no other state in the process has had, so a state restored by a seek never passes
/// for the one it replaced.
public struct Revision: Sendable, Equatable {
    public private(set) var value: UInt64 = 0
    private static let last = Atomic<UInt64>(0)
    mutating func bump() { value = Revision.last.add(1, ordering: .relaxed).newValue }
    public static func == (a: Revision, b: Revision) -> Bool { true }
}
