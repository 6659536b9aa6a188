import Testing
@testable import Simulation

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
        for k in 0..<100 { #expect(slot.append("n\(k)", drift: Double(k)) == k) }
        for k in 0..<100 where k % 3 != 0 { slot.remove(at: k) }
        slot.remove(at: 1)  // twice: no effect
        #expect(slot.needsCompacting)
        let places = slot.compact()
        let kept = (0..<100).filter { $0 % 3 == 0 }
        #expect(places.map(\.0) == kept.map { "n\($0)" } && places.map(\.1) == Array(0..<kept.count))
        #expect(slot.beats.map(\.drift) == kept.map(Double.init) && !slot.needsCompacting)
    }
}
