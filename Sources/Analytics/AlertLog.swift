import Store

/// Alerts over time: each alert from the observation that first raised it (`since`) to the first
/// that no longer did (`until`), in event time. The dashboard observes the state at each refresh, the
/// export as it reads (at most once a second of event time), so both list the same alerts.
public struct AlertLog: Sendable, Equatable {
    /// Alerts under way, in the order first raised.
    public private(set) var active: [AlertEntry] = []
    /// Alerts that are over, oldest first, the last `endedCapacity` of them.
    public private(set) var ended: [AlertEntry] = []
    public private(set) var lastObserved: Int64?
    private var lastSeq: Int64 = 0
    public static let endedCapacity = 500
    /// Event time between two observations while reading a stream.
    public static let streamStepMillis: Int64 = 1000

    public init() {}

    /// Every alert, newest first (under way before ended; then by start, latest first).
    public var all: [AlertEntry] {
        active.sorted { $0.since != $1.since ? $0.since > $1.since : ($0.kind.rawValue, $0.subject) < ($1.kind.rawValue, $1.subject) }
            + ended.reversed()
    }

    /// The alert under way that started last.
    public var newest: AlertEntry? { all.first { $0.until == nil } }

    /// Whether `observe` would take a state of this time and seq with this `minStep`: a caller reading
    /// a stream asks first, so it hands over the state (a large value, copied to be passed) once a
    /// second of event time rather than with every record.
    public func wantsObservation(at ts: Int64, seq: Int64, minStep: Int64) -> Bool {
        guard let last = lastObserved else { return true }
        if ts < last, seq < lastSeq { return true }  // a seek back: the log starts again
        return minStep <= 0 || max(ts, last) - last >= minStep
    }

    /// Takes the state's alerts as of its time. Going back (a seek in a replay: seq and time both back) starts
    /// the log again; a record stamped a little earlier than the one before is read as not moving the clock.
    /// A stream observes at most once per `minStep` of event time, and always when asked with 0.
    public mutating func observe(_ state: ChainState, minStep: Int64 = 0) {
        guard wantsObservation(at: state.ts, seq: state.seq, minStep: minStep) else { return }
        var now = state.ts
        if let last = lastObserved, now < last {
            if state.seq < lastSeq { self = AlertLog() } else { now = last }
        }
        lastObserved = now
        lastSeq = state.seq
        let current = state.alertsNow()
        var keep: [AlertEntry] = []
        for var e in active {
            if let c = current.first(where: { $0.kind == e.kind && $0.subject == e.subject }) {
                e.text = c.text
                e.severity = c.severity
                keep.append(e)
            } else {
                e.until = now
                ended.append(e)
            }
        }
        for c in current where !keep.contains(where: { $0.kind == c.kind && $0.subject == c.subject }) {
            keep.append(AlertEntry(kind: c.kind, subject: c.subject, severity: c.severity, text: c.text, since: now, until: nil))
        }
        active = keep
        if ended.count > AlertLog.endedCapacity { ended.removeFirst(ended.count - AlertLog.endedCapacity) }
    }

    /// A log of one observation: what a state shows when nothing watched it over time.
    public static func at(_ state: ChainState) -> AlertLog {
        var log = AlertLog()
        log.observe(state)
        return log
    }
}
