import Foundation
import TestSupport
import Testing

/// Runs the built `chaintop` binary as a user would.
@Suite(.ownThread, .serialized) struct CommandLineTests {
    func temp(_ name: String) -> String {
        Scratch.path("\(UUID().uuidString)-\(name)")
    }

    @Test func exportPrintsJSON() async throws {
        let r = try await Binary.run(["export", "--source", "sim:3", "--at", "2m", "--format", "json"])
        #expect(r.status == 0)
        let root = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect((root?["fleet"] as? [String: Any])?["nodes"] as? Int ?? 0 > 150)
    }

    @Test(arguments: [
        (["export", "--source", "sim:x"], "seed"),
        (["export", "--at", "10q"], "--at"),
        (["export", "--format", "xml"], "format"),
        (["record", "--out", "/tmp/x.jsonl"], "--duration or --records"),
        (["export", "--nodes", "-3"], "--nodes"),
        (["export", "--nodes", "0"], "--nodes must be between 1"),
        (["--speed", "-1"], "--speed must be a number above 0"),
        (["export", "--rate", "-1"], "--rate must be above 0"),
        (["export", "--format", "text", "--width", "60", "--height", "20"], "needs at least 80×24"),
        (["frobnicate"], "frobnicate"),
    ])
    func errorsAreOneClearLineAndExitTwo(args: [String], needle: String) async throws {
        let r = try await Binary.run(args)
        #expect(r.status == 2, "\(args): status \(r.status)")
        #expect(r.stderr.contains(needle), "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Stack dump"))
        #expect(r.stdout.isEmpty)
    }

    /// A file that cannot be read or written is an input or output failure: exit 1, one line.
    @Test(arguments: [
        (["export", "--source", "replay:/nonexistent.jsonl"], "cannot open"),
        (["dashboard", "--source", "replay:/nonexistent.jsonl"], "cannot open"),
        (["record", "--out", "/nonexistent/dir/x.jsonl", "--records", "10"], "cannot write"),
    ])
    func inputAndOutputFailuresExitOne(args: [String], needle: String) async throws {
        let r = try await Binary.run(args)
        #expect(r.status == 1, "\(args): status \(r.status) \(r.stderr)")
        #expect(r.stderr.contains(needle) && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func recordThenExportTheRecordingMatchesTheLiveRun() async throws {
        let path = temp("rec.jsonl")
        let rec = try await Binary.run(["record", "--source", "sim:5", "--nodes", "50", "--out", path, "--records", "25000"])
        #expect(rec.status == 0, "\(rec.stderr)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.first?.contains("\"type\":\"header\"") == true)
        #expect(lines.filter { $0.contains("\"type\":\"snapshot\"") }.count == 2)
        let live = try await Binary.run(["export", "--source", "sim:5", "--nodes", "50", "--records", "25000"])
        let replay = try await Binary.run(["export", "--source", path])
        // Same state; the input counts differ only by the two keyframes the replay passed over.
        func withoutInput(_ s: String) -> String { s.replacingOccurrences(of: #""input":\{[^}]*\},"#, with: "", options: .regularExpression) }
        #expect(withoutInput(live.stdout) == withoutInput(replay.stdout))
        #expect(replay.status == 0)
    }

    /// SIGINT or SIGTERM in the middle of a long recording: the recorder finishes the record it is on
    /// and closes the file, so a gzip recording has its trailer and every line replays.
    @Test(arguments: [SIGINT, SIGTERM])
    func aSignalFinishesARecordingCleanly(_ signal: Int32) async throws {
        guard let binary = Binary.url else { throw Binary.BinaryMissing() }
        let path = temp("interrupted.jsonl.gz")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["record", "--source", "sim:6", "--nodes", "300", "--duration", "1000h", "--out", path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the recording is well under way (past the first compressed block).
        _ = await poll(seconds: 20) {
            ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int ?? 0) >= 200_000
        }
        kill(process.processIdentifier, signal)
        if await !poll(seconds: 20, { !process.isRunning }) {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("record went on after signal \(signal)")
        }
        _ = await exitStatus(of: process)
        // The file is finished, and the status is the shell's for a signal: 128 + N.
        #expect(process.terminationReason == .exit && process.terminationStatus == 128 + signal, "status \(process.terminationStatus)")
        let replay = try await Binary.run(["export", "--source", path, "--format", "json"])
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.contains(#""malformed":0,"#) && replay.stdout.contains(#""header":true"#), "\(replay.stdout.prefix(400))")
        let records = replay.stdout.firstMatch(of: /"input":\{"records":([0-9]+)/).flatMap { Int($0.1) } ?? 0
        #expect(records > 10_000, "\(records) records replayed")
    }

    @Test func malformedLinesAreCountedInTheExport() async throws {
        let path = temp("bad.jsonl")
        let text = """
            {"type":"header","v":1,"source":"import","created":1}
            {"type":"node","seq":1,"ts":1,"id":"n1","operator":"o","region":"r","class":"gpu","cpu_cores":8,"mem_gb":32,"gpus":1,"version":"1"}
            {"type":"heartbeat","seq":2,"ts":2,"id":"n1","cpu":7,"mem":0.1,"tasks":0}
            garbage
            {"type":"new_thing","seq":3,"ts":3}
            {"type":"bookmark","seq":5,"ts":5}
            """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try await Binary.run(["export", "--source", path])
        #expect(r.status == 0)
        // seq 2 was on a malformed line, so it is missing too: gaps before 3 and before 5.
        #expect(r.stdout.contains(#""input":{"records":3,"malformed":2,"unknown":1,"gaps":2"#), "\(r.stdout)")
        #expect(r.stdout.contains(#""first_malformed_line":3"#))
    }

    /// Extreme but valid values, and out-of-range ones, must never crash any output.
    @Test func hostileValuesNeverCrash() async throws {
        let path = temp("hostile.jsonl")
        let huge = "1.7976931348623157e308"
        let lines = [
            #"{"type":"node","seq":1,"ts":0,"id":"n","operator":"o","region":"r","class":"gpu","cpu_cores":9223372036854775807,"mem_gb":\#(huge),"gpus":9223372036854775807,"version":"v"}"#,
            #"{"type":"heartbeat","seq":2,"ts":253402300799999,"id":"n","cpu":1,"mem":0,"gpu":1,"tasks":9223372036854775807}"#,
            #"{"type":"stablecoin","seq":3,"ts":1,"symbol":"X","issuer":"I","peg":"USD","price":\#(huge),"supply":\#(huge),"reserves":{"a":\#(huge),"b":\#(huge)}}"#,
            #"{"type":"tvl","seq":4,"ts":1,"protocol":"P","chain":"c1","usd":\#(huge)}"#,
            #"{"type":"tvl","seq":5,"ts":1,"protocol":"P","chain":"c2","usd":\#(huge)}"#,
            #"{"type":"proposal","seq":6,"ts":1,"id":"p","space":"s","title":"t","state":"active","quorum":\#(huge)}"#,
            #"{"type":"vote","seq":7,"ts":1,"proposal":"p","voter":"a","support":"for","weight":\#(huge)}"#,
            #"{"type":"vote","seq":8,"ts":1,"proposal":"p","voter":"b","support":"against","weight":\#(huge)}"#,
            #"{"type":"reward","seq":9,"ts":1,"node":"n","operator":"o","amount":"99999999999999999999.999999999999999999","token":"T","epoch":1,"basis":"task"}"#,
            #"{"type":"price","seq":10,"ts":1,"symbol":"T","usd":\#(huge)}"#,
            #"{"type":"bookmark","seq":9007199254740992,"ts":1}"#,
            #"{"type":"bookmark","seq":9223372036854775807,"ts":1}"#,
            #"{"type":"bookmark","seq":11,"ts":-9223372036854775808}"#,
        ]
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        for format in ["json", "csv"] {
            let r = try await Binary.run(["export", "--source", path, "--format", format])
            #expect(r.status == 0, "\(format): \(r.stderr)")
        }
        for view in ["overview", "fleet", "rewards", "stablecoins", "tvl", "governance"] {
            for (w, h) in [(80, 24), (200, 60)] {
                let r = try await Binary.run(["export", "--source", path, "--format", "text", "--view", view,
                                        "--width", "\(w)", "--height", "\(h)"])
                #expect(r.status == 0, "\(view) \(w)x\(h): \(r.stderr.prefix(300))")
            }
        }
        let json = try await Binary.run(["export", "--source", path])
        #expect(json.stdout.contains(#""malformed":3"#),
                "a 20-digit amount, a seq above 2^53 and a negative ts are malformed: \(json.stdout.prefix(200))")
    }

    /// The network sources' flags: each mistake is one line and exit 2; an unreachable coordinator is exit 1.
    @Test func networkSourceMistakesAreSaidClearly() async throws {
        let cases: [([String], String)] = [
            (["export", "--source", "coordinator:"], "use coordinator:http://HOST:PORT"),
            (["export", "--source", "coordinator:ftp://x"], "use coordinator:http://HOST:PORT"),
            (["export", "--source", "defillama", "--api-base", "ftp://x"], "--api-base must be an http"),
            (["export", "--source", "defillama", "--poll-every", "10s"], "--poll-every must be at least 60s"),
            (["record", "--out", temp("x.jsonl")], "the simulator never ends: give --duration or --records"),
        ]
        for (args, message) in cases {
            let r = try await Binary.run(args)
            #expect(r.status == 2 && r.stderr.contains(message), "\(args): \(r.status) \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count <= 3, "one clear message, not a usage dump: \(r.stderr)")
        }
        // Port 9 on loopback (discard) is never a coordinator here: refused at once.
        let down = try await Binary.run(["export", "--source", "coordinator:http://127.0.0.1:9", "--token", "t"])
        #expect(down.status == 1 && down.stderr.contains("connection refused") && down.stdout.isEmpty, "\(down.stderr)")
    }

    @Test func helpExitsZero() async throws {
        let r = try await Binary.run(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("export") && r.stdout.contains("record"))
    }
}
