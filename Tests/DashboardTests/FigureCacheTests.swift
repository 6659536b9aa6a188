import Testing
@testable import Dashboard
@testable import Sources
@testable import UI
import Analytics
import Feed
import Simulation
@testable import Store

/// A refresh keeps the figures whose inputs did not move (`FigureCache`): what it shows must still be
/// what making every figure afresh shows, as records arrive and when the state is replaced by an
/// earlier one (a seek back), whose proposals carry the same ids.
@Suite struct FigureCacheTests {
    @Test func keptFiguresEqualFreshOnes() throws {
        let sim = Simulator(options: SimulatorOptions(seed: 5, nodes: 150))
        var store = Store()
        var early: Store?
        var m = Model(size: Size(width: 120, height: 40), now: 0)
        var checks = 0, votesSeen = Set<Int>(), claimFees = Set<Double?>()
        while sim.second <= 2_400, let item = sim.next() {
            store.ingest(item)
            guard store.state.seq % 500 == 0 else { continue }
            // A multi-choice proposal beside the simulator's, its ballots changing between the checks.
            let ts = store.state.ts
            // At the tenth check the proposal itself changes: its results take a fourth choice.
            if checks == 0 || checks == 10 {
                let choices = checks == 0 ? ["a", "b", "c"] : ["a", "b", "c", "d"]
                store.apply(FeedRecord(seq: nil, ts: ts, body: .proposal(Proposal(id: "mc-1", space: "s", title: "Pick",
                                                                                 state: .active, choices: choices))))
            }
            if checks != 10 {  // no ballot beside the proposal's change, which must be seen on its own
                store.apply(FeedRecord(seq: nil, ts: ts, body: .vote(Vote(proposal: "mc-1", voter: "v\(checks % 7)", support: nil,
                                                                       weight: Double(checks + 1), choice: .index(checks % 3 + 1)))))
            }
            if early == nil, sim.second > 1_200 { early = store }
            m.show(DataView(store: store, source: SourceStatus(name: "sim:5")))
            expectFresh(m, store)
            votesSeen.insert(store.state.governance.votes)
            claimFees.insert(m.derived.claimFee)
            checks += 1
        }
        // The run covered changing figures: votes and claims came between the checks.
        #expect(checks > 20 && votesSeen.count > 5 && claimFees.count > 2)
        #expect(!m.derived.proposalConcentration.isEmpty && !m.derived.choiceResults.isEmpty)
        let back = try #require(early)
        m.show(DataView(store: back, source: SourceStatus(name: "sim:5")))
        expectFresh(m, back)
        #expect(back.state.governance.proposals.count < store.state.governance.proposals.count
                || back.state.governance.votes < store.state.governance.votes)
    }

    private func expectFresh(_ m: Model, _ store: Store) {
        let data = DataView(store: store, source: SourceStatus(name: "sim:5"))
        let fresh = Derived.compute(data, lists: m.lists, screen: m.screen, alerts: m.alertLog, claimFee: m.claimFeeUSD)
        #expect(m.derived.nodeConcentration == fresh.nodeConcentration)
        #expect(m.derived.proposalConcentration == fresh.proposalConcentration)
        #expect(m.derived.choiceResults == fresh.choiceResults)
        #expect(m.derived.claimFee == fresh.claimFee)
    }
}
