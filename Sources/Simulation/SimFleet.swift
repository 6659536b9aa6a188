import Engine
import Feed

/// The simulated compute fleet: joins and leaves, failures and recoveries, utilisation walks,
/// task arrivals and completions, epochs of uptime rewards, penalties and claims.
struct SimFleet {
    static let regions = ["us-east", "us-west", "eu-central", "eu-west", "ap-south", "ap-northeast", "sa-east"]
    static let gpuModels = ["H100", "A100", "L40S", "RTX 4090"]
    static let versions = ["1.4.2", "1.5.0", "1.5.1"]
    static let taskKinds = ["inference", "render", "transcode", "training", "batch"]
    static let epochSeconds: Int64 = 300
    static let heartbeatSeconds = 10
    /// Mean seconds before an online node leaves at random, and before one is drained (and then leaves).
    static let leaveSeconds = 10800.0
    static let drainSeconds = 14400.0

    var joined = 0
    /// The fleet size the simulator was asked for: joins balance leaves around it.
    var size = 0
    var operatorCount = 0
    /// Nodes by heartbeat slot (second mod 10): each node beats once every 10 s.
    var slots = [BeatSlot](repeating: BeatSlot(), count: heartbeatSeconds)
    /// Each node's join number (its slot is that mod 10), place in its slot and row in the engine.
    var members: [String: (number: Int, place: Int, row: Int32)] = [:]
    /// Nodes being drained, by id, with their join number.
    var draining: [String: Int] = [:]
    /// Ids due back at a second, and tasks due to end, in the order they were scheduled: a second's
    /// work is one lookup, however many are pending.
    var recoveries = DueList()
    var endings = DueList()
    var started: [String] = []
    var offlineThisEpoch: [String] = []
    var taskCounter = 0
    /// A region held offline by a scenario: no random recovery there.
    var outageRegion: String?
    /// Submitted tasks kept for a caller that places them elsewhere (`sim --drive`); nil keeps none.
    var submissions: [TaskSpec]?

    mutating func join(engine: inout Engine, rng: inout SeededRandom) {
        joined += 1
        if operatorCount == 0 || joined % 8 == 0 { operatorCount += 1 }
        let id = "node-" + padded(joined, 6)
        // u² puts most nodes with the first operators: a few large operators, a long tail.
        let op = "op-" + padded(1 + Int(Double(operatorCount) * rng.unit() * rng.unit()), 4)
        let info = makeInfo(id: id, operatorID: op, rng: &rng)
        engine.join(info)
        // A per-node utilisation offset that wanders (background load not from tasks).
        let place = slots[joined % SimFleet.heartbeatSeconds].append(id, drift: rng.uniform(0.02, 0.15),
                                                                       reading: NodeReading(info))
        members[id] = (joined, place, engine.nodes.row(of: id) ?? -1)
    }

    /// Hands on what the engine has decided, keeping each node's reading as the engine leaves it: every
    /// change of a node's allocation or status comes out as a record naming the node.
    mutating func flush(engine: inout Engine, emit: (RecordBody) -> Void) {
        for body in engine.drain() {
            switch body {
            case .task(let t) where t.state != .running: refresh(t.node, &engine)
            case .nodeStatus(let change): refresh(change.id, &engine)
            default: break
            }
            emit(body)
        }
    }

    /// The node's reading as the engine has it now: found by the row kept at its join, without a copy.
    private mutating func refresh(_ id: String, _ engine: inout Engine) {
        guard let m = members[id] else { return }
        let slot = m.number % SimFleet.heartbeatSeconds
        guard slots[slot].beats.indices.contains(m.place),
              let (load, status, tasks) = engine.load(ofRow: m.row, id: id)
                ?? engine.nodes.row(of: id).flatMap({ engine.load(ofRow: $0, id: id) }) else { return }
        slots[slot].beats[m.place].reading = NodeReading(load, status: status, tasks: tasks)
    }

    func makeInfo(id: String, operatorID: String, rng: inout SeededRandom) -> NodeInfo {
        // A region that is down has no network to join from.
        let region = rng.pick(SimFleet.regions.filter { $0 != outageRegion })
        let version = rng.pick(SimFleet.versions)
        let roll = rng.unit()
        switch roll {
        case ..<0.15:
            return NodeInfo(id: id, operatorID: operatorID, region: region, nodeClass: .gpu,
                            cpuCores: rng.pick([16, 32, 64]), memGB: rng.pick([64, 128, 256, 512]),
                            gpus: rng.pick([1, 2, 4, 8]), gpuModel: rng.pick(SimFleet.gpuModels), version: version)
        case ..<0.50:
            return NodeInfo(id: id, operatorID: operatorID, region: region, nodeClass: .server,
                            cpuCores: rng.pick([16, 32, 64, 128]), memGB: rng.pick([64, 128, 256, 1024]),
                            gpus: 0, version: version)
        case ..<0.80:
            let gpu = rng.chance(0.3)
            return NodeInfo(id: id, operatorID: operatorID, region: region, nodeClass: .desktop,
                            cpuCores: rng.pick([4, 8, 12, 16]), memGB: rng.pick([16, 32, 64]), gpus: gpu ? 1 : 0,
                            gpuModel: gpu ? "RTX 3080" : nil, version: version)
        case ..<0.92:
            return NodeInfo(id: id, operatorID: operatorID, region: region, nodeClass: .phone, cpuCores: 8, memGB: 8,
                            gpus: 0, version: version)
        default:
            return NodeInfo(id: id, operatorID: operatorID, region: region, nodeClass: .iot, cpuCores: 4, memGB: 2,
                            gpus: 0, version: version)
        }
    }

    /// A second of the fleet; the records come out through `emit` (the engine's, and the heartbeats,
    /// which are made here from the readings), except those of the epoch's close and the claims, which
    /// stay in the engine's outbox.
    mutating func step(second: Int64, rate: Double, engine: inout Engine, rng: inout SeededRandom,
                       emit: (RecordBody) -> Void) {
        let n = Double(engine.nodeCount)
        churn(second: second, n: n, rate: rate, engine: &engine, rng: &rng)
        // Tasks assigned last second start now; finished ones complete; new ones arrive and are placed.
        for id in started { engine.start(id) }
        started = []
        complete(second: second, engine: &engine, rng: &rng)
        for _ in 0..<rng.poisson(n * 0.006 * rate) { submitTask(second: second, engine: &engine, rng: &rng) }
        let placed = engine.schedule(limit: 10_000)
        started = placed
        for id in placed { scheduleEnd(of: id, second: second, rng: &rng) }
        flush(engine: &engine, emit: emit)
        heartbeats(second: second, rng: &rng, emit: emit)
        if second > 0, second % SimFleet.epochSeconds == 0 { closeEpoch(second: second, engine: &engine, rng: &rng) }
        if second % 60 == 0 { claims(engine: &engine, rng: &rng) }
    }

    private mutating func churn(second: Int64, n: Double, rate: Double, engine: inout Engine, rng: inout SeededRandom) {
        // Joins make up for the leaves below at the asked-for size and close a gap to it within about an
        // hour, so the fleet wanders around that size however long it runs (joins in proportion to the
        // current size, as before, let a fleet die out in a day or two).
        let joins = Double(size) * (1 / SimFleet.leaveSeconds + 1 / SimFleet.drainSeconds) + (Double(size) - n) / 3600
        for _ in 0..<rng.poisson(max(0, joins) * rate) { join(engine: &engine, rng: &rng) }
        for _ in 0..<rng.poisson(n / 14400 * rate) {
            guard let id = randomNode(engine, &rng), engine.nodes[id]?.status == .online else { continue }
            engine.setStatus(id, .offline, reason: rng.pick(["unreachable", "power loss", "network partition"]))
            offlineThisEpoch.append(id)
            recoveries.append(id, at: second + Int64(rng.uniform(60, 1200)))
        }
        for _ in 0..<rng.poisson(n / 7200 * rate) {
            guard let id = randomNode(engine, &rng), engine.nodes[id]?.status == .online else { continue }
            engine.setStatus(id, .degraded, reason: rng.pick(["high latency", "disk pressure", "thermal throttling"]))
            recoveries.append(id, at: second + Int64(rng.uniform(30, 600)))
        }
        for _ in 0..<rng.poisson(n / SimFleet.drainSeconds * rate) {
            guard let id = randomNode(engine, &rng), engine.nodes[id]?.status == .online else { continue }
            engine.setStatus(id, .draining, reason: "operator maintenance")
            draining[id] = members[id]?.number ?? 0
        }
        recover(second: second, engine: &engine)
        if second % 10 == 0 { leaveDrained(engine: &engine) }
        for _ in 0..<rng.poisson(n / SimFleet.leaveSeconds * rate) {
            if let id = randomNode(engine, &rng), engine.nodes[id]?.status == .online { remove(id, engine: &engine) }
        }
    }

    /// Drained nodes leave once their tasks are done, in join order; a node no longer draining (an
    /// outage took it offline) is forgotten.
    private mutating func leaveDrained(engine: inout Engine) {
        for (id, _) in draining.sorted(by: { $0.value < $1.value }) {
            guard let node = engine.nodes[id], node.status == .draining else {
                draining[id] = nil
                continue
            }
            if node.tasks.isEmpty { remove(id, engine: &engine) }
        }
    }

    /// Every node of a region goes offline at once (a data-centre or ISP outage). Recovery waits for
    /// `regionRecovery`, so the random recoveries scheduled for these nodes are dropped.
    mutating func regionOutage(_ region: String, engine: inout Engine) {
        for id in engine.nodeOrder where engine.nodes[id].map({ $0.info.region == region && $0.status != .offline }) ?? false {
            engine.setStatus(id, .offline, reason: "region outage")
            offlineThisEpoch.append(id)
        }
        let down = Set(engine.nodeOrder.filter { engine.nodes[$0]?.info.region == region })
        recoveries.removeAll { down.contains($0) }
        outageRegion = region
    }

    mutating func regionRecovery(_ region: String, engine: inout Engine) {
        outageRegion = nil
        for id in engine.nodeOrder where engine.nodes[id].map({ $0.info.region == region && $0.status == .offline }) ?? false {
            engine.setStatus(id, .online, reason: "region restored")
        }
    }

    private mutating func recover(second: Int64, engine: inout Engine) {
        for id in recoveries.take(second) {
            if let node = engine.nodes[id], node.status == .offline || node.status == .degraded,
               node.info.region != outageRegion {
                engine.setStatus(id, .online)
            }
        }
    }

    private mutating func remove(_ id: String, engine: inout Engine) {
        engine.leave(id, reason: "left the network")
        draining[id] = nil
        guard let m = members.removeValue(forKey: id) else { return }
        let slot = m.number % SimFleet.heartbeatSeconds
        slots[slot].remove(at: m.place)
        if slots[slot].needsCompacting {
            for (id, place) in slots[slot].compact() { members[id]?.place = place }
        }
    }

    private func randomNode(_ engine: Engine, _ rng: inout SeededRandom) -> String? {
        engine.nodeCount == 0 ? nil : engine.node(atJoinRank: rng.index(engine.nodeCount))
    }

    private mutating func submitTask(second: Int64, engine: inout Engine, rng: inout SeededRandom) {
        taskCounter += 1
        let gpu = rng.chance(0.2)
        let cpu = rng.pick([0.5, 1, 2, 4, 8])
        let res = Resources(cpu: cpu, memGB: rng.pick([0.5, 1, 2, 4, 8, 16]), gpus: gpu ? 1 : 0)
        let kind = gpu ? rng.pick(["inference", "training", "render"]) : rng.pick(SimFleet.taskKinds)
        let spec = TaskSpec(id: "t-" + padded(taskCounter, 7), resources: res, units: cpu * (gpu ? 8 : 1), kind: kind)
        engine.submit(spec)
        submissions?.append(spec)
    }

    private mutating func scheduleEnd(of id: String, second: Int64, rng: inout SeededRandom) {
        endings.append(id, at: second + Int64(rng.uniform(30, 900)))
    }

    private mutating func complete(second: Int64, engine: inout Engine, rng: inout SeededRandom) {
        let epoch = second / SimFleet.epochSeconds
        for id in endings.take(second) { engine.finish(id, success: !rng.chance(0.04), epoch: epoch) }
    }

    /// The slot's nodes report their load; an offline node sends nothing, but its drift still wanders
    /// (the same draws as when the engine made the reading: the stream does not change).
    private mutating func heartbeats(second: Int64, rng: inout SeededRandom, emit: (RecordBody) -> Void) {
        let slot = Int(second % Int64(SimFleet.heartbeatSeconds))
        for k in slots[slot].beats.indices where slots[slot].beats[k].present {
            let beat = slots[slot].beats[k]
            let d = clamp(beat.drift + rng.normal() * 0.02, 0, 0.4)
            slots[slot].beats[k].drift = d
            let node = beat.reading
            let cpuLoad = node.cpuCores > 0 ? node.allocatedCPU / Double(node.cpuCores) : 0
            let memLoad = node.memGB > 0 ? node.allocatedMemGB / node.memGB : 0
            let gpu: Double? = node.gpus > 0
                ? clamp(Double(node.allocatedGPUs) / Double(node.gpus) * 0.9 + rng.unit() * 0.05, 0, 1) : nil
            guard !node.offline else { continue }
            emit(.heartbeat(Heartbeat(id: beat.id, cpu: round4(clamp(cpuLoad * 0.85 + d, 0, 1)),
                                      mem: round4(clamp(memLoad * 0.8 + 0.1 + d / 2, 0, 1)),
                                      gpu: gpu.map(round4), tasks: Int(node.tasks))))
        }
    }

    private mutating func closeEpoch(second: Int64, engine: inout Engine, rng: inout SeededRandom) {
        let epoch = second / SimFleet.epochSeconds - 1
        for id in offlineThisEpoch {
            engine.penalise(node: id, epoch: epoch, amount: TokenAmount(approximately: 0.02), reason: "downtime")
        }
        offlineThisEpoch = []
        engine.closeEpoch(epoch)
    }

    private mutating func claims(engine: inout Engine, rng: inout SeededRandom) {
        for k in 1...max(1, operatorCount) where rng.chance(0.05) {
            engine.claim(operator: "op-" + padded(k, 4), feeUSD: round4(rng.uniform(0.2, 6)))
        }
    }
}

func padded(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

func round4(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }
