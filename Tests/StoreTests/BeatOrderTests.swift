import Feed
import Simulation
import Testing
@testable import Store

/// The fleet guesses a heartbeat's row from the order the last ones came in (`BeatOrder`); a guess is
/// only a guess, so each heartbeat must still land on its own node whatever the order: the same each
/// round, by slot (a stride), shuffled, and with leaves moving rows and joins adding them between rounds.
@Suite struct BeatOrderTests {
    @Test func everyHeartbeatLandsOnItsNode() {
        var rng = SeededRandom(seed: 11)
        var fleet = FleetState()
        var ids: [String] = []
        var sent: [String: Double] = [:]
        var joined = 0
        func join() {
            joined += 1
            let id = "node-" + String(joined)
            fleet.apply(NodeInfo(id: id, operatorID: "op", region: "eu", nodeClass: .server, cpuCores: 8, memGB: 16,
                                 gpus: 0, version: "1"), ts: 0)
            ids.append(id)
        }
        for _ in 0..<300 { join() }
        for round in 0..<40 {
            var order = ids
            switch round % 4 {
            case 1: order = (0..<10).flatMap { k in Swift.stride(from: k, to: ids.count, by: 10).map { ids[$0] } }
            case 3: for i in order.indices.reversed() { order.swapAt(i, rng.index(i + 1)) }
            default: break  // the same order as last round's ids, which leaves and joins change
            }
            for (k, id) in order.enumerated() {
                let cpu = Double(round * 1_000 + k) / 1_000_000
                fleet.apply(Heartbeat(id: id, cpu: cpu, mem: 0.5, tasks: 0), ts: Int64(round) * 10_000)
                sent[id] = cpu
            }
            #expect(fleet.count == ids.count)
            for id in ids { #expect(fleet.node(id)?.cpu == sent[id], "\(id) after round \(round)") }
            // Leaves swap the last row into the one left; joins take new rows.
            for _ in 0..<rng.index(12) where ids.count > 1 {
                let gone = ids.remove(at: rng.index(ids.count))
                fleet.apply(NodeLeft(id: gone))
                sent[gone] = nil
            }
            for _ in 0..<rng.index(12) { join() }
        }
        #expect(fleet.count == ids.count)
    }
}
