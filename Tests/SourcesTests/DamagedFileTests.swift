import Foundation
import Testing
@testable import Feed
@testable import Sources
@testable import Store

/// Each kind of damage is survived and reported (count and first line); what is sound is kept.
@Suite struct DamagedFileTests {
    func recording(records: Int = 12_000, every: Int = 5_000) throws -> [String] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dmg-\(UUID().uuidString).jsonl").path
        let writer = try FeedWriter(path: path)
        var recorder = Recorder(writer: writer, keyframeEvery: every)
        let sim = Simulator(options: SimulatorOptions(seed: 12, nodes: 50))
        var store = Store()
        for _ in 0..<records {
            guard let item = sim.next() else { break }
            store.ingest(item)
            recorder.take(item, state: store.state)
        }
        writer.flush()
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func replay(_ lines: [String], trailingNewline: Bool = true) throws -> Store {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dmg-\(UUID().uuidString).jsonl").path
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

    @Test func keyframeThatDisagreesWithTheRecords() throws {
        var lines = try recording()
        guard let k = lines.firstIndex(where: { $0.hasPrefix(#"{"type":"snapshot""#) }) else {
            Issue.record("no keyframe")
            return
        }
        let clean = try replay(lines)
        // Tamper with the keyframe: one more vote than the records gave.
        lines[k] = lines[k].replacingOccurrences(of: #""votes":"#, with: #""votes":1"#)
        let store = try replay(lines)
        #expect(store.input.keyframeMismatches == 1)
        #expect(store.input.firstMismatchLine == k + 1)
        #expect(store.state == clean.state, "the records, not the bad keyframe, decide the state")
    }
}
