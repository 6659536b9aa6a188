import Feed
import Simulation

/// The simulator run live: its records are released at the pace of their own event time, anchored
/// where the live part begins, so the history before it (the warm-up) arrives at once and the rest as
/// it happens. The anchor is the stream's time, not the wall clock's, so a skewed clock changes nothing.
public final class LiveSimulation: SourceDriver {
    private let simulator: Simulator
    /// Event time from which records are paced; earlier ones are due at once.
    private let liveFrom: Int64
    private var anchor: Int64?
    private var held: FeedItem?
    private var announced = false
    private var caughtUp = false
    private var released = 0
    /// Records not yet due are released together on a grid of this many milliseconds, rather than at
    /// each record's own moment: at most ten wakes a second however large the fleet. The screen
    /// refreshes once a second by default, so no one sees the difference.
    public static let releaseGrid: Int64 = 100

    public var name: String { simulator.name }

    public init(simulator: Simulator, liveFrom: Int64) {
        self.simulator = simulator
        self.liveFrom = liveFrom
    }

    public func poll(now: Int64, budget: Int) -> SourcePoll {
        let origin = anchor ?? now
        anchor = origin
        var events: [SourceEvent] = announced ? [] : [.phase(.live)]
        announced = true
        var items: [FeedItem] = []
        items.reserveCapacity(min(budget, 1024))
        var wake: Int64? = now
        while items.count < budget {
            guard let item = held ?? simulator.next() else { break }
            held = nil
            if case let .record(r, _) = item, r.seq != nil {
                let due = origin + max(0, r.ts - liveFrom)
                if due > now {
                    held = item
                    wake = LiveSimulation.onGrid(due, origin: origin)
                    break
                }
            }
            items.append(item)
        }
        if !items.isEmpty { events.append(.items(items)) }
        released += items.count
        // The warm-up is in: the screen shows it at once rather than at its next refresh (and the log says so).
        if held != nil, !caughtUp {
            caughtUp = true
            events += [.settled, .note("the warm-up is in: \(released) records")]
        }
        return SourcePoll(events: events, wake: wake)
    }

    /// The first grid point at or after `due`.
    static func onGrid(_ due: Int64, origin: Int64) -> Int64 {
        let late = (due - origin) % releaseGrid
        return late == 0 ? due : due + releaseGrid - late
    }

    /// The live simulator has no pause, speed or seek of its own (the view pauses instead).
    public func handle(_ command: SourceCommand, now: Int64) {}
}
