import Testing
@testable import Feed
@testable import Sources
@testable import Store

func rec(_ seq: Int64, _ body: RecordBody, ts: Int64? = nil) -> FeedRecord {
    FeedRecord(seq: seq, ts: ts ?? seq * 1000, body: body)
}

func node(_ id: String, op: String = "op-1") -> RecordBody {
    .node(NodeInfo(id: id, operatorID: op, region: "eu", nodeClass: .server, cpuCores: 8, memGB: 32, gpus: 0, version: "1"))
}

@Suite struct FleetStoreTests {
    @Test func countsByStatusAndSwapRemove() {
        var store = Store(historyDepth: 4)
        store.apply(rec(1, node("a")))
        store.apply(rec(2, node("b")))
        store.apply(rec(3, node("c")))
        store.apply(rec(4, .nodeStatus(NodeStatusChange(id: "b", status: .offline, reason: "power"))))
        store.apply(rec(5, .heartbeat(Heartbeat(id: "c", cpu: 0.5, mem: 0.25, tasks: 1))))
        store.apply(rec(6, .nodeLeft(NodeLeft(id: "a"))))
        let f = store.state.fleet
        #expect(f.count == 2)
        #expect(f.count(.online) == 1 && f.count(.offline) == 1)
        #expect(f.node("a") == nil)
        #expect(f.node("c")?.cpu == 0.5)
        // c moved into a's slot: its history must have moved with it.
        #expect(f.history.samples(slot: f.index["c"]!, .cpu).compactMap { $0 }.map { ($0 * 100).rounded() } == [50])
        #expect(f.node("b")?.statusReason == "power")
    }

    @Test func historyIsBounded() {
        var store = Store(historyDepth: 3)
        store.apply(rec(1, node("a")))
        for k in 0..<10 {
            store.apply(rec(Int64(k + 2), .heartbeat(Heartbeat(id: "a", cpu: Double(k) / 10, mem: 0, gpu: nil, tasks: 0))))
        }
        let cpu = store.state.fleet.history.samples(slot: 0, .cpu).compactMap { $0 }
        #expect(cpu.map { ($0 * 10).rounded() } == [7, 8, 9])
        #expect(store.state.fleet.history.samples(slot: 0, .gpu).allSatisfy { $0 == nil })
    }

    @Test func heartbeatBeforeNodeMakesAPlaceholder() {
        var store = Store()
        store.apply(rec(1, .heartbeat(Heartbeat(id: "x", cpu: 0.1, mem: 0.1, tasks: 0))))
        #expect(store.state.fleet.node("x")?.described == false)
        store.apply(rec(2, node("x")))
        #expect(store.state.fleet.node("x")?.described == true)
        #expect(store.state.fleet.count == 1)
    }

    @Test func tasksLifecycle() {
        var store = Store()
        store.apply(rec(1, .task(TaskEvent(id: "t1", node: "a", state: .assigned, units: 2))))
        store.apply(rec(2, .task(TaskEvent(id: "t2", node: "a", state: .running, units: 2))))
        #expect(store.state.fleet.tasksRunning == 2)
        store.apply(rec(3, .task(TaskEvent(id: "t1", node: "a", state: .done, units: 2))))
        store.apply(rec(4, .task(TaskEvent(id: "t2", node: "a", state: .lost, units: 2))))
        #expect(store.state.fleet.tasksRunning == 0)
        #expect(store.state.fleet.tasksDone == 1 && store.state.fleet.tasksLost == 1)
    }
}

@Suite struct LedgerStoreTests {
    @Test func rewardsClaimsAndPenaltiesAreExact() {
        var store = Store()
        func reward(_ seq: Int64, _ amount: String, basis: RewardBasis = .task, op: String = "op-1") -> FeedRecord {
            rec(seq, .reward(Reward(node: "a", operatorID: op, amount: TokenAmount(amount)!, token: "CMP", epoch: 1, basis: basis)))
        }
        store.apply(reward(1, "0.1"))
        store.apply(reward(2, "0.2"))
        store.apply(reward(3, "-0.05", basis: .penalty))
        store.apply(reward(4, "1", op: "op-2"))
        store.apply(rec(5, .claim(Claim(operatorID: "op-1", amount: TokenAmount("0.2")!, token: "CMP", feeUSD: 0.5))))
        store.apply(rec(6, .reward(Reward(node: "a", operatorID: "op-1", amount: TokenAmount("9")!, token: "OTHER", epoch: 1, basis: .task))))
        let r = store.state.rewards
        #expect(r.accrued.description == "1.25")
        #expect(r.operators["op-1"]?.accrued.description == "0.25")
        #expect(r.operators["op-1"]?.claimable.description == "0.05")
        #expect(r.operators["op-1"]?.penalties.description == "0.05")
        #expect(r.operators["op-1"]?.lastClaimFeeUSD == 0.5)
        #expect(r.otherTokenEntries == 1)
        #expect(r.byNode["a"]?.description == "1.25")
    }
}

@Suite struct DeFiStoreTests {
    @Test func tvlReplacesThePairAndSumsChains() {
        var store = Store()
        store.apply(rec(1, .tvl(TVL(protocolName: "Aave", chain: "Ethereum", usd: 100))))
        store.apply(rec(2, .tvl(TVL(protocolName: "Aave", chain: "Base", usd: 50))))
        store.apply(rec(3, .tvl(TVL(protocolName: "Aave", chain: "Ethereum", usd: 80))))
        store.apply(rec(4, .tvl(TVL(protocolName: "Lido", chain: "Ethereum", usd: 1000))))
        #expect(store.state.tvl.protocols[0].totalUSD == 130)
        #expect(store.state.tvl.totalUSD == 1130)
        #expect(store.state.tvl.totalHistory.last?.value == 1130)
    }

    @Test func laterVoteReplacesEarlier() {
        var store = Store()
        store.apply(rec(1, .proposal(Proposal(id: "p", space: "s", title: "T", state: .active, quorum: 100))))
        store.apply(rec(2, .vote(Vote(proposal: "p", voter: "v1", support: .for, weight: 60))))
        store.apply(rec(3, .vote(Vote(proposal: "p", voter: "v2", support: .against, weight: 30))))
        store.apply(rec(4, .vote(Vote(proposal: "p", voter: "v1", support: .abstain, weight: 60))))
        let p = store.state.governance.proposals[0]
        #expect(p.forWeight == 0 && p.againstWeight == 30 && p.abstainWeight == 60)
        #expect(p.voters == 2)
        #expect(p.quorumReached == false)
        store.apply(rec(5, .vote(Vote(proposal: "p", voter: "v3", support: .for, weight: 40))))
        #expect(store.state.governance.proposals[0].quorumReached == true)
    }

    @Test func stablecoinKeepsPriceHistory() {
        var store = Store()
        for (k, p) in [1.0, 0.99, nil].enumerated() {
            store.apply(rec(Int64(k + 1), .stablecoin(Stablecoin(symbol: "X", issuer: "I", peg: "USD", price: p, supply: 10,
                                                                 reserves: [ReserveEntry(category: "cash", usd: 9)]))))
        }
        let e = store.state.stablecoins.coins[0]
        #expect(e.priceHistory.elements.map(\.value) == [1.0, 0.99])
        #expect(e.coin.price == nil)
        #expect(e.reserveRatio == 0.9)
    }
}

@Suite struct SequenceTests {
    /// 1 2 7 3 6 7 7: the jump to 7 is contradicted by 3 (suspect, position stays at 2); the jump to 6 is
    /// confirmed by the 7 after it (a gap of two records, 4 and 5); the last 7 is stale.
    @Test func gapsStaleAndSuspectSeqsAreCounted() {
        var store = Store()
        for seq: Int64 in [1, 2, 7, 3, 6, 7, 7] { store.apply(rec(seq, .bookmark)) }
        #expect(store.input.suspect == 1)
        #expect(store.input.gaps == 1 && store.input.missing == 2)
        #expect(store.input.stale == 1)
        #expect(store.input.records == 6, "a suspect record's content is still applied")
        #expect(store.state.seq == 7)
    }

    /// 1 2 9 4: the line after the damaged one is two ahead, so the damaged one was 3: no gap.
    @Test func aDamagedSeqInItsPlaceLeavesNoGap() {
        var store = Store()
        for seq: Int64 in [1, 2, 9, 4, 5] { store.apply(rec(seq, .bookmark)) }
        #expect(store.input.suspect == 1 && store.input.gaps == 0 && store.input.stale == 0)
        #expect(store.input.records == 5 && store.state.seq == 5)
    }

    /// A jump of more than a million records needs three lines going on from it: two damaged lines in a
    /// row with close seqs (the same damage twice) do not move the position.
    @Test func aHugeJumpNeedsThreeLinesGoingOnFromIt() {
        var store = Store()
        for seq: Int64 in [1, 2, 9_000_000_000, 9_000_000_010, 3, 4] { store.apply(rec(seq, .bookmark)) }
        #expect(store.input.suspect == 2 && store.input.gaps == 0 && store.input.stale == 0)
        #expect(store.state.seq == 4 && store.input.records == 6)
        for seq: Int64 in [5_000_000, 5_000_001, 5_000_002] { store.apply(rec(seq, .bookmark)) }
        #expect(store.input.gaps == 0 && store.state.seq == 4)
        store.apply(rec(5_000_003, .bookmark))
        #expect(store.input.gaps == 1 && store.input.missing == 5_000_000 - 5 && store.state.seq == 5_000_003, "\(store.input)")
    }

    /// A source that lost records: every jump is confirmed by the line after it, the last by the end.
    @Test func realGapsStayGaps() {
        var store = Store()
        for seq: Int64 in [1, 2, 10, 11, 1_000_000, 1_000_001, 5_000_000] { store.apply(rec(seq, .bookmark)) }
        #expect(store.input.gaps == 2 && store.input.suspect == 0)
        store.finish()
        #expect(store.input.gaps == 3 && store.input.missing == 7 + 999_988 + 3_999_998)
        #expect(store.state.seq == 5_000_000 && store.input.stale == 0)
    }

    /// A stream read from its middle starts with a gap, once its second line confirms it.
    @Test func aStreamJoinedMidwayIsOneGap() {
        var store = Store()
        for seq: Int64 in [500, 501, 502] { store.apply(rec(seq, .bookmark)) }
        #expect(store.input.gaps == 1 && store.input.missing == 499 && store.input.suspect == 0)
    }

    /// An unknown type with a huge seq, and a keyframe whose seq jumps ahead, do not move the position.
    @Test func unknownTypesAndKeyframesWithJumpsAreSuspect() {
        var store = Store()
        store.apply(rec(1, node("a")))
        store.ingest(.unknown(type: "future", seq: 1 << 62, line: 2))
        store.apply(rec(2, .bookmark))
        let keyframe = store.state.keyframe()
        store.apply(FeedRecord(seq: 9_000_000, ts: 3, body: .snapshot(keyframe)), line: 4)
        store.apply(rec(3, .bookmark))
        store.finish()
        #expect(store.input.suspect == 2 && store.input.stale == 0 && store.input.gaps == 0)
        #expect(store.input.unknown == 1 && store.input.keyframes == 1)
        #expect(store.state.seq == 3)
    }

    @Test func malformedAndUnknownAreCountedNotApplied() {
        var store = Store()
        store.ingest(.malformed(reason: "bad", line: 7))
        store.ingest(.unknown(type: "x", seq: 1, line: 8))
        store.ingest(.record(rec(2, .bookmark), line: 9))
        #expect(store.input.malformed == 1 && store.input.firstMalformedLine == 7)
        #expect(store.input.unknown == 1 && store.input.gaps == 0)
    }
}
