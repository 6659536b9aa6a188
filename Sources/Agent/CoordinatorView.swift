import FoundationEssentials

/// What the coordinator believes about one node: its `/v1/status` line and, from `/v1/snapshot`, the
/// last heartbeat it recorded and the rewards it booked.
public struct CoordinatorView: Sendable, Equatable {
    public var listed: Bool
    public var status: String?
    public var reason: String?
    public var since: Int64?
    public var tasks: Int?
    public var lastHeartbeat: Int64?
    public var rewards: String?

    public init(listed: Bool, status: String? = nil, reason: String? = nil, since: Int64? = nil, tasks: Int? = nil,
                lastHeartbeat: Int64? = nil, rewards: String? = nil) {
        self.listed = listed; self.status = status; self.reason = reason; self.since = since; self.tasks = tasks
        self.lastHeartbeat = lastHeartbeat; self.rewards = rewards
    }

    struct StatusReply: Decodable {
        struct Line: Decodable { var id: String; var status: String; var reason: String; var since: Int64; var tasks: Int }
        var nodes: [Line]
    }

    struct SnapshotLine: Decodable {
        struct State: Decodable { var fleet: Fleet?; var rewards: Rewards? }
        struct Fleet: Decodable { var nodes: [Node] }
        struct Node: Decodable {
            var id: String
            var lastHeartbeat: Int64?
            enum CodingKeys: String, CodingKey { case id, lastHeartbeat = "last_heartbeat" }
        }
        struct Rewards: Decodable { var nodes: [[String]] }
        var type: String
        var state: State?
    }

    /// The view from the two answers' bodies (the snapshot as JSON Lines).
    public static func from(status: [UInt8], snapshot: [UInt8], node: String) throws -> CoordinatorView {
        let reply = try JSONDecoder().decode(StatusReply.self, from: Data(status))
        guard let line = reply.nodes.first(where: { $0.id == node }) else { return CoordinatorView(listed: false) }
        var view = CoordinatorView(listed: true, status: line.status, reason: line.reason, since: line.since, tasks: line.tasks)
        for text in snapshot.split(separator: 0x0A) {
            guard let record = try? JSONDecoder().decode(SnapshotLine.self, from: Data(text)), record.type == "snapshot" else { continue }
            view.lastHeartbeat = record.state?.fleet?.nodes.first { $0.id == node }?.lastHeartbeat
            view.rewards = record.state?.rewards?.nodes.first { $0.first == node }.flatMap { $0.count > 1 ? $0[1] : nil }
        }
        return view
    }
}

extension CoordinatorAPI {
    /// The coordinator's view of `node`.
    public func view(of node: String) async throws -> CoordinatorView {
        let status = try await send("GET", "/v1/status")
        let snapshot = try await send("GET", "/v1/snapshot")
        return try CoordinatorView.from(status: status, snapshot: snapshot, node: node)
    }
}
