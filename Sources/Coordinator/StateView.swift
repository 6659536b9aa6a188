import Feed
import Store
import Synchronization

/// The Store applied to the durable log, the same code the dashboard runs: snapshots are taken from
/// here, so what a client reads is always as of a durable seq.
public final class StateView: Sendable {
    private let store: Mutex<Store>

    public init(_ store: Store) { self.store = Mutex(store) }

    func apply(_ records: [FeedRecord]) {
        store.withLock { s in
            for r in records { s.apply(r) }
        }
    }

    public var seq: Int64 { store.withLock { $0.state.seq } }

    /// The state as a feed `snapshot` record (nil while the log is empty: there is no seq to give it).
    public func snapshotRecord() -> FeedRecord? {
        store.withLock { s in
            guard s.state.seq > 0 else { return nil }
            return FeedRecord(seq: s.state.seq, ts: s.state.ts, body: .snapshot(s.state.keyframe()))
        }
    }

    public func withState<T>(_ body: (ChainState) -> T) -> T { store.withLock { body($0.state) } }
}
