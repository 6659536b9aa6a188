import AsyncHTTPClient
import Foundation
import Testing

/// The real binary on loopback, broken the way servers are broken in use.
@Suite(.serialized) struct EndToEndTests {
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
        var coordinator = try CoordinatorProcess()
        let dir = coordinator.directory
        var node = try await registeredNode(coordinator)
        let first = try await node.post(records: beats("n1", from: 1_000, count: 50)).compactMap { $0 }
        #expect(first.count == 50)
        #expect(coordinator.stop() == 0, "SIGTERM ends it cleanly")
        coordinator = try CoordinatorProcess(directory: dir)
        node = CoordinatorClient(base: coordinator.url, token: node.token, http: Self.http)
        let second = try await node.post(records: beats("n1", from: 2_000, count: 50)).compactMap { $0 }
        #expect(second.first == (first.last ?? 0) + 1, "the seq continues where it stopped")
        let all = try await readAll(node, through: second.last ?? 0)
        #expect(all.map(\.seq) == Array(1...(second.last ?? 0)))
        _ = coordinator.stop()
    }

    @Test func killNineUnderLoadLosesNoAcknowledgedRecord() async throws {
        var coordinator = try CoordinatorProcess()
        let dir = coordinator.directory
        let node = try await registeredNode(coordinator)
        let acked = AckLog()
        let writers = (0..<4).map { w in
            Task {
                var ts = Int64(w) * 10_000_000 + 10_000
                while !Task.isCancelled {
                    guard let seqs = try? await node.post(records: beats("n1", from: ts, count: 200)) else { return }
                    await acked.add(zip(seqs, (0..<200).map { ts + Int64($0) }).compactMap { s, t in s.map { ($0, t) } })
                    ts += 200
                }
            }
        }
        while await acked.count < 4_000 { await Task.yield() }
        coordinator.kill9()
        for w in writers { _ = await w.value }
        coordinator = try CoordinatorProcess(directory: dir)
        let reader = CoordinatorClient(base: coordinator.url, token: coordinator.admin, http: Self.http)
        let sent = await acked.all
        let head = sent.map(\.0).max() ?? 0
        let log = try await readAll(reader, through: head)
        let byTs = Dictionary(log.compactMap { line in ts(of: line.line).map { ($0, line.seq) } }, uniquingKeysWith: { a, b in min(a, b) })
        let lost = sent.filter { byTs[$0.1] != $0.0 }
        #expect(lost.isEmpty, "\(lost.count) of \(sent.count) acknowledged records lost or moved")
        let stamps = log.compactMap { ts(of: $0.line) }.filter { $0 >= 10_000 }
        #expect(Set(stamps).count == stamps.count, "none applied twice")
        _ = coordinator.stop()
    }
}

actor AckLog {
    private(set) var all: [(Int64, Int64)] = []
    func add(_ pairs: [(Int64, Int64)]) { all += pairs }
    var count: Int { all.count }
}
