import Agent
import Foundation
import Testing

/// Real agents (separate processes) against a real coordinator on 127.0.0.1.
@Suite(.ownThread, .serialized) struct AgentEndToEndTests {
    let cores = readText("/proc/cpuinfo").map(ProcText.cores) ?? 0

    func start(_ n: Int, _ coordinator: CoordinatorProcess, token: String, heartbeat: String, regions: [String]) throws -> [AgentProcess] {
        try (0..<n).map { i in
            try AgentProcess(coordinator: coordinator.url, token: token, node: "host-\(i + 1)", directory: coordinator.directory,
                             arguments: ["--region", regions[i], "--heartbeat", heartbeat, "--nice", "5"])
        }
    }

    /// Three agents join with this host's real core count; one SIGKILLed is offline within 3 intervals
    /// with "missed 3 heartbeats"; one SIGTERMed is offline at once, "left"; status tells them apart.
    @Test func threeAgentsKilledAndStopped() async throws {
        let interval = 2.0
        let coordinator = try await CoordinatorProcess(arguments: ["--heartbeat-interval", "\(interval)"])
        let admin = Coordinator(url: coordinator.url, token: coordinator.admin)
        let op = try await admin.issue(#"{"role":"operator","operator":"op-e2e"}"#)
        let agents = try start(3, coordinator, token: op, heartbeat: "\(interval)s", regions: ["eu-west", "us-east", "ap-south"])
        try await waitFor("three nodes online") {
            try await admin.nodes().values.filter { $0["status"] as? String == "online" }.count == 3
        }
        let nodes = try await admin.nodes()
        for a in agents {
            let allocatable = nodes[a.node]?["allocatable"] as? [String: Any]
            #expect(allocatable?["cpu"] as? Double == Double(cores), "\(a.node): \(String(describing: allocatable))")
            #expect(nodes[a.node]?["operator"] as? String == "op-e2e")
        }
        let fleet = (try await admin.snapshotState()["fleet"] as? [String: Any])?["nodes"] as? [[String: Any]] ?? []
        #expect(Set(fleet.compactMap { $0["region"] as? String }) == ["eu-west", "us-east", "ap-south"])
        #expect(fleet.allSatisfy { $0["cpu_cores"] as? Int == cores && $0["version"] as? String == AgentVersion.current })

        // SIGKILL: nothing more is heard. The node is offline 3 intervals after its last word (which
        // came at most one interval before the kill), plus the coordinator's sweep (every half interval).
        // The time is the coordinator's own (the status change's `since`), not when this test looked.
        let killed = Int64(Date().timeIntervalSince1970 * 1000)
        _ = await agents[0].stop(SIGKILL)
        let (disagree, text) = try agents[0].status()
        if try await admin.nodes()[agents[0].node]?["status"] as? String != "offline" {
            #expect(disagree == 3, "status of a dead agent on a node still up: \(text)")
            #expect(text.contains("is not running but the coordinator has the node"))
        }
        try await waitFor("the killed node offline") {
            try await admin.nodes()[agents[0].node]?["status"] as? String == "offline"
        }
        let offline = try await admin.nodes()[agents[0].node]
        let after = Double((offline?["since"] as? Int64 ?? (offline?["since"] as? Int).map(Int64.init) ?? 0) - killed) / 1000
        #expect(after <= 3 * interval + interval / 2 + 0.5, "offline \(after) s after SIGKILL (3 intervals of \(interval) s)")
        #expect(after > 0, "offline \(after) s after SIGKILL: before it")
        let reason = offline?["reason"] as? String ?? ""
        #expect(reason.hasPrefix("missed 3 heartbeats"), "\(reason)")

        // SIGTERM: drained and left before the process exits.
        #expect(await agents[1].stop(SIGTERM) == 0, "\(agents[1].log)")
        let left = try await admin.nodes()[agents[1].node]
        #expect(left?["status"] as? String == "offline")
        #expect(left?["reason"] as? String == "left")
        #expect(agents[1].state?.phase == "left")

        let (agreed, report) = try agents[2].status()
        #expect(agreed == 0, "\(report)")
        #expect(report.contains("status online") && report.contains("agent and coordinator agree"))
        #expect(try await admin.nodes()[agents[2].node]?["status"] as? String == "online")
        #expect(await agents[2].stop(SIGTERM) == 0)
        #expect(await coordinator.stop() == 0)
    }
}

/// kill -9 of the coordinator while agents work: they reconnect to the restarted one, and every task
/// is done and paid exactly once.
@Suite(.ownThread, .serialized) struct AgentRestartTests {
    func doneAndPaid(_ c: Coordinator) async throws -> (done: Int, failed: Int, lost: Int, accrued: String) {
        let state = try await c.snapshotState()
        let fleet = state["fleet"] as? [String: Any] ?? [:]
        let rewards = state["rewards"] as? [String: Any] ?? [:]
        return (fleet["done"] as? Int ?? 0, fleet["failed"] as? Int ?? 0, fleet["lost"] as? Int ?? 0,
                rewards["accrued"] as? String ?? "")
    }

    @Test func coordinatorKilledAndRestartedLosesNothingAndPaysOnce() async throws {
        let first = try await CoordinatorProcess(arguments: ["--heartbeat-interval", "2"])
        let port = first.port
        let admin = Coordinator(url: first.url, token: first.admin)
        let op = try await admin.issue(#"{"role":"operator","operator":"op-r"}"#)
        let agents = try ["r1", "r2"].map { node in
            try AgentProcess(coordinator: first.url, token: op, node: node, directory: first.directory,
                             arguments: ["--region", "eu-\(node)", "--heartbeat", "1s"])
        }
        try await waitFor("both nodes online") {
            try await admin.nodes().values.filter { $0["status"] as? String == "online" }.count == 2
        }
        let tasks = (1...12).map { #"{"id":"t\#($0)","cpu":1,"mem_gb":0.5,"units":10,"kind":"\#($0 % 2 == 0 ? "hash" : "matrix")"}"# }
        let (submitted, _) = try await admin.request("POST", "/v1/tasks", #"{"tasks":[\#(tasks.joined(separator: ","))]}"#)
        #expect(submitted == 202)
        // Killed with tasks done (paid) and tasks running (to be reported to the next coordinator).
        try await waitFor("some tasks done and some running") {
            try await doneAndPaid(admin).done >= 2 && agents.contains { !($0.state?.running.isEmpty ?? true) }
        }
        await first.kill9()
        try await waitFor("an agent noticing", seconds: 30) { agents.contains { $0.state?.phase == "reconnecting" } }

        let second = try await CoordinatorProcess(directory: first.directory, arguments: ["--heartbeat-interval", "2", "--listen", "127.0.0.1:\(port)"])
        let restarted = Date()
        let again = Coordinator(url: second.url, token: second.admin)
        try await waitFor("every task done", seconds: 120) { try await doneAndPaid(again).done >= 12 }
        try await waitFor("both agents heard again") {
            agents.allSatisfy { ($0.state?.lastAccepted ?? 0) > Int64(restarted.timeIntervalSince1970 * 1000) }
        }
        let totals = try await doneAndPaid(again)
        #expect(totals.done == 12 && totals.failed == 0 && totals.lost == 0, "\(totals)")
        // 12 tasks of 10 units at 0.01 CMP a unit, each once (no epoch ends: no uptime pay).
        #expect(totals.accrued == "1.2", "\(totals)")
        let status = try await again.json("/v1/status")
        #expect(status["queued"] as? Int == 0)
        let nodes = try await again.nodes()
        #expect(agents.allSatisfy { nodes[$0.node]?["status"] as? String == "online" && nodes[$0.node]?["tasks"] as? Int == 0 })
        // An agent whose requests all fell outside the outage never saw it; one that did says it came back.
        #expect(agents.contains { $0.log.contains("coordinator reachable again") })
        for a in agents {
            #expect(await a.stop(SIGTERM) == 0, "\(a.log)")
        }
        #expect(await second.stop() == 0)
    }
}

/// What a task's child may do: an allowed command runs under the nice value and one CPU; a command
/// not on the list is reported failed and never run.
@Suite(.ownThread, .serialized) struct AgentExecTests {
    @Test func onlyAllowedCommandsRunAndUnderTheirLimits() async throws {
        let coordinator = try await CoordinatorProcess()
        let dir = coordinator.directory
        let script = dir + "/limits.sh"
        // Field 19 of /proc/PID/stat is the nice value.
        try "#!/bin/sh\ngrep Cpus_allowed_list /proc/$$/status > \(dir)/limits.out\ncut -d' ' -f19 /proc/$$/stat >> \(dir)/limits.out\n"
            .write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        try "limits \(script)\n# rm is not listed\n".write(toFile: dir + "/allow", atomically: true, encoding: .utf8)
        let admin = Coordinator(url: coordinator.url, token: coordinator.admin)
        let agent = try AgentProcess(coordinator: coordinator.url, token: coordinator.admin, node: "x1", directory: dir,
                                     arguments: ["--operator", "op-x", "--heartbeat", "1s", "--nice", "7", "--allow-exec", dir + "/allow"])
        try await waitFor("the node online") { try await admin.nodes()["x1"]?["status"] as? String == "online" }
        let body = #"{"tasks":[{"id":"ok","cpu":1,"mem_gb":0.1,"units":3,"kind":"exec:limits"},{"id":"no","cpu":0.5,"mem_gb":0.1,"units":3,"kind":"exec:rm"}]}"#
        #expect(try await admin.request("POST", "/v1/tasks", body).0 == 202)
        try await waitFor("both tasks ended") {
            let fleet = try await admin.snapshotState()["fleet"] as? [String: Any] ?? [:]
            return (fleet["done"] as? Int ?? 0) + (fleet["failed"] as? Int ?? 0) == 2
        }
        let fleet = try await admin.snapshotState()["fleet"] as? [String: Any] ?? [:]
        #expect(fleet["done"] as? Int == 1 && fleet["failed"] as? Int == 1, "\(fleet)")
        let limits = try String(contentsOfFile: dir + "/limits.out", encoding: .utf8).split(separator: "\n")
        #expect(limits.count == 2, "\(limits)")
        let cpus = limits.first?.split(separator: "\t").last.map(String.init) ?? ""
        #expect(Int(cpus) != nil, "one CPU, not a range: \(cpus)")
        #expect(limits.last == "7")
        #expect(agent.log.contains("command 'rm' is not in this agent's --allow-exec list"))
        let rewards = try await admin.snapshotState()["rewards"] as? [String: Any] ?? [:]
        #expect(rewards["accrued"] as? String == "0.03", "the failed task is not paid: \(rewards)")
        #expect(await agent.stop(SIGTERM) == 0)
        #expect(await coordinator.stop() == 0)
    }
}
