#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Analytics
import Dashboard
import Feed
import Sources
import UI
import Simulation
import Recording
import Store
import Synchronization

/// The store the dashboard draws from, fed by a reader thread off the drawing path. Records are
/// released at the pace of their event time (one second of events per second), so the simulator
/// runs live and a recording plays at its own speed.
final class LiveFeed: Sendable {
    struct Shared: @unchecked Sendable {  // guarded by the mutex; the recorder is used only under it
        var store: Store
        var status: SourceStatus
        var meter = RateMeter(windowMillis: 5000)
        /// Set while the dashboard records what it shows (R); its lines are written on a thread of their own.
        var recorder: Recorder?
        var recording: BackgroundRecording? { recorder?.output as? BackgroundRecording }
        /// Recordings stopped but perhaps still writing: waited for on the way out.
        var stopped: [BackgroundRecording] = []

        /// Applies a batch of items, counts them, and copies them to the recording if one is running.
        mutating func ingest(_ batch: [FeedItem], now: Int64) {
            for item in batch {
                store.ingest(item)
                recorder?.take(item, state: store.state)
            }
            if let r = recording { status.recording = r.path + " (\(r.linesWritten))" }
            meter.record(batch.count, at: now)
            status.lastRecordAt = now
        }
    }

    let shared: Mutex<Shared>
    let stopping = Atomic<Bool>(false)
    let control = Mutex(ReplayControl())

    init(name: String) {
        shared = Mutex(Shared(store: Store(), status: SourceStatus(name: name)))
    }

    /// Runs `body` with the current data, under the lock: keep it short (one frame).
    func withData<T>(_ body: (DataView) -> T) -> T {
        // Read before taking the store's lock: commands take the two locks in the other order.
        let seekingTo = control.withLock { $0.pendingSeek ?? $0.seeking }
        return shared.withLock { s in
            var status = s.status
            status.replay?.seekingTo = seekingTo
            status.recordsPerSecond = s.meter.perSecond(at: wallMillis())
            return body(DataView(store: s.store, source: status))
        }
    }

    /// Reads a live source, releasing each record at its own event time on the wall clock (the live
    /// simulator's warm-up lies in the past and so arrives at once). Replays have their own loop
    /// (ReplayPlayer), with speed, pause and seeking.
    func start(_ source: SourceBox, log: LogFile) {
        startThread { [self] in self.read(source.source, log: log) }
    }

    private func read(_ source: RecordStream, log: LogFile) {
        var batch: [FeedItem] = []
        batch.reserveCapacity(4096)
        while !stopping.load(ordering: .relaxed) {
            guard let item = source.next() else { break }
            if case let .record(r, _) = item, r.seq != nil {
                let due = r.ts
                if due > wallMillis() {
                    flush(&batch)
                    waitUntil(due)
                }
            }
            batch.append(item)
            if batch.count >= 4096 { flush(&batch) }
        }
        flush(&batch)
        shared.withLock { $0.status.ended = true }
        log.write("source \(source.name) ended")
    }

    /// Applies what was read since the last flush, under the lock, in one go.
    func flush(_ batch: inout [FeedItem]) {
        guard !batch.isEmpty else { return }
        let now = wallMillis()
        shared.withLock { $0.ingest(batch, now: now) }
        batch.removeAll(keepingCapacity: true)
    }

    /// On the way out: the recording keeps every line received so far (this waits for its thread).
    func finishRecording(log: LogFile) {
        let recordings = shared.withLock { s -> [BackgroundRecording] in
            let all = s.stopped + (s.recording.map { [$0] } ?? [])
            s.recorder = nil
            s.stopped = []
            return all
        }
        for r in recordings {
            r.close(wait: true)
            log.write("recording closed: \(r.path), \(r.linesWritten) lines" + (r.failure.map { ", failed: \($0)" } ?? ""))
        }
    }

    /// R: starts recording to a new file in the working directory, or stops the one running.
    func toggleRecording(log: LogFile) {
        shared.withLock { s in
            if let r = s.recording {
                r.close(wait: false)
                log.write("recording stopped: \(r.path)")
                s.stopped.append(r)
                s.recorder = nil
                s.status.recording = nil
                return
            }
            let path = "chaintop-\(fileStamp()).jsonl"
            do {
                let recording = BackgroundRecording(writer: try FeedWriter(path: path, flushThreshold: 0))
                let header = Header(source: s.status.name.hasPrefix("sim") ? "sim" : "replay", created: s.store.state.ts,
                                    note: "recorded from the dashboard (\(s.status.name))")
                var recorder = Recorder(writer: recording, keyframeEvery: 10_000, keyframeMillis: 60_000, header: header,
                                        atMostHalf: true)
                recorder.begin(with: s.store.state)
                s.recorder = recorder
                s.status.recording = path
                log.write("recording to \(path)")
            } catch {
                s.status.error = "cannot record: \(error)"
                log.write("cannot record: \(error)")
            }
        }
    }

    private func waitUntil(_ due: Int64) {
        while !stopping.load(ordering: .relaxed) {
            let left = due - wallMillis()
            if left <= 0 { return }
            var ts = timespec(tv_sec: 0, tv_nsec: Int(min(left, 100)) * 1_000_000)
            nanosleep(&ts, nil)
        }
    }
}

/// Hands a source over to the reader thread, which is its only user from then on.
final class SourceBox: @unchecked Sendable {
    let source: RecordStream
    init(_ source: RecordStream) { self.source = source }
}

func wallMillis() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
}

/// "20261126-101500", for recording file names.
func fileStamp() -> String {
    var t = time(nil)
    var tmv = tm()
    localtime_r(&t, &tmv)
    func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(tmv.tm_year + 1900)\(two(tmv.tm_mon + 1))\(two(tmv.tm_mday))-\(two(tmv.tm_hour))\(two(tmv.tm_min))\(two(tmv.tm_sec))"
}
