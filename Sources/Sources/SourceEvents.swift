import AsyncAlgorithms

/// A driver run on a clock as an `AsyncSequence` of events: it waits on the clock for the next due
/// record, or for a command, whichever comes first. Pulled, so a consumer that falls behind slows the
/// source instead of piling events up. Iterate it once.
public struct SourceEvents<C: Clock>: AsyncSequence, Sendable where C.Duration == Duration {
    public typealias Element = SourceEvent
    public typealias Failure = Never

    private let driver: DriverBox
    private let clock: C
    public let control: SourceControl
    /// Records per event: small enough that a command is seen within a few milliseconds.
    public var budget = 4096

    public init(driver: any SourceDriver, clock: C, control: SourceControl = SourceControl()) {
        self.driver = DriverBox(driver)
        self.clock = clock
        self.control = control
    }

    public var name: String { driver.driver.name }

    public func makeAsyncIterator() -> Iterator {
        Iterator(driver: driver.driver, clock: clock, control: control, budget: budget)
    }

    public struct Iterator: AsyncIteratorProtocol {
        let driver: any SourceDriver
        let clock: C
        let control: SourceControl
        let budget: Int
        let origin: C.Instant
        private var buffer: [SourceEvent] = []
        private var next = 0
        private var finished = false

        init(driver: any SourceDriver, clock: C, control: SourceControl, budget: Int) {
            self.driver = driver
            self.clock = clock
            self.control = control
            self.budget = budget
            origin = clock.now
        }

        public mutating func next() async -> SourceEvent? {
            while true {
                if next < buffer.count {
                    defer { next += 1 }
                    return buffer[next]
                }
                if finished || Task.isCancelled { return nil }
                let now = millis(clock.now)
                for command in control.take() { driver.handle(command, now: now) }
                let poll = driver.poll(now: now, budget: budget)
                buffer = poll.events
                next = 0
                finished = poll.finished
                guard buffer.isEmpty, !finished else { continue }
                if let wake = poll.wake, wake <= now { await Task.yield(); continue }
                await control.wait(until: poll.wake.map { origin.advanced(by: .milliseconds($0)) }, clock: clock)
            }
        }

        private func millis(_ instant: C.Instant) -> Int64 {
            let d = origin.duration(to: instant).components
            return d.seconds * 1000 + d.attoseconds / 1_000_000_000_000_000
        }
    }
}

/// Hands a driver to the task that iterates it, its only user from then on.
final class DriverBox: @unchecked Sendable {
    let driver: any SourceDriver
    init(_ driver: any SourceDriver) { self.driver = driver }
}

extension SourceEvents {
    /// The events with the driver run ahead on a task of its own, a few batches at most: the source
    /// makes the next batch while the consumer applies this one (the simulator's warm-up and the store
    /// then take a core each). Still bounded, so a consumer that falls behind slows the source.
    public var pipelined: some AsyncSequence<SourceEvent, Never> & Sendable { buffer(policy: .bounded(4)) }
}
