import Feed

/// The governance tally: each voter's latest vote per proposal and the sums by support.
public struct Tally: Sendable {
    public private(set) var proposals: [String: Proposal] = [:]
    public private(set) var ballots: [String: [String: Vote]] = [:]

    public init() {}

    mutating func open(_ p: Proposal) { proposals[p.id] = p }

    /// Records a vote on an active proposal; a later vote by the same voter replaces the earlier one.
    mutating func cast(_ v: Vote) -> Bool {
        guard let p = proposals[v.proposal], p.state == .active, v.weight >= 0 else { return false }
        ballots[v.proposal, default: [:]][v.voter] = v
        return true
    }

    public func sums(_ id: String) -> (for: Double, against: Double, abstain: Double) {
        var s = (for: 0.0, against: 0.0, abstain: 0.0)
        // Sorted so the floating-point sum does not depend on dictionary order.
        for v in (ballots[id] ?? [:]).values.sorted(by: { $0.voter < $1.voter }) {
            switch v.support {
            case .for: s.for += v.weight
            case .against: s.against += v.weight
            case .abstain: s.abstain += v.weight
            case nil: break  // a multi-choice vote: not for, against or abstain
            }
        }
        return s
    }

    mutating func close(_ id: String) -> Proposal? {
        guard var p = proposals[id], p.state == .active else { return nil }
        let s = sums(id)
        let quorate = p.quorum.map { s.for + s.abstain >= $0 } ?? true
        p.state = quorate && s.for > s.against ? .succeeded : .defeated
        proposals[id] = p
        return p
    }

    mutating func setState(_ id: String, _ state: ProposalState) -> Proposal? {
        guard var p = proposals[id] else { return nil }
        p.state = state
        proposals[id] = p
        return p
    }
}
