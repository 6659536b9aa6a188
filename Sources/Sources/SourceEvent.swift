import Feed
import Store

/// What a source says besides its records: how the connection or the file is doing.
public enum SourcePhase: Sendable, Equatable {
    case connecting
    /// Records are flowing (or the source is waiting for the next one's time).
    case live
    /// Behind by this many records and this much event time (a network source catching up).
    case lagging(records: Int, millis: Int64)
    /// The connection went away; the next try is in `retryMillis`.
    case lost(reason: String, retryMillis: Int64?)
    /// Nothing more will come (a recording played to its end).
    case ended
}

/// Where a replay is, for the status line's progress bar.
public struct ReplayProgress: Sendable, Equatable {
    public var position: Int64
    public var start: Int64
    public var end: Int64
    /// Event time per wall time; 0 means as fast as it can be read.
    public var speed: Double
    public var playing: Bool
    /// The target of a seek that is under way.
    public var seekingTo: Int64?
    /// False for an input that can be read only once (a pipe): no seeking, no loop.
    public var seekable: Bool

    public init(position: Int64, start: Int64, end: Int64, speed: Double, playing: Bool, seekingTo: Int64? = nil,
                seekable: Bool = true) {
        self.position = position; self.start = start; self.end = end; self.speed = speed
        self.playing = playing; self.seekingTo = seekingTo; self.seekable = seekable
    }
}

/// One thing a source yields, in order.
public enum SourceEvent: Sendable {
    /// Records (and skipped lines) to apply in order.
    case items([FeedItem])
    /// Start from this state instead of the one built so far: a seek landed, a loop or a replaced
    /// file starts again (an empty store), a network source re-listed from a snapshot.
    case restart(Store)
    case phase(SourcePhase)
    case replay(ReplayProgress)
    /// A command (seek, step, speed) has been carried out: the screen should show it now.
    case settled
    /// Something worth a line in the log (a failed seek, a file that was replaced).
    case note(String)
}

/// What the program asks of a source. A source that cannot do one (a live simulator cannot seek)
/// ignores it. The dashboard's `ReplayCommand` says the same in its own module, which knows nothing
/// of sources; the program maps one to the other.
public enum SourceCommand: Sendable, Equatable {
    case togglePlay
    case faster
    case slower
    /// Move by this much event time (negative: back).
    case seek(by: Int64)
    /// Go to this much event time after the start.
    case seekTo(offset: Int64)
    /// One record forward while paused.
    case step
}
