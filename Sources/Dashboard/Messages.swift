import UI

/// The seven screens, in tab order (keys 1–7; `!` is Alerts too).
public enum Screen: Int, Sendable, CaseIterable {
    case overview, fleet, rewards, stablecoins, tvl, governance, alerts

    public var title: String {
        switch self {
        case .overview: "Overview"
        case .fleet: "Fleet"
        case .rewards: "Rewards"
        case .stablecoins: "Stablecoins"
        case .tvl: "TVL"
        case .governance: "Governance"
        case .alerts: "Alerts"
        }
    }

    /// The tab's label where all seven tabs would not fit in 80 columns.
    public var shortTitle: String {
        switch self {
        case .stablecoins: "Coins"
        case .governance: "Gov"
        default: title
        }
    }

    public init?(name: String) {
        guard let s = Screen.allCases.first(where: { $0.title.lowercased() == name.lowercased() }) else { return nil }
        self = s
    }
}

/// Everything that can happen to the dashboard (bubbletea's Msg).
public enum Message: Sendable {
    case key(Key)
    case mouse(Mouse)
    case resize(Size)
    /// The wall clock moved: the figures are recomputed if the data changed since the last tick.
    case tick(now: Int64)
    /// The state as the source has brought it so far, and the source's status (published by the
    /// program's ingest, which applies the records; the view draws from the last one received).
    case data(DataView)
    /// What the coordinator answered to an action: "accepted (seq N)" or its reason for refusing.
    case actionResult(String)
    /// Nothing else to do: take the next step of work left for later (the rest of a filter's matches).
    case idle
}

/// What `update` asks the program to do.
public enum Effect: Sendable, Equatable {
    case quit
    /// R: start or stop recording what is shown.
    case toggleRecording
    case replay(ReplayCommand)
    /// An operator's action, confirmed: the program sends it to the coordinator.
    case act(OperatorAction)
    /// A sort or the operator scope changed: the program writes the settings file.
    case saveSettings(Settings)
}

/// Playback commands for a replayed recording.
public enum ReplayCommand: Sendable, Equatable {
    case togglePlay
    case faster
    case slower
    /// Move by this much event time (negative: back).
    case seek(by: Int64)
    /// Go to this much event time after the recording's start.
    case seekTo(offset: Int64)
    /// One record forward while paused.
    case step
}

/// Where a replay is: shown in the status line with a progress bar.
public struct ReplayStatus: Sendable, Equatable {
    public var position: Int64
    public var start: Int64
    public var end: Int64
    /// 0 means as fast as it can be read.
    public var speed: Double
    public var playing: Bool
    /// Where a seek under way is going (a gzip file or a large fleet's keyframe can take a while).
    public var seekingTo: Int64?
    /// False for an input read once (a pipe or FIFO): no seeking.
    public var seekable: Bool
    public init(position: Int64, start: Int64, end: Int64, speed: Double, playing: Bool, seekingTo: Int64? = nil,
                seekable: Bool = true) {
        self.position = position; self.start = start; self.end = end; self.speed = speed; self.playing = playing
        self.seekingTo = seekingTo; self.seekable = seekable
    }
}

/// Where the data comes from and how it is flowing, for the status line.
/// How a network source's connection is doing, as the status line shows it.
public enum Connection: Sendable, Equatable {
    case connecting
    case live
    /// Catching up: this many records and this much event time behind.
    case lagging(records: Int, millis: Int64)
    /// Dropped; the next try is at this wall-clock time.
    case reconnecting(at: Int64, reason: String)
    /// Given up (a refused token): the last data stays on the screen.
    case lost(reason: String)
}

public struct SourceStatus: Sendable, Equatable {
    public var name: String
    public var recordsPerSecond: Double
    /// Wall-clock time the last record arrived.
    public var lastRecordAt: Int64?
    public var ended: Bool
    public var error: String?
    /// Set when the source is a recording being played back.
    public var replay: ReplayStatus?
    /// The file being recorded to (R), with its line count.
    public var recording: String?
    /// A network source's connection (the coordinator, DefiLlama); nil for a file or the simulator.
    public var connection: Connection?
    /// The recording R last stopped, and when (wall clock): the status line names it for a while.
    public var saved: Saved?

    public struct Saved: Sendable, Equatable {
        public var path: String
        public var at: Int64
        public init(path: String, at: Int64) { self.path = path; self.at = at }
    }

    public init(name: String, recordsPerSecond: Double = 0, lastRecordAt: Int64? = nil, ended: Bool = false,
                error: String? = nil) {
        self.name = name; self.recordsPerSecond = recordsPerSecond; self.lastRecordAt = lastRecordAt
        self.ended = ended; self.error = error
    }
}
