import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

/// Item 7 with the real binary: resume without gap or duplicate, 410 for what is no longer held,
/// a client too slow to keep up cut off with the reason.
@Suite(.ownThread, .serialized) struct StreamTests {
    let http = EndToEndTests.http

    func admin(_ c: CoordinatorProcess) -> CoordinatorClient { CoordinatorClient(base: c.url, token: c.admin, http: http) }

    func beats(_ n: Int, ts: Int64) -> [String] {
        (0..<n).map { #"{"type":"heartbeat","id":"n1","ts":\#(ts + Int64($0)),"cpu":0.5,"mem":0.5,"tasks":0}"# }
    }

    /// Reads `feed` until the seq in `target` (set once the writer is done) is reached.
    func watch(_ feed: FeedSequence, _ target: Target) async throws -> [FeedLine] {
        var out: [FeedLine] = []
        for try await line in feed {
            out.append(line)
            if let t = await target.value, line.seq >= t { break }
        }
        return out
    }

    @Test func resumeAcrossForcedDisconnectsLosesAndRepeatsNothing() async throws {
        let c = try await CoordinatorProcess()
        let writer = admin(c)
        #expect((try await writer.post(records: [nodeLine("n1", "op-a")]).first ?? nil) == 1)
        let target = Target()
        let dropping = Task(executorPreference: ThreadExecutor.current) { try await watch(writer.feed(from: 1, dropEvery: 25), target) }
        let steady = Task(executorPreference: ThreadExecutor.current) { try await watch(writer.feed(from: 1), target) }
        for batch in 0..<60 { _ = try await writer.post(records: beats(50, ts: 1_000 + Int64(batch) * 50)) }
        let last = try await writer.post(records: beats(1, ts: 999_999)).first ?? nil
        await target.set(last ?? 0)
        // A watcher that reached the target before it was set waits for one more record: this one wakes it.
        _ = try await writer.post(records: beats(1, ts: 1_000_000))
        // A watcher may read past the target before it is set; the sequences are compared up to it.
        let (a, b) = (try await dropping.value.filter { $0.seq <= last ?? 0 }, try await steady.value.filter { $0.seq <= last ?? 0 })
        #expect(a.count >= 3001)
        #expect(a.count / 25 >= 100, "at least 100 forced disconnects")
        #expect(a.map(\.seq) == Array(1...Int64(a.count)), "no gap, no duplicate")
        #expect(a == b, "every watcher sees the identical sequence")
        _ = await c.stop()
    }

    @Test func tooOldGets410AndTheSnapshotThenResumes() async throws {
        let c = try await CoordinatorProcess(arguments: ["--retain", "10", "--snapshot-every", "100"])
        let w = admin(c)
        _ = try await w.post(records: [nodeLine("n1", "op-a")])
        for batch in 0..<3 { _ = try await w.post(records: beats(100, ts: 5_000 + Int64(batch) * 100)) }
        let deadline = Date().addingTimeInterval(20)
        var status = 0
        while Date() < deadline {  // the snapshot is written off the commit path: wait for it
            status = try await headStatus("/v1/feed?from=1", c)
            if status == 410 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(status == 410)
        let snapshot = try await w.send(.GET, "/v1/snapshot")
        let record = snapshot.body.split(separator: "\n").last.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let seq = record?["seq"] as? Int64 ?? 0
        #expect(record?["type"] as? String == "snapshot")
        #expect(seq == 301)
        _ = try await w.post(records: beats(5, ts: 90_000))
        var next: [FeedLine] = []
        for try await line in w.feed(from: seq + 1) {
            next.append(line)
            if next.count == 5 { break }
        }
        #expect(next.map(\.seq) == Array((seq + 1)...(seq + 5)))
        _ = await c.stop()
    }

    @Test func aClientTooSlowToKeepUpIsCutOff() async throws {
        let c = try await CoordinatorProcess(arguments: ["--stream-max-lag", "20000"])
        let w = admin(c)
        _ = try await w.post(records: [nodeLine("n1", "op-a")])
        var request = HTTPClientRequest(url: c.url + "/v1/feed?from=2")
        request.headers.add(name: "Authorization", value: "Bearer \(c.admin)")
        let response = try await http.execute(request, timeout: .seconds(120))
        var body = response.body.makeAsyncIterator()
        _ = try await body.next()  // the header; then this client stops reading
        for batch in 0..<30 { _ = try await w.post(records: beats(10_000, ts: 100_000 + Int64(batch) * 10_000)) }
        var tail = ""
        var bytes = 0
        var lagNotices = 0
        while let chunk = try await body.next() {
            bytes += chunk.readableBytes
            let text = tail + String(buffer: chunk)
            lagNotices += text.components(separatedBy: #"{"type":"stream_lag","head":"#).count - 1
            tail = String(text.suffix(400))
        }
        #expect(lagNotices >= 1, "told how far behind it was before being cut off")
        #expect(tail.contains(#""type":"stream_end""#))
        #expect(tail.contains("too slow"), "\(tail)")
        #expect(bytes < 300_000 * 90, "cut off before the end of what was written")
        let metrics = try await w.send(.GET, "/metrics")
        #expect(metrics.body.contains("chaintop_stream_cutoffs_total 1"))
        _ = await c.stop()
    }

    /// The status of a GET whose body is not read (a stream that would go on).
    func headStatus(_ path: String, _ c: CoordinatorProcess) async throws -> Int {
        var request = HTTPClientRequest(url: c.url + path)
        request.headers.add(name: "Authorization", value: "Bearer \(c.admin)")
        let response = try await http.execute(request, timeout: .seconds(10))
        return Int(response.status.code)
    }
}

actor Target {
    private(set) var value: Int64?
    func set(_ v: Int64) { value = v }
}
