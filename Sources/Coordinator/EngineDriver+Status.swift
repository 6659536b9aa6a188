import Engine
import Feed

/// `GET /v1/status`: what each node has and why it is in its state; why each queued task waits.
public struct StatusReport: Sendable, Codable, Equatable {
    public struct Amounts: Sendable, Codable, Equatable {
        public var cpu: Double
        public var memGB: Double
        public var gpus: Int
        enum CodingKeys: String, CodingKey { case cpu, memGB = "mem_gb", gpus }
    }
    public struct NodeLine: Sendable, Codable, Equatable {
        public var id: String
        public var operatorID: String
        public var status: String
        public var reason: String
        public var since: Int64
        public var allocatable: Amounts
        public var allocated: Amounts
        public var available: Amounts
        public var tasks: Int
        enum CodingKeys: String, CodingKey { case id, operatorID = "operator", status, reason, since, allocatable, allocated, available, tasks }
    }
    public struct QueuedTask: Sendable, Codable, Equatable {
        public var id: String
        public var attempt: Int
        public var needs: Amounts
        public var why: String
    }
    public var seq: Int64
    public var nodes: [NodeLine]
    public var queued: Int
    /// The first queued tasks with their reasons (the rest wait for the same kinds of reasons).
    public var queue: [QueuedTask]
}

extension EngineDriver {
    public func status(queueLimit: Int = 100) -> StatusReport {
        let nodes = engine.nodeOrder.compactMap { id -> StatusReport.NodeLine? in
            guard let n = engine.nodes[id] else { return nil }
            let change = lastChange[id]
            let total = StatusReport.Amounts(cpu: n.cpuCapacity, memGB: n.info.memGB, gpus: n.info.gpus)
            let used = StatusReport.Amounts(cpu: n.allocatedCPU, memGB: n.allocatedMemGB, gpus: n.allocatedGPUs)
            return StatusReport.NodeLine(
                id: id, operatorID: n.info.operatorID, status: n.status.rawValue, reason: change?.reason ?? "",
                since: change?.ts ?? 0, allocatable: total, allocated: used,
                available: StatusReport.Amounts(cpu: max(0, total.cpu - used.cpu), memGB: max(0, total.memGB - used.memGB),
                                                gpus: max(0, total.gpus - used.gpus)),
                tasks: n.tasks.count)
        }
        // One reason per shape: a queue of many equal tasks costs one pass over the fleet.
        var reasons: [String: String] = [:]
        let queue = engine.queue.prefix(queueLimit).map { spec -> StatusReport.QueuedTask in
            let r = spec.resources
            let key = "\(r.cpu)|\(r.memGB)|\(r.gpus)"
            let why = reasons[key] ?? Unplaced.reason(r, nodes: engine.nodes.values)
            reasons[key] = why
            return StatusReport.QueuedTask(id: spec.id, attempt: spec.attempt,
                                           needs: StatusReport.Amounts(cpu: r.cpu, memGB: r.memGB, gpus: r.gpus), why: why)
        }
        return StatusReport(seq: nextSeq - 1, nodes: nodes, queued: engine.queue.count, queue: queue)
    }
}
