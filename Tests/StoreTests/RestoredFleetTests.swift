import Testing
@testable import Feed
@testable import Store

/// A keyframe's fleet is restored in bulk (`RestoredFleet`): its history must be the one that adding the
/// nodes one by one and restoring each would give, through every halving of the depth past the budget.
@Suite struct RestoredFleetTests {
    /// The depth `addSlot` reaches, one slot at a time.
    func depthAddingOneByOne(asked: Int, budget: Int, slots: Int) -> Int {
        var h = UtilisationHistory(depth: asked, budget: budget)
        for _ in 0..<slots { h.addSlot() }
        return h.depth
    }

    @Test func theDepthOfABulkRestoreIsTheOneAddingSlotsReaches() {
        for asked in [1, 4, 8, 9, 15, 16, 60, 61, 4096] {
            for budget in [1, 10, 100, 210, 1_000, 5_000] {
                for slots in [0, 1, 2, 3, 7, 10, 11, 40, 100, 333] {
                    #expect(UtilisationHistory.depth(after: slots, from: asked, budget: budget)
                                == depthAddingOneByOne(asked: asked, budget: budget, slots: slots),
                            "asked \(asked), budget \(budget), \(slots) slots")
                }
            }
        }
    }

    func node(_ i: Int) -> NodeEntry {
        NodeEntry(info: NodeInfo(id: "n\(i)", operatorID: "op-\(i % 3)", region: ["eu", "us", "ap"][i % 3 == 0 ? 0 : i % 2],
                                 nodeClass: i % 4 == 0 ? .gpu : .server, cpuCores: 4, memGB: 8, gpus: i % 4 == 0 ? 1 : 0,
                                 version: "1"), status: i % 5 == 0 ? .offline : .online, joined: 0)
    }

    /// Rows with 0 to 29 samples (gpu samples on every fourth), in two blocks, restored past a budget that
    /// halves the depth twice: the same samples as a history grown slot by slot and filled sample by sample.
    @Test func aBulkHistoryHoldsTheNewestSamplesOfEachRow() {
        let asked = 24, budget = 24 * 30, count = 130
        var blocks = [RowBlock(), RowBlock()]
        var reference = UtilisationHistory(depth: asked, budget: budget)
        for i in 0..<count {
            let held = i % 30, gpu = i % 4 == 0
            let cpu = (0..<held).map { UInt8(($0 + i) % 250) }, mem = cpu.map { $0 / 2 }
            let samples = cpu + mem + (gpu ? cpu.map { 250 - $0 } : [])
            samples.withUnsafeBufferPointer { blocks[i < 70 ? 0 : 1].append(node(i), samples: $0, held: held) }
            reference.addSlot()
            for k in 0..<held {
                reference.append(slot: i, cpu: UtilisationHistory.fraction(cpu[k]), mem: UtilisationHistory.fraction(mem[k]),
                                 gpu: gpu ? UtilisationHistory.fraction(250 - cpu[k]) : nil)
            }
        }
        let restored = RestoredFleet(blocks, asked: asked, budget: budget)
        #expect(restored.history.depth == reference.depth && reference.depth < asked / 2)
        #expect(restored.history == reference)
        #expect(restored.nodes == (0..<count).map(node) && restored.index.count == count
                && (0..<count).allSatisfy { restored.index["n\($0)"] == $0 })
    }

    /// The counts built per block and merged are the ones the fleet keeps node by node.
    @Test func theCountsAreTheFleetsOwn() {
        var blocks = [RowBlock(), RowBlock(), RowBlock()]
        var fleet = FleetState()
        for i in 0..<90 {
            let n = node(i)
            blocks[i % 3].append(n, samples: UnsafeBufferPointer(start: nil, count: 0), held: 0)
            fleet.apply(n.info, ts: 0)
            if n.status != .online { fleet.apply(NodeStatusChange(id: n.id, status: n.status), ts: 0) }
        }
        let t = RestoredFleet(blocks, asked: 60, budget: UtilisationHistory.standardBudget).tally
        #expect(t.byOperator == fleet.nodesByOperator && t.byRegion == fleet.nodesByRegion)
        #expect(t.byClass == fleet.nodesByClass && t.statusByRegion == fleet.statusByRegion)
        for status in NodeStatus.allCases { #expect(t.statusCounts[status.slot] == fleet.count(status)) }
    }
}
