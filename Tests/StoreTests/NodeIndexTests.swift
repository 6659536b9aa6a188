import Testing
import Simulation
@testable import Store

/// The fleet's id index against a dictionary doing the same: inserts, moves, removals (backward shifts
/// across the table's end included), growth, and equality whatever the order things went in.
@Suite struct NodeIndexTests {
    @Test func agreesWithADictionary() {
        var rng = SeededRandom(seed: 3)
        var index = NodeIndex(), model: [String: Int] = [:]
        for step in 0..<20_000 {
            let id = "n" + String(rng.index(3_000))
            switch rng.index(3) {
            case 0: index[id] = nil; model[id] = nil
            default: index[id] = step; model[id] = step
            }
            if step % 997 == 0 { #expect(Self.same(index, model)) }
        }
        #expect(Self.same(index, model))
        var rebuilt = NodeIndex(minimumCapacity: model.count)
        for (id, row) in model.sorted(by: { $0.key > $1.key }) { rebuilt.set(id, hash: NodeIndex.hash(id), row: row) }
        #expect(rebuilt == index)
        rebuilt["extra"] = 1
        #expect(rebuilt != index)
    }

    @Test func countsNamesAsADictionaryWould() {
        var a = NameCounts(width: 2), b = NameCounts(width: 2), model: [String: [Int]] = [:]
        for i in 0..<5_000 {
            let name = "op-" + String(i % 701), k = i % 2
            if i % 3 == 0 { a.add(name, counter: k) } else { b.add(name, counter: k) }
            model[name, default: [0, 0]][k] += 1
        }
        a.merge(b)
        var merged: [String: [Int]] = [:]
        a.each { name, c in merged[name] = Array(c) }
        #expect(merged == model)
    }

    private static func same(_ index: NodeIndex, _ model: [String: Int]) -> Bool {
        index.count == model.count && model.allSatisfy { index[$0.key] == $0.value } && index["absent"] == nil
    }
}
