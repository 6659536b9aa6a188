import Remote
import Dashboard
import Feed

/// Carries out the dashboard's operator actions as the records the coordinator takes for them
/// (`node_status` draining or online, `claim`, `vote`), posted with the operator's token. The answer is
/// the coordinator's: accepted with its seq, or refused with its reason.
struct OperatorActions: Sendable {
    let publisher: Publisher
    /// Who votes (a vote is written as its voter); nil: voting asks for `--operator`.
    let operatorID: String?
    let wall: @Sendable () -> Int64

    init(base: String, token: String, operatorID: String?, wall: @escaping @Sendable () -> Int64) {
        publisher = Publisher(base: base, token: token)
        self.operatorID = operatorID
        self.wall = wall
    }

    func perform(_ action: OperatorAction) async -> String {
        guard let body = record(action) else { return "voting needs --operator ID (who votes)" }
        do {
            let outcome = try await publisher.publish([FeedRecord(seq: nil, ts: wall(), body: body)])
            if let refused = outcome.refused.first { return "refused: " + (Publisher.field("refused", in: refused) ?? refused) }
            return "\(Self.done(action)) (seq \(outcome.lastSeq ?? 0))"
        } catch {
            return error.refusal.map { "refused: " + $0 } ?? "not sent: \(error.description)"
        }
    }

    func record(_ action: OperatorAction) -> RecordBody? {
        switch action {
        case let .drain(node): return .nodeStatus(NodeStatusChange(id: node, status: .draining, reason: "drain requested"))
        case let .undrain(node): return .nodeStatus(NodeStatusChange(id: node, status: .online, reason: "back online"))
        // The coordinator pays what is due and ignores the amount sent.
        case let .claim(op): return .claim(Claim(operatorID: op, amount: .zero, token: "CMP"))
        case let .vote(proposal, support):
            // The weight is the voter's stake, set by the coordinator.
            return operatorID.map { .vote(Vote(proposal: proposal, voter: $0, support: support, weight: 0)) }
        }
    }

    static func done(_ action: OperatorAction) -> String {
        switch action {
        case let .drain(node): "drain of \(node) accepted"
        case let .undrain(node): "\(node) back online"
        case let .claim(op): "claim for \(op) accepted"
        case let .vote(proposal, support): "vote \(support.rawValue) on \(proposal) accepted"
        }
    }
}
