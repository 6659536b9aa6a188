import Feed

/// How an agent was started (the executable fills it from its arguments).
public struct AgentConfig: Sendable {
    public var coordinator: String
    /// An operator token, the admin token (with `operatorID`), or the node's own token (with `operatorID`).
    public var token: String
    public var operatorID: String?
    public var node: String
    public var region: String
    public var nodeClass: NodeClass?
    public var heartbeatMillis: Int64 = 10_000
    /// Nice value of task children.
    public var nice: Int32 = 10
    /// A cgroup v2 directory delegated to the agent, under which each task gets its own.
    public var cgroupRoot: String?
    public var allowList = AllowList()
    public var statePath: String
    /// How long SIGTERM waits for running tasks before handing them back.
    public var drainMillis: Int64 = 30_000

    public init(coordinator: String, token: String, node: String, region: String, statePath: String) {
        self.coordinator = coordinator; self.token = token; self.node = node; self.region = region
        self.statePath = statePath
    }
}
