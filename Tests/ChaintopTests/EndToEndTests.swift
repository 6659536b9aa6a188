import Foundation
import TestSupport
import Testing


@Suite(.ownThread, .serialized, .enabled(if: Tmux.available && Binary.url != nil, "needs tmux and the built binary"))
struct EndToEndTests {
    @Test func driveEveryViewThenQuit() async {
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.launch()
        var s = await tmux.wait(for: "USDT")
        #expect(s.contains("1 Overview") && s.contains("Stablecoins") && s.contains("Governance"), "\(s)")
        #expect(s.contains("USDT"))
        for (key, marker) in [("2", "Fleet —"), ("3", "Rewards by operator"), ("4", "Stablecoins —"), ("5", "TVL —"),
                              ("6", "Governance —"), ("7", "Alerts —"), ("1", "ALERTS")] {
            tmux.type(key)
            s = await tmux.wait(for: marker, seconds: 5)
            if key == "1", !s.contains("ALERTS") { s = await tmux.wait(for: "no alerts", seconds: 1) }
            #expect(s.contains(marker) || (key == "1" && s.contains("no alerts")), "view \(key): \(s)")
        }
        tmux.type("2")
        await tmux.wait(for: "Fleet —")
        tmux.type("/op-0001")
        s = await tmux.wait(for: "match /op-0001")
        #expect(s.contains("filter: /op-0001"))
        let lines = s.split(separator: "\n").filter { $0.contains("node-0") }
        #expect(!lines.isEmpty && lines.allSatisfy { $0.contains("op-0001") }, "\(s)")
        tmux.keys("Enter")
        tmux.keys("Enter")
        s = await tmux.wait(for: "Node node-")
        #expect(s.contains("hardware") && s.contains("Recent tasks"), "\(s)")
        tmux.keys("Escape")
        s = await tmux.wait(for: "match /op-0001")
        tmux.keys("Escape")
        s = await tmux.waitUntil { $0.contains("NODE") && !$0.contains("match /") }
        #expect(!s.contains("match /"), "Esc clears the filter: \(s)")
        tmux.type("?")
        s = await tmux.wait(for: "any key closes")
        #expect(s.contains("filter as you type"))
        tmux.type("x")
        tmux.resize(60, 20)
        s = await tmux.wait(for: "chaintop needs 80×24")
        #expect(s.contains("this terminal is 60×20"), "\(s)")
        tmux.resize(120, 40)
        s = await tmux.wait(for: "Fleet —")
        #expect(s.contains("NODE"))
        tmux.type("q")
        await tmux.expectRestored("after q")
    }

    @Test(arguments: ["TERM", "HUP", "INT", "QUIT", "USR1", "ALRM"])
    func signalsRestoreTheTerminal(_ signal: String) async {
        let tmux = Tmux()
        defer { tmux.stop() }
        let seed = ["TERM": 31, "HUP": 32, "INT": 33, "QUIT": 34, "USR1": 35, "ALRM": 36][signal] ?? 37
        tmux.launch("--source sim:\(seed)")
        let s = await tmux.wait(for: "USDT")
        #expect(s.contains("1 Overview"), "the dashboard never showed: \(s)")
        // Seeds 31…36 are used by no other test that runs beside this one.
        _ = system("pkill -\(signal) -f 'source sim:\(seed)$'")
        await tmux.waitForPrompt()
        // As shells expect of a program a signal stopped: 128 + the signal.
        let code = ["TERM": 143, "HUP": 129, "INT": 130, "QUIT": 131, "USR1": 138, "ALRM": 142][signal] ?? 0
        tmux.type("echo status=$?")
        tmux.keys("Enter")
        let status = await tmux.wait(for: "status=1")
        #expect(status.contains("status=\(code)"), "\(status)")
        await tmux.expectRestored("after SIG\(signal)")
    }

    /// `--source -`: records come on standard input, keys from the terminal; it plays as a stream.
    @Test func recordsOnStandardInput() async {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let demo = root.appendingPathComponent("Fixtures/outage.jsonl").path
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.start()
        tmux.type("cat \(demo) | \(Binary.url?.path ?? "chaintop") --log-file /tmp/chaintop-e2e.log --source - --speed 60")
        tmux.keys("Enter")
        var s = await tmux.wait(for: "stream (no seeking)")
        #expect(s.contains("replay:/dev/stdin"), "\(s)")
        tmux.type("2")
        s = await tmux.wait(for: "Fleet —")
        #expect(s.contains("NODE"), "keys reach it from the terminal: \(s)")
        tmux.type("q")
        await tmux.expectRestored("after a stream on standard input")
    }

    @Test func aTrapRestoresTheTerminal() async {
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.launch("--debug-trap-after 3")
        await tmux.wait(for: "USDT")
        let s = await tmux.waitForPrompt()
        #expect(!s.contains("1 Overview"), "\(s)")
        tmux.type("echo status=$?")
        tmux.keys("Enter")
        let status = await tmux.wait(for: "status=1")
        // 128 + SIGILL (4) or SIGTRAP (5): the process died of the trap, after restoring the terminal.
        #expect(status.contains("status=132") || status.contains("status=133"), "\(status)")
        await tmux.expectRestored("after a trap")
    }

    /// A long `record` in a terminal shows how far it has got on one line, and Ctrl-C finishes the file.
    @Test func recordShowsProgressAndCtrlCFinishesIt() async {
        let tmux = Tmux()
        defer { tmux.stop() }
        let path = Scratch.path("e2e-progress-\(UUID().uuidString.prefix(6)).jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        tmux.start()
        tmux.type("\(Binary.url?.path ?? "chaintop") record --source sim:3 --nodes 50 --duration 1000h --out \(path)")
        tmux.keys("Enter")
        let during = await tmux.wait(for: "of event time", seconds: 15)
        #expect(during.contains("chaintop: recording…") && during.contains("(Ctrl-C finishes the file)"), "\(during)")
        tmux.keys("C-c")
        let after = await tmux.wait(for: "lines to")
        #expect(after.contains("chaintop: wrote") && !after.contains("of event time"), "the progress line is cleared: \(after)")
        await tmux.expectRestored("after record")
    }

    /// In a terminal but with input from a file: one clear line about the input, exit 2, and the
    /// terminal as it was.
    @Test func inputFromAFileIsRefusedClearly() async {
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.launch("< /dev/null; echo status=$?")
        let s = await tmux.wait(for: "status=2")
        #expect(s.contains("standard input is not a terminal") && s.contains("status=2"), "\(s)")
        await tmux.expectRestored("after refusing a file as input")
    }

    @Test func notATerminalPointsAtExport() async throws {
        let r = try await Binary.run([])
        #expect(r.status == 2)
        #expect(r.stderr.contains("export --format text"), "\(r.stderr)")
    }
}

@Suite(.ownThread, .serialized, .enabled(if: Tmux.available && Binary.url != nil, "needs tmux and the built binary"))
struct ReplayEndToEndTests {
    func makeRecording() async throws -> String {
        let path = Scratch.path("e2e-\(UUID().uuidString).jsonl")
        let r = try await Binary.run(["record", "--source", "sim:4", "--nodes", "60", "--duration", "20m", "--out", path])
        #expect(r.status == 0, "\(r.stderr)")
        return path
    }

    /// `g`, a time into the recording, Enter.
    func jump(_ tmux: Tmux, to time: String) {
        tmux.type("g")
        tmux.type(time)
        tmux.keys("Enter")
    }

    func statusLine(_ screen: String) -> String { String(screen.split(separator: "\n").last { $0.contains("seq") } ?? "") }

    /// The "seq N" figure of the status line (the clock beside it moves on its own).
    func seq(_ line: String) -> Int? {
        guard let r = line.range(of: #"seq [0-9]+"#, options: .regularExpression) else { return nil }
        return Int(line[r].dropFirst(4))
    }

    @Test func shippedDemoRunsAsAKiosk() async throws {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let demo = root.appendingPathComponent("Fixtures/demo.jsonl").path
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.launch("--source replay:\(demo) --loop --speed max")
        var s = await tmux.wait(for: "USDe")
        #expect(statusLine(s).contains("replay:demo.jsonl") && statusLine(s).contains("max"), "\(statusLine(s))")
        // At full speed the 15 minutes end within a second or two; with --loop it starts again instead.
        var positions = Set<String>()
        s = await tmux.waitUntil() { screen in
            if let r = statusLine(screen).range(of: #"[0-9]+m [0-9]+s /"#, options: .regularExpression) {
                positions.insert(String(statusLine(screen)[r]))
            }
            return positions.count > 2 || statusLine(screen).contains("source ended")
        }
        #expect(!statusLine(s).contains("source ended"))
        #expect(positions.count > 2, "playback keeps moving: \(positions)")
        tmux.type("q")
        await tmux.expectRestored("after the kiosk")
    }

    /// --follow: a recording that grows while it plays. The status line's length grows with it, and a
    /// seek can reach what was appended.
    @Test func followAFileThatGrows() async throws {
        let whole = try await makeRecording()  // 20 minutes
        let lines = try String(contentsOfFile: whole, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let dir = Scratch.path("grow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/grow.jsonl"  // a short name leaves the status line room for its seq
        let half = lines.count / 2
        try (lines[..<half].joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.launch("--source \(path) --follow --speed max")
        let lastSeq = lines[..<half].last.flatMap { line in
            line.range(of: #""seq":[0-9]+"#, options: .regularExpression).map { String(line[$0].dropFirst(6)) }
        } ?? "?"
        var s = await tmux.wait(for: "seq \(lastSeq) ")
        #expect(!statusLine(s).contains("20m 00s"), "half the file: \(statusLine(s))")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((lines[half...].joined(separator: "\n")).utf8))
        try handle.close()
        // The length shows first (the index is extended), the position once the appended records are read.
        s = await tmux.wait(for: "20m 00s / 20m 00s", seconds: 20)
        #expect(statusLine(s).contains("20m 00s / 20m 00s"), "read to the new end: \(statusLine(s))")
        tmux.type(" ")  // pause, so the position stays where the seek puts it
        await tmux.wait(for: "⏸ ")
        jump(tmux, to: "19m")
        s = await tmux.wait(for: "19m 00s /")
        #expect(statusLine(s).contains("19m 00s / 20m 00s"), "a seek into what was appended: \(statusLine(s))")
        tmux.type("q")
        await tmux.expectRestored("after following")
    }
}
