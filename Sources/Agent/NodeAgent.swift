import Feed
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The agent's life: join, then heartbeats with real load, work asked for while there is room, tasks
/// run in limited children and reported; on SIGTERM a drain, then it leaves.
public actor NodeAgent {
    let config: AgentConfig
    let host: Host
    let selfPath: String
    let logger: Logger
    var api: CoordinatorAPI
    var state: AgentState
    var sampler = CPUSampler()
    var beatBackoff: Backoff
    var reportBackoff: Backoff
    var nextBeat: Int64 = 0
    var nextWork: Int64 = 0
    var nextReport: Int64 = 0
    var connected = false
    var draining = false
    var handBackNow = false
    /// A drain was asked for since the last nap began: the next nap returns at once.
    var woken = false
    var running: [String: RunningTask] = [:]
    var cpuUse: [Int]
    var pending: [(ts: Int64, event: TaskEvent)] = []
    let slots: CgroupSlots
    var sleeper: Task<Void, Never>?

    public init(config: AgentConfig, host: Host, selfPath: String, logger: Logger) {
        self.config = config
        self.host = host
        self.selfPath = selfPath
        self.logger = logger
        api = CoordinatorAPI(base: config.coordinator, token: config.token)
        state = AgentState(node: config.node, operatorID: config.operatorID ?? "", coordinator: config.coordinator,
                           token: "", pid: getpid(), heartbeatMillis: config.heartbeatMillis)
        // Reconnecting probes back off no further than one heartbeat, so a restarted coordinator hears
        // from every agent well within the 3 intervals after which it would mark them offline.
        beatBackoff = Backoff(baseMillis: 250, capMillis: min(30_000, config.heartbeatMillis))
        reportBackoff = Backoff(baseMillis: 250, capMillis: 30_000)
        cpuUse = [Int](repeating: 0, count: host.cores)
        slots = CgroupSlots(root: config.cgroupRoot)
    }

    /// Runs until a drain (SIGTERM) has ended with the node left; the exit status.
    public func run() async -> Int32 {
        makeParents(of: config.statePath)
        guard await connect() else {
            logger.notice("stopped before the node joined")
            return 1
        }
        while !draining {
            await step()
            await nap(until: wakeTime())
        }
        return await leave()
    }

    /// One pass: heartbeat when due, reap children, send reports, ask for work when due.
    func step() async {
        let now = wallMillis()
        if now >= nextBeat { await beat(now) }
        await reap()
        await flushReports()
        if !draining, connected, wallMillis() >= nextWork { await askWork() }
        save()
    }

    /// The next thing to do: a heartbeat, a child to check on (4 times a second), a report to retry.
    func wakeTime() -> Int64 {
        var t = min(nextBeat, connected && !draining ? max(nextWork, wallMillis()) : nextBeat)
        if !running.isEmpty { t = min(t, wallMillis() + 250) }
        if !pending.isEmpty { t = min(t, nextReport) }
        return t
    }

    /// Sleeps until `time`, or until a drain is asked for.
    func nap(until time: Int64) async {
        let millis = time - wallMillis()
        guard millis > 0, !woken else { woken = false; return }
        let sleeper = Task { _ = try? await Task.sleep(for: .milliseconds(millis)) }
        self.sleeper = sleeper
        await sleeper.value
        self.sleeper = nil
        woken = false
    }

    /// SIGTERM (or SIGINT): stop asking for work and leave once running tasks end. A second one hands
    /// them back at once.
    public func requestDrain() {
        if draining { handBackNow = true }
        draining = true
        woken = true
        sleeper?.cancel()
    }

    func save() {
        state.running = running.keys.sorted()
        state.pendingReports = pending.count
        state.updated = wallMillis()
        if !state.save(to: config.statePath) { logger.warning("cannot write the state file \(config.statePath)") }
    }

    func fail(_ error: CoordinatorAPI.Failure) {
        // Each new kind of trouble is logged once, not every retry.
        if connected || state.lastError != error.description { logger.warning("\(error)") }
        state.lastError = error.description
        if error.retryable {
            connected = false
            if !draining { state.phase = "reconnecting" }
        }
        save()  // `status` shows the trouble now, not after the retries that follow
    }
}
