import Analytics
import Store

/// Figures of the last refresh kept with the revision of what they were made from, so a refresh makes
/// again only those whose inputs moved: a closed proposal's ballots, a fleet whose nodes neither joined
/// nor left, and claims that did not come all stay as they were, and sorting their weights again each
/// second was most of the idle dashboard's refresh. Revisions are unique to the process, so a state
/// restored by a seek never reuses a figure of the one it replaced.
struct FigureCache: Sendable {
    private var nodes: (layout: UInt64, value: Concentration)?
    private var votes = PerProposal<Concentration>()
    private var choices = PerProposal<ChoiceResults>()
    private var claimFee: (revision: UInt64, value: Double?)?

    /// Nodes by operator: changes only when a node joins, leaves or is described anew (the layout).
    mutating func nodeConcentration(_ fleet: FleetState) -> Concentration {
        if let n = nodes, n.layout == fleet.layout.value { return n.value }
        let value = Concentration(weights: fleet.nodesByOperator.values.map(Double.init))
        nodes = (fleet.layout.value, value)
        return value
    }

    /// Every proposal's vote concentration, by id.
    mutating func voteConcentrations(_ g: GovernanceState, _ report: Report) -> [String: Concentration] {
        votes.values(g.proposals.lazy) { report.voteConcentration($0) }
    }

    /// The multi-choice proposals' results, by id.
    mutating func choiceResults(_ g: GovernanceState) -> [String: ChoiceResults] {
        choices.values(g.proposals.lazy.filter(\.isMultiChoice)) { $0.choiceResults() }
    }

    /// The median fee of recent claims (or `--claim-fee`, which wins).
    mutating func claimFeeUSD(_ report: Report) -> Double? {
        if let fixed = report.claimFeeOverride { return fixed }
        let revision = report.state.rewards.claimsRevision.value
        if let c = claimFee, c.revision == revision { return c.value }
        let value = report.state.rewards.medianClaimFeeUSD
        claimFee = (revision, value)
        return value
    }
}

/// A figure of each proposal, kept with the revision of the entry it was made from; proposals no longer
/// in the state are forgotten.
struct PerProposal<Value: Sendable>: Sendable {
    private var kept: [String: (revision: UInt64, value: Value)] = [:]

    mutating func values<S: Sequence>(_ entries: S, _ make: (ProposalEntry) -> Value) -> [String: Value]
    where S.Element == ProposalEntry {
        var out: [String: Value] = [:], next: [String: (revision: UInt64, value: Value)] = [:]
        for p in entries {
            let id = p.proposal.id, revision = p.revision.value
            let value = kept[id].flatMap { $0.revision == revision ? $0.value : nil } ?? make(p)
            out[id] = value
            next[id] = (revision, value)
        }
        kept = next
        return out
    }
}
