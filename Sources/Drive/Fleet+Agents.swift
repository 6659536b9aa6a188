import Feed

extension Fleet {
    /// Jobs for the agents that are due: a leave, a join, or a beat (heartbeat, reports, ask for work).
    mutating func scan(now: Int64) {
        var removed = false
        for id in order {
            guard var agent = agents[id] else { removed = true; continue }
            guard !agent.busy else { continue }
            if agent.leaving != nil, agent.token == nil {
                // Removed before it ever joined: nothing to tell the coordinator.
                agents[id] = nil
                removed = true
                continue
            }
            guard let job = nextJob(for: &agent, now: now) else { continue }
            agent.busy = true
            agents[id] = agent
            jobs.append(job)
        }
        if removed { order.removeAll { agents[$0] == nil } }
    }

    private mutating func nextJob(for agent: inout Agent, now: Int64) -> Job? {
        if let reason = agent.leaving, let token = agent.token { return .leave(node: agent.id, token: token, reason: reason) }
        switch agent.phase {
        case .joining: return .join(node: agent.id, info: agent.info, token: agent.token)
        case .up, .draining:
            guard agent.nextBeat <= now, let token = agent.token else { return nil }
            agent.nextBeat = now + options.heartbeatMillis
            return .beat(node: agent.id, token: token, records: agent.beatRecords(now: now), poll: agent.phase == .up)
        case .silent, .refused: return nil
        }
    }

    /// Every agent that joined, leaving now (the driver is stopping).
    mutating func leaveAll() -> [Job] {
        jobs.removeAll()
        return order.compactMap { id in
            guard let agent = agents[id], let token = agent.token, agent.phase != .refused else { return nil }
            return .leave(node: id, token: token, reason: nil)
        }
    }

    // MARK: what the coordinator answered

    mutating func apply(_ outcome: Outcome, now: Int64) {
        switch outcome {
        case let .joined(id, token, answer): joined(id, token: token, answer, now: now)
        case let .beat(id, answers, work, records):
            stats.requests += work == nil ? 1 : 2
            stats.count(answers, for: records)
            beaten(id, answers: answers, records: records, work: work, now: now)
        case let .left(id, _):
            stats.requests += 1
            stats.left += 1
            agents[id] = nil
        case let .operatorToken(op, token):
            stats.requests += 1
            operatorTokens[op] = token
        case let .posted(answers, records):
            stats.requests += 1
            stats.count(answers, for: records)
        case .submitted:
            stats.requests += 1
        case .back, .failed, .tick: break
        }
    }

    private mutating func joined(_ id: String, token: String, _ answer: CoordinatorAPI.LineAnswer, now: Int64) {
        stats.requests += 2
        guard var agent = agents[id] else { return }
        agent.busy = false
        agent.token = token
        switch answer {
        case .accepted:
            stats.accepted += 1
            stats.joined += 1
            agent.phase = agent.phase == .joining ? .up : agent.phase
        case let .refused(reason) where reason.contains("already registered"):
            agent.phase = agent.phase == .joining ? .up : agent.phase  // it was: a rejoin that was not needed
        case let .refused(reason):
            stats.refused += 1
            stats.note("node \(id) was refused: \(reason)")
            agent.phase = .refused
        }
        // The first beat at a random point of the interval, so that beats spread evenly.
        agent.nextBeat = now + Int64(rng.index(Int(max(1, options.heartbeatMillis))))
        agents[id] = agent
    }

    private mutating func beaten(_ id: String, answers: [CoordinatorAPI.LineAnswer], records: [RecordBody],
                                 work: [CoordinatorAPI.Assignment]?, now: Int64) {
        guard var agent = agents[id] else { return }
        agent.busy = false
        if case let .refused(reason)? = answers.first, case .heartbeat = records.first,
           reason.contains("offline") || reason.contains("unknown node") {
            // The coordinator took it for gone (a long silence, a restart without its log): join again.
            agent.phase = .joining
            agent.running = [:]
        }
        if let work, agent.phase == .up {
            let speed = options.speed
            agent.take(work) { _ in
                // As the simulator runs its tasks: 30 to 900 s of virtual time, 4 % failing.
                let seconds = rng.uniform(30, 900) / speed
                return (now + Int64(seconds * 1000), !rng.chance(0.04))
            }
        }
        agents[id] = agent
    }

    /// A job that will not succeed as it is (a 4xx): said once on the status line; its agent moves on.
    mutating func dropped(_ job: Job, _ error: APIError) {
        stats.errors += 1
        stats.note("\(job.what): \(error)")
        guard let id = job.node, var agent = agents[id] else { return }
        agent.busy = false
        switch (job, error) {
        case (.leave, _): agents[id] = nil; return
        case (_, .unauthorized), (_, .notFound):
            // Its token is unknown (the coordinator lost its log): a new token and a new join.
            agent.token = nil
            agent.phase = .joining
        case (.join, _): agent.phase = .refused
        default: break
        }
        agents[id] = agent
    }
}

extension DriveStats {
    mutating func note(_ message: String) { lastError = message }
}

extension Job {
    /// What the job was, for a message.
    var what: String {
        switch self {
        case let .join(id, _, _): "joining \(id)"
        case let .beat(id, _, _, _): "heartbeat of \(id)"
        case let .leave(id, _, _): "\(id) leaving"
        case let .operatorToken(op): "a token for operator \(op)"
        case let .asOperator(op, _, _): "a claim or vote of \(op)"
        case .publish: "publishing markets"
        case .govern: "publishing proposals"
        case .submit: "submitting tasks"
        case .probe: "checking the coordinator"
        }
    }
}
