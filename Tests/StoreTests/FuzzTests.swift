import Foundation
import Testing
import Feed
import Store

/// Seeded fuzzing of the whole reading path (reader, decoder, store): damaged lines never trap, and
/// every line is accounted for. `scripts/fuzz.sh` runs it with ten million lines (CHAINTOP_FUZZ_LINES);
/// no @testable import, so that it also builds in release.
@Suite struct FuzzTests {
    static let fixture: [[UInt8]] = {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let data = (try? Data(contentsOf: root.appendingPathComponent("Fixtures/demo.jsonl"))) ?? Data()
        return data.split(separator: 0x0A).map { Array($0) }
    }()

    static func setting(_ name: String, _ fallback: Int) -> Int {
        ProcessInfo.processInfo.environment[name].flatMap { Int($0) } ?? fallback
    }

    /// The reader holds lines up to 256 KiB here, so that the recording's keyframe (600 KB) and the
    /// longest ids are streamed past as too long, and everything else is held.
    @Test func everyDamagedLineIsAccountedFor() throws {
        try #require(Self.fixture.count > 1000, "Fixtures/demo.jsonl is missing")
        let lines = Self.setting("CHAINTOP_FUZZ_LINES", 100_000)
        let feed = FuzzFeed(base: Self.fixture, seed: UInt64(Self.setting("CHAINTOP_FUZZ_SEED", 8)), lines: lines)
        let reader = FeedReader(source: feed, chunkSize: 1 << 16, maxLineBytes: 256 << 10)
        var store = Store()
        while let item = reader.next() { store.ingest(item) }
        store.finish()
        let i = store.input
        let accounted = i.records + i.malformed + i.unknown + i.stale + i.keyframes + reader.blankLines
        #expect(feed.made == lines)
        #expect(reader.lineNumber == feed.lines, "the reader saw every line the feed wrote")
        #expect(accounted == reader.lineNumber, "\(i)")
        #expect(i.records > lines / 10 && i.malformed > lines / 10, "the mutations are neither all harmless nor all fatal")
        let r = store.state.rewards
        #expect(r.accrued.isTotal && r.claimed.isTotal && r.penalties.isTotal)
        print("fuzz: lines \(reader.lineNumber) records \(i.records) malformed \(i.malformed) unknown \(i.unknown) "
              + "stale \(i.stale) suspect \(i.suspect) gaps \(i.gaps) keyframes \(i.keyframes) blank \(reader.blankLines) "
              + "peak \(Self.peakResidentKB() ?? 0) kB")
    }

    /// The keyframe itself, damaged: decoded, and restored as a seek would (the snapshot parser).
    @Test func damagedKeyframesAreReportedNotTrapped() throws {
        guard let keyframe = Self.fixture.max(by: { $0.count < $1.count }), let header = Self.fixture.first else {
            Issue.record("no fixture"); return
        }
        var decoder = RecordDecoder()
        guard case let .record(h) = header.withUnsafeBufferPointer({ decoder.decode($0) }) else { Issue.record("header"); return }
        var rng = SplitMix(state: 21)
        var restored = 0, refused = 0
        for round in 0..<300 {
            var line = keyframe
            for _ in 0..<(1 + round % 4) {
                let at = rng.below(line.count)
                switch rng.below(3) {
                case 0: line[at] ^= UInt8(1 << rng.below(8))
                case 1: line[at] = [0x22, 0x7D, 0x5D, 0x2C, 0x30, 0x2D][rng.below(6)]
                default: line.removeSubrange(at..<min(line.count, at + rng.below(40)))
                }
            }
            var store = Store()
            store.apply(h)
            guard case let .record(r) = line.withUnsafeBufferPointer({ decoder.decode($0) }) else { refused += 1; continue }
            store.ingest(.record(r, line: 2))
            if store.state.seq > 0 { restored += 1 } else { refused += 1 }
            #expect(store.input.records + store.input.malformed + store.input.keyframes == 2)
        }
        #expect(restored + refused == 300 && refused > 0)
    }

    /// VmHWM of /proc/self/status: this process's peak resident memory.
    static func peakResidentKB() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        let line = text.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
        return line.flatMap { Int($0.dropFirst(6).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") }
    }
}
