import DequeModule
import Synchronization

/// The most recent durable records in memory, for streams, and the waiters for the next ones.
/// Streams pull from here at their own pace: nothing is queued per client, so a slow one costs
/// the server no memory.
public final class LogTail: Sendable {
    struct State {
        var lines = Deque<LoggedRecord>()
        var head: Int64 = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let capacity: Int
    private let state: Mutex<State>

    public init(capacity: Int, head: Int64) {
        self.capacity = max(capacity, 1)
        state = Mutex(State(head: head))
    }

    /// The last durable seq.
    public var head: Int64 { state.withLock { $0.head } }

    public func append(_ records: [LoggedRecord]) {
        guard let last = records.last else { return }
        let waiters = state.withLock { s in
            s.lines.append(contentsOf: records)
            let excess = s.lines.count - capacity
            if excess > 0 { s.lines.removeFirst(excess) }
            s.head = last.seq
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume() }
    }

    /// Records from `seq` on, up to `limit`, if memory still holds `seq`; nil if it is older.
    public func records(from seq: Int64, limit: Int) -> [LoggedRecord]? {
        state.withLock { s in
            guard seq <= s.head else { return [] }
            guard let first = s.lines.first, seq >= first.seq else { return nil }
            let start = Int(seq - first.seq)
            let end = min(s.lines.count, start + limit)
            return Array(s.lines[start..<end])
        }
    }

    /// Waits until the head passes `seq` or `wakeAll` is called (the bookmark timer).
    public func wait(after seq: Int64) async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.head > seq { return true }
                s.waiters.append(c)
                return false
            }
            if now { c.resume() }
        }
    }

    public func wakeAll() {
        let waiters = state.withLock { s in
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume() }
    }
}
