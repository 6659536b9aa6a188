import Feed

/// A multi-choice proposal's result per choice, as Snapshot counts it for the proposal's voting type.
public struct ChoiceResults: Sendable, Equatable {
    /// Weight per choice; choice 1 first.
    public var scores: [Double]
    /// Weight of votes whose choice is unknown (or names no choice of the proposal).
    public var unknown: Double

    public var total: Double { scores.reduce(0, +) }

    public init(scores: [Double], unknown: Double) { self.scores = scores; self.unknown = unknown }
}

extension ProposalEntry {
    /// Whether the proposal is counted by choice rather than by for/against/abstain.
    public var isMultiChoice: Bool {
        proposal.choices != nil || (proposal.voting.map { $0 != "basic" } ?? false)
            || ballots.values.contains { $0.choice != nil && $0.support == nil }
    }

    /// Per-choice results: single and basic give a voter's weight to the one choice; approval to each
    /// approved one; ranked-choice to the first preference (the instant-runoff rounds are not run);
    /// weighted splits it in proportion; quadratic sums the square roots of each voter's share, scaled
    /// so that the scores add up to the weight cast (Snapshot's rule).
    public func choiceResults() -> ChoiceResults {
        let n = min(VoteChoice.maxChoice, max(proposal.choices?.count ?? 0, ballots.values.map { $0.choice?.highest ?? 0 }.max() ?? 0))
        var scores = [Double](repeating: 0, count: n)
        var unknown = 0.0
        let quadratic = proposal.voting == "quadratic"
        let ranked = proposal.voting == "ranked-choice"
        var castWeight = 0.0
        // Sorted so the sums do not depend on dictionary order.
        for (_, b) in ballots.sorted(by: { $0.key < $1.key }) {
            guard let parts = b.choice?.shares(ranked: ranked), !parts.isEmpty else { unknown += b.weight; continue }
            castWeight += b.weight
            for (choice, share) in parts where choice >= 1 && choice <= n {
                scores[choice - 1] += quadratic ? (b.weight * share).squareRoot() : b.weight * share
            }
        }
        if quadratic {
            let raw = scores.reduce(0, +)
            if raw > 0 { scores = scores.map { $0 / raw * castWeight } }
        }
        return ChoiceResults(scores: scores, unknown: unknown)
    }
}

extension VoteChoice {
    var highest: Int {
        switch self {
        case let .index(i): i
        case let .indices(list): list.max() ?? 0
        case let .weights(list): list.map(\.choice).max() ?? 0
        }
    }

    /// Each choice with the part of the voter's weight it gets (approval gives each the whole).
    func shares(ranked: Bool) -> [(Int, Double)] {
        switch self {
        case let .index(i): return [(i, 1)]
        case let .indices(list):
            if ranked { return list.first.map { [($0, 1)] } ?? [] }
            return list.map { ($0, 1) }
        case let .weights(list):
            let sum = list.reduce(0) { $0 + $1.weight }
            guard sum > 0 else { return [] }
            return list.filter { $0.weight > 0 }.map { ($0.choice, $0.weight / sum) }
        }
    }
}
