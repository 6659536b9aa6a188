import Engine

/// Everything a coordinator is started with; the executable fills it from its arguments.
public struct CoordinatorConfig: Sendable {
    public var host = "127.0.0.1"
    public var port = 7700
    /// Where the event log (SQLite) and admin.token live.
    public var dataDirectory: String
    public var engine = EngineConfig()
    /// How often nodes are expected to send a heartbeat.
    public var heartbeatIntervalMillis: Int64 = 5_000
    /// Length of a reward epoch (uptime is paid per epoch).
    public var epochMillis: Int64 = 60_000
    /// How often the engine is driven: liveness, placement, epochs.
    public var tickMillis: Int64 = 250
    /// Largest request body accepted (413 beyond).
    public var maxBodyBytes = 8 << 20
    /// Requests per second allowed to one client (a token, or an address without one); 429 beyond.
    public var requestsPerSecond: Double = 2_000
    /// Records kept in the log behind the latest snapshot; a stream asking for older ones gets 410.
    public var retainedRecords: Int64 = 1_000_000
    /// A snapshot is written every this many records, so a restart reads at most this many.
    public var snapshotEvery: Int64 = 1_000_000
    /// A stream this many records behind the head is cut off (it would never catch up).
    public var streamMaxLag: Int64 = 200_000
    /// A quiet stream gets a bookmark this often.
    public var bookmarkMillis: Int64 = 5_000
    /// Durable records kept in memory for streams (older ones are read from the log).
    public var tailCapacity = 1 << 17
    /// Anyone may read the snapshot, status and feed without a token.
    public var publicRead = false

    public init(dataDirectory: String) { self.dataDirectory = dataDirectory }
}
