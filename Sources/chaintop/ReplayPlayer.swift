#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dashboard
import Feed
import Sources
import UI
import Simulation
import Recording
import Analytics
import Store
import Synchronization

/// Playback settings from the command line.
struct ReplayOptions: Sendable {
    /// Event time per wall time; 0 plays as fast as records decode.
    var speed: Double = 1
    /// Start this far into the recording.
    var from: Int64 = 0
    var loop = false
    var follow = false
}

/// The replay's controls, set by the UI thread and read by the reader thread.
struct ReplayControl: Sendable {
    var playing = true
    var speed: Double = 1
    var pendingSeek: Int64?   // absolute event time
    /// The seek the reader thread is carrying out; presses add up from its target until it is done.
    var seeking: Int64?
    var steps = 0
}

extension LiveFeed {
    /// Plays a recording: paced by event time at a speed, paused, stepped and sought on command.
    func play(_ box: SessionBox, options: ReplayOptions, log: LogFile) {
        let session = box.session
        control.withLock { $0.speed = options.speed }
        shared.withLock { s in
            s.status.replay = ReplayStatus(position: session.index.firstTs ?? 0, start: session.index.firstTs ?? 0,
                                           end: session.index.lastTs ?? 0, speed: options.speed, playing: true)
        }
        let start = session.index.firstTs ?? 0
        if options.from > 0 { control.withLock { $0.pendingSeek = start + options.from } }
        startThread { [self] in self.replayLoop(box.session, options: options, log: log) }
    }

    /// Picks up what was appended to the file, and lets the status line's length grow with it.
    /// True when the file got shorter and playback started over: the caller drops what it holds.
    private func follow(_ session: ReplaySession, log: LogFile) -> Bool {
        if session.follow() == .startedOver {
            // The recording was cut short or replaced: what was shown came from the old file.
            log.write("\(session.path) got shorter (truncated or replaced): playing it from the start")
            let first = session.index.firstTs ?? 0
            resetStore()
            shared.withLock { s in
                s.status.replay?.start = first
                s.status.replay?.end = session.index.lastTs ?? first
                s.status.replay?.position = first
            }
            return true
        }
        guard let last = session.index.lastTs else { return false }
        let first = session.index.firstTs
        shared.withLock { s in
            if let end = s.status.replay?.end, last > end { s.status.replay?.end = last }
            // A file that had no records yet when it was opened: its start is known now.
            if s.status.replay?.start == 0, let first { s.status.replay?.start = first }
        }
        return false
    }

    private func replayLoop(_ session: ReplaySession, options: ReplayOptions, log: LogFile) {
        var anchorWall = wallMillis()
        var anchorTs: Int64?
        var held: FeedItem?
        var batch: [FeedItem] = []
        var lastSpeed = options.speed
        var lastFollow = wallMillis()
        while !stopping.load(ordering: .relaxed) {
            // Playing behind a file that keeps growing never meets its end: look for new bytes every
            // second all the same, so the length and the seek index keep up.
            if options.follow, wallMillis() - lastFollow >= 1000 {
                if follow(session, log: log) { forget(&batch, &held, &anchorTs) }
                lastFollow = wallMillis()
            }
            let c = control.withLock { c -> ReplayControl in
                let copy = c
                c.seeking = c.pendingSeek
                c.pendingSeek = nil
                return copy
            }
            if let target = c.pendingSeek {
                flush(&batch)
                seek(session, to: target, log: log)
                // Only now that the position shows the target may a new press start from it.
                control.withLock { $0.seeking = nil }
                held = nil
                anchorTs = nil
                continue
            }
            if c.speed != lastSpeed { anchorTs = nil; lastSpeed = c.speed }
            if !c.playing && c.steps == 0 {
                flush(&batch)
                anchorTs = nil
                nap(20)
                continue
            }
            guard let item = held ?? session.next() else {
                flush(&batch)
                if options.loop, let _ = try? session.rewind() {
                    resetStore()
                    anchorTs = nil
                    continue
                }
                if !options.follow { markEnded() } else if follow(session, log: log) { forget(&batch, &held, &anchorTs) }
                control.withLock { $0.steps = 0 }  // nothing left to step to
                nap(options.follow ? 200 : 50)
                continue
            }
            held = nil
            if case let .record(r, _) = item, r.seq != nil {
                if c.playing, c.speed > 0 {
                    if anchorTs == nil { anchorTs = r.ts; anchorWall = wallMillis() }
                    // Times are bounded by the decoder (1970…9999), so this stays far from overflow.
                    let wait = min(Double(r.ts - (anchorTs ?? r.ts)) / c.speed, 1e15)
                    let due = anchorWall + Int64(max(wait, -1e15))
                    if due > wallMillis() {
                        flush(&batch)
                        held = item  // wait in short naps so a key takes effect at once
                        nap(min(20, due - wallMillis()))
                        continue
                    }
                }
                setPosition(r.ts)
            }
            batch.append(item)
            if batch.count >= 4096 || !c.playing { flush(&batch) }
            // A step counts as done once its record is in the store, so the screen shows it.
            if !c.playing, case let .record(r, _) = item, r.seq != nil {
                control.withLock { $0.steps = max(0, $0.steps - 1) }
            }
        }
    }

    /// Drops what the loop held from a file that has since been replaced.
    private func forget(_ batch: inout [FeedItem], _ held: inout FeedItem?, _ anchorTs: inout Int64?) {
        batch.removeAll(keepingCapacity: true)
        held = nil
        anchorTs = nil
    }

    private func seek(_ session: ReplaySession, to target: Int64, log: LogFile) {
        do {
            let store = try session.seek(to: target)
            // The position stays where the seek went until the next record moves it.
            shared.withLock { s in
                s.store = store
                s.status.ended = false
                if var r = s.status.replay {
                    r.position = min(max(target, r.start), r.end)
                    s.status.replay = r
                }
            }
        } catch {
            log.write("seek failed: \(error)")
        }
    }

    private func setPosition(_ ts: Int64) {
        shared.withLock { s in
            s.status.replay?.position = ts
            // Records past the indexed end (a file still being written) move the end with them.
            if let end = s.status.replay?.end, ts > end { s.status.replay?.end = ts }
        }
    }
    private func resetStore() { shared.withLock { $0.store = Store(); $0.status.ended = false } }
    private func markEnded() { shared.withLock { $0.status.ended = true } }

    /// A seek or step the reader thread has not finished: the screen looks again soon to show it.
    var replayBusy: Bool { control.withLock { $0.pendingSeek != nil || $0.seeking != nil || $0.steps > 0 } }

    /// Applies a command from the UI.
    func command(_ command: ReplayCommand) {
        // The position is read under the control lock: the reader clears `seeking` only after the
        // position shows where that seek went, so a press never starts from a stale position.
        control.withLock { c in
            let (start, end, position) = shared.withLock { s in
                (s.status.replay?.start ?? 0, s.status.replay?.end ?? 0, s.status.replay?.position ?? 0)
            }
            switch command {
            case .togglePlay: c.playing.toggle()
            case .faster: c.speed = c.speed == 0 ? 0 : min(1024, c.speed * 2)
            case .slower: c.speed = c.speed == 0 ? 512 : max(1.0 / 64, c.speed / 2)
            // Several quick presses add up: move from where the last seek is going, not from where playback is.
            case let .seek(by): c.pendingSeek = min(max(start, (c.pendingSeek ?? c.seeking ?? position) + by), end)
            case let .seekTo(offset): c.pendingSeek = min(max(start, start + offset), end)
            case .step: if !c.playing { c.steps += 1 }
            }
        }
        let c = control.withLock { $0 }
        shared.withLock { s in
            s.status.replay?.playing = c.playing
            s.status.replay?.speed = c.speed
        }
    }
}

func nap(_ millis: Int64) {
    var ts = timespec(tv_sec: 0, tv_nsec: Int(max(1, millis)) * 1_000_000)
    nanosleep(&ts, nil)
}

/// Hands the replay session over to the reader thread.
final class SessionBox: @unchecked Sendable {
    let session: ReplaySession
    init(_ session: ReplaySession) { self.session = session }
}
