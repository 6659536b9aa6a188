import Dashboard
import Sources
import Synchronization
import UI

/// Why the program stopped.
public enum ExitReason: Sendable, Equatable {
    case quit
    case endOfInput
    case signal(Int32)
}

/// The run loop (bubbletea's Program): messages in — keys, mouse, resizes, ticks and the data the
/// ingest publishes — `update` applies them, and `view` is drawn through a backend when something may
/// have changed. Effects go out as commands to the source or to the ingest.
public final class Program {
    public let backend: any TerminalBackend
    public let ingest: Ingest
    public let control: SourceControl
    public private(set) var model: Model
    /// Wall-clock milliseconds; virtual in tests.
    let wall: () -> Int64
    let nudge: Nudge?
    var nextRefresh: Int64
    var dirty = true
    public private(set) var frames = 0
    /// Checked between waits: a signal number that asks the loop to stop, or nil.
    public var interrupted: () -> Int32? = { nil }
    /// For the end-to-end test that a crash restores the terminal: trap after this many frames.
    public var trapAfterFrames: Int?
    /// Where R writes its recordings.
    public var recordingDirectory = "."
    /// Sends an operator's action to the coordinator and answers with what it said; nil: actions are off.
    public var perform: (@Sendable (OperatorAction) async -> String)?
    let answers = Answers()
    /// Writes the settings file and answers with what went wrong, or nil; nil: nothing is written (--no-config).
    public var saveSettings: ((Settings) -> String?)?
    /// Writes a line to the log file: a key whose frame took longer than one (16 ms) says where the time went.
    public var log: ((String) -> Void)?
    /// When the memory a large piece of work freed is handed back to the system (wall ms), if it is to be.
    var releaseDue: Int64?
    /// How long after the last key and the last work: a burst of keys (a filter typed, sorts flipped
    /// through) reuses the scratch pages of the one before instead of faulting fresh zeroed ones in.
    static let releaseDelay: Int64 = 3000
    /// When the key being answered was read, and how long its update and effect took (ms).
    private var keyRead: (at: ContinuousClock.Instant, key: Key, update: Double)?

    public init(backend: any TerminalBackend, ingest: Ingest, control: SourceControl, model: Model,
                wall: @escaping () -> Int64, nudge: Nudge? = nil) {
        self.backend = backend
        self.ingest = ingest
        self.control = control
        self.model = model
        self.wall = wall
        self.nudge = nudge
        nextRefresh = wall()
        self.model.ascii = !backend.utf8
    }

    /// Runs until `q`, the end of input or a signal; the caller restores the terminal.
    public func run() -> ExitReason {
        while true {
            if let sig = interrupted() { return .signal(sig) }
            refreshIfDue(now: wall())
            drawIfDirty()
            releaseIfDue(now: wall())
            // Work left for later (a filter's count) goes on while no key is waiting.
            let wakeAt = min(nextRefresh, releaseDue ?? .max)
            let timeout = model.derived.hasLaterWork ? 0 : max(1, wakeAt - wall())
            guard let event = backend.nextInput(timeoutMillis: Int(min(timeout, 60_000)), wake: nudge?.readEnd) else {
                // Woken by the ingest: a seek or step landed, or the source ended. Show it now.
                if nudge?.drain() == true { nextRefresh = wall() }
                runIdleWork()
                continue
            }
            if let reason = handle(event) { return reason }
        }
    }

    /// The published data and a tick, when the refresh interval has passed.
    public func refreshIfDue(now: Int64) {
        for text in answers.take() {
            _ = update(&model, .actionResult(text))
            dirty = true
        }
        guard now >= nextRefresh else { return }
        var waiting = false
        withData { _ = update(&model, .tick(now: now)); waiting = model.live.state.seq == 0 }
        // Until the first records arrive, look again soon rather than a whole interval later.
        nextRefresh = now + (waiting ? min(100, model.refreshMillis) : model.refreshMillis)
        dirty = true
    }

    public func drawIfDirty() {
        guard dirty else { return }
        var frame: Canvas?
        withData { frame = view(model) }
        if let frame { backend.draw(frame) }
        if let k = keyRead {
            keyRead = nil
            let total = Program.millis(since: k.at)
            if total > 16 { logSlowKey(k.key, total: total, update: k.update) }
        }
        dirty = false
        frames += 1
        if let limit = trapAfterFrames, frames >= limit { preconditionFailure("debug trap requested") }
    }

    /// Hands freed memory back once no key and no work has come for `releaseDelay`.
    func releaseIfDue(now: Int64) {
        guard let due = releaseDue, now >= due, !model.derived.hasLaterWork else { return }
        releaseDue = nil
        releaseFreedMemory()
    }

    /// One step of work left for later; false when there is none.
    @discardableResult public func runIdleWork() -> Bool {
        guard model.derived.hasLaterWork else { return false }
        withData { _ = update(&model, .idle) }
        if !model.derived.hasLaterWork { releaseDue = wall() + Program.releaseDelay }
        dirty = true
        return true
    }

    /// Runs `body` with the model on the data as it is now, borrowed from the ingest (under its lock,
    /// so nothing is copied), and lets go of it after. The rows and figures are recomputed first when
    /// the fleet's layout moved since they were (a key between two refreshes acts on rows of the nodes it sees).
    func withData(_ body: () -> Void) {
        ingest.read { data in
            _ = update(&model, .data(data))
            // Rows are indices into the fleet: they hold until a node joins or leaves.
            if model.frozen == nil, data.state.fleet.layout.value != model.derived.layout { _ = update(&model, .tick(now: wall())) }
            body()
            _ = update(&model, .data(data.withoutState))
        }
    }

    /// One input event: update, then the effect it asks for. Returns a reason when the loop should end.
    public func handle(_ event: InputEvent) -> ExitReason? {
        let message: Message
        switch event {
        case .endOfInput: return .endOfInput
        case .redraw:
            backend.invalidate()
            dirty = true
            return nil
        case let .key(k): message = .key(k)
        case let .mouse(m): message = .mouse(m)
        case let .resize(s):
            backend.invalidate()
            message = .resize(s)
        }
        dirty = true
        if releaseDue != nil { releaseDue = wall() + Program.releaseDelay }
        var effect: Effect?
        let read = ContinuousClock.now
        withData { effect = update(&model, message) }
        defer { if case let .key(k) = message { keyRead = (read, k, Program.millis(since: read)) } }
        switch effect {
        case .quit: return .quit
        case .toggleRecording:
            ingest.toggleRecording(directory: recordingDirectory)
            nextRefresh = wall()  // show the ● REC marker (or its end) at once
        case let .replay(command):
            control.send(SourceCommand(command))
            nextRefresh = wall()  // show that it is under way at once, and again when the source is done
        case let .act(action):
            send(action)
        case let .saveSettings(settings):
            if let failure = saveSettings?(settings) { model.notice = Notice(failure, at: wall()) }
        case nil: break
        }
        return nil
    }
}

extension Program {
    /// A key slower than a frame, with where it was pressed: the screen, its sort and filter.
    func logSlowKey(_ key: Key, total: Double, update: Double) {
        func ms(_ v: Double) -> String { "\((v * 10).rounded() / 10) ms" }
        let list = model.list
        let on = "\(model.screen) sorted by column \(list.sortColumn)\(list.descending ? " descending" : "")"
            + (list.filter.isEmpty ? "" : ", filter /\(list.filter)")
        log?("slow key \(key) on \(on): \(ms(total)) to the frame (update and effect \(ms(update)))")
    }

    static func millis(since t: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - t
        return Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    /// d, c and v are offered (the program has somewhere to send them).
    public func enableActions() { model.actionsEnabled = perform != nil }

    /// Sends an action off the drawing path; its answer is shown as soon as it comes (the nudge wakes
    /// the loop), and its effect arrives later as feed records.
    func send(_ action: OperatorAction) {
        guard let perform else { _ = update(&model, .actionResult("actions are off (read-only)")); return }
        let answers = self.answers, nudge = self.nudge
        Task.detached {
            answers.put(await perform(action))
            nudge?.poke()
        }
    }
}

/// Answers to actions, handed from the task that sent them to the loop that shows them.
final class Answers: Sendable {
    private let pending = Mutex<[String]>([])
    func put(_ text: String) { pending.withLock { $0.append(text) } }
    func take() -> [String] { pending.withLock { p in defer { p.removeAll() }; return p } }
}

extension SourceCommand {
    init(_ c: ReplayCommand) {
        switch c {
        case .togglePlay: self = .togglePlay
        case .faster: self = .faster
        case .slower: self = .slower
        case let .seek(by): self = .seek(by: by)
        case let .seekTo(offset): self = .seekTo(offset: offset)
        case .step: self = .step
        }
    }
}
