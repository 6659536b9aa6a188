import Feed

extension FleetState {
    func snapshot() -> JSONValue {
        let list: [JSONValue] = nodes.indices.map { i in
            let n = nodes[i]
            let h = history.raw(slot: i)
            return .object([
                ("id", .string(n.info.id)), ("operator", .string(n.info.operatorID)), ("region", .string(n.info.region)),
                ("class", .string(n.info.nodeClass.rawValue)), ("cpu_cores", num(n.info.cpuCores)),
                ("mem_gb", .number(n.info.memGB)), ("gpus", num(n.info.gpus)), ("gpu_model", str(n.info.gpuModel)),
                ("version", .string(n.info.version)), ("status", .string(n.status.rawValue)),
                ("reason", str(n.statusReason)), ("cpu", .number(n.cpu)), ("mem", .number(n.mem)),
                ("gpu", n.gpu.map(JSONValue.number) ?? .null), ("tasks", num(n.tasks)),
                ("last_heartbeat", n.lastHeartbeat.map(num) ?? .null), ("joined", num(n.joined)),
                ("described", .bool(n.described)),
                ("hist_cpu", bytes(h.cpu)), ("hist_mem", bytes(h.mem)), ("hist_gpu", bytes(h.gpu)),
            ])
        }
        let tasks: [JSONValue] = activeTasks.sorted { $0.key < $1.key }.map { .array([.string($0.key), .string($0.value)]) }
        let recent: [JSONValue] = recentTasks.elements.map { note in
            .object([("ts", num(note.ts)), ("id", .string(note.task.id)), ("node", .string(note.task.node)),
                     ("state", .string(note.task.state.rawValue)), ("units", .number(note.task.units)),
                     ("kind", str(note.task.kind))])
        }
        return .object([
            ("nodes", .array(list)), ("active_tasks", .array(tasks)), ("recent_tasks", .array(recent)),
            ("utilisation", series(utilisation)), ("done", num(tasksDone)), ("failed", num(tasksFailed)),
            ("lost", num(tasksLost)), ("units", .number(unitsDone)), ("cpu_sum", .number(cpuSum)),
        ])
    }

    init(snapshot s: SnapshotReader, historyDepth: Int) throws(SnapshotError) {
        self.init(historyDepth: historyDepth)
        var entries: [NodeEntry] = []
        var hist: [(cpu: [UInt8], mem: [UInt8], gpu: [UInt8])] = []
        for n in try s.list("nodes") {
            let info = NodeInfo(id: try n.string("id"), operatorID: try n.string("operator"), region: try n.string("region"),
                                nodeClass: try n.choice("class"), cpuCores: try n.int("cpu_cores"),
                                memGB: try n.double("mem_gb"), gpus: try n.int("gpus"),
                                gpuModel: n.optionalString("gpu_model"), version: try n.string("version"))
            var e = NodeEntry(info: info, status: try n.choice("status"), joined: Int64(try n.int("joined")),
                              described: try n.bool("described"))
            e.statusReason = n.optionalString("reason")
            e.cpu = try n.double("cpu"); e.mem = try n.double("mem"); e.gpu = n.optionalDouble("gpu")
            e.tasks = try n.int("tasks"); e.lastHeartbeat = try n.optionalInt("last_heartbeat").map(Int64.init)
            entries.append(e)
            hist.append((try n.byteList("hist_cpu"), try n.byteList("hist_mem"), try n.byteList("hist_gpu")))
        }
        var tasks: [String: String] = [:]
        for pair in try s.field("active_tasks").array ?? [] {
            guard let p = pair.array, p.count == 2, let id = p[0].string, let node = p[1].string else {
                throw SnapshotError(message: "snapshot 'active_tasks' has a bad entry")
            }
            tasks[id] = node
        }
        var recent: [TaskNote] = []
        for t in try s.list("recent_tasks") {
            let task = TaskEvent(id: try t.string("id"), node: try t.string("node"), state: try t.choice("state"),
                                 units: try t.double("units"), kind: t.optionalString("kind"))
            recent.append(TaskNote(ts: Int64(try t.int("ts")), task: task))
        }
        restore(nodes: entries, history: hist, activeTasks: tasks, recent: recent, utilisation: try s.series("utilisation"),
                done: try s.int("done"), failed: try s.int("failed"), lost: try s.int("lost"),
                units: try s.double("units"), cpuSum: try s.double("cpu_sum"))
    }
}

extension RewardsState {
    func snapshot() -> JSONValue {
        let ops: [JSONValue] = operators.sorted { $0.key < $1.key }.map { id, l in
            .object([("id", .string(id)), ("accrued", .string(l.accrued.description)),
                     ("claimed", .string(l.claimed.description)), ("penalties", .string(l.penalties.description)),
                     ("claims", num(l.claims)), ("fees_usd", .number(l.feesUSD)),
                     ("last_fee_usd", l.lastClaimFeeUSD.map(JSONValue.number) ?? .null),
                     ("window", series(l.window))])
        }
        let nodes: [JSONValue] = byNode.sorted { $0.key < $1.key }.map { .array([.string($0.key), .string($0.value.description)]) }
        return .object([
            ("token", str(token)), ("price_usd", priceUSD.map(JSONValue.number) ?? .null), ("operators", .array(ops)),
            ("nodes", .array(nodes)), ("accrued", .string(accrued.description)), ("claimed", .string(claimed.description)),
            ("penalties", .string(penalties.description)), ("entries", num(entries)), ("other", num(otherTokenEntries)),
            ("accrual", series(accrual)), ("price_history", series(priceHistory)),
            ("recent", .array(recent.elements.map { note in
                let r = note.reward
                return .object([("ts", num(note.ts)), ("node", .string(r.node)), ("operator", .string(r.operatorID)),
                                ("amount", .string(r.amount.description)), ("token", .string(r.token)), ("epoch", num(r.epoch)),
                                ("basis", .string(r.basis.rawValue)), ("reason", str(r.reason))])
            })),
        ])
    }

    init(snapshot s: SnapshotReader) throws(SnapshotError) {
        var ops: [String: OperatorLedger] = [:]
        for o in try s.list("operators") {
            var l = OperatorLedger()
            l.accrued = try o.amount("accrued"); l.claimed = try o.amount("claimed"); l.penalties = try o.amount("penalties")
            l.claims = try o.int("claims"); l.feesUSD = try o.double("fees_usd"); l.lastClaimFeeUSD = o.optionalDouble("last_fee_usd")
            for v in try o.series("window") { l.window.append(v) }
            ops[try o.string("id")] = l
        }
        var nodes: [String: TokenAmount] = [:]
        for pair in try s.field("nodes").array ?? [] {
            guard let p = pair.array, p.count == 2, let id = p[0].string, let a = p[1].string.flatMap(TokenAmount.init) else {
                throw SnapshotError(message: "snapshot reward 'nodes' has a bad entry")
            }
            nodes[id] = a
        }
        self.init(token: s.optionalString("token"), priceUSD: s.optionalDouble("price_usd"), operators: ops, byNode: nodes,
                  accrued: try s.amount("accrued"), claimed: try s.amount("claimed"), penalties: try s.amount("penalties"),
                  entries: try s.int("entries"), otherTokenEntries: try s.int("other"),
                  accrual: try s.series("accrual"), priceHistory: try s.series("price_history"),
                  recent: try s.list("recent").map { n throws(SnapshotError) in
                      RewardNote(ts: Int64(try n.int("ts")), reward: Reward(
                          node: try n.string("node"), operatorID: try n.string("operator"), amount: try n.amount("amount"),
                          token: try n.string("token"), epoch: Int64(try n.int("epoch")), basis: try n.choice("basis"),
                          reason: n.optionalString("reason")))
                  })
    }
}

extension StablecoinEntry {
    func snapshot() -> JSONValue {
        let reserves: JSONValue = coin.reserves.map { .object($0.map { ($0.category, .number($0.usd)) }) } ?? .null
        return .object([
            ("symbol", .string(coin.symbol)), ("issuer", .string(coin.issuer)), ("peg", .string(coin.peg)),
            ("price", coin.price.map(JSONValue.number) ?? .null), ("supply", .number(coin.supply)),
            ("reserves", reserves), ("mechanism", str(coin.mechanism)), ("updated", num(updated)),
            ("history", series(priceHistory)),
        ])
    }

    init(snapshot s: SnapshotReader) throws(SnapshotError) {
        var reserves: [ReserveEntry]?
        if case let .object(pairs)? = s.value["reserves"] {
            reserves = pairs.map { ReserveEntry(category: $0.0, usd: $0.1.double ?? 0) }
        }
        let coin = Stablecoin(symbol: try s.string("symbol"), issuer: try s.string("issuer"), peg: try s.string("peg"),
                              price: s.optionalDouble("price"), supply: try s.double("supply"), reserves: reserves,
                              mechanism: s.optionalString("mechanism"))
        self.init(coin: coin, updated: Int64(try s.int("updated")),
                  priceHistory: Ring(capacity: 240, elements: try s.series("history")))
    }
}

extension TVLState {
    func snapshot() -> JSONValue {
        .object([("protocols", .array(protocols.map { $0.snapshot() })), ("total_history", series(totalHistory))])
    }
}

extension ProtocolTVL {
    func snapshot() -> JSONValue {
        .object([
            ("name", .string(name)), ("category", str(category)),
            ("chains", .array(chains.map { .array([.string($0.chain), .number($0.usd)]) })),
            ("history", series(history)),
        ])
    }

    init(snapshot s: SnapshotReader) throws(SnapshotError) {
        var chains: [(chain: String, usd: Double)] = []
        for pair in try s.field("chains").array ?? [] {
            guard let p = pair.array, p.count == 2, let c = p[0].string, let v = p[1].double else {
                throw SnapshotError(message: "snapshot 'chains' has a bad entry")
            }
            chains.append((c, v))
        }
        self.init(name: try s.string("name"), category: s.optionalString("category"), chains: chains,
                  history: Ring(capacity: 240, elements: try s.series("history")))
    }
}

extension GovernanceState {
    func snapshot() -> JSONValue {
        .object([("proposals", .array(proposals.map { $0.snapshot() })), ("votes", num(votes))])
    }
}

extension ProposalEntry {
    func snapshot() -> JSONValue {
        let p = proposal
        let ballotList: [JSONValue] = ballots.sorted { $0.key < $1.key }.map {
            .array([.string($0.key), .string($0.value.support.rawValue), .number($0.value.weight)])
        }
        return .object([
            ("id", .string(p.id)), ("space", .string(p.space)), ("title", .string(p.title)),
            ("state", .string(p.state.rawValue)), ("start", p.start.map(num) ?? .null), ("end", p.end.map(num) ?? .null),
            ("quorum", p.quorum.map(JSONValue.number) ?? .null), ("ballots", .array(ballotList)),
            ("tally", .array(tally.map(JSONValue.number))),
        ])
    }

    init(snapshot s: SnapshotReader) throws(SnapshotError) {
        let p = Proposal(id: try s.string("id"), space: try s.string("space"), title: try s.string("title"),
                         state: try s.choice("state"), start: try s.optionalInt("start").map(Int64.init),
                         end: try s.optionalInt("end").map(Int64.init), quorum: s.optionalDouble("quorum"))
        var ballots: [String: Ballot] = [:]
        for entry in try s.field("ballots").array ?? [] {
            guard let e = entry.array, e.count == 3, let voter = e[0].string,
                  let support = e[1].string.flatMap(Support.init(rawValue:)), let w = e[2].double else {
                throw SnapshotError(message: "snapshot 'ballots' has a bad entry")
            }
            ballots[voter] = Ballot(support: support, weight: w)
        }
        let tally = (try s.field("tally").array ?? []).compactMap(\.double)
        guard tally.count == 3 else { throw SnapshotError(message: "snapshot 'tally' must have three numbers") }
        self.init(proposal: p, ballots: ballots, tally: tally)
    }
}
