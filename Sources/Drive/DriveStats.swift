import Feed

/// What the driver has done so far, for the status line and the summary.
struct DriveStats {
    var requests = 0
    /// Records the coordinator accepted (given a seq) and refused (a reason, not an error).
    var accepted = 0
    var refused = 0
    var joined = 0
    var left = 0
    var heartbeats = 0
    var tasksSubmitted = 0
    var tasksRunning = 0
    var tasksDone = 0
    var tasksFailed = 0
    var published = 0
    var governance = 0
    /// Requests the coordinator turned down (4xx), with the last reason.
    var errors = 0
    var lastError: String?
    /// The last reason a record was refused, and its type.
    var lastRefusal: String?

    mutating func count(_ answers: [CoordinatorAPI.LineAnswer], for records: [RecordBody]) {
        for (answer, record) in zip(answers, records) {
            guard case .accepted = answer else {
                refused += 1
                if case let .refused(reason) = answer { lastRefusal = record.typeName + ": " + reason }
                continue
            }
            accepted += 1
            switch record {
            case .heartbeat: heartbeats += 1
            case let .task(t) where t.state == .done: tasksDone += 1
            case let .task(t) where t.state == .failed: tasksFailed += 1
            case .stablecoin, .tvl, .price: published += 1
            case .proposal, .vote, .claim: governance += 1
            default: break
            }
        }
    }
}

/// Numbers as people read them: 12,345.
func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return n < 0 ? "-" + out : out
}
