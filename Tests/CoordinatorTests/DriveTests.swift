import AsyncHTTPClient
import Foundation
import TestSupport
import Testing

/// `chaintop sim --drive` as a real process against the real coordinator on loopback.
@Suite(.ownThread, .serialized) struct DriveTests {
    static let http = HTTPClient(eventLoopGroupProvider: .singleton)

    /// The driven fleet joins, works and is paid, the markets and governance are published, and on
    /// SIGTERM every node leaves and the driver exits 0.
    @Test func aDrivenFleetJoinsWorksIsPaidAndLeaves() async throws {
        let coordinator = try await CoordinatorProcess()
        let admin = CoordinatorClient(base: coordinator.url, token: coordinator.admin, http: Self.http)
        let driver = try DriverProcess(["sim", "--drive", coordinator.url, "--token", coordinator.admin, "--nodes", "50",
                                        "--speed", "30", "--heartbeat", "1s"])
        // The simulated fleet churns around its size (nodes leave and others join). In the whole suite
        // at once on 2 cores, the coordinator sees heartbeats late: a clean-clone run had the driver at
        // 50-57 nodes up for 120 s while fewer than 45 counted as reporting. 45 of the 50 registered,
        // some of them reporting, is the fleet in; the next wait asks for the work they did.
        _ = try await waitFor(admin, "45 of the 50 nodes registered, some reporting", driver) { s in
            try Self.list(s, "fleet", "nodes").count >= 45 && Self.reporting(s) > 0
        }
        _ = try await waitFor(admin, "tasks done, rewards, a proposal and a stablecoin", driver) { s in
            try Self.tasksDone(s) > 0 && Self.accrued(s) > 0 && !Self.list(s, "governance", "proposals").isEmpty
                && !(s["stablecoins"] as? [Any] ?? []).isEmpty
        }
        let before = try await Self.snapshot(admin).seq
        #expect(await driver.terminate() == 0, "the driver exits 0 on SIGTERM: \(driver.stderr)")
        let leaving = Int(driver.stderr.firstMatch(of: /stopping; ([0-9,]+) nodes leave/)?.1.filter(\.isNumber) ?? "") ?? 0
        #expect(leaving >= 45, "\(driver.stderr)")
        let after = try await Self.snapshot(admin)
        #expect(try Self.list(after.state, "fleet", "nodes").isEmpty, "every node left")
        let feed = try await EndToEndTests().readAll(admin, through: after.seq).filter { $0.seq > before }
        let left = feed.filter { $0.line.contains(#""type":"node_left""#) && $0.line.contains(#""reason":"left""#) }
        #expect(left.count == leaving, "one node_left with reason 'left' for each node that was told to leave")
        #expect(driver.stderr.contains("\(leaving) nodes left"), "\(driver.stderr)")
        _ = await coordinator.stop()
    }

    @Test func aWrongTokenIsOneClearMessageAndExitOne() async throws {
        let coordinator = try await CoordinatorProcess()
        let driver = try DriverProcess(["sim", "--drive", coordinator.url, "--token", "not-the-admin-token"])
        let status = await driver.wait()
        #expect(status == 1)
        let lines = driver.stderr.split(separator: "\n")
        #expect(lines.count == 1, "one message: \(driver.stderr)")
        #expect(lines.first?.contains("refused the token") == true, "\(driver.stderr)")
        _ = await coordinator.stop()
    }

    @Test func aBadURLIsAUsageError() async throws {
        let driver = try DriverProcess(["sim", "--drive", "127.0.0.1:7700", "--token", "t"])
        #expect(await driver.wait() == 2)
        #expect(driver.stderr.contains("not a coordinator URL: give http://HOST:PORT"), "\(driver.stderr)")
    }

    // MARK: reading the coordinator's state

    /// Polls the snapshot until `condition` holds (120 s at most: the whole suite at once on a shared 2-core machine took 98 s for both).
    private func waitFor(_ admin: CoordinatorClient, _ what: String, _ driver: DriverProcess,
                         _ condition: ([String: Any]) throws -> Bool) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(120)
        var last: [String: Any] = [:]
        while true {  // looked at once more after the deadline
            last = try await Self.snapshot(admin).state
            if try condition(last) { return last }
            guard driver.isRunning, Date() < deadline else { break }
            try await Task.sleep(for: .milliseconds(200))  // polling the coordinator's state, not a fixed wait
        }
        Issue.record("no \(what) within 120 s; driver: \(driver.stderr)")
        throw CoordinatorProcess.Failure(description: "timed out waiting for \(what)")
    }

    static func snapshot(_ admin: CoordinatorClient) async throws -> (seq: Int64, state: [String: Any]) {
        let reply = try await admin.send(.GET, "/v1/snapshot")
        for line in reply.body.split(separator: "\n") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  object["type"] as? String == "snapshot" else { continue }
            return ((object["seq"] as? NSNumber)?.int64Value ?? 0, object["state"] as? [String: Any] ?? [:])
        }
        return (0, [:])
    }

    static func list(_ state: [String: Any], _ part: String, _ key: String) throws -> [[String: Any]] {
        (state[part] as? [String: Any])?[key] as? [[String: Any]] ?? []
    }

    /// Nodes whose heartbeats arrive, on time (online) or late (degraded).
    static func reporting(_ state: [String: Any]) throws -> Int {
        try list(state, "fleet", "nodes").count { ["online", "degraded"].contains($0["status"] as? String ?? "") }
    }

    static func tasksDone(_ state: [String: Any]) throws -> Int {
        ((state["fleet"] as? [String: Any])?["done"] as? NSNumber)?.intValue ?? 0
    }

    static func accrued(_ state: [String: Any]) throws -> Double {
        Double((state["rewards"] as? [String: Any])?["accrued"] as? String ?? "") ?? 0
    }
}

/// `chaintop` as a process, its standard error kept in a file.
final class DriverProcess {
    let process = Process()
    private let errPath = Scratch.path("drive-\(UUID().uuidString).err")

    init(_ arguments: [String]) throws {
        guard let binary = Binary.url else {
            throw CoordinatorProcess.Failure(description: "chaintop is not built")
        }
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        process.executableURL = binary
        process.arguments = arguments
        process.standardError = FileHandle(forWritingAtPath: errPath)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    var isRunning: Bool { process.isRunning }
    var stderr: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }

    func terminate() async -> Int32 {
        process.terminate()
        return await wait()
    }

    func wait() async -> Int32 {
        await exitStatus(of: process)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(atPath: errPath)
    }
}
