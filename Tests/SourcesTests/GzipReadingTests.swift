import Foundation
import TestSupport
import Testing
@testable import Feed
@testable import Recording
@testable import Sources
@testable import Store

/// gzip read the way gzip tools read it.
@Suite struct GzipLikeGzipToolsTests {
    let dir: String = {
        let d = Scratch.path("gz-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    /// Writes `records` simulated items to a recording at `path` (gzip when it ends in .gz).
    func write(_ path: String, seed: UInt64, records: Int) throws {
        let writer = try FeedFiles.writer(path)
        _ = simulate(seed: seed, nodes: 30, items: records) { item, _ in
            if case let .record(r, _) = item { writer.write(r) }
        }
        writer.close()
    }

    func read(_ path: String) throws -> (records: Int, malformed: Int, failure: String?) {
        let reader = try FeedFiles.reader(path)
        var records = 0, malformed = 0
        while let item = reader.next() {
            if case .record = item { records += 1 } else { malformed += 1 }
        }
        return (records, malformed, reader.failure)
    }

    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }
    func put(_ data: Data, _ path: String) throws { try data.write(to: URL(fileURLWithPath: path)) }

    @Test func concatenatedMembersAreReadToTheEnd() throws {
        try write(dir + "/a.jsonl.gz", seed: 1, records: 3_000)
        try write(dir + "/b.jsonl.gz", seed: 2, records: 4_000)
        try put(try bytes(dir + "/a.jsonl.gz") + bytes(dir + "/b.jsonl.gz"), dir + "/ab.jsonl.gz")
        let (a, b, ab) = (try read(dir + "/a.jsonl.gz"), try read(dir + "/b.jsonl.gz"), try read(dir + "/ab.jsonl.gz"))
        #expect(ab.records == a.records + b.records && ab.records > 6_000)
        #expect(ab.malformed == 0 && ab.failure == nil)
    }

    @Test func aGzNameOnPlainTextIsReadAsText() throws {
        try write(dir + "/plain.jsonl", seed: 3, records: 2_000)
        try put(try bytes(dir + "/plain.jsonl"), dir + "/plain.jsonl.gz")
        let (plain, named) = (try read(dir + "/plain.jsonl"), try read(dir + "/plain.jsonl.gz"))
        #expect(named.records == plain.records && named.records > 1_900 && named.failure == nil)
    }

    @Test func aTruncatedGzipKeepsWhatDecodedAndSaysWhere() throws {
        try write(dir + "/whole.jsonl.gz", seed: 4, records: 6_000)
        let whole = try bytes(dir + "/whole.jsonl.gz")
        try put(whole.prefix(whole.count / 2), dir + "/half.jsonl.gz")
        let half = try read(dir + "/half.jsonl.gz")
        let all = try read(dir + "/whole.jsonl.gz").records
        #expect(half.records > 1_000 && half.records < all)
        #expect(half.failure?.contains("truncated") == true)
        #expect(half.failure?.contains("at byte \(whole.count / 2) of the file") == true, "\(half.failure ?? "")")
    }

    @Test func corruptGzipIsReported() throws {
        try write(dir + "/whole.jsonl.gz", seed: 5, records: 6_000)
        var data = try bytes(dir + "/whole.jsonl.gz")
        for i in stride(from: data.count / 2, to: data.count / 2 + 64, by: 1) { data[i] = 0xFF }
        try put(data, dir + "/bad.jsonl.gz")
        let bad = try read(dir + "/bad.jsonl.gz")
        #expect(bad.failure?.contains("corrupt") == true, "\(bad.failure ?? "nil")")
        #expect(bad.records > 1_000)
    }

    @Test func trailingGarbageIsReportedAfterTheRecords() throws {
        try write(dir + "/whole.jsonl.gz", seed: 6, records: 1_000)
        try put(try bytes(dir + "/whole.jsonl.gz") + Data("junk".utf8), dir + "/junk.jsonl.gz")
        let junk = try read(dir + "/junk.jsonl.gz")
        let all = try read(dir + "/whole.jsonl.gz").records
        #expect(junk.records == all)
        #expect(junk.failure?.contains("not gzip") == true)
    }
}
