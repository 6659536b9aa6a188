import Analytics
import Dashboard
import Feed
import Recording
import Sources
import Store
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Applies what a source yields to the store, off the drawing path. The screen takes a copy of the
/// state when it refreshes (`snapshot`, a copy-on-write value taken under a lock held only for the
/// copy), so drawing never holds a lock the reader needs, and the reader never waits for a frame.
public final class Ingest: Sendable {
    struct Shared: @unchecked Sendable {  // guarded by the mutex; the recorder is used only under it
        var store = Store()
        var status: SourceStatus
        var meter = RateMeter(windowMillis: 5000)
        /// Set while the dashboard records what it shows (R); its lines are written on a thread of their own.
        var recorder: Recorder?
        var recording: BackgroundRecording? { recorder?.output as? BackgroundRecording }
        /// Recordings stopped but perhaps still writing: waited for on the way out.
        var stopped: [BackgroundRecording] = []
    }

    let shared: Mutex<Shared>
    /// Screens waiting for the lock. The mutex is not fair: a reader at full speed (a replay at max)
    /// takes it again the moment it lets go, and a frame waiting under load went unserved for 30 s
    /// in CI. The reader gives way to a waiting screen before each batch.
    let screensWaiting = Atomic<Int>(0)
    /// Wall-clock milliseconds (the status line's "last record" and the rate); virtual in tests.
    let wall: @Sendable () -> Int64
    let log: @Sendable (String) -> Void
    /// Poked when the screen should look again at once (a seek landed, the source ended).
    let nudge: Nudge?

    /// `network`: the source is a connection, whose state the status line shows.
    public init(name: String, wall: @escaping @Sendable () -> Int64, log: @escaping @Sendable (String) -> Void = { _ in },
                nudge: Nudge? = nil, network: Bool = false) {
        var status = SourceStatus(name: name)
        if network { status.connection = .connecting }
        shared = Mutex(Shared(status: status))
        self.wall = wall
        self.log = log
        self.nudge = nudge
    }

    /// The data as it is now, with the source's status.
    public func snapshot() -> DataView {
        let now = wall()
        screensWaiting.add(1, ordering: .acquiring)
        return shared.withLock { s in
            screensWaiting.subtract(1, ordering: .releasing)
            var status = s.status
            status.recordsPerSecond = s.meter.perSecond(at: now)
            return DataView(store: s.store, source: status)
        }
    }

    /// Runs `body` on the data as it is now, under the lock: nothing is copied. The reader waits
    /// meanwhile (a frame takes well under a millisecond); copying instead cost the reader the whole
    /// state's size at every refresh (the first write after a snapshot copies each array it touches).
    /// `body` must not keep the state past its end, or the next write copies it after all.
    public func read(_ body: (DataView) -> Void) {
        let now = wall()
        screensWaiting.add(1, ordering: .acquiring)
        shared.withLock { s in
            screensWaiting.subtract(1, ordering: .releasing)
            var status = s.status
            status.recordsPerSecond = s.meter.perSecond(at: now)
            body(DataView(store: s.store, source: status))
        }
    }

    public func apply(_ event: SourceEvent) {
        switch event {
        case let .items(batch): ingest(batch)
        case let .restart(store):
            shared.withLock { s in
                s.store = store
                s.status.ended = false
            }
        case let .phase(phase): apply(phase)
        case let .replay(progress):
            shared.withLock { $0.status.replay = ReplayStatus(progress) }
        case .settled: nudge?.poke()
        case let .note(text): log(text)
        }
    }

    private func ingest(_ batch: [FeedItem]) {
        let now = wall()
        giveWayToScreen()
        shared.withLock { s in
            for item in batch {
                s.store.ingest(item)
                s.recorder?.take(item, state: s.store.state)
            }
            if let r = s.recording { s.status.recording = r.path + " (\(r.linesWritten))" }
            s.meter.record(batch.count, at: now)
            s.status.lastRecordAt = now
        }
    }

    /// Waits while a screen waits for the lock (bounded: a screen holds it for well under a millisecond).
    private func giveWayToScreen() {
        var turns = 0
        while screensWaiting.load(ordering: .acquiring) > 0, turns < 100_000 {
            sched_yield()
            turns += 1
        }
    }

    private func apply(_ phase: SourcePhase) {
        shared.withLock { s in
            // A jump in seq on the last lines stands once nothing more comes.
            if phase == .ended { s.store.finish() }
            s.status.ended = phase == .ended
            if s.status.connection != nil {
                s.status.connection = Connection(phase, now: wall())
                return
            }
            switch phase {
            case let .lost(reason, _): s.status.error = reason
            case .live: s.status.error = nil
            default: break
            }
        }
        if phase == .ended { log("source \(shared.withLock { $0.status.name }) ended") }
        nudge?.poke()
    }
}

extension Connection {
    init(_ phase: SourcePhase, now: Int64) {
        switch phase {
        case .connecting: self = .connecting
        case .live: self = .live
        case let .lagging(records, millis): self = records == 0 ? .live : .lagging(records: records, millis: millis)
        case let .lost(reason, retry?): self = .reconnecting(at: now + retry, reason: reason)
        case let .lost(reason, nil): self = .lost(reason: reason)
        case .ended: self = .lost(reason: "the source ended")
        }
    }
}

extension ReplayStatus {
    init(_ p: ReplayProgress) {
        self.init(position: p.position, start: p.start, end: p.end, speed: p.speed, playing: p.playing,
                  seekingTo: p.seekingTo, seekable: p.seekable)
    }
}
