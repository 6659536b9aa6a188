import Foundation
import Testing
import Dashboard
import Program
import Recording
import Sources
import UI

/// Pause, speed, step, seek, loop and follow, driven in-process on a virtual clock: every key's effect
/// is checked on the screen the program drew, with nothing to wait for.
@Suite struct ReplayPilotTests {
    func pilot(_ path: String, _ options: ReplayOptions = ReplayOptions(), refresh: Int64 = 10_000) throws -> Pilot {
        Pilot(driver: ReplayDriver(session: try ReplaySession(path: path), options: options),
              refreshMillis: refresh, wallStart: 1_800_000_000_000)
    }

    @Test func playsAtItsOwnPaceAndPausesHoldThePosition() throws {
        let path = try makeRecording(minutes: 10)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let p = try pilot(path, refresh: 1000)
        #expect(p.statusLine.contains("▶ 0m 00s / 10m 00s"), "\(p.statusLine)")
        p.advance(by: 90_000)
        #expect(p.statusLine.contains("▶ 1m 30s /"), "one and a half minutes of play: \(p.statusLine)")
        p.press(.char(" "))
        #expect(p.statusLine.contains("⏸ 1m 30s"), "\(p.statusLine)")
        let held = p.program.ingest.snapshot().state.seq
        p.advance(by: 60_000)
        #expect(p.statusLine.contains("⏸ 1m 30s") && p.program.ingest.snapshot().state.seq == held, "\(p.statusLine)")
        p.press(.char(" "))
        p.advance(by: 30_000)
        // The record held back at the pause comes first, then the pace of event time again.
        #expect(p.statusLine.contains("▶ 2m 0"), "play resumes from where it was: \(p.statusLine)")
    }

    @Test func speedStepAndSeeksShowAtOnce() throws {
        let path = try makeRecording(minutes: 20)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // A refresh far slower than anything below: what a key does must show without waiting for it.
        let p = try pilot(path)
        p.press(.char(" "), .char(">"))
        #expect(p.statusLine.contains("⏸ 1m 00s"), "\(p.statusLine)")
        let before = seq(p.statusLine)
        p.press(.char("."))
        #expect(before != nil && seq(p.statusLine) == before.map { $0 + 1 }, "a step is one record: \(p.statusLine)")
        p.press(.char("+"), .char("+"))
        #expect(p.statusLine.contains("4×"), "\(p.statusLine)")
        p.press(.char("g"))
        p.type("15m")
        p.press(.enter)
        #expect(p.statusLine.contains("⏸ 15m 00s /"), "\(p.statusLine)")
        // Quick presses add up.
        p.press(.char("<"), .char("<"), .char("<"))
        #expect(p.statusLine.contains("⏸ 12m 00s /"), "\(p.statusLine)")
        p.press(.char(" "))
        p.advance(by: 20_000)  // two refreshes of 10 s
        #expect(p.statusLine.contains("▶ 13m 2"), "4× plays 80 s in 20 s: \(p.statusLine)")
    }

    @Test func aSeekLandsOnTheExactState() throws {
        let path = try makeRecording(minutes: 6)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let played = try pilot(path, ReplayOptions(speed: 0))
        played.advance(by: 1)
        let whole = played.state.seq
        let sought = try pilot(path, ReplayOptions(speed: 0))
        sought.press(.char(" "), .char("g"))
        sought.type("5m")
        sought.press(.enter)
        sought.press(.char(" "))
        sought.advance(by: 1)
        #expect(sought.state.seq == whole)
        #expect(sought.state.fleet.nodes.count == played.state.fleet.nodes.count)
    }

    @Test func theEndIsShownAndLoopStartsAgain() throws {
        let path = try makeRecording(minutes: 3)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let once = try pilot(path, ReplayOptions(speed: 0))
        once.advance(by: 1)
        #expect(once.statusLine.contains("3m 00s / 3m 00s"), "\(once.statusLine)")
        #expect(once.program.ingest.snapshot().source.ended)
        let looped = try pilot(path, ReplayOptions(speed: 120, loop: true), refresh: 1000)
        looped.advance(by: 2_000)  // 1.5 s a round
        #expect(looped.statusLine.contains("▶ 1m 0"), "half a minute into the second round: \(looped.statusLine)")
        #expect(looped.state.seq < once.state.seq, "the state started again")
        #expect(!looped.program.ingest.snapshot().source.ended)
    }

    @Test func followPicksUpWhatIsAppended() throws {
        let path = try makeRecording(minutes: 2)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let p = try pilot(path, ReplayOptions(speed: 0, follow: true), refresh: 1000)
        p.advance(by: 1)
        #expect(p.statusLine.contains("2m 00s / 2m 00s"), "\(p.statusLine)")
        // Append a longer run of the same seed: only its later records are new.
        let longer = try makeRecording(minutes: 4)
        defer { try? FileManager.default.removeItem(atPath: longer) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: longer))
        let have = try Data(contentsOf: URL(fileURLWithPath: path))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: bytes.suffix(from: have.count))
        try handle.close()
        p.advance(by: 3_000)
        #expect(p.statusLine.contains("4m 00s / 4m 00s"), "\(p.statusLine)")
    }
}

/// A FIFO is read once: it plays as a live stream, says so, and ignores seeks.
@Suite struct StreamPilotTests {
    @Test func aFIFOPlaysAsAStreamWithoutSeeking() throws {
        let path = try makeRecording(minutes: 2)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("pilot-\(UUID().uuidString).fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { try? FileManager.default.removeItem(atPath: fifo) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        // The writer end is opened first (read-write, so the open does not wait), then filled.
        let writer = open(fifo, O_RDWR)
        let driver = try SourceSpec.replay(path: fifo).openLive(wallNow: 0, warmupMillis: 0,
                                                                replay: ReplayOptions(speed: 0))
        let feeder = Thread {
            bytes.withUnsafeBytes { p in
                var off = 0
                while off < p.count { off += max(0, write(writer, p.baseAddress.map { $0 + off }, p.count - off)) }
            }
            close(writer)  // the end of the stream
        }
        feeder.start()
        let p = Pilot(driver: driver, refreshMillis: 1000, wallStart: 1_800_000_000_000)
        p.advance(by: 1)
        #expect(p.statusLine.contains("stream (no seeking)"), "\(p.statusLine)")
        let before = p.state.seq
        p.press(.char("<"))
        #expect(p.state.seq >= before, "a seek is ignored, nothing goes back")
    }
}
