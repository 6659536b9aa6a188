import Testing
@testable import Dashboard
@testable import UI
@testable import Store

/// The replay part of the status line: play state, position, length, progress and speed.
@Suite struct ReplayStatusTests {
    func statusLine(_ replay: ReplayStatus, width: Int = 120, recording: String? = nil) -> String {
        var source = Fixture.data.source
        source.replay = replay
        source.recording = recording
        let data = DataView(store: Fixture.store, source: source)
        var m = Fixture.model(.overview, width, 40)
        m.show(data)
        return String(view(m).text.split(separator: "\n").last ?? "")
    }

    /// At 80 columns a replay's position and a recording in progress leave no room for everything:
    /// the routine figures give way and ● REC stays.
    @Test func atEightyColumnsRecordingStaysAndRoutineFiguresGo() {
        let replay = ReplayStatus(position: 150_000, start: 0, end: 600_000, speed: 1, playing: true)
        let line = statusLine(replay, width: 80, recording: "chaintop-20261126-1420.jsonl (812)")
        #expect(line.contains("▶ 2m 30s / 10m 00s") && line.contains("● REC chaintop-2026"), "\(line)")
        #expect(!line.contains("rec/s") && !line.contains("│  "), "\(line)")
        let wide = statusLine(replay, width: 200, recording: "chaintop-20261126-1420.jsonl (812)")
        #expect(wide.contains("seq ") && wide.contains("rec/s") && wide.contains("malformed 0"), "\(wide)")
    }

    @Test func showsPlayStatePositionAndSpeed() {
        let line = statusLine(ReplayStatus(position: 150_000, start: 0, end: 600_000, speed: 4, playing: true))
        #expect(line.contains("▶ 2m 30s / 10m 00s ███░░░░░░░"), "\(line)")
        #expect(line.contains("4×"))
        let paused = statusLine(ReplayStatus(position: 150_000, start: 0, end: 600_000, speed: 0, playing: false))
        #expect(paused.contains("⏸ 2m 30s / 10m 00s") && paused.contains("max"), "\(paused)")
    }

    /// A seek that takes a while (gzip, a large fleet's keyframe) says where it is going.
    @Test func aSeekUnderWaySaysWhereItGoes() {
        let line = statusLine(ReplayStatus(position: 60_000, start: 0, end: 600_000, speed: 1, playing: true, seekingTo: 480_000))
        #expect(line.contains("» seeking 8m 00s / 10m 00s ████████░░"), "\(line)")
    }
}
