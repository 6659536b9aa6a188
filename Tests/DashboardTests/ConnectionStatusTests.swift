import Testing
@testable import Dashboard
@testable import UI
@testable import Store

/// A network source's connection in the status line, and when quiet is not stale.
@Suite struct ConnectionStatusTests {
    func statusLine(_ connection: Connection?, lastRecordAgo: Int64 = 400, replay: ReplayStatus? = nil, ascii: Bool = false) -> String {
        var source = Fixture.data.source
        source.name = "coordinator:http://127.0.0.1:7700"
        source.connection = connection
        source.replay = replay
        var m = Fixture.model(.overview, 160, 40)
        source.lastRecordAt = m.now - lastRecordAgo
        m.ascii = ascii
        m.show(DataView(store: Fixture.store, source: source))
        return String(view(m).text.split(separator: "\n").last ?? "")
    }

    @Test func eachStateReadsAsWhatItIs() {
        #expect(statusLine(.connecting).contains("coordinator:http://127.0.0.1:7700 │ connecting…"))
        #expect(statusLine(.live).contains("│ ● live │"))
        #expect(statusLine(.live, ascii: true).contains("| * live |"), "ASCII where the locale is not UTF-8")
        #expect(statusLine(.lagging(records: 12_345, millis: 3_500)).contains("behind 12.3K rec · 3.5s"))
        let m = Fixture.model(.overview, 160, 40)
        let reconnecting = statusLine(.reconnecting(at: m.now + 4_000, reason: "connection refused"))
        #expect(reconnecting.contains("reconnecting in 4.0s (connection refused)"), "\(reconnecting)")
        let trying = statusLine(.reconnecting(at: m.now, reason: "connection refused"))
        #expect(trying.contains("reconnecting… (connection refused)"), "the try under way keeps the reason: \(trying)")
        #expect(statusLine(.lost(reason: "the coordinator refused the token (HTTP 401)")).contains("lost: the coordinator refused the token"))
        #expect(!statusLine(nil).contains("live"), "a file or the simulator has no connection to show")
    }

    @Test func quietIsNotStaleWhileLiveOrPaused() {
        #expect(statusLine(nil, lastRecordAgo: 60_000).contains("STALE"))
        #expect(!statusLine(.live, lastRecordAgo: 60_000).contains("STALE"), "a caught-up feed with nothing new")
        #expect(statusLine(.reconnecting(at: 0, reason: "x"), lastRecordAgo: 60_000).contains("STALE"))
        let paused = ReplayStatus(position: 1, start: 0, end: 10, speed: 1, playing: false)
        #expect(!statusLine(nil, lastRecordAgo: 60_000, replay: paused).contains("STALE"), "a paused replay")
    }
}
