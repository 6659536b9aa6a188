import Testing
@testable import Feed
@testable import Store

/// When a node's status last changed, and the latest votes with their times: kept as records arrive,
/// and, like the recent claims, not in a keyframe, so they take no part in a state's equality.
@Suite struct RecentTimesTests {
    func vote(_ voter: String, _ support: Support, _ weight: Double) -> RecordBody {
        .vote(Vote(proposal: "p", voter: voter, support: support, weight: weight))
    }

    @Test func aNodesStatusSinceIsItsLastChange() {
        var store = Store()
        store.apply(rec(1, node("n1"), ts: 1_000))
        #expect(store.state.fleet.node("n1")?.statusSince == 1_000, "joined online")
        store.apply(rec(2, .nodeStatus(NodeStatusChange(id: "n1", status: .online, reason: "again")), ts: 5_000))
        #expect(store.state.fleet.node("n1")?.statusSince == 1_000, "the same status is no change")
        store.apply(rec(3, .nodeStatus(NodeStatusChange(id: "n1", status: .draining)), ts: 9_000))
        #expect(store.state.fleet.node("n1")?.statusSince == 9_000)
        var other = store
        other.apply(rec(4, .nodeStatus(NodeStatusChange(id: "n1", status: .draining)), ts: 12_000))
        store.apply(rec(4, .nodeStatus(NodeStatusChange(id: "n1", status: .draining)), ts: 12_000))
        #expect(other.state.fleet == store.state.fleet)
    }

    @Test func theLatestVotesAreKeptNewestLastAndOutOfEquality() {
        var store = Store()
        store.apply(rec(1, .proposal(Proposal(id: "p", space: "s", title: "t", state: .active))))
        for (k, (voter, support)) in [("a", Support.for), ("b", .against), ("a", .against)].enumerated() {
            store.apply(rec(Int64(k + 2), vote(voter, support, Double(k + 1)), ts: Int64(10_000 + k)))
        }
        let notes = store.state.governance.recentVotes.elements
        #expect(notes.map(\.vote.voter) == ["a", "b", "a"] && notes.map(\.ts) == [10_000, 10_001, 10_002])
        var restored = GovernanceState()
        restored.restore(store.state.governance.proposals, votes: store.state.governance.votes)
        #expect(restored == store.state.governance, "a state restored from a keyframe equals the live one")
        #expect(restored.recentVotes.isEmpty)
        for k in 0..<100 { store.apply(rec(Int64(10 + k), vote("v\(k)", .for, 1), ts: 20_000)) }
        #expect(store.state.governance.recentVotes.count == 64, "bounded")
    }
}
