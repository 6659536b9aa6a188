import Engine
import Foundation
import GRDB

/// The event log in SQLite through GRDB, in WAL mode with `synchronous = FULL`: a commit returns
/// only after the WAL is synced, so an acknowledged write survives kill -9 and power loss alike.
/// Records are stored as chunks, one row per group commit holding its lines (a run of seqs): a row
/// per record cost more in B-tree upkeep than the sync itself at 100,000 records a second.
public final class SQLiteEventLog: EventLogStorage {
    private let pool: DatabasePool
    /// A connection of its own for checkpoints, which then run beside commits instead of inside one.
    private let checkpointer: DatabaseQueue
    private let path: String
    /// Snapshots are files beside the database: writing one never holds the log's write lock.
    private let snapshots: SnapshotFiles

    public init(path: String) throws {
        self.path = path
        snapshots = SnapshotFiles(directory: (path as NSString).deletingLastPathComponent)
        var config = Configuration()
        config.busyMode = .timeout(10)  // the checkpointer's connection may hold a lock for a moment
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")  // see maintain()
        }
        pool = try DatabasePool(path: path, configuration: config)
        checkpointer = try DatabaseQueue(path: path, configuration: config)
        try pool.write { db in try Self.createSchema(db) }
    }

    private static func createSchema(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS chunks(first INTEGER PRIMARY KEY, last INTEGER NOT NULL, lines BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS tasks(id TEXT PRIMARY KEY, cpu REAL NOT NULL, mem_gb REAL NOT NULL,
                gpus INTEGER NOT NULL, units REAL NOT NULL, kind TEXT, attempt INTEGER NOT NULL,
                state TEXT NOT NULL, node TEXT, position INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS tokens(hash TEXT PRIMARY KEY, role TEXT NOT NULL, operator TEXT,
                node TEXT, created INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
            """)
    }

    public func commit(_ batch: LogBatch) async throws {
        try await pool.write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO chunks(first, last, lines) VALUES (?, ?, ?)")
            for run in Self.runs(batch.records) {
                try insert.execute(arguments: [run.first, run.last, run.lines])
            }
            for change in batch.tasks { try Self.apply(change, db) }
            for t in batch.tokens {
                let (role, op, node) = t.principal.columns
                try db.execute(sql: "INSERT OR REPLACE INTO tokens(hash, role, operator, node, created) VALUES (?, ?, ?, ?, ?)",
                               arguments: [t.hash, role, op, node, t.created])
            }
            if let e = batch.closedEpoch {
                try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('closed_epoch', ?)", arguments: [e])
            }
        }
    }

    /// The records as runs of consecutive seqs, each with its lines joined by newlines.
    static func runs(_ records: [LoggedRecord]) -> [(first: Int64, last: Int64, lines: Data)] {
        var out: [(first: Int64, last: Int64, lines: Data)] = []
        for r in records {
            if let last = out.last?.last, r.seq == last + 1 {
                out[out.count - 1].last = r.seq
                out[out.count - 1].lines.append(0x0A)
                out[out.count - 1].lines.append(contentsOf: r.line)
            } else {
                out.append((r.seq, r.seq, Data(r.line)))
            }
        }
        return out
    }

    private static func apply(_ change: TaskChange, _ db: Database) throws {
        switch change {
        case let .remove(id):
            try db.cachedStatement(sql: "DELETE FROM tasks WHERE id = ?").execute(arguments: [id])
        case let .upsert(row):
            let s = row.spec
            try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO tasks(id, cpu, mem_gb, gpus, units, kind, attempt, state, node, position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [s.id, s.resources.cpu, s.resources.memGB, s.resources.gpus, s.units, s.kind,
                                         s.attempt, row.state.rawValue, row.node, row.position])
        }
    }

    public func recover() async throws -> RecoveredLog {
        let snapshots = self.snapshots
        return try await pool.read { db in
            var out = RecoveredLog()
            out.snapshot = try snapshots.latest()
            let after = out.snapshot?.seq ?? 0
            out.records = try Self.fetchRecords(db, from: after + 1, limit: Int.max)
            out.lastSeq = max(after, try Int64.fetchOne(db, sql: "SELECT MAX(last) FROM chunks") ?? 0)
            out.tasks = try Self.fetchTasks(db)
            out.tokens = try Row.fetchAll(db, sql: "SELECT hash, role, operator, node, created FROM tokens").compactMap { row in
                Principal(role: row["role"], operatorID: row["operator"], node: row["node"])
                    .map { StoredToken(hash: row["hash"], principal: $0, created: row["created"]) }
            }
            out.closedEpoch = try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'closed_epoch'")
            return out
        }
    }

    private static func fetchTasks(_ db: Database) throws -> [TaskRow] {
        try Row.fetchAll(db, sql: "SELECT * FROM tasks ORDER BY position").compactMap { row in
            guard let state = TaskRow.State(rawValue: row["state"]) else { return nil }
            var spec = TaskSpec(id: row["id"], resources: Resources(cpu: row["cpu"], memGB: row["mem_gb"], gpus: row["gpus"]),
                                units: row["units"], kind: row["kind"])
            spec.attempt = row["attempt"]
            return TaskRow(spec: spec, state: state, node: row["node"], position: row["position"])
        }
    }

    private static func fetchRecords(_ db: Database, from seq: Int64, limit: Int) throws -> [LoggedRecord] {
        let cursor = try Row.fetchCursor(db, sql: "SELECT first, lines FROM chunks WHERE last >= ? ORDER BY first", arguments: [seq])
        var out: [LoggedRecord] = []
        while out.count < limit, let row = try cursor.next() {
            var next: Int64 = row["first"]
            let lines: Data = row["lines"]
            for line in lines.split(separator: 0x0A, omittingEmptySubsequences: false) {
                defer { next += 1 }
                guard next >= seq else { continue }
                out.append(LoggedRecord(seq: next, line: [UInt8](line)))
                if out.count == limit { break }
            }
        }
        return out
    }

    public func records(from seq: Int64, limit: Int) async throws -> [LoggedRecord] {
        try await pool.read { db in try Self.fetchRecords(db, from: seq, limit: limit) }
    }

    public func oldestSeq() async throws -> Int64 {
        try await pool.read { db in
            let pruned = try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'pruned_through'") ?? 0
            return pruned + 1
        }
    }

    public func saveSnapshot(_ snapshot: LoggedRecord, pruneThrough: Int64) async throws {
        try snapshots.write(snapshot)
        guard pruneThrough > 0 else { return }
        try await pool.write { db in
            // Whole chunks only: what is held stays a run with no hole.
            guard let through = try Int64.fetchOne(db, sql: "SELECT MAX(last) FROM chunks WHERE last <= ?", arguments: [pruneThrough]) else { return }
            try db.execute(sql: "DELETE FROM chunks WHERE last <= ?", arguments: [through])
            try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('pruned_through', ?)", arguments: [through])
        }
    }

    /// Copies the WAL into the database without waiting for the writer; the WAL starts over once all of
    /// it is copied. A commit that had to checkpoint itself stalled for tens of milliseconds.
    /// Under steady writes a passive checkpoint never catches the writer up and the WAL would grow
    /// without end: past 64 MiB a RESTART checkpoint waits for the writer and copies what is left
    /// (little, after the passive ones), and the WAL starts over.
    public func maintain() async {
        let walPages = (try? await checkpointer.writeWithoutTransaction { db in
            try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)").map { $0[1] as Int } ?? 0
        }) ?? 0
        guard walPages > 16_384 else { return }
        _ = try? await checkpointer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(RESTART)")
        }
    }

    public func sizeBytes() async throws -> Int64 {
        let fm = FileManager.default
        return [path, path + "-wal"].reduce(Int64(0)) { sum, p in
            let size = (try? fm.attributesOfItem(atPath: p)[.size] as? NSNumber)?.int64Value ?? 0
            return sum + size
        }
    }
}

extension Principal {
    /// The (role, operator, node) columns a token row stores.
    var columns: (String, String?, String?) {
        switch self {
        case .admin: (Role.admin.rawValue, nil, nil)
        case let .operatorAccount(op): (Role.operatorAccount.rawValue, op, nil)
        case let .node(id, op): (Role.node.rawValue, op, id)
        case .publisher: (Role.publisher.rawValue, nil, nil)
        case .reader: (Role.reader.rawValue, nil, nil)
        }
    }

    init?(role: String, operatorID: String?, node: String?) {
        switch (Role(rawValue: role), operatorID, node) {
        case (.admin?, _, _): self = .admin
        case let (.operatorAccount?, op?, _): self = .operatorAccount(op)
        case let (.node?, op?, id?): self = .node(id: id, operatorID: op)
        case (.publisher?, _, _): self = .publisher
        case (.reader?, _, _): self = .reader
        default: return nil
        }
    }
}
