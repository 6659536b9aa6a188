import Agent
import ArgumentParser
import Dispatch
import Feed
import Logging

#if canImport(Glibc)
import Glibc
#endif

@main
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chaintop-agent",
        abstract: "The chaintop node agent: joins a coordinator with this host, heartbeats, runs the work it is given.",
        version: AgentVersion.current,
        subcommands: [Run.self, Status.self, Work.self],
        defaultSubcommand: Run.self)
}

/// Seconds as `10`, `10s`, `500ms` or `2m`.
struct Interval: ExpressibleByArgument {
    let millis: Int64
    init(millis: Int64) { self.millis = millis }
    var defaultValueDescription: String { millis % 1000 == 0 ? "\(millis / 1000)s" : "\(millis)ms" }
    init?(argument: String) {
        let (number, scale): (Substring, Double) =
            argument.hasSuffix("ms") ? (argument.dropLast(2), 1) : argument.hasSuffix("s") ? (argument.dropLast(), 1000)
            : argument.hasSuffix("m") ? (argument.dropLast(), 60_000) : (argument[...], 1000)
        guard let v = Double(number), v.isFinite, v > 0, v * scale <= 86_400_000, v * scale >= 10 else { return nil }
        millis = Int64(v * scale)
    }
}

extension NodeClass: ExpressibleByArgument {}

func hostName() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count - 1) == 0 else { return "node" }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

struct Failure: Error, CustomStringConvertible { let description: String }

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Join and work until SIGTERM, then drain and leave (the default).")

    @Option(help: "The coordinator's base URL, e.g. http://127.0.0.1:7700.") var coordinator: String
    @Option(help: "An operator token, or the admin token with --operator (default: $CHAINTOP_TOKEN).") var token: String?
    @Option(name: .customLong("operator"), help: "The operator the node belongs to (needed with the admin token).") var operatorID: String?
    @Option(help: "The node's id (default: the host name).") var node: String?
    @Option(help: "The node's region.") var region = "local"
    @Option(name: .customLong("class"), help: "gpu, server, desktop, phone or iot (default: gpu with GPUs, else server).") var nodeClass: NodeClass?
    @Option(help: "Time between heartbeats: 10, 10s, 500ms.") var heartbeat = Interval(millis: 10_000)
    @Option(help: "Nice value of task processes.") var nice: Int32 = 10
    @Option(help: "A cgroup v2 directory delegated to the agent: each task gets one under it with cpu.max and memory.max.") var cgroup: String?
    @Option(name: .customLong("allow-exec"), help: "A file of commands allowed for exec:NAME tasks, one a line: NAME /path [ARG…].") var allowExec: String?
    @Option(help: "The state file `status` reads (default: ~/.local/state/chaintop-agent/NODE.json).") var state: String?
    @Option(name: .customLong("drain-timeout"), help: "How long SIGTERM lets running tasks finish before handing them back.") var drainTimeout = Interval(millis: 30_000)
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error.") var logLevel = "info"

    func run() async throws {
        let config = try makeConfig()
        let host: Host
        do { host = try Host.probe() } catch { throw Failure(description: error.description) }
        guard let selfPath = Spawn.selfPath else { throw Failure(description: "cannot find this program's binary (/proc/self/exe)") }
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: "chaintop-agent")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let agent = NodeAgent(config: config, host: host, selfPath: selfPath, logger: logger)
        let signals = [SIGTERM, SIGINT].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { Task { await agent.requestDrain() } }
            source.resume()
            return source
        }
        let status = await agent.run()
        signals.forEach { $0.cancel() }
        if status != 0 { throw ExitCode(status) }
    }

    func makeConfig() throws -> AgentConfig {
        guard let token = token ?? ProcessEnvironment.value("CHAINTOP_TOKEN"), !token.isEmpty else {
            throw ValidationError("give --token (or set CHAINTOP_TOKEN): an operator token, or the admin token with --operator")
        }
        guard coordinator.hasPrefix("http://") || coordinator.hasPrefix("https://") else {
            throw ValidationError("--coordinator must be an http:// or https:// URL")
        }
        let id = node ?? hostName()
        var config = AgentConfig(coordinator: coordinator, token: token, node: id, region: region,
                                 statePath: state ?? AgentState.defaultPath(node: id))
        config.operatorID = operatorID
        config.nodeClass = nodeClass
        config.heartbeatMillis = heartbeat.millis
        config.nice = nice
        config.cgroupRoot = cgroup
        config.drainMillis = drainTimeout.millis
        if let allowExec {
            guard let text = readText(allowExec) else { throw ValidationError("cannot read --allow-exec \(allowExec)") }
            do { config.allowList = try AllowList(text: text) } catch { throw ValidationError("--allow-exec \(allowExec): \(error)") }
        }
        return config
    }
}
