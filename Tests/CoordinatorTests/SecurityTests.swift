import Coordinator
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Item 8: every unauthenticated, foreign, oversized, malformed or too frequent write is refused,
/// and a refused body applies nothing.
@Suite struct SecurityTests {
    @Test func unauthenticatedWritesGet401() async throws {
        let f = try await Fixture.make()
        try await f.server.application().test(.router) { client in
            let none = try await client.post("/v1/records", nil, heartbeatLine("n1"))
            #expect(none.status == .unauthorized)
            let wrong = try await client.post("/v1/records", "ct_not-a-token", heartbeatLine("n1"))
            #expect(wrong.status == .unauthorized)
            #expect(try await client.post("/v1/tasks", nil, #"{"tasks":[]}"#).status == .unauthorized)
            #expect(try await client.post("/v1/tokens", nil, #"{"role":"read"}"#).status == .unauthorized)
            #expect(try await client.get("/v1/snapshot", nil).status == .unauthorized)
            #expect(try await client.get("/healthz", nil).status == .ok)
        }
    }

    @Test func adminTokenFileIsPrivate() async throws {
        let f = try await Fixture.make()
        let mode = try FileManager.default.attributesOfItem(atPath: f.server.adminTokenPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(f.admin.hasPrefix("ct_"))
        let db = try String(decoding: Data(contentsOf: URL(fileURLWithPath: f.directory + "/events.sqlite")), as: UTF8.self)
        #expect(!db.contains(f.admin), "tokens are stored hashed")
    }

    @Test func foreignNodeAndOperatorGet403AndNothingApplied() async throws {
        let f = try await Fixture.make()
        try await f.server.application().test(.router) { client in
            let opA = try await client.token(f.admin, #"{"role":"operator","operator":"op-a"}"#)
            let opB = try await client.token(f.admin, #"{"role":"operator","operator":"op-b"}"#)
            let n1 = try await client.token(opA, #"{"role":"node","node":"n1"}"#)
            let n2 = try await client.token(opB, #"{"role":"node","node":"n2"}"#)
            #expect(try await client.post("/v1/records", n1, nodeLine("n1", "op-a")).status == .ok)
            #expect(try await client.post("/v1/records", n2, nodeLine("n2", "op-b")).status == .ok)
            // A node token for another node; a node claiming another operator.
            let other = try await client.post("/v1/records", n1, heartbeatLine("n1") + "\n" + heartbeatLine("n2"))
            #expect(other.status == .forbidden)
            #expect(text(other).contains("not 'n2'"))
            #expect(try await client.post("/v1/records", n1, nodeLine("n1", "op-b")).status == .forbidden)
            // An operator token draining another operator's node; issuing a token for it.
            let drain = try await client.post("/v1/records", opA, #"{"type":"node_status","id":"n2","status":"draining"}"#)
            #expect(drain.status == .forbidden)
            #expect(text(drain).contains("belongs to operator 'op-b'"))
            #expect(try await client.post("/v1/tokens", opA, #"{"role":"node","node":"n2"}"#).status == .forbidden)
            #expect(try await client.post("/v1/records", opA, #"{"type":"claim","operator":"op-b","amount":"1","token":"CMP"}"#).status == .forbidden)
            // A reader or publisher writing fleet records.
            let reader = try await client.token(f.admin, #"{"role":"read"}"#)
            #expect(try await client.post("/v1/records", reader, heartbeatLine("n1")).status == .forbidden)
            #expect(try await client.post("/v1/tokens", reader, #"{"role":"read"}"#).status == .forbidden)
            // Nothing of the refused bodies was applied: only the two node records are in the log.
            let status = try json(try await client.get("/v1/status", reader))
            #expect(status["seq"] as? Int == 2)
        }
    }

    @Test func oversizedBodyGets413() async throws {
        let f = try await Fixture.make { $0.maxBodyBytes = 4096 }
        try await f.server.application().test(.router) { client in
            let big = Array(repeating: heartbeatLine("n1"), count: 100).joined(separator: "\n")
            let response = try await client.post("/v1/records", f.admin, big)
            #expect(response.status == .contentTooLarge)
        }
    }

    @Test func malformedLineGets400WithReasonAndNothingApplied() async throws {
        let f = try await Fixture.make()
        try await f.server.application().test(.router) { client in
            let body = [nodeLine("n1", "op-a"), #"{"type":"heartbeat","id":"n1","cpu":1.5,"mem":0.1,"tasks":0}"#,
                        "{not json", #"{"type":"heartbeat","seq":4,"id":"n1","cpu":0.1,"mem":0.1,"tasks":0}"#].joined(separator: "\n")
            let response = try await client.post("/v1/records", f.admin, body)
            #expect(response.status == .badRequest)
            let problems = try json(response)["lines"] as? [[String: Any]] ?? []
            #expect(problems.compactMap { $0["line"] as? Int } == [2, 3, 4])
            #expect((problems.first?["reason"] as? String)?.contains("cpu") == true)
            #expect((problems.last?["reason"] as? String)?.contains("seq") == true)
            let status = try json(try await client.get("/v1/status", f.admin))
            #expect(status["seq"] as? Int == 0)
            #expect((status["nodes"] as? [Any])?.isEmpty == true)
            #expect(try await client.post("/v1/tasks", f.admin, #"{"tasks":[{"cpu":-1,"mem_gb":1,"units":1}]}"#).status == .badRequest)
            #expect(try await client.post("/v1/tasks", f.admin, #"{"tasks":[{"cpu":1}]}"#).status == .badRequest)
        }
    }

    @Test func tooManyRequestsGets429() async throws {
        // One request per 20 s, bursts of one: the second request at once is one too many, however slow the machine.
        let f = try await Fixture.make { $0.requestsPerSecond = 0.05 }
        try await f.server.application().test(.router) { client in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<3 { statuses.append(try await client.get("/v1/status", f.admin).status) }
            #expect(statuses.contains(.tooManyRequests))
            #expect(statuses.first == .ok)
            let limited = try await client.get("/v1/status", f.admin)
            if limited.status == .tooManyRequests { #expect(limited.headers[.retryAfter] == "1") }
        }
    }
}
