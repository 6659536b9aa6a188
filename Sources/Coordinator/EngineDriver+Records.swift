import Engine
import Feed

extension EngineDriver {
    /// Applies the lines of one `POST /v1/records` (already read and checked against the token) in order;
    /// each becomes records or a refusal. One batch for the whole request: one wait for durability.
    public func submit(_ lines: [SubmittedRecord], as principal: Principal, now: Int64) -> Outcome<[LineResult]>? {
        guard foreign(lines, principal).isEmpty else { return nil }
        var batch = LogBatch()
        var results: [LineResult] = []
        results.reserveCapacity(lines.count)
        for line in lines {
            let ts = line.ts ?? now
            let (bodies, refusal) = apply(line.body, now: now)
            if let seq = stamp(bodies, ts: ts, into: &batch) {
                results.append(.accepted(seq: seq))
            } else {
                results.append(.refused(refusal ?? "nothing changed"))
            }
        }
        schedule(into: &batch, ts: now)
        return Outcome(value: results, ticket: enqueue(batch))
    }

    /// One record's effect on the engine: the records it decided, or why there are none.
    private func apply(_ body: RecordBody, now: Int64) -> ([RecordBody], String?) {
        switch body {
        case let .node(info):
            if let refusal = register(info) { return ([], refusal) }
            engine.join(info)
            heard[info.id] = now
        case let .heartbeat(h):
            if let refusal = heartbeat(h, now: now) { return ([], refusal) }
        case let .nodeStatus(s):
            guard engine.nodes[s.id] != nil else { return ([], unknown(s.id)) }
            engine.setStatus(s.id, s.status, reason: s.reason ?? Self.defaultReason(s.status))
            if engine.outbox.isEmpty { return ([], "node '\(s.id)' is already \(s.status.rawValue)") }
        case let .nodeLeft(l):
            guard engine.nodes[l.id] != nil else { return ([], unknown(l.id)) }
            engine.leave(l.id, reason: l.reason ?? "left")
        case let .task(t):
            if let refusal = report(t, now: now) { return ([], refusal) }
        case let .claim(c):
            guard engine.claim(operator: c.operatorID, feeUSD: c.feeUSD) != nil else {
                return ([], "nothing to claim: operator '\(c.operatorID)' has been paid all it earned")
            }
        case let .vote(v):
            var weighted = v
            weighted.weight = stake(of: v.voter)
            engine.vote(weighted)
            if engine.outbox.isEmpty { return ([], "proposal '\(v.proposal)' is not open for voting") }
        case let .proposal(p):
            if engine.tally.proposals[p.id] == nil { engine.propose(p) } else { engine.setProposalState(p.id, p.state) }
        case let .reward(r):
            guard r.basis == .penalty else { return ([], "rewards are the coordinator's to decide; an admin may write penalties only") }
            guard engine.nodes[r.node] != nil else { return ([], unknown(r.node)) }
            engine.penalise(node: r.node, epoch: r.epoch, amount: r.amount, reason: r.reason ?? "penalty")
            if engine.outbox.isEmpty { return ([], "epoch \(r.epoch) is closed, or this penalty was already booked") }
        case .stablecoin, .tvl, .price, .holding:
            return ([body], nil)  // published data: the engine has no say in it
        case .header, .snapshot, .bookmark:
            return ([], "'\(body.typeName)' records are written by the coordinator only")
        }
        return (engine.drain(), nil)
    }

    /// Lines about a node of another operator, by index with the reason, for an operator's token.
    public func foreign(_ lines: [SubmittedRecord], _ principal: Principal) -> [(Int, String)] {
        guard case let .operatorAccount(op) = principal else { return [] }
        return lines.enumerated().compactMap { i, line in
            let id: String
            switch line.body {
            case let .nodeStatus(s): id = s.id
            case let .nodeLeft(l): id = l.id
            default: return nil
            }
            guard let owner = engine.nodes[id]?.info.operatorID, owner != op else { return nil }
            return (i, "node '\(id)' belongs to operator '\(owner)', not '\(op)'")
        }
    }

    /// A node record for a node already online would reset what is allocated on it: only a new or
    /// offline node (re)joins; a described one that is up must be left alone.
    private func register(_ info: NodeInfo) -> String? {
        guard let existing = engine.nodes[info.id], existing.status != .offline else { return nil }
        if existing.info == info { return "node '\(info.id)' is already registered and \(existing.status.rawValue); send heartbeats" }
        return existing.tasks.isEmpty ? nil : "node '\(info.id)' has tasks: drain it and let them end before changing its description"
    }

    private static func defaultReason(_ status: NodeStatus) -> String {
        switch status {
        case .draining: "drain requested"
        case .offline: "left"
        case .online, .degraded: "back online"
        }
    }

    private func unknown(_ id: String) -> String { "unknown node '\(id)': send its node record first" }

    private func heartbeat(_ h: Heartbeat, now: Int64) -> String? {
        guard let node = engine.nodes[h.id] else { return unknown(h.id) }
        guard node.status != .offline else { return "node '\(h.id)' is offline: send its node record to rejoin" }
        heard[h.id] = now
        if node.status == .degraded { engine.setStatus(h.id, .online, reason: "heartbeats resumed") }
        engine.heartbeat(h.id, cpu: h.cpu, mem: h.mem, gpu: h.gpu)
        return nil
    }

    /// A node's report on one of its tasks. A repeated report finds the task already moved on and
    /// is refused, so a retried `done` never pays twice.
    private func report(_ t: TaskEvent, now: Int64) -> String? {
        guard let placed = engine.tasks[t.id], placed.node == t.node else {
            return "task '\(t.id)' is not assigned to node '\(t.node)' (finished already, or never placed there)"
        }
        switch t.state {
        case .running:
            guard placed.state == .assigned else { return "task '\(t.id)' is already running" }
            engine.start(t.id)
        case .done, .failed:
            engine.finish(t.id, success: t.state == .done, epoch: now / config.epochMillis)
        case .assigned, .lost:
            return "a node reports tasks running, done or failed only"
        }
        return nil
    }

    /// A voter's weight: the operator's net accrued reward (its stake in the network).
    func stake(of voter: String) -> Double { max(0, engine.ledger.accrued[voter]?.doubleValue ?? 0) }

    /// Places what fits now; assignments are records like any other.
    func schedule(into batch: inout LogBatch, ts: Int64) {
        guard !engine.queue.isEmpty else { return }
        engine.schedule(limit: 10_000)
        stamp(engine.drain(), ts: ts, into: &batch)
    }

    /// Queues submitted tasks (durable once the ticket is) and places what fits.
    public func submitTasks(_ specs: [TaskSpec], now: Int64) -> Outcome<[String]> {
        var batch = LogBatch()
        for spec in specs {
            self.specs[spec.id] = spec
            engine.submit(spec)
            batch.tasks.append(.upsert(TaskRow(spec: spec, state: .queued, node: nil, position: takePosition())))
        }
        schedule(into: &batch, ts: now)
        return Outcome(value: specs.map(\.id), ticket: enqueue(batch))
    }

    public func isKnownTask(_ id: String) -> Bool { specs[id] != nil }

    /// What a node's agent should run: its tasks assigned and not yet reported running.
    public func work(for node: String, now: Int64) -> [TaskAssignment]? {
        guard let n = engine.nodes[node] else { return nil }
        heard[node] = now
        return n.tasks.sorted().compactMap { id in
            guard let t = engine.tasks[id], t.state == .assigned else { return nil }
            return TaskAssignment(id: id, cpu: t.spec.resources.cpu, memGB: t.spec.resources.memGB,
                                  gpus: t.spec.resources.gpus, units: t.spec.units, kind: t.spec.kind, attempt: t.spec.attempt)
        }
    }

    /// The operator a node belongs to, if it is registered.
    public func operatorOf(node: String) -> String? { engine.nodes[node]?.info.operatorID }

    /// Stores a token's hash (durably, with the next batch).
    public func storeToken(_ stored: StoredToken) -> Committer.Ticket? {
        var batch = LogBatch()
        batch.tokens.append(stored)
        return enqueue(batch)
    }
}
