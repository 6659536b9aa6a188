import Feed
import Sources
import UI
import Simulation
import Recording
import Analytics
import Store

/// How far to read a source: by event time since its first record, by record count, or to its end.
struct Limit {
    var eventMillis: Int64?
    var records: Int?
}

/// Reads a source item by item until a limit, so that each command can do its own thing with
/// each item (the exporter only keeps state; the recorder also writes every record out).
struct Pump {
    let source: RecordStream
    let limit: Limit
    private(set) var count = 0
    private(set) var firstTs: Int64?
    private(set) var stopped: StopReason?

    enum StopReason { case limit, end, interrupted }

    init(source: RecordStream, limit: Limit) {
        self.source = source
        self.limit = limit
    }

    /// The next item within the limit, or nil (then `stopped` says why).
    mutating func next() -> FeedItem? {
        guard stopped == nil else { return nil }
        if Interrupt.requested { stopped = .interrupted; return nil }
        if let max = limit.records, count >= max { stopped = .limit; return nil }
        guard let item = source.next() else { stopped = .end; return nil }
        if case let .record(r, _) = item {
            if case .header = r.body { return item }  // the header is not counted
            if firstTs == nil { firstTs = r.ts }
            if let span = limit.eventMillis, let first = firstTs, r.ts - first > span { stopped = .limit; return nil }
        }
        count += 1
        return item
    }
}
