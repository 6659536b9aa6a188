import Feed

/// A voter's standing vote on one proposal.
public struct Ballot: Sendable, Equatable {
    /// nil on a multi-choice vote that is not for, against or abstain (or whose choice is unknown).
    public var support: Support?
    public var weight: Double
    public var choice: VoteChoice?
    public init(support: Support?, weight: Double, choice: VoteChoice? = nil) {
        self.support = support; self.weight = weight; self.choice = choice
    }
}

/// A proposal with the latest vote of each voter and the tallies those give.
public struct ProposalEntry: Sendable, Equatable {
    public var proposal: Proposal { didSet { revision.bump() } }
    /// Voter → ballot; a later vote by the same voter replaces the earlier one.
    public private(set) var ballots: [String: Ballot] = [:]
    /// For, against, abstain, and the weight of votes that are none of these (multi-choice, or unknown).
    public private(set) var tally: [Double] = [0, 0, 0, 0]
    /// Changes whenever the proposal or a ballot does: figures made from the entry hold until it moves.
    public private(set) var revision = Revision()

    public init(proposal: Proposal) {
        self.proposal = proposal
        revision.bump()  // every entry its own number, so two new ones of one id never pass for each other
    }

    public var forWeight: Double { tally[0] }
    public var againstWeight: Double { tally[1] }
    public var abstainWeight: Double { tally[2] }
    /// All voting weight cast, whatever was chosen (a multi-choice vote counts too).
    public var totalWeight: Double { tally[0] + tally[1] + tally[2] + tally[3] }
    public var voters: Int { ballots.count }

    /// Quorum counts for and abstain votes, as OpenZeppelin's Governor does; nil without a quorum.
    public var quorumReached: Bool? {
        guard let q = proposal.quorum else { return nil }
        return quorumWeight >= q
    }

    /// The weight that counts towards quorum: for and abstain, or on a multi-choice proposal every vote
    /// (as Snapshot counts it).
    public var quorumWeight: Double { isMultiChoice ? totalWeight : forWeight + abstainWeight }

    mutating func cast(_ v: Vote) {
        revision.bump()
        if let old = ballots[v.voter] { tally[old.support.slot] -= old.weight }
        ballots[v.voter] = Ballot(support: v.support, weight: v.weight, choice: v.choice)
        tally[v.support.slot] += v.weight
        // Subtracting a replaced vote can leave a tiny negative rounding residue: recount then.
        if tally.contains(where: { $0 < 0 }) { recount() }
    }

    mutating func recount() {
        tally = [0, 0, 0, 0]
        for b in ballots.values.sorted(by: { $0.weight < $1.weight }) { tally[b.support.slot] += b.weight }
    }

    init(proposal: Proposal, ballots: [String: Ballot], tally: [Double]) {
        self.proposal = proposal; self.ballots = ballots
        revision.bump()
        self.tally = tally.count == 4 ? tally : tally + [0]
    }
}

/// Proposals in the order first seen.
public struct GovernanceState: Sendable, Equatable {
    public private(set) var proposals: [ProposalEntry] = []
    public private(set) var index: [String: Int] = [:]
    public private(set) var votes = 0
    /// The latest votes with their times, newest last, for the Overview. Not in a keyframe (so not in a
    /// digest or an equality): a state restored from one starts it empty.
    public private(set) var recentVotes = Ring<VoteNote>(capacity: 64)

    public init() {}

    /// Equal in everything a keyframe holds.
    public static func == (a: GovernanceState, b: GovernanceState) -> Bool {
        a.proposals == b.proposals && a.index == b.index && a.votes == b.votes
    }

    mutating func apply(_ p: Proposal) {
        if let i = index[p.id] {
            proposals[i].proposal = p
        } else {
            index[p.id] = proposals.count
            proposals.append(ProposalEntry(proposal: p))
        }
    }

    mutating func apply(_ v: Vote, ts: Int64) {
        votes += 1
        recentVotes.append(VoteNote(ts: ts, vote: v))
        if index[v.proposal] == nil {
            // A vote on a proposal not yet described: keep it under a placeholder.
            apply(Proposal(id: v.proposal, space: "?", title: v.proposal, state: .active))
        }
        if let i = index[v.proposal] { proposals[i].cast(v) }
    }

    mutating func restore(_ list: [ProposalEntry], votes count: Int) {
        for p in list {
            index[p.proposal.id] = proposals.count
            proposals.append(p)
        }
        votes = count
    }
}

/// A vote and when it was cast.
public struct VoteNote: Sendable, Equatable {
    public var ts: Int64
    public var vote: Vote
}

extension Optional where Wrapped == Support {
    var slot: Int {
        switch self {
        case .for: 0
        case .against: 1
        case .abstain: 2
        case nil: 3
        }
    }
}
