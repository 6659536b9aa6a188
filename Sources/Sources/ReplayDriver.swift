import Feed
import Recording
import Store

/// Playback settings from the command line.
public struct ReplayOptions: Sendable, Equatable {
    /// Event time per wall time; 0 plays as fast as records decode.
    public var speed: Double = 1
    /// Start this far into the recording.
    public var from: Int64 = 0
    public var loop = false
    public var follow = false
    public init(speed: Double = 1, from: Int64 = 0, loop: Bool = false, follow: Bool = false) {
        self.speed = speed; self.from = from; self.loop = loop; self.follow = follow
    }
}

/// A recording played at its own pace: paused, stepped, sped up and sought on command, looped, or
/// followed while it grows. Pacing is anchored at the first record played after a start, a seek or a
/// change of speed.
public final class ReplayDriver: SourceDriver {
    let session: ReplaySession
    let options: ReplayOptions
    var progress: ReplayProgress
    var pendingSeek: Int64?
    /// The seek was shown as under way; it is carried out on the next poll.
    var announced = false
    var steps = 0
    var anchor: (ts: Int64, at: Int64)?
    var held: FeedItem?
    var ended = false
    var lastFollow: Int64?
    var started = false
    /// Following the file failed last time (it was removed or became unreadable).
    var followFailing = false
    /// A command changed the play state or speed: the next poll shows it.
    var changed = false

    public var name: String { session.name }

    public init(session: ReplaySession, options: ReplayOptions) {
        self.session = session
        self.options = options
        let first = session.index.firstTs ?? 0
        progress = ReplayProgress(position: first, start: first, end: session.index.lastTs ?? first,
                                  speed: options.speed, playing: true, seekable: session.seekable)
        if options.from > 0, session.seekable { pendingSeek = first + options.from }
    }

    public func poll(now: Int64, budget: Int) -> SourcePoll {
        var events: [SourceEvent] = []
        if !started {
            started = true
            events += [.phase(.live), .replay(progress)]
        }
        if options.follow, lastFollow.map({ now - $0 >= 1000 }) ?? true {
            lastFollow = now
            followFile(&events)
        }
        if changed {
            changed = false
            events += [.replay(progress), .settled]
        }
        if let target = pendingSeek { return seek(to: target, now: now, events) }
        guard progress.playing || steps > 0 else {
            anchor = nil
            return SourcePoll(events: events, wake: options.follow ? now + 1000 : nil)
        }
        return play(now: now, budget: budget, events)
    }

    private func play(now: Int64, budget: Int, _ before: [SourceEvent]) -> SourcePoll {
        var events = before
        var items: [FeedItem] = []
        var wake: Int64? = now
        let startPosition = progress.position
        while items.count < budget {
            guard let item = held ?? session.next() else {
                flush(&items, into: &events)
                if progress.position != startPosition { events.append(.replay(progress)) }
                return atEnd(now: now, events)
            }
            held = nil
            if case let .record(r, _) = item, r.seq != nil {
                if let due = due(r.ts, now: now), due > now {
                    held = item
                    wake = due
                    break
                }
                // A stream has no index: its first record is its start.
                if !session.seekable, progress.start == 0 { progress.start = r.ts }
                progress.position = r.ts
                // Records past the indexed end (a file still being written) move the end with them.
                if r.ts > progress.end { progress.end = r.ts }
                if !progress.playing {
                    items.append(item)
                    steps -= 1
                    if steps == 0 {
                        flush(&items, into: &events)
                        events += [.replay(progress), .settled]
                        return SourcePoll(events: events, wake: nil)
                    }
                    continue
                }
            }
            items.append(item)
        }
        flush(&items, into: &events)
        if progress.position != startPosition { events.append(.replay(progress)) }
        return SourcePoll(events: events, wake: wake)
    }

    /// When a record of event time `ts` is due, or nil when it is due at once (max speed, a step).
    private func due(_ ts: Int64, now: Int64) -> Int64? {
        guard progress.playing, progress.speed > 0 else { return nil }
        let a = anchor ?? (ts, now)
        anchor = a
        // Times are bounded by the decoder (1970…9999), so this stays far from overflow.
        let wait = min(max(Double(ts - a.ts) / progress.speed, -1e15), 1e15)
        return a.at + Int64(wait)
    }

    private func flush(_ items: inout [FeedItem], into events: inout [SourceEvent]) {
        guard !items.isEmpty else { return }
        events.append(.items(items))
        items = []
    }

    private func atEnd(now: Int64, _ before: [SourceEvent]) -> SourcePoll {
        var events = before
        steps = 0  // nothing left to step to
        if options.loop, session.seekable {
            do {
                try session.rewind()
                events.append(.restart(Store()))
                anchor = nil
                progress.position = progress.start
                events.append(.replay(progress))
                return SourcePoll(events: events, wake: now)
            } catch {
                events += [.note("cannot start \(session.path) again: \(error)"), .phase(.lost(reason: "\(error)", retryMillis: nil))]
            }
        }
        if options.follow { return SourcePoll(events: events, wake: now + 200) }
        if !ended {
            ended = true
            events.append(.replay(progress))
            events.append(.phase(.ended))
            events.append(.settled)
        }
        return SourcePoll(events: events, wake: nil)
    }

    private func seek(to target: Int64, now: Int64, _ before: [SourceEvent]) -> SourcePoll {
        var events = before
        // First show that a seek is under way (a gzip file or a large fleet's keyframe takes a while).
        if !announced {
            announced = true
            var shown = progress
            shown.seekingTo = target
            events.append(.replay(shown))
            return SourcePoll(events: events, wake: now)
        }
        pendingSeek = nil
        announced = false
        do {
            let store = try session.seek(to: target)
            events.append(.restart(store))
            progress.position = min(max(target, progress.start), progress.end)
            if ended { ended = false; events.append(.phase(.live)) }
        } catch {
            events.append(.note("seek failed: \(error)"))
        }
        held = nil
        anchor = nil
        events.append(.replay(progress))
        events.append(.settled)
        return SourcePoll(events: events, wake: now)
    }

    public func handle(_ command: SourceCommand, now: Int64) {
        switch command {
        case .togglePlay: progress.playing.toggle()
        case .faster: progress.speed = progress.speed == 0 ? 0 : min(1024, progress.speed * 2)
        case .slower: progress.speed = progress.speed == 0 ? 512 : max(1.0 / 64, progress.speed / 2)
        // Several quick presses add up: move from where the last seek is going, not from where playback is.
        case let .seek(by):
            guard session.seekable else { return }
            pendingSeek = min(max(progress.start, (pendingSeek ?? progress.position) + by), progress.end)
        case let .seekTo(offset):
            guard session.seekable else { return }
            pendingSeek = min(max(progress.start, progress.start + offset), progress.end)
        case .step: if !progress.playing { steps += 1 }
        }
        anchor = nil
        changed = true
    }
}

extension ReplayDriver {
    /// Picks up what was appended to the file, and lets the length grow with it; a file that got
    /// shorter (truncated, or replaced by a recorder starting over) is played again from its start.
    func followFile(_ events: inout [SourceEvent]) {
        let result: ReplaySession.FollowResult
        do { result = try session.follow() } catch {
            // Said once; following goes on trying, and a file that comes back plays on.
            if !followFailing { events += [.note("following \(session.path): \(error)"), .phase(.lost(reason: "\(error)", retryMillis: 1000))] }
            followFailing = true
            return
        }
        if followFailing {
            followFailing = false
            events.append(.phase(.live))
        }
        if result == .startedOver {
            events.append(.note("\(session.path) got shorter (truncated or replaced): playing it from the start"))
            let first = session.index.firstTs ?? 0
            events.append(.restart(Store()))
            progress.start = first
            progress.end = session.index.lastTs ?? first
            progress.position = first
            held = nil
            anchor = nil
            ended = false
            events.append(.replay(progress))
            return
        }
        guard let last = session.index.lastTs else { return }
        var changed = false
        if last > progress.end { progress.end = last; changed = true }
        // A file that had no records yet when it was opened: its start is known now.
        if progress.start == 0, let first = session.index.firstTs { progress.start = first; changed = true }
        if changed { events.append(.replay(progress)) }
    }
}
