#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Dispatch
import Drive
import Synchronization

/// `chaintop sim --drive URL`: the simulator's fleet as virtual agents of a real coordinator (module Drive).
struct SimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Run the simulator's fleet against a coordinator, as its nodes, operators and publisher.",
        discussion: """
        With the admin token it registers the simulated operators and nodes and takes their tokens; the nodes \
        heartbeat, ask for work and report their tasks; the simulator's stablecoins, TVL, proposals and votes are \
        published. Ctrl-C or SIGTERM stops it: every node leaves the network first.
        """)

    @Option(name: .long, help: "The coordinator, http://HOST:PORT.")
    var drive: String

    @Option(name: .long, help: "The coordinator's admin token (DIR/admin.token; default: $CHAINTOP_TOKEN).")
    var token: String?

    @Option(name: .long, help: "Fleet size at the start.")
    var nodes = 200

    @Option(name: .long, help: "Seed of the simulation.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Simulated time per real second (1: the wall clock).")
    var speed = 1.0

    @Option(name: .long, help: "How often each node heartbeats and asks for work: the coordinator's --heartbeat-interval.")
    var heartbeat = "5s"

    @Option(name: .long, help: "Requests in flight at once.")
    var concurrency = 64

    @Option(name: .long, help: "Stop by itself after this much real time (e.g. 10m).")
    var duration: String?

    func validate() throws {
        if case let .failure(problem) = DriveOptions.coordinatorBase(drive) { throw ValidationError("--drive: \(problem)") }
        guard (1...1_000_000).contains(nodes) else { throw ValidationError("--nodes must be 1 to 1,000,000") }
        guard speed.isFinite, speed > 0, speed <= 100_000 else { throw ValidationError("--speed must be above 0 and at most 100,000") }
        guard (1...4096).contains(concurrency) else { throw ValidationError("--concurrency must be 1 to 4096") }
        guard let beat = try parseDuration(heartbeat, flag: "--heartbeat"), beat >= 100 else {
            throw ValidationError("--heartbeat must be at least 100ms")
        }
        _ = try parseDuration(duration, flag: "--duration")
        guard adminToken != nil else { throw ValidationError("give the coordinator's admin token: --token T, or $CHAINTOP_TOKEN") }
    }

    private var adminToken: String? {
        let t = token ?? getenv("CHAINTOP_TOKEN").map { String(cString: $0) }
        return t?.isEmpty == false ? t : nil
    }

    func run() throws {
        guard case let .success(base) = DriveOptions.coordinatorBase(drive), let admin = adminToken else { return }
        var options = DriveOptions(base: base, token: admin)
        options.nodes = nodes
        options.seed = seed
        options.speed = speed
        options.concurrency = concurrency
        options.heartbeatMillis = try parseDuration(heartbeat, flag: "--heartbeat") ?? 5_000
        options.durationMillis = try parseDuration(duration, flag: "--duration")
        Interrupt.install()
        let line = StatusLine()
        let driver = FleetDriver(options: options, out: DriveReporter(say: line.say, status: line.status),
                                 stop: { Interrupt.requested }, wall: wallMillis)
        let result = runBlocking { () async -> Result<String, DriveFailure> in
            do throws(DriveFailure) { return .success(try await driver.run()) } catch { return .failure(error) }
        }
        switch result {
        case let .success(summary): line.say(summary)
        case let .failure(.usage(message)): throw ValidationError(message)
        case let .failure(.refused(message)): line.clear(); throw Failure.input(message)
        }
    }
}

/// Runs async work to its end from this synchronous command (the main thread waits; the work runs
/// on the concurrency pool).
private func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
    let box = Mutex<T?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        let value = await body()
        box.withLock { $0 = value }
        done.signal()
    }
    while true {
        done.wait()
        if let value = box.withLock({ $0 }) { return value }
    }
}

/// The progress line on stderr: redrawn in place on a terminal; in a pipe or a log, one line every
/// 10 s. Messages go on lines of their own above it.
final class StatusLine: Sendable {
    private let terminal = isatty(2) == 1
    private let state = Mutex<(drawn: Bool, lastPrinted: Int64)>((false, 0))

    func say(_ message: String) {
        state.withLock { s in
            var err = StandardError()
            err.write((s.drawn ? "\r\u{1B}[K" : "") + message + "\n")
            s.drawn = false
        }
    }

    func status(_ text: String) {
        state.withLock { s in
            var err = StandardError()
            if terminal {
                err.write("\r\u{1B}[K" + text)
                s.drawn = true
            } else if wallMillis() - s.lastPrinted >= 10_000 {
                err.write(text + "\n")
                s.lastPrinted = wallMillis()
            }
        }
    }

    func clear() {
        state.withLock { s in
            if s.drawn { var err = StandardError(); err.write("\r\u{1B}[K") }
            s.drawn = false
        }
    }
}
