import Engine
import Simulation

/// The driver's loop: the simulation stepped on the wall clock, the fleet's jobs sent a bounded
/// number at a time, their answers applied, a progress line each second. When the coordinator stops
/// answering it sends nothing but a probe now and then, and resumes where it was once it answers.
struct DriveLoop {
    let driver: FleetDriver
    let clients: FleetDriver.Clients
    var api: CoordinatorAPI
    /// Which client the jobs in flight use: a failure of an older one does not mean a new loss.
    var generation = 0
    let keys: Credentials
    let started: Int64
    let sim: Simulator
    var lost: Lost?
    var retry: Retry
    /// Jobs answered 429, with when to send them again.
    var later: [(at: Int64, job: Job)] = []
    var inFlight = 0
    var fatal: DriveFailure?
    var lastStatus: (at: Int64, accepted: Int)
    static let tickMillis = 50
    /// Simulated seconds stepped per tick at most, so that a slow step does not stall the network side.
    static let stepsPerTick = 50

    init(driver: FleetDriver, clients: FleetDriver.Clients, keys: Credentials, started: Int64) {
        self.driver = driver
        self.clients = clients
        api = CoordinatorAPI(base: driver.options.base, http: clients.make())
        self.keys = keys
        self.started = started
        var simOptions = SimulatorOptions(seed: driver.options.seed, nodes: driver.options.nodes)
        simOptions.start = started
        sim = Simulator(options: simOptions)
        sim.keepSubmissions()
        retry = Retry(seed: driver.options.seed)
        lastStatus = (started, 0)
    }

    mutating func run(_ fleet: inout Fleet) async throws(DriveFailure) {
        await withTaskGroup(of: (Outcome, Int).self) { group in
            group.addTask { (await Self.tick(), 0) }
            // Stopping: nothing new is sent, and what is in flight is answered first (a node whose join
            // is under way must know its token to leave).
            var stopping = false
            while let (outcome, sentWith) = await group.next() {
                let now = driver.wall()
                if case .tick = outcome {
                    stopping = driver.stop() || driver.options.durationMillis.map({ now - started >= $0 }) == true
                    if stopping { if inFlight == 0 { break } else { continue } }
                    step(&fleet, now: now)
                    group.addTask { (await Self.tick(), 0) }
                } else {
                    inFlight -= 1
                    if case let .failed(job, error) = outcome, error.isTransient, sentWith < generation {
                        fleet.jobs.prepend(job)  // sent before the coordinator came back: again, now
                    } else {
                        handle(outcome, &fleet, now: now)
                    }
                    if fatal != nil || (stopping && inFlight == 0) { break }
                }
                if !stopping { launch(&fleet, into: &group, now: now) }
            }
        }
        if let fatal { throw fatal }
    }

    private static func tick() async -> Outcome {
        try? await Task.sleep(for: .milliseconds(tickMillis))
        return .tick
    }

    /// The simulation up to now, its events as jobs, the agents that are due, the status line.
    private mutating func step(_ fleet: inout Fleet, now: Int64) {
        let target = Int64(Double(now - started) * driver.options.speed / 1000)
        var steps = 0
        while sim.second <= target, steps < Self.stepsPerTick {
            for record in sim.advance() { fleet.take(record) }
            steps += 1
        }
        fleet.flush(submitted: sim.takeSubmissions())
        if lost == nil { fleet.scan(now: now) }
        let due = later.filter { $0.at <= now }
        later.removeAll { $0.at <= now }
        for (_, job) in due { fleet.jobs.append(job) }
        if now - lastStatus.at >= 1000 {
            let perSecond = Double(fleet.stats.accepted - lastStatus.accepted) * 1000 / Double(now - lastStatus.at)
            driver.out.status(fleet.statusLine(perSecond: perSecond, virtualMillis: sim.second * 1000, lost: lost, now: now))
            lastStatus = (now, fleet.stats.accepted)
        }
    }

    private mutating func launch(_ fleet: inout Fleet, into group: inout TaskGroup<(Outcome, Int)>, now: Int64) {
        let (api, keys, generation) = (api, keys, generation)
        if var lost {
            guard !lost.probing, now >= lost.retryAt else { return }
            lost.probing = true
            self.lost = lost
            inFlight += 1
            var probe = CoordinatorAPI(base: api.base, http: FleetDriver.Clients.probe())
            probe.timeout = .seconds(2)
            group.addTask { [probe] in
                let outcome = await Job.probe.run(probe, keys, now: now)
                try? await probe.http.shutdown()
                return (outcome, generation)
            }
            return
        }
        while inFlight < driver.options.concurrency, let job = fleet.jobs.popFirst() {
            inFlight += 1
            group.addTask { (await job.run(api, keys, now: now), generation) }
        }
    }

    private mutating func handle(_ outcome: Outcome, _ fleet: inout Fleet, now: Int64) {
        switch outcome {
        case .back:
            if let lost { driver.out.say("chaintop sim: the coordinator answers again after \(span(now - lost.since)); resuming") }
            lost = nil
            retry.reset()
            api = CoordinatorAPI(base: api.base, http: clients.make())
            generation += 1
        case let .failed(job, error): failed(job, error, &fleet, now: now)
        default: fleet.apply(outcome, now: now)
        }
    }

    private mutating func failed(_ job: Job, _ error: APIError, _ fleet: inout Fleet, now: Int64) {
        if case .probe = job {
            let wait = retry.nextMillis()
            lost = Lost(since: lost?.since ?? now, retryAt: now + wait)
            driver.out.say("chaintop sim: the coordinator at \(api.base) still does not answer (\(error)); trying again in \(span(wait))")
            return
        }
        switch error {
        case .throttled: later.append((now + 1000, job))
        case _ where error.isTransient:
            fleet.jobs.prepend(job)  // sent again first, once the coordinator is back
            guard lost == nil else { return }
            let wait = retry.nextMillis()
            lost = Lost(since: now, retryAt: now + wait)
            driver.out.say("chaintop sim: lost the coordinator at \(api.base) (\(error)); the fleet waits, trying again in \(span(wait))")
        case .unauthorized where job.node == nil && !job.isOperators:
            fatal = .refused("the coordinator at \(api.base) no longer accepts the token (\(error))")
        default: fleet.dropped(job, error)
        }
    }
}

extension Job {
    var isOperators: Bool {
        if case .asOperator = self { return true }
        return false
    }
}
