import Foundation

/// The real `chaintop-coordinator` binary on 127.0.0.1 with an ephemeral port and its own data directory.
public final class CoordinatorProcess {
    public let directory: String
    public let process = Process()
    public private(set) var port = 0
    private let stdoutPath: String

    static let binary: URL? = Executable.url("chaintop-coordinator")

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    public static func tempDirectory() -> String {
        Scratch.path("coord-e2e-\(UUID().uuidString)")
    }

    /// Starts the binary and waits until it says which port it listens on.
    public init(directory: String = CoordinatorProcess.tempDirectory(), arguments: [String] = []) async throws {
        guard let binary = Self.binary else { throw Failure(description: "chaintop-coordinator is not built") }
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        stdoutPath = directory + "/stdout.\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        process.executableURL = binary
        // No node turns degraded nor an epoch ends while a slow machine runs a test, unless it asks.
        process.arguments = ["--listen", "127.0.0.1:0", "--data", directory, "--log", directory + "/coordinator.log",
                             "--heartbeat-interval", "600", "--epoch", "100000000"] + arguments
        process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
        try process.run()
        port = try await waitForPort()
    }

    private func waitForPort() async throws -> Int {
        let deadline = Date().addingTimeInterval(30)
        while true {  // looked at once more after the deadline
            let out = (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? ""
            if let line = out.split(separator: "\n").first(where: { $0.contains("listening on") }),
               let port = line.split(separator: ":").last.flatMap({ Int($0) }) {
                return port
            }
            guard process.isRunning else { throw Failure(description: "coordinator exited: \(log)") }
            guard Date() < deadline else { throw Failure(description: "coordinator did not start: \(log)") }
            try await Task.sleep(for: .milliseconds(20))  // polling a condition (the port line), not a fixed wait
        }
    }

    public var log: String { (try? String(contentsOfFile: directory + "/coordinator.log", encoding: .utf8)) ?? "" }
    public var url: String { "http://127.0.0.1:\(port)" }
    public var admin: String {
        ((try? String(contentsOfFile: directory + "/admin.token", encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// SIGTERM, then waits for the exit status.
    public func stop() async -> Int32 {
        process.terminate()
        return await exitStatus(of: process)
    }

    /// kill -9: no chance to flush anything.
    public func kill9() async {
        kill(process.processIdentifier, SIGKILL)
        _ = await exitStatus(of: process)
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() } }
}
