import ArgumentParser
import Coordinator
import Hummingbird
import Logging
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// chaintop-coordinator: parses its arguments and wires the server; everything else is the Coordinator module.
@main
struct CoordinatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chaintop-coordinator",
        abstract: "The chaintop network's coordinator: node registry, allocation, rewards and governance over HTTP.",
        discussion: "At first start an admin token is written to DIR/admin.token (mode 0600). SIGTERM or SIGINT stops it gracefully.")

    @Option(help: "Address to listen on, HOST:PORT (port 0 picks a free one and prints it).")
    var listen = "127.0.0.1:7700"
    @Option(help: "Data directory (event log, admin token). Default: ~/.local/share/chaintop/coordinator")
    var data: String?
    @Option(help: "Log file (default: standard error).")
    var log: String?
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info
    @Option(help: "Seconds between a node's heartbeats (missing 3 intervals makes it offline).")
    var heartbeatInterval: Double = 5
    @Option(help: "Seconds per reward epoch.")
    var epoch: Double = 60
    @Option(help: "Largest request body in bytes.")
    var maxBody = 8 << 20
    @Option(help: "Requests per second allowed to one client.")
    var rateLimit: Double = 2000
    @Option(help: "Records kept behind the latest snapshot (older stream requests get 410).")
    var retain: Int64 = 1_000_000
    @Option(help: "Records between snapshots.")
    var snapshotEvery: Int64 = 1_000_000
    @Option(help: "Records a stream may fall behind before it is cut off.")
    var streamMaxLag: Int64 = 200_000
    @Flag(help: "Let anyone read the snapshot, status and feed without a token.")
    var publicRead = false

    func run() async throws {
        var config = CoordinatorConfig(dataDirectory: data ?? Self.defaultData())
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port) else {
            throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:7700")
        }
        guard heartbeatInterval > 0, epoch > 0, rateLimit > 0, maxBody > 0, retain >= 0, snapshotEvery > 0, streamMaxLag > 0 else {
            throw ValidationError("intervals, limits and counts must be positive")
        }
        config.host = String(listen[..<colon])
        config.port = port
        config.heartbeatIntervalMillis = Int64(heartbeatInterval * 1000)
        config.epochMillis = Int64(epoch * 1000)
        config.maxBodyBytes = maxBody
        config.requestsPerSecond = rateLimit
        config.retainedRecords = retain
        config.snapshotEvery = snapshotEvery
        config.streamMaxLag = streamMaxLag
        config.publicRead = publicRead
        let logger = try makeLogger()
        let server = try await CoordinatorServer(config: config, logger: logger)
        let host = config.host
        let app = server.application { port in
            // The one line on stdout: a supervisor (or a test) learns the port, an ephemeral one too.
            print("chaintop-coordinator listening on \(host):\(port)")
            fflushStdout()
        }
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    static func defaultData() -> String {
        let home = getenv("HOME").map { String(cString: $0) } ?? "."
        return home + "/.local/share/chaintop/coordinator"
    }

    func makeLogger() throws -> Logger {
        let level = logLevel
        guard let path = log else {
            var logger = Logger(label: "chaintop-coordinator") { StreamLogHandler.standardError(label: $0) }
            logger.logLevel = level
            return logger
        }
        let file = try LogFile(path: path)
        var logger = Logger(label: "chaintop-coordinator") { label in FileLogHandler(label: label, file: file) }
        logger.logLevel = level
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Glibc's `stdout` is a mutable global; flushing every stream needs no reference to it.
func fflushStdout() { fflush(nil) }
