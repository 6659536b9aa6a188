import Engine
import Foundation
import GRDB

/// The event log in SQLite through GRDB, in WAL mode with `synchronous = FULL`: a commit returns
/// only after the WAL is synced, so an acknowledged write survives kill -9 and power loss alike.
public final class SQLiteEventLog: EventLogStorage {
    private let pool: DatabasePool
    private let path: String

    public init(path: String) throws {
        self.path = path
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        pool = try DatabasePool(path: path, configuration: config)
        try pool.write { db in try Self.createSchema(db) }
    }

    private static func createSchema(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS records(seq INTEGER PRIMARY KEY, line BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS snapshots(seq INTEGER PRIMARY KEY, line BLOB NOT NULL);
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
            let insert = try db.cachedStatement(sql: "INSERT INTO records(seq, line) VALUES (?, ?)")
            for r in batch.records {
                try insert.execute(arguments: [r.seq, Data(r.line)])
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
        try await pool.read { db in
            var out = RecoveredLog()
            if let row = try Row.fetchOne(db, sql: "SELECT seq, line FROM snapshots ORDER BY seq DESC LIMIT 1") {
                out.snapshot = LoggedRecord(seq: row["seq"], line: [UInt8](row["line"] as Data))
            }
            let after = out.snapshot?.seq ?? 0
            out.records = try Self.fetchRecords(db, from: after + 1, limit: Int.max)
            out.lastSeq = max(after, try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM records") ?? 0)
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
        let cursor = try Row.fetchCursor(db, sql: "SELECT seq, line FROM records WHERE seq >= ? ORDER BY seq LIMIT ?",
                                         arguments: [seq, Int64(min(limit, Int(Int64.max)))])
        var out: [LoggedRecord] = []
        while let row = try cursor.next() {
            let line: Data = row["line"]
            out.append(LoggedRecord(seq: row["seq"], line: [UInt8](line)))
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
        try await pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO snapshots(seq, line) VALUES (?, ?)",
                           arguments: [snapshot.seq, Data(snapshot.line)])
            try db.execute(sql: "DELETE FROM snapshots WHERE seq < ?", arguments: [snapshot.seq])
            guard pruneThrough > 0 else { return }
            try db.execute(sql: "DELETE FROM records WHERE seq <= ?", arguments: [pruneThrough])
            try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('pruned_through', MAX(?, COALESCE((SELECT value FROM meta WHERE key = 'pruned_through'), 0)))",
                           arguments: [pruneThrough])
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
