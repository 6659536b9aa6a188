/// A source as a state machine on a clock it is handed: asked what is due at `now` (milliseconds of
/// a monotonic clock), it answers with events and when to ask again. No sleeping and no threads, so a
/// test steps it on a virtual clock; `SourceEvents` runs it as an `AsyncSequence` on a real one.
public protocol SourceDriver: AnyObject {
    /// Shown in the status line: "sim:7", "replay:demo.jsonl".
    var name: String { get }
    /// The events due at `now`, at most about `budget` records of them.
    func poll(now: Int64, budget: Int) -> SourcePoll
    /// Takes a command; its effect shows in the next poll.
    func handle(_ command: SourceCommand, now: Int64)
}

/// A poll's answer.
public struct SourcePoll: Sendable {
    public var events: [SourceEvent]
    /// When something is next due: nil waits for a command only; a time at or before `now` means at once.
    public var wake: Int64?
    /// The source has ended for good: no later poll will yield anything.
    public var finished: Bool

    public init(events: [SourceEvent] = [], wake: Int64?, finished: Bool = false) {
        self.events = events; self.wake = wake; self.finished = finished
    }
}
