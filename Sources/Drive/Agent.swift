import Feed

/// One simulated node as an agent of the coordinator: its token, what it runs, what it has to say.
struct Agent {
    enum Phase: Equatable {
        /// Its node record is to be sent (a first join, or a rejoin after being offline).
        case joining
        case up
        /// Asked to drain: it heartbeats and reports, and takes no new work.
        case draining
        /// Down in the simulation: it says nothing, and the coordinator finds it offline.
        case silent
        /// Refused for good (its node record, its token): it stays quiet; the reason was said.
        case refused
    }

    /// A task it runs, and how that ends.
    struct Work {
        var units: Double
        var kind: String?
        var endsAt: Int64
        var succeeds: Bool
    }

    let info: NodeInfo
    var token: String?
    var phase = Phase.joining
    /// A job of its own is in flight (or waiting to be sent): one at a time, in order.
    var busy = false
    /// Set when the simulation removed it: it leaves once it is not busy.
    var leaving: String??
    var cpu = 0.1, mem = 0.2
    var gpu: Double?
    var running: [String: Work] = [:]
    /// Task reports and a drain request for its next heartbeat.
    var reports: [RecordBody] = []
    var nextBeat: Int64 = 0

    init(info: NodeInfo) { self.info = info }

    var id: String { info.id }

    /// The records of its next beat: the heartbeat, any status change, the tasks that ended by `now`.
    mutating func beatRecords(now: Int64) -> [RecordBody] {
        for (taskID, work) in running where work.endsAt <= now {
            reports.append(.task(TaskEvent(id: taskID, node: id, state: work.succeeds ? .done : .failed,
                                           units: work.units, kind: work.kind)))
            running[taskID] = nil
        }
        let beat = RecordBody.heartbeat(Heartbeat(id: id, cpu: cpu, mem: mem, gpu: gpu, tasks: running.count))
        defer { reports = [] }
        return [beat] + reports
    }

    /// Work handed out: it reports each task running at its next beat, and ends it later.
    mutating func take(_ work: [CoordinatorAPI.Assignment], ends: (Double) -> (Int64, Bool)) {
        for task in work where running[task.id] == nil {
            let (endsAt, succeeds) = ends(task.units)
            running[task.id] = Work(units: task.units, kind: task.kind, endsAt: endsAt, succeeds: succeeds)
            reports.append(.task(TaskEvent(id: task.id, node: id, state: .running, units: task.units, kind: task.kind)))
        }
    }
}
