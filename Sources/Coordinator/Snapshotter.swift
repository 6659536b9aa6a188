import Dispatch
import Feed
import Synchronization

/// Writes a snapshot every `every` records (so a restart reads at most that many after it) and
/// prunes the log to `retain` records behind it. One at a time, off the commit path.
final class Snapshotter: Sendable {
    private let storage: any EventLogStorage
    private let every: Int64
    private let retain: Int64
    private let state: Mutex<(last: Int64, busy: Bool)>

    init(storage: any EventLogStorage, every: Int64, retain: Int64, last: Int64) {
        self.storage = storage
        self.every = max(1, every)
        self.retain = max(0, retain)
        state = Mutex((last, false))
    }

    func consider(_ view: StateView) {
        let seq = view.seq
        let due = state.withLock { s -> Bool in
            guard !s.busy, seq - s.last >= every else { return false }
            s.busy = true
            return true
        }
        guard due else { return }
        // Encoding a large state takes a core for a while: on a thread of its own, not one of the
        // concurrency pool's (two here), which serve the requests.
        DispatchQueue.global(qos: .utility).async { [self] in
            let line = encode(view)
            Task { await write(line) }
        }
    }

    private func encode(_ view: StateView) -> LoggedRecord? {
        guard let record = view.snapshotRecord(), let seq = record.seq else { return nil }
        var w = JSONWriter(capacity: 1 << 20)
        w.record(record)
        return LoggedRecord(seq: seq, line: w.bytes)
    }

    private func write(_ snapshot: LoggedRecord?) async {
        var written: Int64?
        if let snapshot, (try? await storage.saveSnapshot(snapshot, pruneThrough: snapshot.seq - retain)) != nil {
            written = snapshot.seq
        }
        state.withLock { s in
            if let written { s.last = written }
            s.busy = false
        }
    }
}
