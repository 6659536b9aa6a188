import Engine
import Feed

/// One record as the log holds it: its seq and its JSON line (without the newline).
public struct LoggedRecord: Sendable, Equatable {
    public var seq: Int64
    public var line: [UInt8]
    public init(seq: Int64, line: [UInt8]) { self.seq = seq; self.line = line }
}

/// A submitted task the log keeps until it ends, so a restart re-queues or re-places it.
public struct TaskRow: Sendable, Equatable {
    public enum State: String, Sendable { case queued, assigned, running }
    public var spec: TaskSpec
    public var state: State
    public var node: String?
    /// Queue order (submissions and retries go to the back).
    public var position: Int64
}

/// A token as stored: only its hash, and whom it speaks for.
public struct StoredToken: Sendable, Equatable {
    public var hash: String
    public var principal: Principal
    public var created: Int64
}

/// What one group commit writes, in one transaction.
public struct LogBatch: Sendable {
    public var records: [LoggedRecord] = []
    public var tasks: [TaskChange] = []
    public var tokens: [StoredToken] = []
    public var closedEpoch: Int64?
    /// The same records as values, for the Store (not written: the lines are).
    public var applied: [FeedRecord] = []
    public init() {}
    public var isEmpty: Bool { records.isEmpty && tasks.isEmpty && tokens.isEmpty && closedEpoch == nil }

    public mutating func merge(_ other: LogBatch) {
        records.append(contentsOf: other.records)
        applied.append(contentsOf: other.applied)
        tasks.append(contentsOf: other.tasks)
        tokens.append(contentsOf: other.tokens)
        if let e = other.closedEpoch { closedEpoch = e }
    }
}

public enum TaskChange: Sendable, Equatable {
    case upsert(TaskRow)
    case remove(String)
}

/// Everything a restart needs, as the log left it.
public struct RecoveredLog: Sendable {
    /// The latest snapshot line (a feed `snapshot` record), if any.
    public var snapshot: LoggedRecord?
    /// The records after the snapshot, in seq order.
    public var records: [LoggedRecord] = []
    public var tasks: [TaskRow] = []
    public var tokens: [StoredToken] = []
    public var closedEpoch: Int64?
    /// The last seq written (0 for a new log).
    public var lastSeq: Int64 = 0
}

/// Where the event log lives. SQLite is the embedded default; a PostgreSQL backend can follow.
/// `commit` returns only once the batch is durable (committed and synced).
public protocol EventLogStorage: Sendable {
    func recover() async throws -> RecoveredLog
    func commit(_ batch: LogBatch) async throws
    /// Up to `limit` records with seq ≥ `seq`, in order.
    func records(from seq: Int64, limit: Int) async throws -> [LoggedRecord]
    /// The oldest seq still held (1 until anything is pruned).
    func oldestSeq() async throws -> Int64
    /// Stores a snapshot (a feed `snapshot` line for `seq`) and drops records at or below `pruneThrough`.
    func saveSnapshot(_ snapshot: LoggedRecord, pruneThrough: Int64) async throws
    /// Bytes the log takes on disk.
    func sizeBytes() async throws -> Int64
    /// Upkeep off the commit path, called about once a second (SQLite checkpoints its WAL).
    func maintain() async
}
