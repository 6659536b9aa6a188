import Foundation

/// Drives the real binary in a real terminal: tmux runs it, sends keys, and reads the screen.
public struct Tmux {
    public init() {}
    public static let available: Bool = FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")
        || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/tmux")
    public let socket = "chaintop-test-\(UUID().uuidString.prefix(8))"
    public let session = "e2e"
    /// A settings directory of its own (XDG_CONFIG_HOME), so no test reads or writes the user's config.toml.
    public let configHome = Scratch.path("chaintop-e2e-config-\(UUID().uuidString.prefix(8))")

    /// Runs a tmux command through the shell (system/popen: Foundation's Process does not reap the
    /// tmux client that forks the server, and waitUntilExit never returns).
    @discardableResult
    public func run(_ args: [String], output: Bool = false) -> String {
        // -u: the server draws UTF-8 whatever the locale of the test process that starts it.
        let command = (["tmux", "-u", "-L", socket] + args).map(shellQuote).joined(separator: " ")
        guard output else {
            _ = system(command + " >/dev/null 2>&1 </dev/null")
            return ""
        }
        guard let pipe = popen(command + " 2>/dev/null </dev/null", "r") else { return "" }
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = fread(&buffer, 1, buffer.count, pipe)
            if n <= 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        pclose(pipe)
        return String(decoding: data, as: UTF8.self)
    }

    func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// `environment`: settings for the shell that runs the dashboard (TERM=screen, LANG=C, NO_COLOR=1); the
    /// test runner's own NO_COLOR and LC_ALL are left out, so that colours and the locale are what is asked.
    public func start(width: Int = 120, height: Int = 40, environment: [String] = []) {
        run(["new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)",
             "env", "-u", "LC_ALL", "-u", "NO_COLOR", "PS1=$ ", "TERM=tmux-256color", "LANG=C.UTF-8", "XDG_CONFIG_HOME=\(configHome)"] + environment + ["bash", "--norc", "--noprofile"])
    }

    public func type(_ text: String) { run(["send-keys", "-t", session, "-l", text]) }
    public func keys(_ names: String...) { run(["send-keys", "-t", session] + names) }
    public func screen() -> String { run(["capture-pane", "-t", session, "-p"], output: true) }
    /// The screen with its colours and attributes as SGR sequences.
    public func styledScreen() -> String { run(["capture-pane", "-t", session, "-p", "-e"], output: true) }
    public func resize(_ w: Int, _ h: Int) { run(["resize-window", "-t", session, "-x", "\(w)", "-y", "\(h)"]) }
    public func stop() { run(["kill-server"]) }

    /// Starts a shell in a fresh session and runs the built chaintop in it (from `directory` if given).
    public func launch(_ arguments: String = "", in directory: String? = nil, environment: [String] = []) {
        start(environment: environment)
        let binary = Binary.url?.path ?? "chaintop"
        type((directory.map { "cd \($0) && " } ?? "") + "\(binary) --log-file /tmp/chaintop-e2e.log \(arguments)")
        keys("Enter")
    }

    /// Waits until the screen contains `text` (up to `seconds`: with the whole suite at once on 2 cores,
    /// a wait of 10 s for TERM=dumb's refusal ran out); returns the last screen. A capture can
    /// land while the terminal is half-way through one redraw, so a match is read again a moment later
    /// and the whole redraw is returned.
    @discardableResult
    public func wait(for text: String, seconds: Double = 30) async -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while true {  // looked at once more after the deadline
            last = screen()
            if last.contains(text) {
                try? await Task.sleep(for: .milliseconds(150))
                let settled = screen()
                return settled.contains(text) ? settled : last
            }
            guard Date() < deadline else { return last }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Waits until `condition` holds for the screen (up to `seconds`); returns the last screen.
    @discardableResult
    public func waitUntil(seconds: Double = 30, _ condition: (String) -> Bool) async -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = screen()
        while Date() < deadline, !condition(last) {
            try? await Task.sleep(for: .milliseconds(100))
            last = screen()
        }
        return last
    }

    /// Waits (up to `seconds`) until the dashboard has gone and the shell shows its prompt.
    @discardableResult
    public func waitForPrompt(seconds: Double = 30) async -> String {
        await waitUntil(seconds: seconds) { promptIsBack($0) }
    }

    /// The dashboard has left the screen and the last line is the shell's bare prompt (PS1 is "$ ").
    public func promptIsBack(_ screen: String) -> Bool {
        !screen.contains("2 Fleet") && screen.split(separator: "\n").last { !$0.allSatisfy(\.isWhitespace) } == "$"
    }
}
