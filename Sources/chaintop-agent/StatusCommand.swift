import Agent
import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What the agent reports beside what the coordinator believes; exit 3 when they disagree.")

    @Option(help: "The node's id (default: the host name).") var node: String?
    @Option(help: "The agent's state file (default: ~/.local/state/chaintop-agent/NODE.json).") var state: String?

    func run() async throws {
        let path = state ?? AgentState.defaultPath(node: node ?? hostName())
        guard let agent = AgentState.load(from: path) else {
            throw Failure(description: "no agent state at \(path): is the agent running here (see --state)?")
        }
        var view: CoordinatorView?
        var problem: String?
        do {
            view = try await CoordinatorAPI(base: agent.coordinator, token: agent.token).view(of: agent.node)
        } catch {
            problem = "\(error)"
        }
        // Signal 0 asks only whether the pid exists; EPERM means it does, under another user.
        let alive = kill(agent.pid, 0) == 0 || errno == EPERM
        let report = StatusComparison(agent: agent, agentAlive: alive, coordinator: view, coordinatorError: problem, now: wallMillis())
        print(report.text)
        if !report.disagreements.isEmpty { throw ExitCode(3) }
        if view == nil { throw ExitCode(2) }
    }
}

struct Work: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A task's child process (started by the agent itself).", shouldDisplay: false)

    @Option var nice: Int32 = 10
    @Option var cpus = ""
    @Option var cgroup: String?
    @Option var kernel: String?
    @Option var units: Double = 1
    @Option var exec: String?
    @Argument(parsing: .postTerminator) var arguments: [String] = []

    func run() throws {
        let cpuList = cpus.split(separator: ",").compactMap { Int($0) }
        let job: WorkChild.Job
        if let exec {
            job = .exec(path: exec, arguments: arguments)
        } else if let name = kernel, let k = Kernel(rawValue: name) {
            job = .kernel(k, units: units)
        } else {
            throw ValidationError("give --kernel (\(Kernel.allCases.map(\.rawValue).joined(separator: ", "))) or --exec PATH")
        }
        let status = WorkChild.run(job, limits: Limits(cpus: cpuList, nice: nice, cgroup: cgroup))
        if status != 0 { throw ExitCode(status) }
    }
}
