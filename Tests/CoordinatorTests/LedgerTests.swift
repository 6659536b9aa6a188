import Coordinator
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Item 4 on the server: a task pays once however often it is reported; a claim pays what was
/// earned less what was paid; votes weigh the voter's stake; queued tasks say why they wait.
@Suite struct LedgerTests {
    /// A node of op-a with its token, and one task placed on it.
    func nodeWithTask(_ client: some TestClientProtocol, _ f: Fixture) async throws -> (op: String, node: String, task: String) {
        let op = try await client.token(f.admin, #"{"role":"operator","operator":"op-a"}"#)
        let node = try await client.token(op, #"{"role":"node","node":"n1"}"#)
        #expect(try await client.post("/v1/records", node, nodeLine("n1", "op-a")).status == .ok)
        let submitted = try await client.post("/v1/tasks", op, #"{"tasks":[{"id":"job-1","cpu":2,"mem_gb":4,"units":100}]}"#)
        #expect(submitted.status == .accepted)
        let work = try json(try await client.post("/v1/work", node, ""))
        let tasks = work["tasks"] as? [[String: Any]] ?? []
        #expect(tasks.first?["id"] as? String == "job-1")
        return (op, node, "job-1")
    }

    @Test func aRetriedDoneReportPaysOnce() async throws {
        let f = try await Fixture.make()
        try await f.server.application().test(.router) { client in
            let (_, node, task) = try await nodeWithTask(client, f)
            let done = #"{"type":"task","id":"\#(task)","node":"n1","state":"done","units":100}"#
            let first = try lines(try await client.post("/v1/records", node, done))
            #expect(first.first?["seq"] != nil)
            let again = try lines(try await client.post("/v1/records", node, done))
            #expect((again.first?["refused"] as? String)?.contains("not assigned") == true)
            let ledger = try await operatorLedger(client, f.admin, "op-a")
            #expect(ledger.accrued == 1, "100 units × 0.01, paid once")
            let metrics = text(try await client.get("/metrics", nil))
            #expect(metrics.contains("chaintop_placements_total 1"))
            #expect(metrics.contains(#"chaintop_http_requests_total{route="/v1/records",status="200"}"#))
        }
    }

    @Test func claimsPayCumulativeLessPaid() async throws {
        let f = try await Fixture.make()
        try await f.server.application().test(.router) { client in
            let (op, node, task) = try await nodeWithTask(client, f)
            #expect(try await client.post("/v1/records", node, #"{"type":"task","id":"\#(task)","node":"n1","state":"done","units":100}"#).status == .ok)
            let claim = #"{"type":"claim","operator":"op-a","amount":"0","token":"CMP"}"#
            let first = try lines(try await client.post("/v1/records", op, claim))
            #expect(first.first?["seq"] != nil)
            let second = try lines(try await client.post("/v1/records", op, claim))
            #expect((second.first?["refused"] as? String)?.contains("nothing to claim") == true)
            // A second task earns 0.5 more: the next claim pays just that.
            #expect(try await client.post("/v1/tasks", op, #"{"tasks":[{"id":"job-2","cpu":1,"mem_gb":1,"units":50}]}"#).status == .accepted)
            _ = try await client.post("/v1/work", node, "")
            #expect(try await client.post("/v1/records", node, #"{"type":"task","id":"job-2","node":"n1","state":"done","units":50}"#).status == .ok)
            #expect(try lines(try await client.post("/v1/records", op, claim)).first?["seq"] != nil)
            let ledger = try await operatorLedger(client, f.admin, "op-a")
            #expect(ledger.accrued == 1.5)
            #expect(ledger.claimed == 1.5, "1 then 0.5: never more than was earned")
            #expect(ledger.claims == 2)
        }
    }
}

/// An operator's ledger as the coordinator's snapshot states it.
func operatorLedger(_ client: some TestClientProtocol, _ token: String, _ op: String) async throws -> (accrued: Double, claimed: Double, claims: Int) {
    let body = text(try await client.get("/v1/snapshot", token))
    let lines = body.split(separator: "\n")
    #expect(lines.count == 2, "a header and a snapshot")
    let record = try JSONSerialization.jsonObject(with: Data((lines.last ?? "").utf8)) as? [String: Any]
    let rewards = (record?["state"] as? [String: Any])?["rewards"] as? [String: Any]
    let entry = (rewards?["operators"] as? [[String: Any]])?.first { $0["id"] as? String == op }
    return (Double(entry?["accrued"] as? String ?? "") ?? -1, Double(entry?["claimed"] as? String ?? "") ?? -1, entry?["claims"] as? Int ?? -1)
}
