import Foundation
import Testing
@testable import Feed
@testable import Sources
@testable import Store

/// One damaged `seq` costs at most its own line's position, never the records after it.
extension DamagedFileTests {
    func seqLine(_ lines: [String], after: Int) -> Int {
        lines.indices.first { $0 > after && !lines[$0].hasPrefix(#"{"type":"snapshot""#) && lines[$0].contains(#""seq":"#) } ?? 0
    }

    @Test(arguments: ["9099999", "9007199254740992"])
    func oneCorruptedSeqKeepsEveryOtherRecord(_ seq: String) throws {
        var lines = try recording()
        let clean = try replay(lines)
        let i = seqLine(lines, after: lines.count / 3)
        lines[i] = lines[i].replacing(#/"seq":[0-9]+/#, with: #""seq":"# + seq)
        var store = try replay(lines)
        store.finish()
        #expect(store.input.suspect == 1 && store.input.firstSuspectLine == i + 1)
        #expect(store.input.stale == 0 && store.input.gaps == 0 && store.input.malformed == 0)
        #expect(store.input.records == clean.input.records, "every record kept, the damaged one too")
        #expect(store.state == clean.state)
    }

    /// A seq beyond 2^53 makes its line malformed: that one record is missing, nothing else.
    @Test func aSeqBeyondTheBoundCostsOnlyItsLine() throws {
        var lines = try recording()
        let i = seqLine(lines, after: lines.count / 3)
        lines[i] = lines[i].replacing(#/"seq":[0-9]+/#, with: #""seq":4611686018427387904"#)
        let store = try replay(lines)
        #expect(store.input.malformed == 1 && store.input.gaps == 1 && store.input.missing == 1)
        #expect(store.input.stale == 0 && store.input.suspect == 0)
        #expect(store.input.records == (try replay(try recording())).input.records - 1)
    }

    @Test func unknownTypeWithAHugeSeqKeepsEveryRecord() throws {
        var lines = try recording()
        let clean = try replay(lines)
        lines.insert(#"{"type":"future","seq":4611686018427387904,"ts":1}"#, at: lines.count / 2)
        let store = try replay(lines)
        #expect(store.input.suspect == 1 && store.input.unknown == 1 && store.input.stale == 0)
        #expect(store.state == clean.state)
    }

    @Test func keyframeWhoseSeqJumpsAheadKeepsEveryRecord() throws {
        var lines = try recording()
        let clean = try replay(lines)
        guard let k = keyframeLines(lines).first else { Issue.record("no keyframe"); return }
        lines[k] = lines[k].replacing(#/"seq":[0-9]+/#, with: #""seq":77777777"#)
        let store = try replay(lines)
        #expect(store.input.suspect == 1 && store.input.stale == 0 && store.input.gaps == 0)
        #expect(store.state == clean.state)
    }

    /// Records really lost in the middle (a source that dropped some) are still one gap.
    @Test func recordsLostInTheMiddleAreAGap() throws {
        var lines = try recording()
        let i = seqLine(lines, after: lines.count / 2)
        lines.removeSubrange(i..<(i + 100))
        let store = try replay(lines)
        #expect(store.input.gaps == 1 && store.input.missing >= 100 && store.input.suspect == 0)
        #expect(store.input.stale == 0)
    }
}
