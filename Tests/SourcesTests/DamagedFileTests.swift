import Foundation
import TestSupport
import Testing
@testable import Feed
@testable import Sources
@testable import Recording
@testable import Store

/// Each kind of damage is survived and reported (count and first line); what is sound is kept.
@Suite struct DamagedFileTests {
    func recording(records: Int = 12_000, every: Int = 5_000) throws -> [String] {
        let path = Scratch.path("dmg-\(UUID().uuidString).jsonl")
        let writer = try FeedWriter(path: path)
        var recorder = Recorder(writer: writer, keyframeEvery: every)
        simulate(seed: 12, nodes: 50, items: records) { recorder.take($0, state: $1) }
        writer.flush()
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func replay(_ lines: [String], trailingNewline: Bool = true) throws -> Store {
        let path = Scratch.path("dmg-\(UUID().uuidString).jsonl")
        try (lines.joined(separator: "\n") + (trailingNewline ? "\n" : "")).write(toFile: path, atomically: true, encoding: .utf8)
        let session = try ReplaySession(path: path)
        var store = Store()
        while let item = session.next() { store.ingest(item) }
        return store
    }

    @Test func truncatedLastLine() throws {
        var lines = try recording()
        let sound = try replay(Array(lines.dropLast()))
        lines[lines.count - 1] = String(lines[lines.count - 1].prefix(30))
        let store = try replay(lines, trailingNewline: false)
        #expect(store.input.malformed == 1 && store.input.firstMalformedLine == lines.count)
        #expect(store.state == sound.state)
    }

    @Test func garbageInTheMiddle() throws {
        var lines = try recording()
        lines.insert("\u{1}\u{2}garbage{{{\"", at: 3000)
        lines.insert("", at: 3001)
        lines.insert("not json either", at: 7000)
        let store = try replay(lines)
        #expect(store.input.malformed == 2)
        #expect(store.input.firstMalformedLine == 3001)
        #expect(store.input.gaps == 0, "no record was lost, only junk lines added")
        let clean = try replay(try recording())
        #expect(store.state == clean.state)
    }

    @Test func missingHeader() throws {
        let lines = try recording()
        let store = try replay(Array(lines.dropFirst()))
        #expect(store.input.missingHeader)
        #expect(store.state.fleet.count > 0)
        #expect(try replay(lines).input.missingHeader == false)
    }

    func write(_ lines: [String]) throws -> String {
        let path = Scratch.path("dmg-\(UUID().uuidString).jsonl")
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func keyframeLines(_ lines: [String]) -> [Int] {
        lines.indices.filter { lines[$0].hasPrefix(#"{"type":"snapshot""#) }
    }

    /// The records before a keyframe changed (one vote's weight): the state they build is not the
    /// one the keyframe's digest names.
    @Test func keyframeThatDisagreesWithTheRecords() throws {
        var lines = try recording()
        guard let k = keyframeLines(lines).first,
              let v = lines[..<k].lastIndex(where: { $0.hasPrefix(#"{"type":"vote""#) && $0.contains(#""weight":"#) }) else {
            Issue.record("no keyframe after a vote")
            return
        }
        lines[v] = lines[v].replacingOccurrences(of: #""weight":"#, with: #""weight":1"#)
        let recordsOnly = try replay(lines.filter { !$0.hasPrefix(#"{"type":"snapshot""#) })
        let store = try replay(lines)
        // The changed vote stays in the state, so every keyframe after it disagrees.
        #expect(store.input.keyframeMismatches == keyframeLines(lines).count)
        #expect(store.input.firstMismatchLine == k + 1)
        #expect(store.input.malformed == 0)
        #expect(store.state == recordsOnly.state, "the records, not the keyframe, decide the state")
    }

    /// A keyframe's own contents changed (one more vote than the records gave): playing on does not
    /// read them, a seek that would start there does, reports it and starts from the keyframe before.
    @Test func keyframeWhoseContentsWereChanged() throws {
        var lines = try recording(records: 16_000)
        let keyframes = keyframeLines(lines)
        guard keyframes.count >= 2 else { Issue.record("too few keyframes"); return }
        let k = keyframes[1]
        let clean = try write(lines)
        lines[k] = lines[k].replacingOccurrences(of: #""votes":"#, with: #""votes":1"#)
        let damaged = try write(lines)
        let played = try ReplaySession(path: damaged)
        var store = Store()
        while let item = played.next() { store.ingest(item) }
        #expect(store.input.keyframeMismatches == 0 && store.input.malformed == 0)

        let session = try ReplaySession(path: damaged)
        let reference = try ReplaySession(path: clean)
        let target = session.index.keyframes[1].ts + 1
        let seeked = try session.seek(to: target)
        #expect(seeked.input.keyframeMismatches == 1)
        #expect(seeked.input.firstMismatchLine == k + 1)
        #expect(seeked.state == (try reference.seek(to: target)).state, "the seek lands on the exact state all the same")
    }

    /// A keyframe from another writer (no digest), or with a digest of a scheme this reader does not
    /// know, is compared in full while playing.
    @Test(arguments: ["", #""digest":"sd9:0123","#])
    func keyframeWithoutADigestIsComparedInFull(_ digest: String) throws {
        var lines = try recording()
        guard let k = keyframeLines(lines).first else { Issue.record("no keyframe"); return }
        lines[k] = lines[k].replacing(#/"digest":"sd[12]:[0-9a-f]{16}",/#, with: digest)
        #expect(!lines[k].contains("sd1:") && !lines[k].contains("sd2:"))
        #expect(try replay(lines).input.keyframeMismatches == 0)
        lines[k] = lines[k].replacingOccurrences(of: #""votes":"#, with: #""votes":1"#)
        let store = try replay(lines)
        #expect(store.input.keyframeMismatches == 1)
        #expect(store.input.firstMismatchLine == k + 1)
    }

    /// A keyframe whose state is not valid JSON: counted as unreadable where a seek uses it, and the
    /// seek starts from the top instead.
    @Test func keyframeWithBrokenJSON() throws {
        var lines = try recording()
        guard let k = keyframeLines(lines).first else { Issue.record("no keyframe"); return }
        let target: Int64
        do {
            let session = try ReplaySession(path: try write(lines))
            target = session.index.keyframes[0].ts
        }
        let reference = try ReplaySession(path: try write(lines)).seek(to: target)
        lines[k] = lines[k].replacingOccurrences(of: #""nodes":["#, with: #""nodes":[,"#)
        let seeked = try ReplaySession(path: try write(lines)).seek(to: target)
        #expect(seeked.input.malformed == 1 && seeked.input.firstMalformedLine == k + 1)
        #expect(seeked.input.lastMalformed?.contains("unreadable snapshot") == true)
        #expect(seeked.state == reference.state)
    }
}
