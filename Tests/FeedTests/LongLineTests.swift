import Foundation
import TestSupport
import Testing
@testable import Feed

/// Lines longer than a reader holds are streamed past: skipped as malformed, except a keyframe with a
/// digest, which passes on without its state. Here the limit is 4 KiB so the lines can stay small.
@Suite struct LongLineTests {
    let limit = 4096

    func items(_ text: String, chunk: Int = 1024) throws -> (items: [FeedItem], reader: FeedReader, bytes: Int) {
        let path = Scratch.path("long-\(UUID().uuidString).jsonl")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let reader = try FeedReader(path: path, chunkSize: chunk, maxLineBytes: limit)
        var out: [FeedItem] = []
        while let item = reader.next() { out.append(item) }
        return (out, reader, text.utf8.count)
    }

    func keyframe(digest: String?, padding: Int, tail: String = "}") -> String {
        let d = digest.map { #""digest":"\#($0)","# } ?? ""
        let filler = String(repeating: #"ab\"}{]["#, count: padding / 8)
        return #"{"type":"snapshot","seq":2,"ts":2,\#(d)"state":{"v":1,"s":"\#(filler)","n":[1,{"x":[]}]}\#(tail)"#
    }

    @Test(arguments: [1024, 4096, 5000])
    func aLongLineIsMalformedAndTheNextIsKept(chunk: Int) throws {
        let long = #"{"type":"bookmark","seq":2,"ts":2,"x":""# + String(repeating: "y", count: 50_000) + #""}"#
        let text = [#"{"type":"bookmark","seq":1,"ts":1}"#, long, #"{"type":"bookmark","seq":3,"ts":3}"#].joined(separator: "\n") + "\n"
        let (got, reader, bytes) = try items(text, chunk: chunk)
        #expect(got.count == 3)
        guard got.count == 3, case let .malformed(reason, line) = got[1] else { Issue.record("\(got)"); return }
        #expect(line == 2 && reason.contains("longer than the 4096"))
        guard case let .record(r, 3) = got[2] else { Issue.record("\(got[2])"); return }
        #expect(r.seq == 3)
        #expect(reader.offset == Int64(bytes) && reader.lineNumber == 3)
    }

    @Test func aLongKeyframeWithADigestPassesOnWithoutItsState() throws {
        let text = #"{"type":"bookmark","seq":1,"ts":1}"# + "\n" + keyframe(digest: "sd1:0123456789abcdef", padding: 20_000) + "\n"
        let (got, _, _) = try items(text)
        guard got.count == 2, case let .record(r, 2) = got[1], case let .snapshot(k) = r.body else { Issue.record("\(got)"); return }
        #expect(k.digest == 0x0123_4567_89ab_cdef && k.json.isEmpty && k.omittedBytes > 20_000)
        #expect(r.seq == 2 && r.ts == 2)
    }

    @Test(arguments: [(nil, "}"), ("sd9:xyz", "}"), ("sd1:0123456789abcdef", "},\"x\":1}"), ("sd1:0123456789abcdef", "")])
    func otherLongKeyframesAreMalformed(digest: String?, tail: String) throws {
        let text = keyframe(digest: digest, padding: 20_000, tail: tail) + "\n" + #"{"type":"bookmark","seq":3,"ts":3}"#
        let (got, _, _) = try items(text)
        guard got.count == 2, case .malformed = got[0], case .record = got[1] else { Issue.record("\(got)"); return }
    }

    /// A line just within the limit is held and decoded as usual.
    @Test func aLineWithinTheLimitIsHeld() throws {
        let line = #"{"type":"bookmark","seq":1,"ts":1,"x":""# + String(repeating: "y", count: limit - 100) + #""}"#
        let (got, _, _) = try items(line + "\n")
        guard got.count == 1, case .record = got[0] else { Issue.record("\(got)"); return }
    }
}
