import Testing
@testable import Feed
@testable import Store

@Suite struct NodeTaskCountTests {
    @Test func aNodesTasksRunningFollowTheTaskEvents() throws {
        var store = Store()
        store.apply(rec(1, .task(TaskEvent(id: "t1", node: "a", state: .assigned, units: 1))))
        store.apply(rec(2, .task(TaskEvent(id: "t1", node: "a", state: .running, units: 1))))  // the same task: still one
        store.apply(rec(3, .task(TaskEvent(id: "t2", node: "a", state: .running, units: 1))))
        store.apply(rec(4, .task(TaskEvent(id: "t3", node: "b", state: .assigned, units: 1))))
        #expect(store.state.fleet.tasksRunning(on: "a") == 2 && store.state.fleet.tasksRunning(on: "b") == 1)
        store.apply(rec(5, .task(TaskEvent(id: "t2", node: "b", state: .running, units: 1))))  // moved to b
        #expect(store.state.fleet.tasksRunning(on: "a") == 1 && store.state.fleet.tasksRunning(on: "b") == 2)
        // A node's heartbeat says 3, but its tasks are lost: it runs none.
        store.apply(rec(6, .heartbeat(Heartbeat(id: "a", cpu: 0.5, mem: 0.5, tasks: 3))))
        store.apply(rec(7, .task(TaskEvent(id: "t1", node: "a", state: .lost, units: 1))))
        #expect(store.state.fleet.tasksRunning(on: "a") == 0)
        #expect(store.state.fleet.node("a")?.tasks == 3)
        // A done event for a task never seen running changes no node's count.
        store.apply(rec(8, .task(TaskEvent(id: "t9", node: "b", state: .done, units: 1))))
        #expect(store.state.fleet.tasksRunning(on: "b") == 2)
        #expect(store.state.fleet.activeByNode.values.reduce(0, +) == store.state.fleet.tasksRunning)
    }

    @Test func aRestoredStateCountsTheSame() throws {
        var store = Store()
        store.apply(rec(1, node("a")))
        store.apply(rec(2, .task(TaskEvent(id: "t1", node: "a", state: .running, units: 1))))
        store.apply(rec(3, .task(TaskEvent(id: "t2", node: "a", state: .running, units: 1))))
        store.apply(rec(4, .task(TaskEvent(id: "t3", node: "c", state: .assigned, units: 1))))
        let restored = try ChainState(snapshot: store.state.keyframe().parse())
        #expect(restored.fleet.activeByNode == store.state.fleet.activeByNode)
        #expect(restored == store.state)
    }
}

@Suite struct RecentClaimTests {
    func claim(_ op: String, fee: Double?) -> RecordBody {
        .claim(Claim(operatorID: op, amount: TokenAmount("0.01") ?? .zero, token: "CMP", feeUSD: fee))
    }

    @Test func theClaimFeeIsTheMedianOfRecentClaims() {
        var store = Store()
        #expect(store.state.rewards.medianClaimFeeUSD == nil)
        for (k, fee) in [0.5, 4.0, 1.0, nil, 2.0].enumerated() { store.apply(rec(Int64(k + 1), claim("op-\(k % 2)", fee: fee))) }
        #expect(store.state.rewards.medianClaimFeeUSD == 1.5)  // of 0.5, 1, 2, 4; a claim without a fee is left out
        #expect(store.state.rewards.recentClaims.count == 5)
    }

    @Test func aRestoredStateFallsBackToEachOperatorsLastFee() throws {
        var store = Store()
        store.apply(rec(1, claim("a", fee: 3)))
        store.apply(rec(2, claim("b", fee: 1)))
        store.apply(rec(3, claim("c", fee: 2)))
        let restored = try ChainState(snapshot: store.state.keyframe().parse())
        #expect(restored.rewards.recentClaims.isEmpty)
        #expect(restored.rewards.medianClaimFeeUSD == 2)
        #expect(restored == store.state, "recent claims are not part of a keyframe's state")
    }
}

@Suite struct RegionTallyTests {
    func regionNode(_ id: String, _ region: String) -> RecordBody {
        .node(NodeInfo(id: id, operatorID: "o", region: region, nodeClass: .server, cpuCores: 1, memGB: 1, gpus: 0, version: "1"))
    }

    /// Counts by region and status, from the nodes themselves.
    func counted(_ f: FleetState) -> [String: [Int]] {
        var out: [String: [Int]] = [:]
        for n in f.nodes { out[n.info.region, default: [0, 0, 0, 0]][n.status.slot] += 1 }
        return out
    }

    @Test func statusByRegionFollowsEveryChange() throws {
        var store = Store()
        store.apply(rec(1, regionNode("a", "eu")))
        store.apply(rec(2, regionNode("b", "eu")))
        store.apply(rec(3, regionNode("c", "us")))
        store.apply(rec(4, .nodeStatus(NodeStatusChange(id: "a", status: .offline))))
        store.apply(rec(5, .nodeStatus(NodeStatusChange(id: "c", status: .draining))))
        #expect(store.state.fleet.count(.offline, region: "eu") == 1 && store.state.fleet.count(.online, region: "eu") == 1)
        store.apply(rec(6, regionNode("a", "us")))  // moved, still offline
        #expect(store.state.fleet.count(.offline, region: "us") == 1 && store.state.fleet.count(.offline, region: "eu") == 0)
        store.apply(rec(7, .heartbeat(Heartbeat(id: "z", cpu: 0, mem: 0, tasks: 0))))  // a placeholder node, region "?"
        store.apply(rec(8, .nodeLeft(NodeLeft(id: "b"))))
        #expect(store.state.fleet.statusByRegion == counted(store.state.fleet))
        #expect(store.state.fleet.statusByRegion["eu"] == nil, "a region with no nodes left is gone")
        let restored = try ChainState(snapshot: store.state.keyframe().parse())
        #expect(restored.fleet.statusByRegion == store.state.fleet.statusByRegion)
    }
}
