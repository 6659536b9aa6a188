#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Dashboard
import Sources
import UI
import Simulation
import Recording
import Analytics
import Store
import Feed
import Terminal

struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Open the live dashboard (the default command).",
        discussion: "Keys: 1–6 or Tab switch views, arrows/jk move, Enter opens, Esc goes back, / filters, s/S sort, p pauses, ? help, q quits.")

    @OptionGroup var sourceOptions: SourceOptions

    @Option(name: .long, help: "How often new data is drawn (keys and resizes redraw at once).")
    var refresh: String = "1s"

    @Option(name: .long, help: "Theme: a bundled name (\(Theme.bundledNames.joined(separator: ", "))) or a TOML file's path.")
    var theme: String = "dark"

    @Option(name: .long, help: "Simulator only: start with this much history already simulated (0 for none).")
    var warmup: String = "15m"

    @Option(name: .long, help: "Replay only: event time per wall time (e.g. 2, 0.5), or max.")
    var speed: String = "1"

    @Option(name: .long, help: "Replay only: start this far into the recording (e.g. 5m).")
    var from: String?

    @Flag(name: .long, help: "Replay only: start again at the end (an unattended kiosk).")
    var loop = false

    @Flag(name: .long, help: "Replay only: keep reading a file that is still being written, like tail -f.")
    var follow = false

    @Option(name: .long, help: "Mark data older than this as stale in the status line.")
    var staleAfter: String = "10s"

    @Option(name: .long, help: "Where to write the log (default ~/.local/state/chaintop/chaintop.log).")
    var logFile: String?

    /// For the end-to-end test that a crash restores the terminal: trap after this many frames.
    @Option(name: .long, help: .hidden)
    var debugTrapAfter: Int?

    func validate() throws {
        guard let r = try parseDuration(refresh, flag: "--refresh"), r >= 50 else {
            throw ValidationError("--refresh must be at least 50ms")
        }
        _ = try parseDuration(staleAfter, flag: "--stale-after")
        if warmup != "0" { _ = try parseDuration(warmup, flag: "--warmup") }
        _ = try replaySpeed()
        _ = try parseDuration(from, flag: "--from")
        if loop && follow { throw ValidationError("--loop and --follow do not go together") }
    }

    func replaySpeed() throws -> Double {
        if speed == "max" { return 0 }
        guard let v = Double(speed), v.isFinite, v > 0, v <= 1024 else {
            throw ValidationError("--speed must be a number above 0 (at most 1024) or max")
        }
        return v
    }

    func run() throws {
        let env = environment()
        let log = LogFile(path: logFile ?? LogFile.defaultPath(env))
        let (loadedTheme, themeWarning) = ThemeLookup.load(theme, env: env)
        if let themeWarning {
            var err = StandardError()
            print("chaintop: \(themeWarning); using the default theme", to: &err)
            log.write(themeWarning)
        }
        guard isatty(1) == 1, isatty(0) == 1 else {
            // Say which end is not a terminal: `chaintop < file` and `chaintop | less` fail for different reasons.
            let what = isatty(1) == 1 ? "standard input is not a terminal, so there are no keys to read"
                : "standard output is not a terminal, so there is no screen to draw on"
            throw ValidationError("""
                \(what).
                For a text snapshot of a view use: chaintop export --format text --view overview --width 120 --height 40
                """)
        }
        // Live, the simulator's clock is the wall clock, so event times read as real times; it starts
        // `--warmup` in the past, so the dashboard opens with history instead of empty panes.
        let warm = warmup == "0" ? 0 : try parseDuration(warmup, flag: "--warmup") ?? 0
        let spec = try sourceOptions.spec()
        var session: ReplaySession?
        if case let .replay(path) = spec {
            do { session = try ReplaySession(path: path) } catch { throw ValidationError(error.description) }
        }
        let source: RecordStream = try session ?? sourceOptions.open(start: wallMillis() - warm)
        let feed = LiveFeed(name: source.name)
        let screen: TerminalScreen
        do {
            screen = try TerminalScreen(theme: loadedTheme, environment: env)
        } catch {
            throw ValidationError("\(error.description). Use `chaintop export --format text --view NAME` instead.")
        }
        log.write("dashboard started: source \(source.name), \(screen.size.width)x\(screen.size.height), colours \(screen.capability)")
        if let session {
            let options = ReplayOptions(speed: try replaySpeed(), from: try parseDuration(from, flag: "--from") ?? 0,
                                        loop: loop, follow: follow)
            feed.play(SessionBox(session), options: options, log: log)
        } else {
            feed.start(SourceBox(source), log: log)
        }
        Interrupt.install()
        var loop = RunLoop(screen: screen, feed: feed, log: log, refreshMillis: try parseDuration(refresh, flag: "--refresh") ?? 1000,
                           staleMillis: try parseDuration(staleAfter, flag: "--stale-after") ?? 10_000, themeName: loadedTheme.name)
        loop.trapAfterFrames = debugTrapAfter
        let reason = loop.run()
        feed.stopping.store(true, ordering: .relaxed)
        feed.finishRecording(log: log)
        screen.restore()
        log.write("dashboard stopped: \(reason)")
    }
}

/// The program around `update` and `view`: waits for input or the next refresh, feeds messages
/// to the model, and draws only when something may have changed.
struct RunLoop {
    let screen: TerminalScreen
    let feed: LiveFeed
    var model: Model
    var trapAfterFrames: Int?
    var frames = 0

    let log: LogFile

    init(screen: TerminalScreen, feed: LiveFeed, log: LogFile, refreshMillis: Int64, staleMillis: Int64, themeName: String) {
        self.log = log
        self.screen = screen
        self.feed = feed
        model = Model(size: screen.size, now: wallMillis())
        model.refreshMillis = refreshMillis
        model.staleAfterMillis = staleMillis
        model.ascii = !screen.utf8
        model.utcOffsetSeconds = localUTCOffset()
        model.themeName = themeName
    }

    mutating func run() -> String {
        var nextRefresh = wallMillis()
        var dirty = true
        var replayPending = false  // a seek or step sent to the reader and not yet shown
        while true {
            let sig = Interrupt.received.load(ordering: .relaxed)
            if sig != 0 { return "signal \(sig)" }
            let now = wallMillis()
            if now >= nextRefresh {
                let seq = feed.withData { data in
                    _ = update(&model, .tick(now: now), data)
                    return data.state.seq
                }
                // Until the first records arrive, look again soon rather than a whole interval later.
                nextRefresh = now + (seq == 0 ? min(100, model.refreshMillis) : model.refreshMillis)
                dirty = true
            }
            if dirty {
                let frame = feed.withData { data in view(model, data) }
                screen.draw(frame)
                dirty = false
                frames += 1
                if let limit = trapAfterFrames, frames >= limit { preconditionFailure("debug trap requested") }
            }
            // A seek takes the reader a few milliseconds: look every 10 ms and redraw when it is done,
            // rather than at the next refresh a second later.
            if replayPending, !feed.replayBusy {
                replayPending = false
                nextRefresh = wallMillis()
                continue
            }
            let timeout = max(1, replayPending ? min(10, nextRefresh - wallMillis()) : nextRefresh - wallMillis())
            guard let event = screen.nextInput(timeoutMillis: Int(timeout)) else { continue }
            let message: Message
            switch event {
            case .endOfInput: return "end of input"
            case let .key(k): message = .key(k)
            case let .mouse(m): message = .mouse(m)
            case let .resize(s): message = .resize(s)
            }
            let effect = feed.withData { data in update(&model, message, data) }
            if effect == .quit { return "quit" }
            if effect == .toggleRecording { feed.toggleRecording(log: log) }
            if case let .replay(command) = effect {
                feed.command(command)
                nextRefresh = wallMillis()  // show the result at once, and again when the reader is done
                replayPending = true
            }
            dirty = true
        }
    }
}

/// Seconds east of UTC for the local clock in the status line.
func localUTCOffset() -> Int {
    var t = time(nil)
    var local = tm()
    localtime_r(&t, &local)
    return local.tm_gmtoff
}
