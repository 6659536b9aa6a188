import Feed

extension FleetState {
    func write<S: SnapshotSink>(to s: inout S) {
        s.beginObject()
        s.nodes(of: self)
        s.key("active_tasks"); s.beginArray()
        for (id, node) in activeTasks.sorted(by: { $0.key < $1.key }) { s.beginArray(); s.string(id); s.string(node); s.endArray() }
        s.endArray()
        s.key("recent_tasks"); s.beginArray()
        for note in recentTasks.elements {
            s.beginObject()
            s.key("ts"); s.int(note.ts); s.key("id"); s.string(note.task.id); s.key("node"); s.string(note.task.node)
            s.key("state"); s.string(note.task.state.rawValue); s.key("units"); s.number(note.task.units)
            s.key("kind"); s.string(note.task.kind)
            s.endObject()
        }
        s.endArray()
        s.key("utilisation"); writeSeries(utilisation, to: &s)
        s.key("done"); s.int(tasksDone); s.key("failed"); s.int(tasksFailed); s.key("lost"); s.int(tasksLost)
        s.key("units"); s.number(unitsDone); s.key("cpu_sum"); s.number(cpuSum)
        s.endObject()
    }

    /// A node as an object, as version 1 of the state wrote it (and its digest, sd1, still walks it).
    func write<S: JSONSink>(node i: Int, to s: inout S) {
        let n = nodes[i]
        let h = history.raw(slot: i)
        s.beginObject()
        s.key("id"); s.string(n.info.id); s.key("operator"); s.string(n.info.operatorID); s.key("region"); s.string(n.info.region)
        s.key("class"); s.string(n.info.nodeClass.rawValue); s.key("cpu_cores"); s.int(n.info.cpuCores)
        s.key("mem_gb"); s.number(n.info.memGB); s.key("gpus"); s.int(n.info.gpus); s.key("gpu_model"); s.string(n.info.gpuModel)
        s.key("version"); s.string(n.info.version); s.key("status"); s.string(n.status.rawValue)
        s.key("reason"); s.string(n.statusReason); s.key("cpu"); s.number(n.cpu); s.key("mem"); s.number(n.mem)
        s.key("gpu"); s.number(n.gpu); s.key("tasks"); s.int(n.tasks)
        s.key("last_heartbeat"); s.int(n.lastHeartbeat); s.key("joined"); s.int(n.joined)
        s.key("described"); s.bool(n.described)
        s.key("hist_cpu"); s.byteArray(h.cpu); s.key("hist_mem"); s.byteArray(h.mem); s.key("hist_gpu"); s.byteArray(h.gpu)
        s.endObject()
    }

    /// The fleet of a snapshot: its nodes from the rows of a version 2 node table, or, in version 1, from
    /// the node objects of `nodes`.
    init(snapshot s: SnapshotReader, rows: NodeTable.Parsed?, historyDepth: Int) throws(SnapshotError) {
        self.init(historyDepth: historyDepth)
        let blocks: [RowBlock]
        if let rows { blocks = rows.blocks } else { blocks = [try Self.nodeObjects(s.list("nodes"))] }
        var tasks: [String: String] = [:]
        for pair in try s.field("active_tasks").asArray ?? [] {
            guard let p = pair.asArray, p.count == 2, let id = p[0].asString, let node = p[1].asString else {
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
        let fleet = RestoredFleet(blocks, asked: history.asked, budget: history.budget)
        restore(fleet, activeTasks: tasks, recent: recent, utilisation: try s.series("utilisation"),
                done: try s.int("done"), failed: try s.int("failed"), lost: try s.int("lost"),
                units: try s.double("units"), cpuSum: try s.double("cpu_sum"))
    }
}

extension FleetState {
    /// A version 1 keyframe's node objects, as one block.
    static func nodeObjects(_ list: [SnapshotReader]) throws(SnapshotError) -> RowBlock {
        var block = RowBlock()
        block.reserve(list.count)
        for n in list {
            let info = NodeInfo(id: try n.string("id"), operatorID: try n.string("operator"), region: try n.string("region"),
                                nodeClass: try n.choice("class"), cpuCores: try n.int("cpu_cores"),
                                memGB: try n.double("mem_gb"), gpus: try n.int("gpus"),
                                gpuModel: n.optionalString("gpu_model"), version: try n.string("version"))
            var e = NodeEntry(info: info, status: try n.choice("status"), joined: Int64(try n.int("joined")),
                              described: try n.bool("described"))
            e.statusReason = n.optionalString("reason")
            e.cpu = try n.double("cpu"); e.mem = try n.double("mem"); e.gpu = n.optionalDouble("gpu")
            e.tasks = try n.int("tasks"); e.lastHeartbeat = try n.optionalInt("last_heartbeat").map(Int64.init)
            block.append(e, cpu: try n.byteList("hist_cpu"), mem: try n.byteList("hist_mem"), gpu: try n.byteList("hist_gpu"))
        }
        return block
    }
}

extension RewardsState {
    func write<S: JSONSink>(to s: inout S) {
        s.beginObject()
        s.key("token"); s.string(token); s.key("price_usd"); s.number(priceUSD)
        s.key("operators"); s.beginArray()
        for (id, l) in operators.sorted(by: { $0.key < $1.key }) {
            s.beginObject()
            s.key("id"); s.string(id); s.key("accrued"); s.amount(l.accrued)
            s.key("claimed"); s.amount(l.claimed); s.key("penalties"); s.amount(l.penalties)
            s.key("claims"); s.int(l.claims); s.key("fees_usd"); s.number(l.feesUSD)
            s.key("last_fee_usd"); s.number(l.lastClaimFeeUSD); s.key("window"); writeSeries(l.window, to: &s)
            s.endObject()
        }
        s.endArray()
        s.key("nodes"); s.beginArray()
        for (id, amount) in byNode.sorted(by: { $0.key < $1.key }) { s.beginArray(); s.string(id); s.amount(amount); s.endArray() }
        s.endArray()
        s.key("accrued"); s.amount(accrued); s.key("claimed"); s.amount(claimed)
        s.key("penalties"); s.amount(penalties); s.key("entries"); s.int(entries); s.key("other"); s.int(otherTokenEntries)
        s.key("accrual"); writeSeries(accrual, to: &s); s.key("price_history"); writeSeries(priceHistory, to: &s)
        s.key("recent"); s.beginArray()
        for note in recent.elements {
            let r = note.reward
            s.beginObject()
            s.key("ts"); s.int(note.ts); s.key("node"); s.string(r.node); s.key("operator"); s.string(r.operatorID)
            s.key("amount"); s.amount(r.amount); s.key("token"); s.string(r.token); s.key("epoch"); s.int(r.epoch)
            s.key("basis"); s.string(r.basis.rawValue); s.key("reason"); s.string(r.reason)
            s.endObject()
        }
        s.endArray()
        s.endObject()
    }

    init(snapshot s: SnapshotReader) throws(SnapshotError) {
        var ops: [String: OperatorLedger] = [:]
        for o in try s.list("operators") {
            var l = OperatorLedger()
            l.accrued = try o.total("accrued"); l.claimed = try o.total("claimed"); l.penalties = try o.total("penalties")
            l.claims = try o.int("claims"); l.feesUSD = try o.double("fees_usd"); l.lastClaimFeeUSD = o.optionalDouble("last_fee_usd")
            for v in try o.series("window") { l.window.append(v) }
            ops[try o.string("id")] = l
        }
        var nodes: [String: TokenAmount] = [:]
        for pair in try s.field("nodes").asArray ?? [] {
            guard let p = pair.asArray, p.count == 2, let id = p[0].asString, let a = p[1].asString.flatMap({ TokenAmount(total: $0) }) else {
                throw SnapshotError(message: "snapshot reward 'nodes' has a bad entry")
            }
            nodes[id] = a
        }
        self.init(token: s.optionalString("token"), priceUSD: s.optionalDouble("price_usd"), operators: ops, byNode: nodes,
                  accrued: try s.total("accrued"), claimed: try s.total("claimed"), penalties: try s.total("penalties"),
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
    func write<S: JSONSink>(to s: inout S) {
        s.beginObject()
        s.key("symbol"); s.string(coin.symbol); s.key("issuer"); s.string(coin.issuer); s.key("peg"); s.string(coin.peg)
        s.key("price"); s.number(coin.price); s.key("supply"); s.number(coin.supply)
        s.key("reserves")
        if let reserves = coin.reserves {
            s.beginObject()
            for r in reserves { s.key(r.category); s.number(r.usd) }
            s.endObject()
        } else {
            s.null()
        }
        s.key("mechanism"); s.string(coin.mechanism); s.key("updated"); s.int(updated)
        s.key("history"); writeSeries(priceHistory, to: &s)
        s.endObject()
    }

    init(snapshot s: SnapshotReader) throws(SnapshotError) {
        var reserves: [ReserveEntry]?
        if let members = s.optionalField("reserves")?.asMembers {
            reserves = members.map { ReserveEntry(category: $0.0, usd: $0.1.asDouble ?? 0) }
        }
        let coin = Stablecoin(symbol: try s.string("symbol"), issuer: try s.string("issuer"), peg: try s.string("peg"),
                              price: s.optionalDouble("price"), supply: try s.double("supply"), reserves: reserves,
                              mechanism: s.optionalString("mechanism"))
        self.init(coin: coin, updated: Int64(try s.int("updated")),
                  priceHistory: Ring(capacity: 240, elements: try s.series("history")))
    }
}

extension TVLState {
    func write<S: JSONSink>(to s: inout S) {
        s.beginObject()
        s.key("protocols"); s.beginArray()
        for p in protocols { p.write(to: &s) }
        s.endArray()
        s.key("total_history"); writeSeries(totalHistory, to: &s)
        s.endObject()
    }
}

extension ProtocolTVL {
    func write<S: JSONSink>(to s: inout S) {
        s.beginObject()
        s.key("name"); s.string(name); s.key("category"); s.string(category)
        s.key("chains"); s.beginArray()
        for c in chains { s.beginArray(); s.string(c.chain); s.number(c.usd); s.endArray() }
        s.endArray()
        s.key("history"); writeSeries(history, to: &s)
        s.endObject()
    }

    init(snapshot s: SnapshotReader) throws(SnapshotError) {
        var chains: [(chain: String, usd: Double)] = []
        for pair in try s.field("chains").asArray ?? [] {
            guard let p = pair.asArray, p.count == 2, let c = p[0].asString, let v = p[1].asDouble else {
                throw SnapshotError(message: "snapshot 'chains' has a bad entry")
            }
            chains.append((c, v))
        }
        self.init(name: try s.string("name"), category: s.optionalString("category"), chains: chains,
                  history: Ring(capacity: 240, elements: try s.series("history")))
    }
}

extension GovernanceState {
    func write<S: JSONSink>(to s: inout S) {
        s.beginObject()
        s.key("proposals"); s.beginArray()
        for p in proposals { p.write(to: &s) }
        s.endArray()
        s.key("votes"); s.int(votes)
        s.endObject()
    }
}

extension ProposalEntry {
    func write<S: JSONSink>(to s: inout S) {
        let p = proposal
        s.beginObject()
        s.key("id"); s.string(p.id); s.key("space"); s.string(p.space); s.key("title"); s.string(p.title)
        s.key("state"); s.string(p.state.rawValue); s.key("start"); s.int(p.start); s.key("end"); s.int(p.end)
        s.key("quorum"); s.number(p.quorum)
        // Multi-choice fields only where they are used, so that a keyframe without them reads as before.
        if let choices = p.choices {
            s.key("choices"); s.beginArray()
            for c in choices { s.string(c) }
            s.endArray()
        }
        if let voting = p.voting { s.key("voting"); s.string(voting) }
        if let token = p.token { s.key("token"); s.string(token) }
        s.key("ballots"); s.beginArray()
        for (voter, b) in ballots.sorted(by: { $0.key < $1.key }) {
            s.beginArray(); s.string(voter); s.string(b.support?.rawValue); s.number(b.weight)
            if let choice = b.choice { s.choice(choice) }
            s.endArray()
        }
        s.endArray()
        s.key("tally"); s.beginArray()
        for t in (tally[3] == 0 ? tally.dropLast() : tally[...]) { s.number(t) }
        s.endArray()
        s.endObject()
    }

    init(snapshot s: SnapshotReader) throws(SnapshotError) {
        let p = Proposal(id: try s.string("id"), space: try s.string("space"), title: try s.string("title"),
                         state: try s.choice("state"), start: try s.optionalInt("start").map(Int64.init),
                         end: try s.optionalInt("end").map(Int64.init), quorum: s.optionalDouble("quorum"),
                         choices: s.optionalField("choices")?.asArray?.compactMap(\.asString),
                         voting: s.optionalString("voting"), token: s.optionalString("token"))
        var ballots: [String: Ballot] = [:]
        let bad = SnapshotError(message: "snapshot 'ballots' has a bad entry")
        for entry in try s.field("ballots").asArray ?? [] {
            guard let e = entry.asArray, e.count == 3 || e.count == 4, let voter = e[0].asString, let w = e[2].asDouble else {
                throw bad
            }
            let support = e[1].asString.flatMap(Support.init(rawValue:))
            guard support != nil || e[1].tape.kind(e[1].at) == .null else { throw bad }
            ballots[voter] = Ballot(support: support, weight: w, choice: e.count == 4 ? try e[3].voteChoice() : nil)
        }
        let tally = (try s.field("tally").asArray ?? []).compactMap(\.asDouble)
        guard tally.count == 3 || tally.count == 4 else { throw SnapshotError(message: "snapshot 'tally' must have three or four numbers") }
        self.init(proposal: p, ballots: ballots, tally: tally)
    }
}

extension SnapshotReader {
    func voteChoice() throws(SnapshotError) -> VoteChoice {
        let bad = SnapshotError(message: "snapshot ballot has a bad choice")
        let range = 1...VoteChoice.maxChoice
        if let i = asInt {
            guard range.contains(i) else { throw bad }
            return .index(i)
        }
        if let list = asArray {
            var out: [Int] = []
            for item in list { guard let i = item.asInt, range.contains(i) else { throw bad }; out.append(i) }
            return .indices(out)
        }
        guard let members = asMembers else { throw bad }
        var out: [ChoiceWeight] = []
        for (key, value) in members {
            guard let i = Int(key), range.contains(i), let w = value.asDouble, w >= 0 else { throw bad }
            out.append(ChoiceWeight(choice: i, weight: w))
        }
        return .weights(out)
    }
}

extension HoldingsState {
    func write<S: JSONSink>(to s: inout S) {
        s.beginArray()
        for t in tokens {
            s.beginObject()
            s.key("token"); s.string(t.token)
            s.key("balances"); s.beginArray()
            for (holder, balance) in t.balances.sorted(by: { $0.key < $1.key }) {
                s.beginArray(); s.string(holder); s.number(balance); s.endArray()
            }
            s.endArray()
            s.endObject()
        }
        s.endArray()
    }

    init(snapshot list: [SnapshotReader]) throws(SnapshotError) {
        self.init()
        for t in list {
            var holdings = TokenHoldings(token: try t.string("token"))
            for pair in try t.field("balances").asArray ?? [] {
                guard let p = pair.asArray, p.count == 2, let holder = p[0].asString, let b = p[1].asDouble else {
                    throw SnapshotError(message: "snapshot 'balances' has a bad entry")
                }
                holdings.set(holder, b)
            }
            restore(holdings)
        }
    }
}
