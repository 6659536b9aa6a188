import AsyncHTTPClient
import Foundation
import Testing

/// The real binary on loopback, broken the way servers are broken in use.
@Suite(.ownThread, .serialized) struct EndToEndTests {
    static let http = HTTPClient(eventLoopGroupProvider: .singleton)

    /// An operator with one node registered; the client speaks as the node.
    func registeredNode(_ coordinator: CoordinatorProcess, _ id: String = "n1") async throws -> CoordinatorClient {
        let admin = CoordinatorClient(base: coordinator.url, token: coordinator.admin, http: Self.http)
        let op = try await admin.token(#"{"role":"operator","operator":"op-a"}"#)
        let nodeToken = try await CoordinatorClient(base: coordinator.url, token: op, http: Self.http).token(#"{"role":"node","node":"\#(id)"}"#)
        let node = CoordinatorClient(base: coordinator.url, token: nodeToken, http: Self.http)
        #expect(try await node.post(records: [nodeLine(id, "op-a")]).first??.description != nil)
        return node
    }

    /// Heartbeats with a unique ts each, so every acknowledged one can be found again in the log.
    func beats(_ id: String, from ts: Int64, count: Int) -> [String] {
        (0..<count).map { #"{"type":"heartbeat","id":"\#(id)","ts":\#(ts + Int64($0)),"cpu":0.5,"mem":0.25,"tasks":0}"# }
    }

    /// Every record from seq 1 to `head`, read back through the feed.
    func readAll(_ client: CoordinatorClient, through head: Int64) async throws -> [FeedLine] {
        var out: [FeedLine] = []
        for try await line in client.feed(from: 1) {
            out.append(line)
            if line.seq >= head { break }
        }
        return out
    }

    func ts(of line: String) -> Int64? {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["ts"] as? Int64
    }

    @Test func restartContinuesTheSeqWithNoGap() async throws {
        var coordinator = try await CoordinatorProcess()
        let dir = coordinator.directory
        var node = try await registeredNode(coordinator)
        let first = try await node.post(records: beats("n1", from: 1_000, count: 50)).compactMap { $0 }
        #expect(first.count == 50)
        #expect(await coordinator.stop() == 0, "SIGTERM ends it cleanly")
        coordinator = try await CoordinatorProcess(directory: dir)
        node = CoordinatorClient(base: coordinator.url, token: node.token, http: Self.http)
        let second = try await node.post(records: beats("n1", from: 2_000, count: 50)).compactMap { $0 }
        #expect(second.first == (first.last ?? 0) + 1, "the seq continues where it stopped")
        let all = try await readAll(node, through: second.last ?? 0)
        #expect(all.map(\.seq) == Array(1...(second.last ?? 0)))
        _ = await coordinator.stop()
    }

    @Test func killNineUnderLoadLosesNoAcknowledgedRecord() async throws {
        // Snapshots every 1000 records: the restart starts from one and applies the records after it.
        var coordinator = try await CoordinatorProcess(arguments: ["--snapshot-every", "1000"])
        let dir = coordinator.directory
        let node = try await registeredNode(coordinator)
        let acked = AckLog()
        let writers = (0..<4).map { w in
            Task(executorPreference: ThreadExecutor.current) {
                var ts = Int64(w) * 10_000_000 + 10_000
                while !Task.isCancelled {
                    guard let seqs = try? await node.post(records: beats("n1", from: ts, count: 200)) else { return }
                    await acked.add(zip(seqs, (0..<200).map { ts + Int64($0) }).compactMap { s, t in s.map { ($0, t) } })
                    ts += 200
                }
            }
        }
        while await acked.count < 4_000 { await Task.yield() }
        await coordinator.kill9()
        for w in writers { _ = await w.value }
        coordinator = try await CoordinatorProcess(directory: dir, arguments: ["--snapshot-every", "1000"])
        let reader = CoordinatorClient(base: coordinator.url, token: coordinator.admin, http: Self.http)
        let sent = await acked.all
        let head = sent.map(\.0).max() ?? 0
        let log = try await readAll(reader, through: head)
        let byTs = Dictionary(log.compactMap { line in ts(of: line.line).map { ($0, line.seq) } }, uniquingKeysWith: { a, b in min(a, b) })
        let lost = sent.filter { byTs[$0.1] != $0.0 }
        #expect(lost.isEmpty, "\(lost.count) of \(sent.count) acknowledged records lost or moved")
        let stamps = log.compactMap { ts(of: $0.line) }.filter { $0 >= 10_000 }
        #expect(Set(stamps).count == stamps.count, "none applied twice")
        _ = await coordinator.stop()
    }
}

extension EndToEndTests {
    /// Tasks, balances and the fleet come back from a snapshot and the task table: a claim after the
    /// restart pays what was earned before it, a task placed before it can still be finished.
    @Test func restartFromASnapshotKeepsTasksAndBalances() async throws {
        var coordinator = try await CoordinatorProcess(arguments: ["--snapshot-every", "5", "--epoch", "100000000"])
        let dir = coordinator.directory
        let admin = CoordinatorClient(base: coordinator.url, token: coordinator.admin, http: Self.http)
        let opToken = try await admin.token(#"{"role":"operator","operator":"op-a"}"#)
        var node = try await registeredNode(coordinator)  // n1 of op-a (a second operator token for it)
        let tasks = #"{"tasks":[{"id":"done-before","cpu":1,"mem_gb":1,"units":100},{"id":"open","cpu":1,"mem_gb":1,"units":50}]}"#
        #expect(try await admin.send(.POST, "/v1/tasks", tasks).status == 202)
        _ = try await node.send(.POST, "/v1/work")
        _ = try await node.post(records: [#"{"type":"task","id":"done-before","node":"n1","state":"done","units":100}"#])
        _ = try await node.post(records: beats("n1", from: 50_000, count: 20))
        let deadline = Date().addingTimeInterval(10)
        func snapshotWritten() -> Bool {
            ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).contains { $0.hasPrefix("snapshot-") && $0.hasSuffix(".jsonl") }
        }
        while !snapshotWritten(), Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }  // written off the commit path
        #expect(snapshotWritten())
        #expect(await coordinator.stop() == 0)
        coordinator = try await CoordinatorProcess(directory: dir, arguments: ["--snapshot-every", "5", "--epoch", "100000000"])
        node = CoordinatorClient(base: coordinator.url, token: node.token, http: Self.http)
        let op = CoordinatorClient(base: coordinator.url, token: opToken, http: Self.http)
        let work = try await node.send(.POST, "/v1/work")
        #expect(work.body.contains(#""open""#), "the task placed before the restart is still this node's: \(work.body)")
        #expect(try await node.post(records: [#"{"type":"task","id":"open","node":"n1","state":"done","units":50}"#]).first ?? nil != nil)
        let claim = try await op.send(.POST, "/v1/records", #"{"type":"claim","operator":"op-a","amount":"0","token":"CMP"}"#)
        #expect(claim.body.contains(#""seq""#))
        let feed = try await readAll(CoordinatorClient(base: coordinator.url, token: coordinator.admin, http: Self.http),
                                     through: Int64(claim.body.split(separator: ":").last?.filter(\.isNumber) ?? "0") ?? 0)
        let claimLine = feed.last { $0.line.contains(#""type":"claim""#) }?.line ?? ""
        #expect(claimLine.contains(#""amount":"1.5""#), "1 earned before the restart and 0.5 after: \(claimLine)")
        _ = await coordinator.stop()
    }
}

actor AckLog {
    private(set) var all: [(Int64, Int64)] = []
    func add(_ pairs: [(Int64, Int64)]) { all += pairs }
    var count: Int { all.count }
}
