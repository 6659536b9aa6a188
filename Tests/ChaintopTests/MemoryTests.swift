import Foundation
import TestSupport
import Testing

/// Peak resident memory of the real binary, whatever the input: a 1 GB line, /dev/zero for 10 s, and a
/// gzip bomb each stay within 100 MB of reading an ordinary recording. The big inputs are made here,
/// in a temporary directory, and removed afterwards.
@Suite(.ownThread, .serialized) struct MemoryTests {
    static let margin = 100 << 20

    /// A run of `chaintop ARGS` (output discarded) and its peak resident set, from wait4.
    struct Run { var status: Int32; var peakBytes: Int }

    /// Spawns the binary; `until` is polled while it runs, and a true answer kills it (for endless input).
    static func run(_ args: [String], until stop: ((pid_t) -> Bool)? = nil) async throws -> Run {
        guard let binary = Binary.url?.path else { throw Binary.BinaryMissing() }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([binary] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, binary, &actions, nil, argv, environ) == 0 else { throw Binary.BinaryMissing() }
        if let stop {
            var status: Int32 = 0
            while waitpid(pid, &status, WNOHANG) == 0 {
                if stop(pid) { kill(pid, SIGKILL); break }
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        let child = pid
        return try await offThePool {
            var status: Int32 = 0
            var usage = rusage()
            guard wait4(child, &status, 0, &usage) == child else { return Run(status: -1, peakBytes: 0) }
            return Run(status: status, peakBytes: usage.ru_maxrss * 1024)  // Linux: kilobytes
        }
    }

    /// Making a gigabyte takes seconds: it runs on a thread of its own (see offThePool).
    static func shell(_ command: String) async -> Bool { (try? await offThePool { system(command) == 0 }) ?? false }

    func ordinaryPeak() async throws -> Int {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        return try await Self.run(["export", "--source", root.appendingPathComponent("Fixtures/demo.jsonl").path]).peakBytes
    }

    func scratch() throws -> String {
        let dir = Scratch.path("mem-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func oneGigabyteLine() async throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/long.jsonl"
        #expect(await Self.shell(#"{ echo '{"type":"bookmark","seq":1,"ts":1}'; head -c 1073741824 /dev/zero | tr '\0' x; echo; echo '{"type":"bookmark","seq":2,"ts":2}'; } > "# + path))
        let run = try await Self.run(["export", "--source", path])
        let ordinary = try await ordinaryPeak()
        #expect(run.status == 0)
        #expect(run.peakBytes < ordinary + Self.margin, "peak \(run.peakBytes >> 20) MiB, ordinary \(ordinary >> 20) MiB")
    }

    @Test func gzipBomb() async throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/bomb.jsonl.gz"
        #expect(await Self.shell("head -c 1073741824 /dev/zero | gzip -1 > " + path))
        let run = try await Self.run(["export", "--source", path])
        let ordinary = try await ordinaryPeak()
        #expect(run.status == 0)
        #expect(run.peakBytes < ordinary + Self.margin, "peak \(run.peakBytes >> 20) MiB, ordinary \(ordinary >> 20) MiB")
    }

    /// /dev/zero is one endless line: read for 10 s (it must keep reading: gigabytes), then stopped.
    @Test func devZeroForTenSeconds() async throws {
        let started = Date()
        var read: Int64 = 0
        let run = try await Self.run(["export", "--source", "replay:/dev/zero"]) { pid in
            read = Self.bytesRead(pid) ?? read
            return Date().timeIntervalSince(started) >= 10
        }
        let ordinary = try await ordinaryPeak()
        #expect(read > 1 << 30, "read \(read >> 20) MiB in 10 s")
        #expect(run.peakBytes < ordinary + Self.margin, "peak \(run.peakBytes >> 20) MiB, ordinary \(ordinary >> 20) MiB")
    }

    /// `rchar` of /proc/PID/io: bytes the process has read.
    static func bytesRead(_ pid: pid_t) -> Int64? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/io", encoding: .utf8) else { return nil }
        let line = text.split(separator: "\n").first { $0.hasPrefix("rchar:") }
        return line.flatMap { Int64($0.dropFirst(6).trimmingCharacters(in: .whitespaces)) }
    }
}
