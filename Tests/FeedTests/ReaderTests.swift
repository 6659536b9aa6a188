import Foundation
import TestSupport
import Testing
@testable import Feed

@Suite struct ReaderTests {
    func file(_ text: String) throws -> String {
        let path = Scratch.path("feed-\(UUID().uuidString).jsonl")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func items(_ path: String, chunk: Int = 1 << 20) throws -> [FeedItem] {
        let reader = try FeedReader(path: path, chunkSize: chunk)
        var out: [FeedItem] = []
        while let item = reader.next() { out.append(item) }
        return out
    }

    @Test func reportsMalformedLinesWithNumbersAndGoesOn() throws {
        let text = """
            {"type":"header","v":1,"source":"sim","created":1}
            {"type":"bookmark","seq":1,"ts":1}
            not json at all

            {"type":"bookmark","seq":2,"ts":2}
            {"type":"future_thing","seq":3,"ts":3}
            {"type":"bookmark","seq":4,"ts":4
            """
        let got = try items(try file(text))
        #expect(got.count == 6)
        guard case .malformed(_, line: 3) = got[2] else { Issue.record("line 3 should be malformed: \(got[2])"); return }
        guard case .record(_, line: 5) = got[3] else { Issue.record("blank line must not shift numbering"); return }
        guard case .unknown(type: "future_thing", seq: 3, line: 6) = got[4] else { Issue.record("\(got[4])"); return }
        guard case .malformed(_, line: 7) = got[5] else { Issue.record("truncated last line: \(got[5])"); return }
    }

    @Test func linesLongerThanTheChunkAndCRLFAreRead() throws {
        let long = String(repeating: "x", count: 4000)  // a field may hold 4 KiB; the chunk is 64 bytes
        let text = "{\"type\":\"node_left\",\"seq\":1,\"ts\":1,\"id\":\"\(long)\"}\r\n{\"type\":\"bookmark\",\"seq\":2,\"ts\":2}\r\n"
        let got = try items(try file(text), chunk: 64)
        #expect(got.count == 2)
        #expect(got.first == .record(FeedRecord(seq: 1, ts: 1, body: .nodeLeft(NodeLeft(id: long))), line: 1))
    }

    @Test func chunkBoundariesNeverSplitARecord() throws {
        var text = ""
        for i in 1...500 { text += "{\"type\":\"price\",\"seq\":\(i),\"ts\":\(i),\"symbol\":\"S\(i)\",\"usd\":\(i).25}\n" }
        for chunk in [16, 17, 61, 4096] {
            let got = try items(try file(text), chunk: chunk)
            #expect(got.count == 500)
            #expect(got.allSatisfy { if case .record = $0 { true } else { false } })
        }
    }

    @Test func missingFileIsAClearError() {
        #expect(throws: FeedFileError.self) { try FeedReader(path: "/nonexistent/feed.jsonl") }
        #expect(throws: FeedFileError.self) { try FeedReader(path: "/tmp") }
    }

    @Test func writerAndReaderRoundTrip() throws {
        let path = Scratch.path("w-\(UUID().uuidString).jsonl")
        do {
            let writer = try FeedWriter(path: path, flushThreshold: 100)
            for r in DecoderTests.samples { writer.write(r) }
            writer.flush()
        }
        let got = try items(path)
        #expect(got.count == DecoderTests.samples.count)
        for (k, item) in got.enumerated() { #expect(item == .record(DecoderTests.samples[k], line: k + 1)) }
    }
}

@Suite struct TokenAmountTests {
    @Test func parsesAndPrintsExactly() {
        for text in ["0", "12.000345", "-3", "-0.000000000000000001", "123456789012345678.123456789012345678"] {
            #expect(TokenAmount(text)?.description == text)
        }
        #expect(TokenAmount("1.50")?.description == "1.5")
        for bad in ["", "-", ".", "1.", ".5", "1e5", "1.2.3", "0.1234567890123456789", "abc", "+1"] {
            #expect(TokenAmount(bad) == nil, "\(bad)")
        }
    }

    @Test func sumsNeverRound() {
        var total = TokenAmount.zero
        for _ in 0..<10 { total += TokenAmount("0.1")! }
        #expect(total == TokenAmount("1")!)
        #expect((TokenAmount("0.3")! - TokenAmount("0.1")!).description == "0.2")
    }
}
