#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Dashboard
import Program
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
    @OptionGroup var figureOptions: FigureOptions

    @Option(name: .long, help: "How often new data is drawn (keys and resizes redraw at once; default 1s).")
    var refresh: String?

    @Option(name: .long, help: "Theme: a bundled name (\(Theme.bundledNames.joined(separator: ", "))) or a TOML file's path (default dark).")
    var theme: String?

    @Flag(name: .long, help: "Neither read nor write ~/.config/chaintop/config.toml (the saved sorts, scope, view, theme, refresh).")
    var noConfig = false

    @Option(name: .long, help: "Simulator only: start with this much history already simulated (0 for none).")
    var warmup: String = "15m"

    @Option(name: .long, parsing: .unconditional, help: "Replay only: event time per wall time (e.g. 2, 0.5), or max.")
    var speed: String = "1"

    @Option(name: .long, help: "Replay only: start this far into the recording (e.g. 5m).")
    var from: String?

    @Flag(name: .long, help: "Replay only: start again at the end (an unattended kiosk).")
    var loop = false

    @Flag(name: .long, help: "Replay only: keep reading a file that is still being written, like tail -f.")
    var follow = false

    @Flag(name: .long, help: "coordinator: hide the operator's actions (d drain, c claim, v vote).")
    var readonly = false

    @Option(name: .long, help: "The operator whose Fleet and Rewards are shown (o on a row chooses one); with a coordinator, the operator you act as (who votes with v).")
    var `operator`: String?

    @Option(name: .long, help: "Mark data older than this as stale in the status line.")
    var staleAfter: String = "10s"

    @Option(name: .long, help: "Where to write the log (default ~/.local/state/chaintop/chaintop.log).")
    var logFile: String?

    /// For the end-to-end test that a crash restores the terminal: trap after this many frames.
    @Option(name: .long, help: .hidden)
    var debugTrapAfter: Int?

    func validate() throws {
        if let refresh, (try parseDuration(refresh, flag: "--refresh") ?? 0) < 50 {
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
        var config = noConfig ? nil : ConfigFile(env: env)
        let (settings, configWarning) = config?.load() ?? (Settings(), nil)
        let (loadedTheme, themeWarning) = ThemeLookup.load(theme ?? settings.theme ?? "dark", env: env)
        // Said on the screen at once (the status line) and again on stderr after quitting.
        let warnings = [configWarning, themeWarning.map { $0 + "; using the default theme" }].compactMap { $0 }
        for warning in warnings {
            var err = StandardError()
            print("chaintop: \(warning)", to: &err)
            log.write(warning)
        }
        // A missing recording is said first, terminal or not.
        let network = try NetworkSource(try sourceOptions.spec(), options: sourceOptions)
        let driver = network == nil ? try openDriver() : nil
        let recordsOnStdin = sourceOptions.source == "-"
        guard isatty(1) == 1, isatty(0) == 1 || recordsOnStdin else {
            // Say which end is not a terminal: `chaintop < file` and `chaintop | less` fail for different reasons.
            let what = isatty(1) == 1 ? "standard input is not a terminal, so there are no keys to read"
                : "standard output is not a terminal, so there is no screen to draw on"
            throw ValidationError("""
                \(what).
                For a text snapshot of a view use: chaintop export --format text --view overview --width 120 --height 40
                """)
        }
        let screen: TerminalScreen
        do {
            screen = try TerminalScreen(theme: loadedTheme, environment: env, keysFromTerminal: recordsOnStdin)
        } catch {
            throw ValidationError("\(error.description). Use `chaintop export --format text --view NAME` instead.")
        }
        let name = network?.name ?? driver?.name ?? sourceOptions.source
        log.write("dashboard started: source \(name), \(screen.size.width)x\(screen.size.height), colours \(screen.capability)")
        Interrupt.install()
        let saved = SavedSettings(settings: settings, file: config, notice: warnings.isEmpty ? nil : warnings.joined(separator: "\n"))
        let reason = try runProgram(on: screen, source: (driver, network), name: name, log: log, theme: loadedTheme.name,
                                    saved: saved)
        screen.restore()
        log.write("dashboard stopped: \(reason)")
        if case let .signal(sig) = reason { throw ExitCode(128 + sig) }
    }

    /// Live, the simulator's clock is the wall clock, so event times read as real times; it starts
    /// `--warmup` in the past, so the dashboard opens with history instead of empty panes.
    func openDriver() throws -> any SourceDriver {
        let warm = warmup == "0" ? 0 : try parseDuration(warmup, flag: "--warmup") ?? 0
        let replay = ReplayOptions(speed: try replaySpeed(), from: try parseDuration(from, flag: "--from") ?? 0,
                                   loop: loop, follow: follow)
        let spec = try sourceOptions.spec()
        do {
            return try spec.openLive(nodes: sourceOptions.nodes, rate: sourceOptions.rate, scenario: sourceOptions.scenario,
                                     wallNow: wallMillis(), warmupMillis: warm, replay: replay)
        } catch { throw Failure.input(error.description) }
    }

    /// The source runs as a task on the real clock, the ingest applies what it yields, and the
    /// program draws from the ingest's snapshots on this thread (the only one that touches curses).
    /// A network source is read as it comes; it takes no replay commands.
    func runProgram(on screen: TerminalScreen, source: (driver: (any SourceDriver)?, network: NetworkSource?), name: String,
                    log: LogFile, theme: String, saved: SavedSettings) throws -> ExitReason {
        let nudge = Nudge()
        let ingest = Ingest(name: name, wall: wallMillis, log: { log.write($0) }, nudge: nudge, network: source.network != nil)
        var control = SourceControl()
        var reader: Task<Void, Never>?
        if let driver = source.driver {
            let events = SourceEvents(driver: driver, clock: ContinuousClock())
            control = events.control
            reader = Task.detached { for await event in events.pipelined { ingest.apply(event) } }
        } else if let network = source.network {
            reader = network.read(into: ingest)
        }
        var model = Model(size: screen.size, now: wallMillis())
        model.apply(saved.settings)  // then the flags, which win
        if let refresh { model.refreshMillis = try parseDuration(refresh, flag: "--refresh") ?? model.refreshMillis }
        model.staleAfterMillis = try parseDuration(staleAfter, flag: "--stale-after") ?? 10_000
        model.utcOffsetSeconds = localUTCOffset()
        model.themeName = theme
        model.claimFeeUSD = figureOptions.claimFee
        if let scope = self.operator { model.operatorScope = scope }
        if let notice = saved.notice { model.notice = Notice(notice, at: model.now) }
        let program = Program(backend: screen, ingest: ingest, control: control, model: model,
                              wall: wallMillis, nudge: nudge)
        program.trapAfterFrames = debugTrapAfter
        if let file = saved.file { program.saveSettings = { file.save($0) } }
        program.log = { log.write($0) }
        if case let .coordinator(feed)? = source.network, let token = sourceOptions.bearer, !readonly {
            let actions = OperatorActions(base: feed.base, token: token, operatorID: self.operator, wall: wallMillis)
            program.perform = { await actions.perform($0) }
            program.enableActions()
        }
        program.interrupted = { Interrupt.pending }
        let reason = program.run()
        reader?.cancel()
        ingest.finishRecordings()
        return reason
    }
}

/// The settings file as read at start: what it said, where to write it back, and why it was not used.
struct SavedSettings {
    var settings: Settings
    var file: ConfigFile?
    var notice: String?
}
