import Coordinator
import Foundation
import TestSupport
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// A coordinator on a fresh temporary data directory, with its admin token.
struct Fixture {
    let server: CoordinatorServer
    let admin: String
    let directory: String

    static func make(_ adjust: (inout CoordinatorConfig) -> Void = { _ in }) async throws -> Fixture {
        let dir = Scratch.path("coord-\(UUID().uuidString)")
        var config = CoordinatorConfig(dataDirectory: dir)
        config.port = 0
        config.tickMillis = 20
        config.heartbeatIntervalMillis = 60_000
        config.epochMillis = 1 << 40  // no epoch ends (and pays uptime) in the middle of a test
        adjust(&config)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let server = try await CoordinatorServer(config: config, logger: logger)
        let admin = try String(contentsOfFile: server.adminTokenPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return Fixture(server: server, admin: admin, directory: dir)
    }
}

func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

func text(_ response: TestResponse) -> String { String(buffer: response.body) }

func json(_ response: TestResponse) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] ?? [:]
}

/// Each answer line of POST /v1/records as an object.
func lines(_ response: TestResponse) throws -> [[String: Any]] {
    try text(response).split(separator: "\n").map {
        try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
    }
}

extension TestClientProtocol {
    /// Issues a token as `caller` and returns it.
    func token(_ caller: String, _ body: String) async throws -> String {
        try await execute(uri: "/v1/tokens", method: .post, headers: bearer(caller), body: ByteBuffer(string: body)) { response in
            #expect(response.status == .created, "token \(body): \(text(response))")
            return try json(response)["token"] as? String ?? ""
        }
    }

    func post(_ uri: String, _ token: String?, _ body: String) async throws -> TestResponse {
        try await execute(uri: uri, method: .post, headers: token.map(bearer) ?? [:], body: ByteBuffer(string: body))
    }

    func get(_ uri: String, _ token: String?) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: token.map(bearer) ?? [:])
    }
}

func nodeLine(_ id: String, _ op: String, cpu: Int = 8, mem: Double = 32, gpus: Int = 0) -> String {
    #"{"type":"node","id":"\#(id)","operator":"\#(op)","region":"eu-west","class":"server","cpu_cores":\#(cpu),"mem_gb":\#(mem),"gpus":\#(gpus),"version":"1.0"}"#
}

func heartbeatLine(_ id: String) -> String { #"{"type":"heartbeat","id":"\#(id)","cpu":0.5,"mem":0.4,"tasks":0}"# }
