import Engine
import Feed

/// One piece of network work: a request (or two) the driver sends for a node, an operator, the
/// publisher or the admin. A job that failed for a passing reason is sent again as it was.
enum Job: Sendable {
    /// A node token from the admin (unless it has one), then the node record.
    case join(node: String, info: NodeInfo, token: String?)
    /// A node's heartbeat with its task reports and status, then (if `poll`) its work.
    case beat(node: String, token: String, records: [RecordBody], poll: Bool)
    case leave(node: String, token: String, reason: String?)
    case operatorToken(String)
    /// Claims and votes, as the operator.
    case asOperator(String, token: String, records: [RecordBody])
    /// Markets (stablecoins, TVL, the token's price), through the publisher token.
    case publish([RecordBody])
    /// Proposals, as the admin.
    case govern([RecordBody])
    case submit([TaskSpec])
    /// Is the coordinator back?
    case probe

    /// The node this job speaks for: one job per node at a time.
    var node: String? {
        switch self {
        case let .join(id, _, _), let .beat(id, _, _, _), let .leave(id, _, _): id
        default: nil
        }
    }
}

/// What came of a job.
enum Outcome: Sendable {
    case joined(node: String, token: String, answer: CoordinatorAPI.LineAnswer)
    /// The records' answers, and the work handed out (nil if not asked, or the ask failed).
    case beat(node: String, answers: [CoordinatorAPI.LineAnswer], work: [CoordinatorAPI.Assignment]?, records: [RecordBody])
    case left(node: String, answer: CoordinatorAPI.LineAnswer)
    case operatorToken(String, token: String)
    case posted([CoordinatorAPI.LineAnswer], records: [RecordBody])
    case submitted(Int)
    case back
    case failed(Job, APIError)
    /// The loop's clock.
    case tick
}

/// The tokens the driver holds itself.
struct Credentials: Sendable {
    let admin: String
    let publisher: String
}

extension Job {
    func run(_ api: CoordinatorAPI, _ keys: Credentials, now: Int64) async -> Outcome {
        do throws(APIError) {
            return try await send(api, keys, now: now)
        } catch {
            return .failed(self, error)
        }
    }

    private func send(_ api: CoordinatorAPI, _ keys: Credentials, now: Int64) async throws(APIError) -> Outcome {
        switch self {
        case let .join(id, info, token):
            let token = if let token { token } else {
                try await api.issueToken(role: "node", operatorID: info.operatorID, node: id, caller: keys.admin)
            }
            do throws(APIError) {
                let answers = try await api.post([.node(info)], token: token, now: now)
                return .joined(node: id, token: token, answer: answers.first ?? .refused("no answer"))
            } catch {
                // Tried again with the token already issued.
                return .failed(.join(node: id, info: info, token: token), error)
            }
        case let .beat(id, token, records, poll):
            let answers = records.isEmpty ? [] : try await api.post(records, token: token, now: now)
            guard poll else { return .beat(node: id, answers: answers, work: nil, records: records) }
            // The records are in: a failed ask for work is asked again at the next beat.
            let work = try? await api.work(token: token)
            return .beat(node: id, answers: answers, work: work, records: records)
        case let .leave(id, token, reason):
            let answers = try await api.post([.nodeLeft(NodeLeft(id: id, reason: reason))], token: token, now: now)
            return .left(node: id, answer: answers.first ?? .refused("no answer"))
        case let .operatorToken(op):
            return .operatorToken(op, token: try await api.issueToken(role: "operator", operatorID: op, caller: keys.admin))
        case let .asOperator(_, token, records):
            return .posted(try await api.post(records, token: token, now: now), records: records)
        case let .publish(records):
            return .posted(try await api.post(records, token: keys.publisher, now: now), records: records)
        case let .govern(records):
            return .posted(try await api.post(records, token: keys.admin, now: now), records: records)
        case let .submit(tasks):
            try await api.submit(tasks, token: keys.admin)
            return .submitted(tasks.count)
        case .probe:
            try await api.health()
            return .back
        }
    }
}
