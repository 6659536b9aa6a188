import AsyncHTTPClient
import Feed
import NIOCore
import Simulation
import Synchronization

/// `chaintop sim --drive`: the simulator's fleet as virtual agents of a real coordinator. It waits
/// for the coordinator, takes a publisher token with the admin token, then runs the simulation on
/// the wall clock (× speed) and sends what happens in it, until `stop` says so; then every node leaves.
public struct FleetDriver: Sendable {
    let options: DriveOptions
    let out: DriveReporter
    let stop: @Sendable () -> Bool
    let wall: @Sendable () -> Int64

    public init(options: DriveOptions, out: DriveReporter, stop: @escaping @Sendable () -> Bool,
                wall: @escaping @Sendable () -> Int64) {
        self.options = options
        self.out = out
        self.stop = stop
        self.wall = wall
    }

    /// Runs until stopped; the summary line on success.
    public func run() async throws(DriveFailure) -> String {
        let clients = Clients(concurrency: options.concurrency)
        let result: Result<String, DriveFailure>
        do throws(DriveFailure) {
            result = .success(try await drive(clients))
        } catch {
            result = .failure(error)
        }
        await clients.shutdown()
        return try result.get()
    }

    private func drive(_ clients: Clients) async throws(DriveFailure) -> String {
        guard let keys = try await connect(CoordinatorAPI(base: options.base, http: clients.make())) else {
            return "chaintop sim: stopped before the coordinator answered"
        }
        let started = wall()
        var fleet = Fleet(options: options, runID: "sim\(options.seed)-" + String(UInt64(started), radix: 36))
        var loop = DriveLoop(driver: self, clients: clients, keys: keys, started: started)
        try await loop.run(&fleet)
        // A fresh client: the loop's may still be backing off from a coordinator that was away.
        let (left, stayed) = await leave(&fleet, CoordinatorAPI(base: options.base, http: clients.make()), keys)
        let s = fleet.stats
        var summary = "chaintop sim: stopped after \(span(wall() - started)): \(grouped(left)) nodes left"
        if stayed > 0 { summary += " (\(grouped(stayed)) could not say so)" }
        summary += "; \(grouped(s.tasksDone)) tasks done, \(grouped(s.tasksFailed)) failed, \(grouped(s.heartbeats)) heartbeats, "
            + "\(grouped(s.accepted)) records accepted, \(grouped(s.refused)) refused, \(grouped(s.requests)) requests"
        if let last = s.lastRefusal { summary += "; last refused: \(last)" }
        if let last = s.lastError { summary += "; \(grouped(s.errors)) requests turned down, the last: \(last)" }
        return summary
    }

    /// The HTTP clients the driver made; all are shut down at the end. A new one after the coordinator
    /// was lost, so that nothing of the old one's failed connections carries over.
    final class Clients: Sendable {
        private let made = Mutex<[HTTPClient]>([])
        let concurrency: Int

        init(concurrency: Int) { self.concurrency = concurrency }

        func make() -> HTTPClient {
            let client = Self.client(read: .seconds(30), connections: concurrency)
            made.withLock { $0.append(client) }
            return client
        }

        /// A client for one probe; the caller shuts it down.
        static func probe() -> HTTPClient { client(read: .seconds(2), connections: 1) }

        private static func client(read: TimeAmount, connections: Int) -> HTTPClient {
            var config = HTTPClient.Configuration(timeout: .init(connect: .seconds(3), read: read))
            config.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
            // A refused connection fails the request at once: the driver's own backoff says so and tries again.
            config.connectionPool.retryConnectionEstablishment = false
            return HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
        }

        func shutdown() async {
            for client in made.withLock({ $0 }) { try? await client.shutdown() }
        }
    }

    /// Waits for the coordinator (saying so, with backoff) and checks the token by taking a publisher
    /// token with it. nil if stopped first.
    private func connect(_ api: CoordinatorAPI) async throws(DriveFailure) -> Credentials? {
        var retry = Retry(seed: options.seed)
        while !stop() {
            do throws(APIError) {
                // Each try on a client of its own (see `Clients`), so that a try is one connect, not a wait.
                var probe = CoordinatorAPI(base: api.base, http: Clients.probe())
                probe.timeout = .seconds(2)
                let answered: Result<Void, APIError>
                do throws(APIError) { try await probe.health(); answered = .success(()) } catch { answered = .failure(error) }
                try? await probe.http.shutdown()
                try answered.get()
                let publisher = try await api.issueToken(role: "publisher", caller: options.token)
                return Credentials(admin: options.token, publisher: publisher)
            } catch {
                switch error {
                case let .unauthorized(message):
                    throw .refused("the coordinator at \(options.base) refused the token (401 \(message)): give its admin token, from DIR/admin.token")
                case let .forbidden(message):
                    throw .refused("the token is not the coordinator's admin token (403 \(message)): only the admin registers operators and nodes")
                case .unreachable, .throttled, .unavailable:
                    let wait = retry.nextMillis()
                    out.say("chaintop sim: cannot reach the coordinator at \(options.base): \(error); trying again in \(span(wait))")
                    await pause(millis: wait)
                default:
                    throw .refused("the coordinator at \(options.base) answered \(error)")
                }
            }
        }
        return nil
    }

    /// Sleeps, waking early to a stop request unless already stopping.
    func pause(millis: Int64, stopping: Bool = false) async {
        let until = wall() + millis
        while stopping || !stop(), wall() < until { try? await Task.sleep(for: .milliseconds(min(100, max(1, until - wall())))) }
    }

    /// Every node that joined leaves (`node_left`), a few at a time, for at most 20 s; how many did
    /// and how many could not.
    private func leave(_ fleet: inout Fleet, _ api: CoordinatorAPI, _ keys: Credentials) async -> (Int, Int) {
        var jobs = fleet.leaveAll()
        guard !jobs.isEmpty else { return (0, 0) }
        out.say("chaintop sim: stopping; \(grouped(jobs.count)) nodes leave the network")
        let deadline = wall() + 20_000
        var left = 0
        var retry = Retry(seed: options.seed)
        while !jobs.isEmpty, wall() < deadline {
            let (done, again) = await Self.send(jobs, api, keys, now: wall(), concurrency: options.concurrency)
            left += done
            jobs = again
            if !jobs.isEmpty { await pause(millis: min(retry.nextMillis(), max(0, deadline - wall())), stopping: true) }
        }
        return (left, jobs.count)
    }

    /// Sends the leaves, `concurrency` at a time: how many were accepted, and those to send again.
    private static func send(_ batch: [Job], _ api: CoordinatorAPI, _ keys: Credentials, now: Int64,
                             concurrency: Int) async -> (Int, [Job]) {
        await withTaskGroup(of: Outcome.self, returning: (Int, [Job]).self) { group in
            var accepted = 0
            var again: [Job] = []
            var rest = batch.makeIterator()
            for _ in 0..<concurrency {
                guard let job = rest.next() else { break }
                group.addTask { await job.run(api, keys, now: now) }
            }
            while let outcome = await group.next() {
                switch outcome {
                case let .left(_, answer): if case .accepted = answer { accepted += 1 }
                case let .failed(job, error) where error.isTransient: again.append(job)
                default: break  // refused: the coordinator does not have it
                }
                if let job = rest.next() { group.addTask { await job.run(api, keys, now: now) } }
            }
            return (accepted, again)
        }
    }
}
