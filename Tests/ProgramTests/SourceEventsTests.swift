import Testing
import Feed
import Recording
import Sources
import Synchronization

/// A clock that never moves on its own: a sleep on it ends only when cancelled. What wakes a source
/// waiting on it can only be a command.
struct StoppedClock: Clock {
    typealias Duration = Swift.Duration
    struct Instant: InstantProtocol {
        var offset: Swift.Duration
        func advanced(by d: Swift.Duration) -> Instant { Instant(offset: offset + d) }
        func duration(to other: Instant) -> Swift.Duration { other.offset - offset }
        static func < (a: Instant, b: Instant) -> Bool { a.offset < b.offset }
    }
    var now: Instant { Instant(offset: .zero) }
    var minimumResolution: Swift.Duration { .milliseconds(1) }
    func sleep(until deadline: Instant, tolerance: Swift.Duration?) async throws {
        while true { try await Task.sleep(for: .seconds(3600)) }
    }
}

@Suite struct SourceEventsTests {
    @Test func aRecordingAtMaxSpeedYieldsEveryRecordInOrder() async throws {
        let path = try makeRecording(minutes: 2)
        let expected = try ReplaySession(streaming: path)
        var count = 0
        while let item = expected.next() { if case .record = item { count += 1 } }
        let events = SourceEvents(driver: ReplayDriver(session: try ReplaySession(path: path),
                                                       options: ReplayOptions(speed: 0)), clock: ContinuousClock())
        var seen = 0
        var lastSeq: Int64 = 0
        var ordered = true
        for await event in events {
            if case .phase(.ended) = event { break }
            guard case let .items(batch) = event else { continue }
            for case let .record(r, _) in batch {
                seen += 1
                // A keyframe carries the seq of the record before it.
                if let s = r.seq { ordered = ordered && s >= lastSeq; lastSeq = s }
            }
        }
        #expect(seen == count && ordered)
    }

    @Test func aCommandWakesASourceWaitingOnItsClock() async throws {
        let path = try makeRecording(minutes: 2)
        let events = SourceEvents(driver: ReplayDriver(session: try ReplaySession(path: path), options: ReplayOptions()),
                                  clock: StoppedClock())
        var iterator = events.makeAsyncIterator()
        // Everything due at time zero, up to the first wait on the clock.
        var sawProgress = false
        while !sawProgress, let e = await iterator.next() { if case .replay = e { sawProgress = true } }
        // The clock never moves: only a seek can bring the next events.
        events.control.send(.seekTo(offset: 60_000))
        var landed = false
        while !landed, let e = await iterator.next() {
            if case let .replay(p) = e, p.seekingTo == nil, p.position == p.start + 60_000 { landed = true }
        }
        #expect(landed)
    }
}
