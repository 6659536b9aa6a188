import Feed

/// Who a token speaks for, and so what it may write.
public enum Principal: Sendable, Equatable {
    case admin
    case operatorAccount(String)
    case node(id: String, operatorID: String)
    case publisher
    case reader

    public var role: Role {
        switch self {
        case .admin: .admin
        case .operatorAccount: .operatorAccount
        case .node: .node
        case .publisher: .publisher
        case .reader: .reader
        }
    }

    public enum Role: String, Sendable, CaseIterable, Codable {
        case admin, operatorAccount = "operator", node, publisher, reader = "read"
    }

    /// Why this principal may not write `body`, or nil if it may. Checks only who the record is
    /// about; whether the engine accepts it (a known node, a task of its own) is decided later.
    public func refusal(_ body: RecordBody) -> String? {
        switch (self, body) {
        case (.admin, _): return nil
        case let (.node(id, op), .node(n)):
            if n.id != id { return "this token is for node '\(id)', not '\(n.id)'" }
            return n.operatorID == op ? nil : "node '\(id)' belongs to operator '\(op)', not '\(n.operatorID)'"
        case let (.node(id, _), .heartbeat(h)): return own(id, h.id)
        case let (.node(id, _), .nodeStatus(s)):
            if let mismatch = own(id, s.id) { return mismatch }
            // Offline is how an agent leaves (SIGTERM): it stays listed, offline "left", and may rejoin.
            return s.status == .degraded ? "a node may set itself draining, online or offline only" : nil
        case let (.node(id, _), .nodeLeft(l)): return own(id, l.id)
        case let (.node(id, _), .task(t)):
            if let mismatch = own(id, t.node) { return mismatch }
            return [.running, .done, .failed].contains(t.state) ? nil : "a node reports tasks running, done or failed only"
        case let (.operatorAccount(op), .claim(c)):
            return c.operatorID == op ? nil : "this token is for operator '\(op)', not '\(c.operatorID)'"
        case let (.operatorAccount(op), .vote(v)):
            return v.voter == op ? nil : "this token votes as '\(op)', not '\(v.voter)'"
        case (.operatorAccount, .nodeStatus(let s)):
            // Whose node it is, the engine knows: `EngineDriver.foreign` checks.
            return s.status == .draining || s.status == .online ? nil : "an operator may set its nodes draining or online only"
        case (.operatorAccount, .nodeLeft): return nil
        case (.publisher, .stablecoin), (.publisher, .tvl), (.publisher, .price), (.publisher, .holding): return nil
        default: return "a \(role.rawValue) token may not write '\(body.typeName)' records"
        }
    }

    private func own(_ mine: String, _ theirs: String) -> String? {
        mine == theirs ? nil : "this token is for node '\(mine)', not '\(theirs)'"
    }

    public var maySubmitTasks: Bool { self == .admin || role == .operatorAccount }
}
