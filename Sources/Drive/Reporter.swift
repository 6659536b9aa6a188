import Feed

/// Where the driver speaks: `say` for messages (one line each), `status` for the progress line
/// (redrawn in place on a terminal, or printed now and then to a log; the caller decides).
public struct DriveReporter: Sendable {
    public var say: @Sendable (String) -> Void
    public var status: @Sendable (String) -> Void
    public init(say: @escaping @Sendable (String) -> Void, status: @escaping @Sendable (String) -> Void) {
        self.say = say
        self.status = status
    }
}

extension Fleet {
    /// The progress line: how much of the fleet is up, what it did, and how fast the coordinator takes it.
    func statusLine(perSecond: Double, virtualMillis: Int64, lost: Lost?, now: Int64) -> String {
        var parts = ["\(grouped(online))/\(grouped(agents.count)) nodes up",
                     "\(grouped(agents.values.reduce(0) { $0 + $1.running.count })) tasks running",
                     "\(grouped(stats.tasksDone)) done", "\(grouped(stats.tasksFailed)) failed",
                     "\(grouped(stats.accepted)) records accepted (\(grouped(Int(perSecond.rounded())))/s)"]
        if stats.refused > 0 { parts.append("\(grouped(stats.refused)) refused") }
        parts.append("virtual \(span(virtualMillis))" + (options.speed == 1 ? "" : " (×\(speedText(options.speed)))"))
        if let lost {
            parts.append("coordinator lost \(span(now - lost.since)) ago, " + (lost.probing ? "trying now" : "next try in \(span(lost.retryAt - now))"))
        }
        return "chaintop sim: " + parts.joined(separator: " · ")
    }
}

func speedText(_ speed: Double) -> String {
    speed == speed.rounded() && speed < 1e9 ? String(Int64(speed)) : String(speed)
}
