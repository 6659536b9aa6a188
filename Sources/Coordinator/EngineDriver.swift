import Engine
import Feed

/// Drives the Engine for the server: turns accepted requests and the clock into engine calls,
/// stamps what the engine decides with seq and time, and hands it to the group committer.
/// One actor, so the seq order is the order decisions were made in.
public actor EngineDriver {
    var engine: Engine
    let config: CoordinatorConfig
    let committer: Committer
    var nextSeq: Int64
    /// When each node was last heard from (wall clock, ms).
    var heard: [String: Int64] = [:]
    /// Every live task's spec (the engine forgets specs once placed tasks end).
    var specs: [String: TaskSpec] = [:]
    var nextPosition: Int64 = 1
    var closedEpoch: Int64
    /// Each node's last status change and its reason, for /v1/status.
    var lastChange: [String: StatusChange] = [:]
    var ticks = 0

    public struct StatusChange: Sendable, Equatable {
        public var status: NodeStatus
        public var reason: String
        public var ts: Int64
    }

    init(engine: Engine, config: CoordinatorConfig, committer: Committer, lastSeq: Int64, closedEpoch: Int64) {
        self.engine = engine
        self.config = config
        self.committer = committer
        nextSeq = lastSeq + 1
        self.closedEpoch = closedEpoch
    }

    /// Stamps the bodies the engine produced, notes what they change, and adds them to `batch`.
    /// Returns the first seq given.
    @discardableResult
    func stamp(_ bodies: [RecordBody], ts: Int64, into batch: inout LogBatch) -> Int64? {
        guard !bodies.isEmpty else { return nil }
        let first = nextSeq
        var writer = JSONWriter(capacity: 256)
        for body in bodies {
            let record = FeedRecord(seq: nextSeq, ts: ts, body: body)
            writer.reset()
            writer.record(record)
            batch.records.append(LoggedRecord(seq: nextSeq, line: writer.bytes))
            batch.applied.append(record)
            note(body, ts: ts, into: &batch)
            nextSeq += 1
        }
        return first
    }

    /// Keeps the task table and the status reasons in step with what the engine decided.
    private func note(_ body: RecordBody, ts: Int64, into batch: inout LogBatch) {
        switch body {
        case let .task(t): noteTask(t, into: &batch)
        case let .nodeStatus(s): lastChange[s.id] = StatusChange(status: s.status, reason: s.reason ?? "", ts: ts)
        case let .node(n): lastChange[n.id] = StatusChange(status: .online, reason: "joined", ts: ts)
        case let .nodeLeft(l): lastChange[l.id] = nil; heard[l.id] = nil
        default: break
        }
    }

    private func noteTask(_ t: TaskEvent, into batch: inout LogBatch) {
        guard var spec = specs[t.id] else { return }
        switch t.state {
        case .assigned, .running:
            let state: TaskRow.State = t.state == .assigned ? .assigned : .running
            batch.tasks.append(.upsert(TaskRow(spec: spec, state: state, node: t.node, position: 0)))
        case .done, .failed:
            specs[t.id] = nil
            batch.tasks.append(.remove(t.id))
        case .lost:
            spec.attempt += 1
            guard spec.attempt <= engine.config.maxAttempts else {
                specs[t.id] = nil
                batch.tasks.append(.remove(t.id))
                return
            }
            specs[t.id] = spec
            batch.tasks.append(.upsert(TaskRow(spec: spec, state: .queued, node: nil, position: takePosition())))
        }
    }

    func takePosition() -> Int64 {
        defer { nextPosition += 1 }
        return nextPosition
    }

    /// Hands a batch to the committer; nil when there is nothing to write.
    func enqueue(_ batch: LogBatch) -> Committer.Ticket? {
        batch.isEmpty ? nil : committer.enqueue(batch)
    }

    public var queueLength: Int { engine.queue.count }
    public var nodeCount: Int { engine.nodes.count }
}
