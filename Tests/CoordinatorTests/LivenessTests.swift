import Coordinator
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Item 4 and 5 on a real clock: a silent node turns degraded then offline with the reason, its task
/// is lost and queued again with its attempt, and every queued task says why it waits.
@Suite(.ownThread) struct LivenessTests {
    func node(_ status: [String: Any], _ id: String) -> [String: Any]? {
        (status["nodes"] as? [[String: Any]])?.first { $0["id"] as? String == id }
    }

    /// The clock is driven by hand (the server's own tick is an hour), so a slow machine cannot skip a step.
    @Test func aSilentNodeGoesDegradedThenOfflineAndItsTaskIsRequeued() async throws {
        let f = try await Fixture.make { $0.heartbeatIntervalMillis = 10_000; $0.tickMillis = 3_600_000 }
        try await f.server.application().test(.router) { client in
            #expect(try await client.post("/v1/records", f.admin, nodeLine("n1", "op-a", cpu: 4, mem: 8)).status == .ok)
            // The node was last heard while that request was handled, at or before `t0`: 16 s after it
            // the node is late (over 1.5 intervals) and not yet gone (under 3) unless that one request took
            // 14 s; 31 s after it, it has missed 3. (Taken after the next two requests as well, `t0` let a
            // loaded machine's slow requests turn the node offline before the first look.)
            let t0 = CoordinatorServer.wallClock()
            #expect(try await client.post("/v1/tasks", f.admin, #"{"tasks":[{"id":"t1","cpu":2,"mem_gb":2,"units":5}]}"#).status == .accepted)
            let placed = try json(try await client.get("/v1/status", f.admin))
            #expect(node(placed, "n1")?["tasks"] as? Int == 1)
            let available = node(placed, "n1")?["available"] as? [String: Any]
            #expect(available?["cpu"] as? Double == 2)
            try await f.server.tick(now: t0 + 16_000)
            let degraded = try json(try await client.get("/v1/status", f.admin))
            #expect(node(degraded, "n1")?["status"] as? String == "degraded")
            #expect((node(degraded, "n1")?["reason"] as? String)?.contains("heartbeat late") == true)
            try await f.server.tick(now: t0 + 31_000)
            let offline = try json(try await client.get("/v1/status", f.admin))
            #expect(node(offline, "n1")?["status"] as? String == "offline")
            #expect((node(offline, "n1")?["reason"] as? String)?.contains("missed 3 heartbeats") == true)
            let queue = offline["queue"] as? [[String: Any]] ?? []
            #expect(queue.first?["id"] as? String == "t1")
            #expect(queue.first?["attempt"] as? Int == 2)
            #expect(queue.first?["why"] as? String == "no node is online")
            // The log holds each step with its reason: degraded, offline, then the task lost.
            let log = try await f.server.records(from: 1, limit: 100).map { String(decoding: $0.line, as: UTF8.self) }
            let steps = log.filter { $0.contains(#""type":"node_status""#) || $0.contains(#""state":"lost""#) }
            #expect(steps.count == 3, "\(steps)")
            #expect(steps.last?.contains(#""id":"t1""#) == true)
        }
    }

    @Test func queuedTasksSayWhyTheyWait() async throws {
        let f = try await Fixture.make()
        try await f.server.application().test(.router) { client in
            let fleet = [nodeLine("g1", "op-a", cpu: 8, mem: 32, gpus: 1), nodeLine("g2", "op-a", cpu: 8, mem: 32, gpus: 1)]
            #expect(try await client.post("/v1/records", f.admin, fleet.joined(separator: "\n")).status == .ok)
            let tasks = #"{"tasks":[{"id":"big","cpu":1,"mem_gb":1,"gpus":2,"units":1},{"id":"a","cpu":8,"mem_gb":1,"gpus":1,"units":1},{"id":"b","cpu":8,"mem_gb":1,"gpus":1,"units":1},{"id":"c","cpu":8,"mem_gb":1,"gpus":1,"units":1}]}"#
            #expect(try await client.post("/v1/tasks", f.admin, tasks).status == .accepted)
            let status = try json(try await client.get("/v1/status", f.admin))
            let why = Dictionary(uniqueKeysWithValues: (status["queue"] as? [[String: Any]] ?? []).compactMap { t in
                (t["id"] as? String).map { ($0, t["why"] as? String ?? "") }
            })
            #expect(why["big"] == "no online node has 2 GPUs")
            #expect(why["c"] == "all 2 nodes with 1 GPU are full")
            #expect(status["queued"] as? Int == 2)
        }
    }
}
