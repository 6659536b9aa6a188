import Testing
@testable import Engine
@testable import Feed

func info(_ id: String, op: String = "op", cores: Int = 8, mem: Double = 32, gpus: Int = 0) -> NodeInfo {
    NodeInfo(id: id, operatorID: op, region: "eu", nodeClass: gpus > 0 ? .gpu : .server, cpuCores: cores, memGB: mem,
             gpus: gpus, version: "1")
}

func task(_ id: String, cpu: Double = 2, mem: Double = 4, gpus: Int = 0, units: Double = 10) -> TaskSpec {
    TaskSpec(id: id, resources: Resources(cpu: cpu, memGB: mem, gpus: gpus), units: units)
}

@Suite struct AllocatorTests {
    @Test func leastAllocatedSpreadsAndTiesBreakByID() {
        var e = Engine()
        for id in ["c", "a", "b"] { e.join(info(id)) }
        for k in 1...3 { e.submit(task("t\(k)")) }
        let placed = e.schedule()
        #expect(placed == ["t1", "t2", "t3"])
        #expect(e.tasks["t1"]?.node == "a" && e.tasks["t2"]?.node == "b" && e.tasks["t3"]?.node == "c")
    }

    @Test func mostAllocatedPacks() {
        var config = EngineConfig()
        config.policy = .mostAllocated
        var e = Engine(config: config)
        for id in ["a", "b"] { e.join(info(id)) }
        for k in 1...3 { e.submit(task("t\(k)")) }
        e.schedule()
        #expect(Set(["t1", "t2", "t3"].compactMap { e.tasks[$0]?.node }) == ["a"])
    }

    @Test func capacityIsRespectedAndTasksWait() {
        var e = Engine()
        e.join(info("a", cores: 4, mem: 8))
        e.submit(task("big", cpu: 8))
        e.submit(task("gpu", gpus: 1))
        e.submit(task("fits", cpu: 4, mem: 8))
        e.submit(task("more", cpu: 1, mem: 1))
        let placed = e.schedule()
        #expect(placed == ["fits"])
        #expect(e.queue.map(\.id) == ["big", "gpu", "more"])
    }

    @Test func offlineAndDrainingNodesGetNoWork() {
        var e = Engine()
        e.join(info("a"))
        e.join(info("b"))
        e.setStatus("a", .draining)
        e.setStatus("b", .offline)
        e.submit(task("t"))
        let none = e.schedule()
        #expect(none.isEmpty)
        e.setStatus("b", .online)
        let placed = e.schedule()
        #expect(placed == ["t"])
    }

    /// A task that fitted nowhere is not scanned for again until capacity grows where it fits, and then
    /// it is placed: the memo of unplaceable requests never holds a task back.
    @Test func aTaskThatFitNowhereIsPlacedOnceCapacityGrows() {
        var e = Engine()
        e.join(info("a", cores: 4, mem: 8))
        e.submit(task("fill", cpu: 4, mem: 8))
        e.submit(task("wait", cpu: 2, mem: 4))
        e.submit(task("larger", cpu: 3, mem: 4))
        #expect(e.schedule() == ["fill"])
        e.start("fill")
        #expect(e.schedule().isEmpty && e.queue.map(\.id) == ["wait", "larger"])
        e.join(info("tiny", cores: 1, mem: 1))  // grows capacity, but not enough for either
        #expect(e.schedule().isEmpty)
        e.join(info("b", cores: 2, mem: 4))
        #expect(e.schedule() == ["wait"], "a node that fits 'wait' joined")
        e.finish("fill", success: true, epoch: 0)
        #expect(e.schedule() == ["larger"], "resources released on a")
        e.submit(task("gpu", gpus: 1))
        #expect(e.schedule().isEmpty)
        e.setStatus("a", .draining)
        e.join(info("g", gpus: 1))
        #expect(e.schedule() == ["gpu"])
    }

    @Test func lostTasksAreRequeuedWithAttemptsThenDropped() {
        var e = Engine()
        e.join(info("a"))
        e.submit(task("t"))
        for attempt in 1...3 {
            e.schedule()
            #expect(e.tasks["t"]?.node == "a")
            #expect(e.tasks["t"]?.spec.attempt == attempt)
            e.setStatus("a", .offline)
            e.setStatus("a", .online)
        }
        #expect(e.tasks["t"] == nil && e.queue.isEmpty)  // three attempts, then given up
        let out = e.drain()
        let lost = out.filter { if case let .task(t) = $0 { t.state == .lost } else { false } }
        #expect(lost.count == 3)
        #expect(e.nodes["a"]?.allocatedCPU == 0)
    }
}

@Suite struct LedgerTests {
    @Test func completedTaskPaysUnitsTimesRateOnce() {
        var e = Engine()
        e.join(info("a", op: "op-1"))
        e.submit(task("t", units: 10))
        e.schedule()
        e.start("t")
        e.finish("t", success: true, epoch: 1)
        #expect(e.ledger.balance("op-1").description == "0.1")
        // A replayed credit with the same key never counts twice.
        let again = e.credit(node: "a", epoch: 1, source: "task:t", amount: TokenAmount("0.1")!, basis: .task)
        #expect(!again)
        #expect(e.ledger.balance("op-1").description == "0.1")
    }

    @Test func uptimePenaltiesClaimsAndClosedEpochs() {
        var e = Engine()
        e.join(info("a", op: "op-1"))
        e.join(info("b", op: "op-2"))
        e.setStatus("b", .offline)
        e.penalise(node: "b", epoch: 0, amount: TokenAmount("0.02")!, reason: "downtime")
        e.closeEpoch(0)
        #expect(e.ledger.balance("op-1").description == "0.05")
        #expect(e.ledger.balance("op-2").description == "-0.02")
        let late = e.credit(node: "a", epoch: 0, source: "late", amount: TokenAmount("1")!, basis: .stake)
        #expect(!late)
        let first = e.claim(operator: "op-1", feeUSD: 1.5)
        let second = e.claim(operator: "op-1", feeUSD: 1.5)
        let negative = e.claim(operator: "op-2", feeUSD: 1)
        #expect(first?.description == "0.05")
        #expect(second == nil)
        #expect(negative == nil)  // nothing due
        let out = e.drain()
        let penalties = out.compactMap { if case let .reward(r) = $0, r.basis == .penalty { r } else { nil } }
        #expect(penalties.count == 1 && penalties[0].amount.description == "-0.02" && penalties[0].reason == "downtime")
    }
}

@Suite struct TallyTests {
    @Test func replacesVotesAndDecides() {
        var e = Engine()
        e.propose(Proposal(id: "p", space: "s", title: "T", state: .active, quorum: 50))
        e.vote(Vote(proposal: "p", voter: "v1", support: .for, weight: 40))
        e.vote(Vote(proposal: "p", voter: "v2", support: .against, weight: 30))
        e.vote(Vote(proposal: "p", voter: "v2", support: .for, weight: 30))
        #expect(e.tally.sums("p") == (for: 70, against: 0, abstain: 0))
        e.closeVoting("p")
        #expect(e.tally.proposals["p"]?.state == .succeeded)
        e.vote(Vote(proposal: "p", voter: "v3", support: .against, weight: 1000))  // closed: refused
        #expect(e.tally.sums("p").against == 0)
    }

    @Test func noQuorumIsDefeated() {
        var e = Engine()
        e.propose(Proposal(id: "p", space: "s", title: "T", state: .active, quorum: 500))
        e.vote(Vote(proposal: "p", voter: "v1", support: .for, weight: 40))
        e.closeVoting("p")
        #expect(e.tally.proposals["p"]?.state == .defeated)
    }
}
