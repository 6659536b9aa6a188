/// `chaintop-agent status`: the agent's account beside the coordinator's, and where they part.
/// (Golem said "all OK" while the node had dropped out of the offer list; Akash showed 0 deployments
/// with 60 leases running: each side's story alone is what this refuses to print.)
public struct StatusComparison: Sendable {
    public var agent: AgentState?
    /// Whether the agent's process is alive (its pid answers).
    public var agentAlive: Bool
    public var coordinator: CoordinatorView?
    /// Why the coordinator could not be asked, when it could not.
    public var coordinatorError: String?
    public var now: Int64

    public init(agent: AgentState?, agentAlive: Bool, coordinator: CoordinatorView?, coordinatorError: String?, now: Int64) {
        self.agent = agent; self.agentAlive = agentAlive; self.coordinator = coordinator
        self.coordinatorError = coordinatorError; self.now = now
    }

    /// Each way the two accounts disagree, as a sentence; empty when they agree.
    public var disagreements: [String] {
        guard let agent, let coordinator else { return [] }
        var found: [String] = []
        let up = ["online", "degraded", "draining"]
        let agentUp = agentAlive && ["online", "draining", "reconnecting"].contains(agent.phase)
        if !coordinator.listed {
            if agentUp { found.append("the agent is \(agent.phase) but the coordinator does not list node '\(agent.node)'") }
            return found
        }
        let status = coordinator.status ?? "?"
        if agentUp, !up.contains(status) {
            found.append("the agent is \(agent.phase) but the coordinator has the node \(status) (\(coordinator.reason ?? ""))")
        }
        if !agentAlive, up.contains(status) {
            found.append("the agent (pid \(agent.pid)) is not running but the coordinator has the node \(status)")
        }
        if agentUp, agent.phase != "reconnecting", let accepted = agent.lastAccepted, let seen = coordinator.lastHeartbeat,
           accepted - seen > agent.heartbeatMillis + 1_000 {
            found.append("the agent's last heartbeat was accepted \(ago(accepted)) but the coordinator's last is from \(ago(seen))")
        }
        // Reports not yet answered explain a coordinator that still counts a task the agent finished.
        if agentUp, agent.phase != "reconnecting", let tasks = coordinator.tasks,
           tasks < agent.running.count || tasks > agent.running.count + agent.pendingReports {
            found.append("the coordinator counts \(tasks) task(s) on the node but the agent runs \(agent.running.count)")
        }
        if agentUp, now - agent.updated > 2 * agent.heartbeatMillis + 1_000 {
            found.append("the agent has not updated its state for \(ago(agent.updated).dropLast(4)) (hung?)")
        }
        return found
    }

    func ago(_ t: Int64) -> String {
        let s = max(0, now - t) / 1000
        return s < 120 ? "\(s) s ago" : "\(s / 60) min ago"
    }

    /// The report as printed.
    public var text: String {
        var lines: [String] = []
        if let a = agent {
            lines.append("agent (\(agentAlive ? "pid \(a.pid)" : "not running, pid \(a.pid) gone")), node \(a.node), operator \(a.operatorID):")
            lines.append("  phase \(a.phase); last heartbeat sent \(a.lastSent.map(ago) ?? "never"), accepted \(a.lastAccepted.map(ago) ?? "never")")
            lines.append("  running \(a.running.count) task(s)\(a.running.isEmpty ? "" : ": " + a.running.joined(separator: ", ")); \(a.pendingReports) report(s) unanswered")
            lines.append("  done \(a.done) (\(a.unitsDone) units), failed \(a.failed)\(a.lastError.map { "; last error: \($0)" } ?? "")")
        } else {
            lines.append("agent: no state file (not started here, or under another --state)")
        }
        if let c = coordinator {
            lines.append("coordinator \(agent?.coordinator ?? ""):")
            if c.listed {
                lines.append("  status \(c.status ?? "?") (\(c.reason ?? "")) since \(c.since.map(ago) ?? "?")")
                lines.append("  last heartbeat seen \(c.lastHeartbeat.map(ago) ?? "never"); \(c.tasks ?? 0) task(s); rewards \(c.rewards ?? "0")")
            } else {
                lines.append("  does not list this node")
            }
        } else {
            lines.append("coordinator: not reachable: \(coordinatorError ?? "unknown")")
        }
        let found = disagreements
        lines.append(found.isEmpty ? (coordinator == nil ? "cannot compare: the coordinator did not answer" : "agent and coordinator agree")
                                   : "DISAGREE:\n" + found.map { "  - " + $0 }.joined(separator: "\n"))
        return lines.joined(separator: "\n")
    }
}
