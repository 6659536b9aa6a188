import Analytics
import Feed
import Store

/// Figures of the last refresh kept with the revision of what they were made from, so a refresh makes
/// again only those whose inputs moved: a closed proposal's ballots, a fleet whose nodes neither joined
/// nor left, and claims that did not come all stay as they were, and sorting their weights again each
/// second was most of the idle dashboard's refresh. Revisions are unique to the process, so a state
/// restored by a seek never reuses a figure of the one it replaced.
struct FigureCache: Sendable {
    private var nodes: (layout: UInt64, value: Concentration)?
    private var votes: [String: (revision: UInt64, value: Concentration)] = [:]
    private var choices: [String: (revision: UInt64, proposal: Proposal, value: ChoiceResults)] = [:]
    private var claimFee: (revision: UInt64, value: Double?)?

    /// Nodes by operator: changes only when a node joins, leaves or is described anew (the layout).
    mutating func nodeConcentration(_ fleet: FleetState) -> Concentration {
        if let n = nodes, n.layout == fleet.layout.value { return n.value }
        let value = Concentration(weights: fleet.nodesByOperator.values.map(Double.init))
        nodes = (fleet.layout.value, value)
        return value
    }

    /// Every proposal's vote concentration, by id; proposals no longer in the state are forgotten.
    mutating func voteConcentrations(_ g: GovernanceState, _ report: Report) -> [String: Concentration] {
        var out: [String: Concentration] = [:], kept: [String: (revision: UInt64, value: Concentration)] = [:]
        for p in g.proposals {
            let id = p.proposal.id, revision = p.ballotsRevision.value
            let value = votes[id].flatMap { $0.revision == revision ? $0.value : nil } ?? report.voteConcentration(p)
            out[id] = value
            kept[id] = (revision, value)
        }
        votes = kept
        return out
    }

    /// The multi-choice proposals' results, by id (they read the proposal's choices as well as its ballots).
    mutating func choiceResults(_ g: GovernanceState) -> [String: ChoiceResults] {
        var out: [String: ChoiceResults] = [:]
        var kept: [String: (revision: UInt64, proposal: Proposal, value: ChoiceResults)] = [:]
        for p in g.proposals where p.isMultiChoice {
            let id = p.proposal.id, revision = p.ballotsRevision.value
            let held = choices[id].flatMap { $0.revision == revision && $0.proposal == p.proposal ? $0.value : nil }
            let value = held ?? p.choiceResults()
            out[id] = value
            kept[id] = (revision, p.proposal, value)
        }
        choices = kept
        return out
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
