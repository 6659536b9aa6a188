import Coordinator
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// An agent that stops (SIGTERM) leaves with `node_status` offline: it stays listed, offline with
/// reason "left", its tasks go back to the queue, and its node record brings it back.
@Suite struct LeaveTests {
    func node(_ status: [String: Any], _ id: String) -> [String: Any]? {
        (status["nodes"] as? [[String: Any]])?.first { $0["id"] as? String == id }
    }

    @Test func aNodeLeavesOfflineWithReasonLeftAndRejoins() async throws {
        let f = try await Fixture.make()
        try await f.server.application().test(.router) { client in
            let own = try await client.token(f.admin, #"{"role":"node","node":"n1","operator":"op-a"}"#)
            #expect(try await client.post("/v1/records", own, nodeLine("n1", "op-a", cpu: 4, mem: 8)).status == .ok)
            #expect(try await client.post("/v1/tasks", f.admin, #"{"tasks":[{"id":"t1","cpu":2,"mem_gb":2,"units":5}]}"#).status == .accepted)
            let degraded = try await client.post("/v1/records", own, #"{"type":"node_status","id":"n1","status":"degraded"}"#)
            #expect(degraded.status == .forbidden)
            let left = try lines(try await client.post("/v1/records", own, #"{"type":"node_status","id":"n1","status":"offline"}"#))
            #expect(left.first?["seq"] != nil, "\(left)")
            let status = try json(try await client.get("/v1/status", f.admin))
            #expect(node(status, "n1")?["status"] as? String == "offline")
            #expect(node(status, "n1")?["reason"] as? String == "left")
            #expect((status["queue"] as? [[String: Any]])?.first?["id"] as? String == "t1")
            #expect(try await client.post("/v1/records", own, nodeLine("n1", "op-a", cpu: 4, mem: 8)).status == .ok)
            let back = try json(try await client.get("/v1/status", f.admin))
            #expect(node(back, "n1")?["status"] as? String == "online")
            #expect(node(back, "n1")?["tasks"] as? Int == 1)
        }
    }
}
