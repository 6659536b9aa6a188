@testable import Agent
import Testing

/// `chaintop-agent status` says when the agent and the coordinator tell different stories.
@Suite struct StatusComparisonTests {
    let now: Int64 = 1_000_000

    func agent(_ phase: String = "online", running: [String] = [], accepted: Int64? = nil) -> AgentState {
        var s = AgentState(node: "n1", operatorID: "op", coordinator: "http://c", token: "t", pid: 42, heartbeatMillis: 10_000)
        s.phase = phase
        s.running = running
        s.lastSent = accepted ?? now - 2_000
        s.lastAccepted = accepted ?? now - 2_000
        s.updated = now - 1_000
        return s
    }

    func compare(_ a: AgentState, alive: Bool = true, _ c: CoordinatorView?) -> StatusComparison {
        StatusComparison(agent: a, agentAlive: alive, coordinator: c, coordinatorError: c == nil ? "refused" : nil, now: now)
    }

    @Test func agreementIsSaid() {
        let c = CoordinatorView(listed: true, status: "online", reason: "joined", since: now - 60_000, tasks: 1,
                                lastHeartbeat: now - 2_000, rewards: "0.05")
        let report = compare(agent(running: ["t1"]), c)
        #expect(report.disagreements.isEmpty)
        #expect(report.text.contains("agent and coordinator agree"))
        #expect(report.text.contains("rewards 0.05"))
    }

    /// Golem: the agent said all was well while the network had dropped the node.
    @Test func anAgentUpOnANodeTheCoordinatorHasOfflineDisagrees() {
        let c = CoordinatorView(listed: true, status: "offline", reason: "missed 3 heartbeats (none for 31 s)", tasks: 0, lastHeartbeat: now - 31_000)
        let found = compare(agent(), c).disagreements
        #expect(found.contains { $0.contains("coordinator has the node offline (missed 3 heartbeats") })
        #expect(compare(agent(), CoordinatorView(listed: false)).disagreements.first?.contains("does not list") == true)
    }

    /// Akash: 0 deployments shown with 60 leases running.
    @Test func differentTaskCountsDisagree() {
        let c = CoordinatorView(listed: true, status: "online", reason: "joined", tasks: 60, lastHeartbeat: now - 2_000)
        #expect(compare(agent(), c).disagreements == ["the coordinator counts 60 task(s) on the node but the agent runs 0"])
        var finishing = agent(running: [])
        finishing.pendingReports = 1
        let one = CoordinatorView(listed: true, status: "online", reason: "joined", tasks: 1, lastHeartbeat: now - 2_000)
        #expect(compare(finishing, one).disagreements.isEmpty, "a done report on its way explains one task more")
    }

    @Test func aDeadAgentOnANodeStillOnlineDisagrees() {
        let c = CoordinatorView(listed: true, status: "online", reason: "joined", tasks: 0, lastHeartbeat: now - 5_000)
        #expect(compare(agent(), alive: false, c).disagreements.first?.contains("is not running") == true)
        let gone = CoordinatorView(listed: true, status: "offline", reason: "left", tasks: 0)
        #expect(compare(agent("left"), alive: false, gone).disagreements.isEmpty)
    }

    @Test func heartbeatsAcceptedButNotSeenDisagree() {
        let c = CoordinatorView(listed: true, status: "online", reason: "joined", tasks: 0, lastHeartbeat: now - 60_000)
        #expect(compare(agent(), c).disagreements.first?.contains("coordinator's last is from 60 s ago") == true)
    }

    @Test func anUnreachableCoordinatorIsNotAgreement() {
        let report = compare(agent(), nil)
        #expect(report.text.contains("not reachable: refused"))
        #expect(report.text.contains("cannot compare"))
    }

    @Test func theCoordinatorsViewIsReadFromStatusAndSnapshot() throws {
        let status = Array(#"{"nodes":[{"allocatable":{"cpu":2,"gpus":0,"mem_gb":4},"allocated":{"cpu":0,"gpus":0,"mem_gb":0},"available":{"cpu":2,"gpus":0,"mem_gb":4},"id":"n1","operator":"op","reason":"joined","since":1000,"status":"online","tasks":2}],"queue":[],"queued":0,"seq":5}"#.utf8)
        let snapshot = Array(("{\"type\":\"header\",\"v\":1,\"source\":\"coordinator\",\"created\":1}\n" +
            #"{"type":"snapshot","seq":5,"ts":9,"state":{"v":1,"fleet":{"nodes":[{"id":"n1","last_heartbeat":900}]},"rewards":{"nodes":[["n1","0.05"]]}}}"# + "\n").utf8)
        let view = try CoordinatorView.from(status: status, snapshot: snapshot, node: "n1")
        #expect(view == CoordinatorView(listed: true, status: "online", reason: "joined", since: 1000, tasks: 2, lastHeartbeat: 900, rewards: "0.05"))
        #expect(try CoordinatorView.from(status: status, snapshot: snapshot, node: "n2") == CoordinatorView(listed: false))
    }
}
