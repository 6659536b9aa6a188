import FoundationEssentials

/// What a running agent believes, written to its state file after every heartbeat so that
/// `chaintop-agent status` can set it beside what the coordinator believes.
public struct AgentState: Codable, Sendable, Equatable {
    public var node: String
    public var operatorID: String
    public var coordinator: String
    /// The node's own token: `status` reads the coordinator with it (the file is mode 0600).
    public var token: String
    public var pid: Int32
    /// `joining`, `online`, `reconnecting` (the coordinator cannot be reached), `draining`, `left`.
    public var phase: String
    public var heartbeatMillis: Int64
    /// When the last heartbeat was sent and when the coordinator last accepted one.
    public var lastSent: Int64?
    public var lastAccepted: Int64?
    /// Tasks whose child runs now.
    public var running: [String]
    /// Reports made and not yet answered (they are retried).
    public var pendingReports: Int
    /// Tasks reported done and accepted, their units, and tasks reported failed.
    public var done: Int
    public var unitsDone: Double
    public var failed: Int
    public var lastError: String?
    public var updated: Int64

    public init(node: String, operatorID: String, coordinator: String, token: String, pid: Int32, heartbeatMillis: Int64) {
        self.node = node; self.operatorID = operatorID; self.coordinator = coordinator; self.token = token
        self.pid = pid; self.phase = "joining"; self.heartbeatMillis = heartbeatMillis
        self.running = []; self.pendingReports = 0; self.done = 0; self.unitsDone = 0; self.failed = 0; self.updated = 0
    }

    enum CodingKeys: String, CodingKey {
        case node, operatorID = "operator", coordinator, token, pid, phase, heartbeatMillis = "heartbeat_ms"
        case lastSent = "last_sent", lastAccepted = "last_accepted", running, pendingReports = "pending_reports"
        case done, unitsDone = "units_done", failed, lastError = "last_error", updated
    }

    /// Writes the file whole under a temporary name, then renames it: a reader never sees half of it.
    func save(to path: String) -> Bool {
        guard let data = try? JSONEncoder().encode(self) else { return false }
        let temporary = path + ".tmp"
        guard writeText(temporary, String(decoding: data, as: UTF8.self), mode: 0o600) else { return false }
        return rename(temporary, path) == 0
    }

    public static func load(from path: String) -> AgentState? {
        readText(path).flatMap { try? JSONDecoder().decode(AgentState.self, from: Data($0.utf8)) }
    }

    /// `$XDG_STATE_HOME/chaintop-agent/NODE.json`, or under ~/.local/state.
    public static func defaultPath(node: String) -> String {
        let env = ProcessEnvironment.self
        let base = env.value("XDG_STATE_HOME") ?? ((env.value("HOME") ?? "/tmp") + "/.local/state")
        let file = String(node.map { $0 == "/" ? "_" : $0 })
        return base + "/chaintop-agent/" + file + ".json"
    }
}

#if canImport(Glibc)
import Glibc
#endif

public enum ProcessEnvironment {
    public static func value(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
}

/// Creates `path`'s parent directories (mode 0700), like `mkdir -p`.
func makeParents(of path: String) {
    var prefix = path.hasPrefix("/") ? "" : "."
    for part in path.split(separator: "/").dropLast() {
        prefix += "/" + part
        mkdir(prefix, 0o700)
    }
}

/// Milliseconds since the Unix epoch.
public func wallMillis() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
}
