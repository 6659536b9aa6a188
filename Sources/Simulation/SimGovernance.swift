#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Engine
import Feed

/// Simulated on-chain governance: a few proposals over time, voters with Pareto-distributed
/// weights (a handful of whales, a long tail), votes arriving through each voting window.
struct SimGovernance {
    struct Plan {
        var proposal: Proposal
        var votes: [(at: Int64, vote: Vote)]
        var next = 0
        var closeAt: Int64
        var executeAt: Int64
    }

    static let titles = [
        "Activate fee switch on v3 pools", "Fund the developer grants program for Q2",
        "Raise the quorum to 40M", "Deploy to a new rollup", "Reduce node reward emissions by 10%",
        "Onboard a new GPU operator cohort", "Treasury diversification into stablecoins",
    ]
    static let spaces = ["uniswap", "compute-dao", "aave"]

    var voterWeights: [Double] = []
    var voterIDs: [String] = []
    var plans: [Plan] = []
    var total = 0
    var opened = 0
    /// The first proposal splits the vote evenly (a scenario).
    var contested = false

    mutating func bootstrap(now: Int64, rng: inout SeededRandom) {
        voterWeights = (0..<400).map { _ in (rng.pareto(xm: 1_000, alpha: 1.1)).rounded() }
        let salt = rng.next()
        voterIDs = (0..<400).map { k in "0x" + hex(UInt64(k + 1) &* 0x9E37_79B9_7F4A_7C15 ^ salt) }
        total = 3 + rng.index(4)
    }

    mutating func step(second: Int64, now: Int64, engine: inout Engine, rng: inout SeededRandom) {
        // The first proposal opens at once, the second after two minutes, the rest every ten.
        if opened < total, second == 0 || second == 120 || (second > 120 && second % 600 == 0) {
            open(second: second, now: now, engine: &engine, rng: &rng)
        }
        for i in plans.indices {
            while plans[i].next < plans[i].votes.count, plans[i].votes[plans[i].next].at <= second {
                engine.vote(plans[i].votes[plans[i].next].vote)
                plans[i].next += 1
            }
            if plans[i].closeAt == second { engine.closeVoting(plans[i].proposal.id) }
            if plans[i].executeAt == second, engine.tally.proposals[plans[i].proposal.id]?.state == .succeeded {
                engine.setProposalState(plans[i].proposal.id, .executed)
            }
        }
    }

    private mutating func open(second: Int64, now: Int64, engine: inout Engine, rng: inout SeededRandom) {
        opened += 1
        let window = Int64(rng.uniform(900, 2400))
        let totalWeight = voterWeights.reduce(0, +)
        let p = Proposal(id: "prop-\(opened)", space: rng.pick(SimGovernance.spaces),
                         title: SimGovernance.titles[(opened - 1) % SimGovernance.titles.count], state: .active,
                         start: now, end: now + window * 1000, quorum: (totalWeight * 0.04).rounded())
        engine.propose(p)
        // How popular it is: some pass easily, some are contested.
        let drawn = rng.uniform(0.35, 0.85)
        let lean = contested && opened == 1 ? 0.5 : drawn
        var votes: [(at: Int64, vote: Vote)] = []
        // In a contested vote the largest holder stands against the next eleven, who vote for.
        let ranks = Dictionary(uniqueKeysWithValues: voterWeights.indices.sorted { voterWeights[$0] > voterWeights[$1] }
            .enumerated().map { ($0.element, $0.offset) })
        let split = contested && opened == 1
        for (k, w) in voterWeights.enumerated() {
            let turnout = w > 20_000 ? 0.85 : 0.3
            guard rng.chance(turnout) else { continue }
            let at = second + Int64(Double(window) * pow(rng.unit(), 2) * 0.95)
            var support: Support = rng.chance(0.05) ? .abstain : (rng.chance(lean) ? .for : .against)
            if split, let rank = ranks[k], rank < 12 { support = rank == 0 ? .against : .for }
            let voter = voterIDs[k]
            votes.append((at, Vote(proposal: p.id, voter: voter, support: support, weight: w)))
            if rng.chance(0.04) {
                // Changes their mind later: the later vote replaces the earlier one.
                let later = min(second + window - 1, at + Int64(rng.uniform(30, 600)))
                let flip: Support = support == .for ? .against : .for
                votes.append((later, Vote(proposal: p.id, voter: voter, support: flip, weight: w, reason: "changed vote")))
            }
        }
        votes.sort { $0.at != $1.at ? $0.at < $1.at : $0.vote.voter < $1.vote.voter }
        plans.append(Plan(proposal: p, votes: votes, closeAt: second + window, executeAt: second + window + 120))
    }
}

func hex(_ v: UInt64) -> String {
    let digits = Array("0123456789abcdef")
    var out = ""
    var x = v
    for _ in 0..<16 { out.append(digits[Int(x & 0xF)]); x >>= 4 }
    return out
}
