import Engine
import Feed
import Hummingbird
import Logging
import ServiceLifecycle
import Store
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A coordinator opened on its data directory: the log recovered, the engine rebuilt, the admin token
/// in place. `application()` serves it; the engine is driven and the log written by its services.
public final class CoordinatorServer: Sendable {
    public let config: CoordinatorConfig
    let storage: any EventLogStorage
    let committer: Committer
    let driver: EngineDriver
    let tail: LogTail
    let state: StateView
    let tokens: Tokens
    let metrics: CoordinatorMetrics
    let limiter: RateLimiter
    let snapshots: Snapshotter
    let stopping = Flag()
    let started: Int64
    let logger: Logger
    /// Where the admin token was written at first start.
    public let adminTokenPath: String

    public static func wallClock() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

    public init(config: CoordinatorConfig, logger: Logger) async throws {
        self.config = config
        self.logger = logger
        started = Self.wallClock()
        try DataDirectory.prepare(config.dataDirectory)
        let log = try SQLiteEventLog(path: config.dataDirectory + "/events.sqlite")
        storage = log
        let recovered = try await log.recover()
        var store = Store()
        var decoder = RecordDecoder()
        for logged in [recovered.snapshot].compactMap({ $0 }) + recovered.records {
            if case let .record(r) = logged.line.withUnsafeBufferPointer({ decoder.decode($0) }) { store.apply(r) }
        }
        let view = StateView(store)
        state = view
        metrics = CoordinatorMetrics()
        tail = LogTail(capacity: config.tailCapacity, head: recovered.lastSeq)
        tail.append(recovered.records.suffix(config.tailCapacity).map { $0 })
        snapshots = Snapshotter(storage: log, every: config.snapshotEvery, retain: config.retainedRecords,
                                last: recovered.snapshot?.seq ?? 0)
        let (tail, metrics, snapshots, state) = (self.tail, self.metrics, self.snapshots, view)
        committer = Committer(storage: log) { batch, took in
            tail.append(batch.records)
            state.apply(batch.applied)
            metrics.observe(batch, took: took)
            snapshots.consider(state)
        }
        tokens = Tokens(recovered.tokens)
        limiter = RateLimiter(rate: config.requestsPerSecond)
        let closed = recovered.closedEpoch ?? (started / config.epochMillis - 1)
        let engine = EngineDriver.rebuild(from: store.state, tasks: recovered.tasks, closedEpoch: closed, config: config.engine)
        driver = EngineDriver(engine: engine, config: config, committer: committer, lastSeq: recovered.lastSeq, closedEpoch: closed)
        adminTokenPath = config.dataDirectory + "/admin.token"
        await driver.adopt(store.state, tasks: recovered.tasks, now: started)
        try await ensureAdminToken()
        let nodes = await driver.nodeCount
        logger.info("coordinator opened", metadata: ["data": .string(config.dataDirectory), "seq": .stringConvertible(recovered.lastSeq),
                                                     "nodes": .stringConvertible(nodes)])
    }

    /// One step of the engine's clock at `now` (ms), returned once what it decided is durable. The
    /// server ticks itself; tests with a slow tick drive it through this.
    public func tick(now: Int64) async throws {
        try await durable(await driver.tick(now: now))
    }

    /// Durable records from `seq` on (for embedding and tests; clients use `GET /v1/feed`).
    public func records(from seq: Int64, limit: Int) async throws -> [LoggedRecord] {
        try await storage.records(from: seq, limit: limit)
    }

    /// At first start: an admin token, its hash durable before the file is written (mode 0600).
    private func ensureAdminToken() async throws {
        guard !FileManager.default.fileExists(atPath: adminTokenPath) else { return }
        let (token, stored) = Tokens.make(for: .admin, now: started)
        var batch = LogBatch()
        batch.tokens = [stored]
        try await storage.commit(batch)  // the committer is not running yet
        tokens.add(stored)
        try DataDirectory.writeSecret(token + "\n", to: adminTokenPath)
    }

    /// The HTTP server with the committer and the clock as its services. `onServerRunning` hears the
    /// bound port (an ephemeral one in tests).
    public func application(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router(context: CoordinatorContext.self)
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        router.add(middleware: RateLimitMiddleware(limiter: limiter))
        router.add(middleware: AuthMiddleware(tokens: tokens, bodyLimit: config.maxBodyBytes))
        Routes(server: self).register(on: router)
        return Application(router: router,
                           configuration: .init(address: .hostname(config.host, port: config.port),
                                                serverName: "chaintop-coordinator"),
                           services: [CommitService(committer: committer), TickService(server: self)],
                           onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
                           logger: logger)
    }
}
