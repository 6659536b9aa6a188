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
        Task { await write(view) }
    }

    private func write(_ view: StateView) async {
        var written: Int64?
        if let record = view.snapshotRecord(), let seq = record.seq {
            var w = JSONWriter(capacity: 1 << 16)
            w.record(record)
            if (try? await storage.saveSnapshot(LoggedRecord(seq: seq, line: w.bytes), pruneThrough: seq - retain)) != nil {
                written = seq
            }
        }
        state.withLock { s in
            if let written { s.last = written }
            s.busy = false
        }
    }
}
