import Testing
@testable import Dashboard
@testable import UI
@testable import Feed
@testable import Store

/// d, c and v: each asks first, sends only on y or Enter, and is not offered without a coordinator token.
@Suite struct ActionTests {
    func model(_ screen: Screen, enabled: Bool = true) -> Model {
        var m = Fixture.model(screen, 120, 40)
        m.actionsEnabled = enabled
        return m
    }

    func press(_ m: inout Model, _ keys: Key...) -> [Effect] {
        keys.compactMap { update(&m, .key($0)) }
    }

    @Test func drainAsksThenSends() {
        var m = model(.fleet)
        let first = m.selectedNode(Fixture.data)
        #expect(press(&m, .char("d")).isEmpty)
        guard let node = first, case let .confirming(action)? = m.pendingAction else { Issue.record("no question"); return }
        #expect(action == (node.status == .draining ? .undrain(node: node.info.id) : .drain(node: node.info.id)))
        #expect(Fixture.render(m).contains("y/Enter sends"))
        #expect(press(&m, .char("y")) == [.act(action)])
        #expect(m.pendingAction == nil && m.actionNote == "sending…")
        _ = update(&m, .actionResult("drain of \(node.info.id) accepted (seq 9)"))
        #expect(Fixture.render(m).contains("drain of \(node.info.id) accepted"))
    }

    @Test func anyOtherKeyCancelsAndDoesNothingElse() {
        var m = model(.fleet)
        _ = press(&m, .char("d"))
        let screen = m.screen
        #expect(press(&m, .char("q")).isEmpty, "q answers the question; it does not quit")
        #expect(m.pendingAction == nil && m.actionNote == "cancelled" && m.screen == screen)
    }

    @Test func aVoteAsksForItsChoiceThenConfirms() {
        var m = model(.governance)
        guard let id = m.selectedProposal(Fixture.data) else { Issue.record("no proposal in the fixture"); return }
        _ = press(&m, .char("v"))
        #expect(m.pendingAction == .choosingVote(proposal: id))
        #expect(Fixture.render(m).contains("f for · a against · b abstain"))
        _ = press(&m, .char("a"))
        #expect(m.pendingAction == .confirming(.vote(proposal: id, support: .against)))
        #expect(press(&m, .enter) == [.act(.vote(proposal: id, support: .against))])
    }

    @Test func aClaimSaysItsFeeAndWarnsWhenTheFeeIsMore() {
        var m = model(.rewards)
        guard let row = m.derived.operators.first else { Issue.record("no operators"); return }
        _ = press(&m, .char("c"))
        #expect(m.pendingAction == .confirming(.claim(operatorID: row.id)))
        let question = OperatorAction.claim(operatorID: row.id).question(Fixture.data, claimFee: m.derived.claimFee)
        #expect(question.hasPrefix("Claim ") && question.contains(row.id))
        // The fee is the Rewards view's (the median of recent claims), and the warning its ⚠.
        if let fee = m.derived.claimFee { #expect(question.contains("Fee about $" + fixed(fee, 2))) }
        #expect(question.contains("more than the claim is worth") == row.belowFee)
    }

    @Test func withoutACoordinatorTokenTheKeysAreNotActions() {
        var m = model(.fleet, enabled: false)
        _ = press(&m, .char("d"), .char("y"))
        #expect(m.pendingAction == nil && m.actionNote == nil)
        var g = model(.governance, enabled: false)
        _ = press(&g, .char("v"))
        #expect(g.pendingAction == nil)
    }
}
