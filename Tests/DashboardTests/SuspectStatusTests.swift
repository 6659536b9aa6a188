import Testing
@testable import Dashboard
@testable import Feed
@testable import UI
@testable import Store

/// A damaged seq (counted suspect) shows in the status line, with the line it was on.
@Suite struct SuspectStatusTests {
    @Test func suspectSeqsShowInTheStatusLine() {
        var store = Fixture.store
        let at = store.input.lastSeq
        for (line, seq) in [at + 1, at + 9_099_999, at + 2, at + 3].enumerated() {
            store.apply(FeedRecord(seq: seq, ts: store.state.ts, body: .bookmark), line: 100 + line)
        }
        #expect(store.input.suspect == 1)
        let data = DataView(store: store, source: Fixture.data.source)
        var m = Fixture.model(.overview, 200, 40)
        m.show(data)
        let line = String(view(m).text.split(separator: "\n").last ?? "")
        #expect(line.contains("suspect seq 1 (line 101)"), "\(line)")
    }
}
