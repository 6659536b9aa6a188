import Agent
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
@_exported import TestSupport
import Testing

/// A real `chaintop-agent` binary against a coordinator, with its own state file.
final class AgentProcess {
    let node: String
    let statePath: String
    let process = Process()
    let errPath: String

    static let binary: URL? = Executable.url("chaintop-agent")

    init(coordinator: String, token: String, node: String, directory: String, arguments: [String]) throws {
        guard let binary = Self.binary else {
            throw CoordinatorProcess.Failure(description: "chaintop-agent is not built")
        }
        self.node = node
        statePath = directory + "/\(node).json"
        errPath = directory + "/\(node).log"
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        process.executableURL = binary
        process.arguments = ["--coordinator", coordinator, "--token", token, "--node", node, "--state", statePath] + arguments
        process.standardError = FileHandle(forWritingAtPath: errPath)
        process.standardOutput = FileHandle(forWritingAtPath: errPath)
        try process.run()
    }

    var state: AgentState? { AgentState.load(from: statePath) }
    var log: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Sends the signal and waits for the exit status.
    func stop(_ number: Int32 = SIGTERM) async -> Int32 {
        signal(number)
        return await exitStatus(of: process)
    }

    /// `chaintop-agent status` for this agent: its exit status and what it printed.
    func status() throws -> (Int32, String) {
        guard let binary = Self.binary else { throw CoordinatorProcess.Failure(description: "chaintop-agent is not built") }
        let p = Process()
        let out = Pipe()
        p.executableURL = binary
        p.arguments = ["status", "--state", statePath]
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, text)
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() } }
}

/// Small HTTP calls to the coordinator, with a token.
struct Coordinator {
    let url: String
    let token: String

    func request(_ method: String, _ path: String, _ body: String? = nil) async throws -> (Int, Data) {
        var r = HTTPClientRequest(url: url + path)
        r.method = HTTPMethod(rawValue: method)
        r.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let body { r.body = .bytes(ByteBuffer(string: body)) }
        // A request stuck on a loaded machine is tried again by the wait around it, not waited out.
        let response = try await HTTPClient.shared.execute(r, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), Data(bytes.readableBytesView))
    }

    func json(_ path: String) async throws -> [String: Any] {
        let (_, data) = try await request("GET", path)
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    func nodes() async throws -> [String: [String: Any]] {
        let lines = try await json("/v1/status")["nodes"] as? [[String: Any]] ?? []
        return Dictionary(lines.compactMap { n in (n["id"] as? String).map { ($0, n) } }, uniquingKeysWith: { a, _ in a })
    }

    /// The `state` object of the snapshot record.
    func snapshotState() async throws -> [String: Any] {
        let (_, data) = try await request("GET", "/v1/snapshot")
        for line in data.split(separator: 0x0A) {
            if let record = try JSONSerialization.jsonObject(with: line) as? [String: Any], record["type"] as? String == "snapshot" {
                return record["state"] as? [String: Any] ?? [:]
            }
        }
        return [:]
    }

    func issue(_ body: String) async throws -> String {
        let (status, data) = try await request("POST", "/v1/tokens", body)
        #expect(status == 201, "token \(body): \(String(decoding: data, as: UTF8.self))")
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["token"] as? String ?? ""
    }
}

/// Polls `condition` (a state to reach, not a time to pass) until it holds or `seconds` pass.
func waitFor(_ what: String, seconds: Double = 120, _ condition: () async throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    // Looked at once more after the deadline: a wait that slept past it still sees the state reached.
    while true {
        // A failed poll (a request that timed out) is one more try, not the end of the wait.
        if (try? await condition()) == true { return }
        guard Date() < deadline else { break }
        try await Task.sleep(for: .milliseconds(100))
    }
    throw CoordinatorProcess.Failure(description: "timed out waiting for \(what)")
}
