import Foundation
import TestSupport
import Testing

/// A batch command reading a FIFO that nobody writes to still stops on SIGTERM and SIGINT, with the
/// shell's status for the signal.
@Suite(.ownThread, .enabled(if: Binary.url != nil, "needs the built binary"))
struct StalledInputTests {
    @Test(arguments: [("export", SIGTERM), ("record", SIGINT)])
    func aSignalStopsARead(command: String, signal: Int32) async throws {
        guard let binary = Binary.url else { throw Binary.BinaryMissing() }
        let dir = Scratch.path("fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fifo = dir + "/feed"
        #expect(mkfifo(fifo, 0o600) == 0)
        // Held open for writing and never written to: the reader waits forever.
        let writer = open(fifo, O_RDWR)
        defer { close(writer) }
        let process = Process()
        process.executableURL = binary
        process.arguments = command == "export" ? ["export", "--source", fifo]
            : ["record", "--source", fifo, "--records", "10", "--out", dir + "/out.jsonl"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until it is blocked reading the FIFO (its state in /proc reads "S", sleeping in a read).
        _ = await poll(seconds: 10) { sleepingInRead(process.processIdentifier) }
        kill(process.processIdentifier, signal)
        if await !poll(seconds: 10, { !process.isRunning }) { kill(process.processIdentifier, SIGKILL) }
        _ = await exitStatus(of: process)
        #expect(process.terminationReason == .exit && process.terminationStatus == 128 + signal,
                "\(command): status \(process.terminationStatus)")
    }

    func sleepingInRead(_ pid: Int32) -> Bool {
        let wchan = (try? String(contentsOfFile: "/proc/\(pid)/wchan", encoding: .utf8)) ?? ""
        return wchan.contains("pipe")
    }
}
