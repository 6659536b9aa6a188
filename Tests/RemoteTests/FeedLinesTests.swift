import Feed
@testable import Remote
import Testing

/// Lines cut at every possible place across chunks decode as they would whole.
struct FeedLinesTests {
    let text = #"{"type":"header","v":1,"source":"coordinator","created":1}"# + "\n"
        + #"{"type":"heartbeat","seq":1,"ts":5,"id":"n1","cpu":0.5,"mem":0.5,"tasks":0}"# + "\r\n"
        + "   \n"
        + #"{"type":"heartbeat","seq":2,"ts":6,"id":"n1","cpu":0.6,"mem":0.5,"tasks":0}"# + "\n"
        + "not json\n"

    func kinds(_ items: [FeedItem]) -> [String] {
        items.map { item in
            switch item {
            case let .record(r, line): "\(r.seq ?? 0)@\(line)"
            case let .unknown(type, _, line): "\(type)@\(line)"
            case let .malformed(_, line): "bad@\(line)"
            }
        }
    }

    @Test func everySplitGivesTheSameItems() {
        let bytes = Array(text.utf8)
        var whole = FeedLines()
        let expected = kinds(whole.take(bytes))
        #expect(expected == ["0@1", "1@2", "2@4", "bad@5"], "blank lines are not items, but are counted")
        for cut in 0...bytes.count {
            var lines = FeedLines()
            let got = kinds(lines.take(bytes[..<cut]) + lines.take(bytes[cut...]))
            #expect(got == expected, "cut at \(cut)")
            #expect(lines.end() == nil)
        }
    }

    @Test func aLineCutOffByTheConnectionIsReportedNotApplied() {
        var lines = FeedLines()
        let items = lines.take(Array(#"{"type":"heartbeat","seq":1,"ts":5,"id":"n1","cpu":0.5"#.utf8))
        #expect(items.isEmpty)
        guard case .malformed(let reason, _)? = lines.end() else { Issue.record("expected a cut-off line"); return }
        #expect(reason.contains("ended inside a line"))
        #expect(lines.end() == nil, "reported once")
    }

    @Test func anOverlongLineIsSkippedWithoutBeingHeld() {
        var lines = FeedLines(maxLineBytes: 128)
        var items: [FeedItem] = []
        for _ in 0..<1000 { items += lines.take([UInt8](repeating: 0x41, count: 1000)) }
        items += lines.take(Array(("\n" + #"{"type":"heartbeat","seq":3,"ts":5,"id":"n1","cpu":0.5,"mem":0,"tasks":0}"# + "\n").utf8))
        #expect(kinds(items) == ["bad@1", "3@2"])
    }
}

struct BackoffTests {
    @Test func doublesWithJitterUpToTheMaximumAndResets() {
        var b = Backoff(initialMillis: 100, maximumMillis: 1000, seed: 7)
        let waits = (0..<8).map { _ in b.next() }
        let ceilings: [Int64] = [100, 200, 400, 800, 1000, 1000, 1000, 1000]
        for (wait, ceiling) in zip(waits, ceilings) { #expect(wait >= ceiling / 2 && wait <= ceiling, "\(waits)") }
        b.reset()
        #expect(b.next() <= 100)
        // Two clients dropped at once do not come back in step.
        var other = Backoff(initialMillis: 100, maximumMillis: 1000, seed: 8)
        #expect((0..<8).map { _ in other.next() } != waits)
    }
}
