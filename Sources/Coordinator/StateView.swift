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
    /// Written from a copy, so that commits are not held up while a large state is encoded. In version 1
    /// (nodes as objects): `/v1/snapshot`'s readers (the agent's view, scripts) read its nodes by name.
    public func snapshotRecord() -> FeedRecord? {
        let state = store.withLock { $0.state }
        guard state.seq > 0 else { return nil }
        return FeedRecord(seq: state.seq, ts: state.ts, body: .snapshot(state.versionOneKeyframe()))
    }

    public func withState<T>(_ body: (ChainState) -> T) -> T { store.withLock { body($0.state) } }
}
