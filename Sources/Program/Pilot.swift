import Dashboard
import Sources
import Store
import Synchronization
import UI

/// Virtual time for a pilot: milliseconds that move only when the test says so.
public final class VirtualTime: Sendable {
    private let millis: Atomic<Int64>
    public init(_ start: Int64) { millis = Atomic(start) }
    public var now: Int64 { millis.load(ordering: .relaxed) }
    public func set(_ t: Int64) { millis.store(t, ordering: .relaxed) }
}

/// Drives the whole program in-process on a virtual clock, as Textual's pilot does: the source is
/// stepped on the same clock, keys are pressed, and the screen is read back. Deterministic: nothing
/// runs but what the test asks for, so there is nothing to wait for.
public final class Pilot {
    public let program: Program
    public let backend: HeadlessBackend
    public let driver: any SourceDriver
    public let time: VirtualTime
    /// The wall clock at virtual time 0 (the status line's clock, the simulator's start).
    public let wallStart: Int64
    public private(set) var exit: ExitReason?
    private var sourceWake: Int64? = 0
    private var finished = false

    public init(driver: any SourceDriver, size: Size = Size(width: 120, height: 40), refreshMillis: Int64 = 1000,
                wallStart: Int64, utf8: Bool = true, recordingDirectory: String = ".") {
        let time = VirtualTime(0)
        self.time = time
        self.wallStart = wallStart
        self.driver = driver
        backend = HeadlessBackend(size: size, utf8: utf8)
        let ingest = Ingest(name: driver.name, wall: { wallStart + time.now })
        var model = Model(size: size, now: wallStart)
        model.refreshMillis = refreshMillis
        program = Program(backend: backend, ingest: ingest, control: SourceControl(), model: model,
                          wall: { wallStart + time.now })
        program.recordingDirectory = recordingDirectory
        settle()
    }

    /// The screen as text.
    public var screen: String { backend.text }
    /// The status line (the bottom row).
    public var statusLine: String { String(screen.split(separator: "\n", omittingEmptySubsequences: false).last ?? "") }
    public var model: Model { program.model }
    /// The data the next frame draws (the program borrows it for each frame and keeps none).
    public var state: ChainState { program.ingest.snapshot().state }

    public func press(_ keys: Key...) { for k in keys { send(.key(k)) } }

    public func type(_ text: String) { for c in text { send(.key(.char(c))) } }

    public func send(_ event: InputEvent) {
        guard exit == nil else { return }
        exit = program.handle(event)
        settle()
    }

    /// Moves the clock forward, stopping at every moment the source or the screen has something due.
    public func advance(by millis: Int64) {
        let target = time.now + millis
        while time.now < target {
            let refreshAt = program.nextRefresh - wallStart
            var next = min(target, max(time.now + 1, refreshAt))
            if let wake = sourceWake, wake > time.now { next = min(next, wake) }
            time.set(next)
            settle()
        }
    }

    /// Runs what is due now: the source's records, a refresh, and a frame.
    public func settle() {
        pumpSource()
        program.refreshIfDue(now: wallStart + time.now)
        program.drawIfDirty()
        // A filter's count, completed as the loop completes it when no key waits.
        while program.runIdleWork() { program.drawIfDirty() }
        program.releaseIfDue(now: wallStart + time.now)
    }

    private func pumpSource() {
        guard !finished else { return }
        // A bound on the rounds, so a source that is always due cannot hang a test.
        for _ in 0..<100_000 {
            let now = time.now
            for command in program.control.take() { driver.handle(command, now: now) }
            let poll = driver.poll(now: now, budget: 4096)
            for event in poll.events { program.ingest.apply(event) }
            sourceWake = poll.wake
            finished = poll.finished
            guard !finished, let wake = poll.wake, wake <= now else { return }
        }
    }
}
