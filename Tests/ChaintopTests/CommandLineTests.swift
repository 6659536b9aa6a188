import Foundation
import Testing

/// Runs the built `chaintop` binary as a user would.
enum Binary {
    static let url: URL? = {
        var candidates: [URL] = []
        let bundle = Bundle.main.bundleURL
        candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("chaintop"))
        candidates.append(bundle.appendingPathComponent("chaintop"))
        if let arg0 = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: arg0).deletingLastPathComponent().appendingPathComponent("chaintop"))
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    struct BinaryMissing: Error {}

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    static func run(_ args: [String]) throws -> Result {
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

@Suite(.serialized) struct CommandLineTests {
    func temp(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(name)").path
    }

    @Test func exportPrintsJSON() throws {
        let r = try Binary.run(["export", "--source", "sim:3", "--at", "2m", "--format", "json"])
        #expect(r.status == 0)
        let root = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect((root?["fleet"] as? [String: Any])?["nodes"] as? Int ?? 0 > 150)
    }

    @Test(arguments: [
        (["export", "--source", "replay:/nonexistent.jsonl"], "cannot open"),
        (["export", "--source", "sim:x"], "seed"),
        (["export", "--at", "10q"], "--at"),
        (["export", "--format", "xml"], "format"),
        (["record", "--out", "/nonexistent/dir/x.jsonl", "--records", "10"], "cannot write"),
        (["record", "--out", "/tmp/x.jsonl"], "--duration or --records"),
        (["export", "--nodes", "-3"], "--nodes"),
        (["frobnicate"], "frobnicate"),
    ])
    func errorsAreOneClearLineAndExitTwo(args: [String], needle: String) throws {
        let r = try Binary.run(args)
        #expect(r.status == 2, "\(args): status \(r.status)")
        #expect(r.stderr.contains(needle), "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Stack dump"))
        #expect(r.stdout.isEmpty)
    }

    @Test func recordThenExportTheRecordingMatchesTheLiveRun() throws {
        let path = temp("rec.jsonl")
        let rec = try Binary.run(["record", "--source", "sim:5", "--nodes", "50", "--out", path, "--records", "25000"])
        #expect(rec.status == 0, "\(rec.stderr)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.first?.contains("\"type\":\"header\"") == true)
        #expect(lines.filter { $0.contains("\"type\":\"snapshot\"") }.count == 2)
        let live = try Binary.run(["export", "--source", "sim:5", "--nodes", "50", "--records", "25000"])
        let replay = try Binary.run(["export", "--source", path])
        // Same state; the input counts differ only by the two keyframes the replay passed over.
        func withoutInput(_ s: String) -> String { s.replacingOccurrences(of: #""input":\{[^}]*\},"#, with: "", options: .regularExpression) }
        #expect(withoutInput(live.stdout) == withoutInput(replay.stdout))
        #expect(replay.status == 0)
    }

    @Test func malformedLinesAreCountedInTheExport() throws {
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
        let r = try Binary.run(["export", "--source", path])
        #expect(r.status == 0)
        // seq 2 was on a malformed line, so it is missing too: gaps before 3 and before 5.
        #expect(r.stdout.contains(#""input":{"records":3,"malformed":2,"unknown":1,"gaps":2"#), "\(r.stdout)")
        #expect(r.stdout.contains(#""first_malformed_line":3"#))
    }

    @Test func helpExitsZero() throws {
        let r = try Binary.run(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("export") && r.stdout.contains("record"))
    }
}
