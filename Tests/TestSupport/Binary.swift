import Foundation

/// The project's executables as the tests find them: beside the test bundle in .build.
public enum Executable {
    public static func url(_ name: String) -> URL? {
        var candidates: [URL] = []
        let bundle = Bundle.main.bundleURL
        candidates.append(bundle.deletingLastPathComponent().appendingPathComponent(name))
        candidates.append(bundle.appendingPathComponent(name))
        if let arg0 = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: arg0).deletingLastPathComponent().appendingPathComponent(name))
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}

/// The built `chaintop`, and a way to run it to the end.
public enum Binary {
    public static let url: URL? = Executable.url("chaintop")

    public struct BinaryMissing: Error { public init() {} }

    public struct Result: Sendable { public var status: Int32; public var stdout: String; public var stderr: String }

    /// Runs it to its exit on a thread of its own (see offThePool).
    public static func run(_ args: [String]) async throws -> Result {
        try await offThePool { try runBlocking(args) }
    }

    private static func runBlocking(_ args: [String]) throws -> Result {
        guard let binary = Binary.url else { throw BinaryMissing() }
        let process = Process()
        process.executableURL = binary
        process.arguments = args
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                      stderr: String(decoding: e, as: UTF8.self))
    }
}
