import Testing
@testable import Feed
@testable import Store

/// What a node costs the fleet: its entry packed, and a history that stays within its budget by
/// keeping fewer (the newest) samples a node when the fleet grows past it.
@Suite struct FleetFootprintTests {
    @Test func aNodeEntryIsPackedAndItsOptionalsRoundTrip() {
        #expect(MemoryLayout<NodeEntry>.stride <= 88)
        var n = NodeEntry(info: NodeInfo(id: "n", operatorID: "o", region: "r", nodeClass: .gpu, cpuCores: 1, memGB: 1,
                                         gpus: 1, version: "1"), status: .online, joined: 5)
        #expect(n.gpu == nil && n.lastHeartbeat == nil && n.statusSince == nil)
        n.gpu = 0; n.lastHeartbeat = 0; n.statusSince = -7
        #expect(n.gpu == 0 && n.lastHeartbeat == 0 && n.statusSince == -7)
        n.gpu = .nan
        #expect(n.gpu == nil, "no reading is what a NaN would be")
        n.lastHeartbeat = nil
        #expect(n.lastHeartbeat == nil)
    }

    /// Samples 0, 1, 2, … into every slot, `rounds` of them.
    func filled(slots: Int, rounds: Int, depth: Int, budget: Int) -> UtilisationHistory {
        var h = UtilisationHistory(depth: depth, budget: budget)
        for _ in 0..<slots { h.addSlot() }
        for r in 0..<rounds {
            for i in 0..<slots { h.append(slot: i, cpu: Double(r) / 254, mem: Double(r + 1) / 254, gpu: nil) }
        }
        return h
    }

    @Test func theDepthHalvesPastTheBudgetKeepingTheNewestSamples() {
        var h = filled(slots: 10, rounds: 24, depth: 20, budget: 210)
        #expect(h.depth == 20)
        h.addSlot()  // 11 × 20 > 210
        #expect(h.depth == 10 && h.asked == 20)
        #expect(h.samples(slot: 3, .cpu).compactMap { $0 }.map { Int(($0 * 254).rounded()) } == Array(14...23))
        #expect(h.samples(slot: 3, .mem).compactMap { $0 }.map { Int(($0 * 254).rounded()) } == Array(15...24))
        #expect(h.samples(slot: 10, .cpu).isEmpty && h.samples(slot: 3, .gpu) == Array(repeating: nil, count: 10))
        // The ring goes on from where the shrink left it.
        for i in 0..<11 { h.append(slot: i, cpu: 40 / 254, mem: 0, gpu: nil) }
        #expect(h.samples(slot: 3, .cpu).compactMap { $0 }.map { Int(($0 * 254).rounded()) } == Array(15...23) + [40])
        #expect(h.samples(slot: 10, .cpu).count == 1)
    }

    @Test func aShallowRingRestoresTheNewestSamplesOfADeeperOne() {
        var h = UtilisationHistory(restoring: 1, asked: 4, budget: UtilisationHistory.standardBudget)
        var block = RowBlock()
        let node = NodeEntry(info: NodeInfo(id: "n", operatorID: "o", region: "r", nodeClass: .gpu, cpuCores: 1, memGB: 1,
                                            gpus: 1, version: "1"), status: .online, joined: 5)
        block.append(node, cpu: [1, 2, 3, 4, 5, 6], mem: [1, 2, 3, 4, 5, 6], gpu: [9, 9, 9, 9, 9, 9])
        h.fill(from: 0, block)
        #expect(h.raw(slot: 0).cpu == [3, 4, 5, 6] && h.raw(slot: 0).gpu == [9, 9, 9, 9])
    }

    @Test func theDepthNeverGoesBelowItsFloor() {
        let h = filled(slots: 40, rounds: 1, depth: 16, budget: 10)
        #expect(h.depth == UtilisationHistory.smallestDepth)
    }
}
