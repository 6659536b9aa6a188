import Testing
@testable import Simulation
import Feed

@Suite struct SimFleetPartsTests {
    /// A second's ids come back in the order they were added, once; removed ones never.
    @Test func dueListKeepsEachSecondsOrder() {
        var due = DueList()
        due.append("a", at: 5)
        due.append("b", at: 7)
        due.append("c", at: 5)
        due.append("d", at: 5)
        due.removeAll { $0 == "c" }
        #expect(due.take(4).isEmpty)
        #expect(due.take(5) == ["a", "d"])
        #expect(due.take(5).isEmpty)
        due.append("e", at: 6)
        #expect(due.take(8) == ["e", "b"], "seconds missed are taken in order")
    }

    /// Nodes leave a heartbeat slot without shifting it; compacting keeps the join order and says
    /// where each node went.
    @Test func beatSlotCompactsInOrder() {
        var slot = BeatSlot()
        let reading = NodeReading(NodeInfo(id: "n", operatorID: "op", region: "eu-west", nodeClass: .server,
                                           cpuCores: 8, memGB: 16, gpus: 0, version: "1.5.0"))
        for k in 0..<100 { #expect(slot.append("n\(k)", drift: Double(k), reading: reading) == k) }
        for k in 0..<100 where k % 3 != 0 { slot.remove(at: k) }
        slot.remove(at: 1)  // twice: no effect
        #expect(slot.needsCompacting)
        let places = slot.compact()
        let kept = (0..<100).filter { $0 % 3 == 0 }
        #expect(places.map(\.0) == kept.map { "n\($0)" } && places.map(\.1) == Array(0..<kept.count))
        #expect(slot.beats.map(\.drift) == kept.map(Double.init) && !slot.needsCompacting)
    }

    /// The readings the heartbeats are made from are the engine's own view of each node, however the
    /// fleet churned: allocations, task counts and offline nodes, checked at every second's heartbeats.
    @Test func readingsFollowTheEngine() {
        let sim = Simulator(options: SimulatorOptions(seed: 9, nodes: 400, rate: 4))
        var checked = 0
        while sim.second < 1_800 {
            _ = sim.advance()
            for slot in sim.fleet.slots {
                for beat in slot.beats where beat.present {
                    guard let node = sim.engine.nodes[beat.id] else {
                        Issue.record("\(beat.id) beats but is not in the engine")
                        return
                    }
                    if beat.reading != NodeReading(node) {
                        Issue.record("\(beat.id) at \(sim.second): \(beat.reading) against \(NodeReading(node))")
                        return
                    }
                    checked += 1
                }
            }
        }
        #expect(checked > 400 * 1_000)
        let loaded = sim.fleet.slots.flatMap(\.beats).filter { $0.present && $0.reading.tasks > 0 }.count
        #expect(loaded > 100, "the fleet is busy, so the check covers allocations")
    }
}
