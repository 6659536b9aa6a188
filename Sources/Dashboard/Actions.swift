import Feed
import Store
import UI

/// What an operator may do from the dashboard (k9s style), through the coordinator's API. The
/// result comes back twice: as the coordinator's answer (accepted, or refused with its reason) and,
/// when accepted, as feed records like everything else.
public enum OperatorAction: Sendable, Equatable {
    case drain(node: String)
    case undrain(node: String)
    case claim(operatorID: String)
    case vote(proposal: String, support: Support)

    /// The question asked before it is sent; a claim names the fee to claim as the Rewards view defines it.
    func question(_ data: DataView, claimFee: Double? = nil) -> String {
        switch self {
        case let .drain(node): return "Drain \(node)? It takes no new tasks; running ones finish."
        case let .undrain(node): return "Put \(node) back online? It takes tasks again."
        case let .claim(op):
            guard let ledger = data.state.rewards.operators[op] else { return "Claim for \(op)?" }
            let token = data.state.rewards.token ?? "tokens"
            var q = "Claim \(tokens(ledger.claimable)) \(token) for \(op)?"
            if let fee = claimFee {
                q += " Fee about $" + fixed(fee, 2)
                if let price = data.state.rewards.priceUSD, ledger.claimable.doubleValue * price < fee {
                    q += " — more than the claim is worth ($" + fixed(ledger.claimable.doubleValue * price, 2) + ")!"
                }
            }
            return q
        case let .vote(proposal, support):
            return "Vote \(support.rawValue.uppercased()) on \(proposal), weighted by your stake?"
        }
    }

}

/// An action waiting for its confirmation; a vote first waits for its choice.
public enum PendingAction: Sendable, Equatable {
    case choosingVote(proposal: String)
    case confirming(OperatorAction)
}

extension Model {
    /// d, c and v where they apply; nil when the key is not an action here (or actions are off).
    mutating func actionKey(_ key: Key, _ data: DataView) -> Bool {
        guard actionsEnabled, case let .char(c) = key else { return false }
        switch (c, screen) {
        case ("d", .fleet):
            guard let node = selectedNode(data) else { return false }
            pendingAction = .confirming(node.status == .draining ? .undrain(node: node.info.id) : .drain(node: node.info.id))
        case ("c", .rewards):
            guard let row = derived.operators.at(list.selected), detail == nil else { return false }
            pendingAction = .confirming(.claim(operatorID: row.id))
        case ("v", .governance):
            guard let id = selectedProposal(data) else { return false }
            pendingAction = .choosingVote(proposal: id)
        default: return false
        }
        return true
    }

    /// A key while an action waits: its choice, y or Enter to send it, anything else to cancel.
    mutating func answerAction(_ key: Key, _ pending: PendingAction) -> Effect? {
        switch pending {
        case let .choosingVote(proposal):
            let support: Support? = switch key {
            case .char("f"), .char("y"): .for
            case .char("a"), .char("n"): .against
            case .char("b"), .char("0"): .abstain
            default: nil
            }
            pendingAction = support.map { .confirming(.vote(proposal: proposal, support: $0)) }
            return nil
        case let .confirming(action):
            pendingAction = nil
            guard key == .char("y") || key == .enter else { actionNote = "cancelled"; return nil }
            actionNote = "sending…"
            return .act(action)
        }
    }

    func selectedNode(_ data: DataView) -> NodeEntry? {
        if case let .node(id)? = detail { return data.state.fleet.node(id) }
        guard detail == nil, let k = derived.fleetRows.at(list.selected) else { return nil }
        return data.state.fleet.nodes.at(k)
    }

    func selectedProposal(_ data: DataView) -> String? {
        if case let .proposal(id)? = detail { return id }
        guard detail == nil, let k = derived.proposalRows.at(list.selected) else { return nil }
        return data.state.governance.proposals.at(k)?.proposal.id
    }
}

/// The question of an action waiting for its answer, on the line above the status line.
func drawActionPrompt(_ c: inout Canvas, _ m: Model, _ data: DataView, _ pending: PendingAction) {
    let y = m.size.height - 2
    let text: String = switch pending {
    case let .choosingVote(proposal): " Vote on \(proposal): f for · a against · b abstain · Esc cancels "
    case let .confirming(action): " " + action.question(data, claimFee: m.derived.claimFee) + "  y/Enter sends · any other key cancels "
    }
    c.fill(Rect(x: 0, y: y, width: m.size.width, height: 1), " ", Style(.watch, bold: true, reverse: true))
    c.text(0, y, truncate(text, m.size.width), Style(.watch, bold: true, reverse: true))
}
