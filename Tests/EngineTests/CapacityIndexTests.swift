import Testing
@testable import Engine
import Simulation

/// The capacity index on its own, with small leaves and inner nodes so that a few hundred nodes make
/// a tree several levels deep: every search equals the exhaustive one, and the tree stays well formed
/// (keys in order, each child's first key and room exact, parents and leaves as recorded) through
/// splits, merges, moves between neighbours and the root growing and shrinking.
@Suite struct CapacityIndexTests {
    struct Member {
        var key: IDKey
        var score: Double
        var capacity: Capacity
    }

    static func capacity(_ rng: inout TestRandom) -> Capacity {
        let cpu = Double(rng.pick([0, 1, 4, 16, 64])), mem = rng.pick([0.0, 2, 16, 256])
        return Capacity(allocatedCPU: rng.uniform(0, cpu), cpu: cpu, allocatedMemGB: rng.uniform(0, mem), memGB: mem,
                        allocatedGPUs: 0, gpus: rng.pick([0, 0, 0, 1, 4]))
    }

    /// Few distinct scores, so that ids decide many places (as quantised scores do).
    static func score(_ rng: inout TestRandom) -> Double { Double(rng.below(12)) / 10 }

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func searchesEqualTheExhaustiveOneAndTheTreeStaysWellFormed(seed: UInt64) {
        var rng = TestRandom(state: seed)
        var index = CapacityIndex(leafSize: 8, fanOut: 8)
        var members: [Int32: Member] = [:]
        var joined = 0, found = 0
        for step in 0..<6000 {
            // Grow to a few hundred nodes, shrink to a handful, grow again: the root splits and collapses.
            let growing = (step / 1500) % 2 == 0
            let roll = rng.below(10)
            if members.isEmpty || roll < (growing ? 4 : 1) {
                let key = IDKey(AllocatorPropertyTests.nodeID(joined, &rng))
                joined += 1
                let m = Member(key: key, score: Self.score(&rng), capacity: Self.capacity(&rng))
                members[index.insert(key, score: m.score, capacity: m.capacity)] = m
            } else if roll < 5 {
                let h = members.keys.sorted()[rng.below(members.count)]
                index.remove(h)
                members[h] = nil
            } else {
                let h = members.keys.sorted()[rng.below(members.count)]
                // A small move often stays in its leaf; a large one crosses the tree.
                let score = rng.chance(0.5) ? members[h]?.score ?? 0 : Self.score(&rng)
                let capacity = Self.capacity(&rng)
                members[h]?.score = score
                members[h]?.capacity = capacity
                index.update(h, score: score, capacity: capacity)
            }
            let r = RoomTests.randomRequest(&rng)
            let want = Self.bestFit(r, members)
            #expect(index.first(fitting: r) == want, "step \(step): \(r)")
            if want != nil { found += 1 }
            if step % 50 == 0 { #expect(index.problems() == [], "step \(step)") }
            #expect(index.count == members.count)
        }
        #expect(found > 1000, "searches that found a node: \(found)")
    }

    static func bestFit(_ r: Resources, _ members: [Int32: Member]) -> Int32? {
        var best: (h: Int32, m: Member)?
        for (h, m) in members where m.capacity.fits(r) {
            if let b = best, b.m.score < m.score || (b.m.score == m.score && b.m.key < m.key) { continue }
            best = (h, m)
        }
        return best?.h
    }
}

extension CapacityIndex {
    /// What is wrong with the tree's shape, if anything (for tests).
    func problems() -> [String] {
        var found: [String] = []
        var seen = 0
        check(root, parent: -1, leafy: bottom[Int(root)], into: &found, seen: &seen)
        if seen != count { found.append("\(seen) nodes in leaves, count \(count)") }
        return found
    }

    /// Checks an inner node's children; its room and first key, as its entries say.
    @discardableResult
    private func check(_ node: Int32, parent: Int32, leafy: Bool, into found: inout [String], seen: inout Int)
        -> (Room, IndexKey?) {
        if innerParent[Int(node)] != parent { found.append("inner \(node): parent \(innerParent[Int(node)]) not \(parent)") }
        let base = Int(node) * fanOut, n = Int(innerCount[Int(node)])
        if n < 1 || n >= fanOut { found.append("inner \(node): \(n) children") }
        var room = Room.none, first: IndexKey?, last: IndexKey?
        for e in base..<base + n {
            let (r, f, l) = leafy ? checkLeaf(children[e], parent: node, into: &found, seen: &seen)
                                   : checkInner(children[e], parent: node, into: &found, seen: &seen)
            if r != rooms[e] { found.append("inner \(node) entry \(e - base): room not its child's") }
            if let f, e > base || parent >= 0, !same(f, firsts[e]) { found.append("inner \(node) entry \(e - base): first") }
            if let f, let l = last, !precedes(l, f) { found.append("inner \(node) entry \(e - base): out of order") }
            room = room.larger(r)
            first = first ?? f
            last = l ?? last
        }
        return (room, first)
    }

    private func checkInner(_ node: Int32, parent: Int32, into found: inout [String], seen: inout Int)
        -> (Room, IndexKey?, IndexKey?) {
        let (room, first) = check(node, parent: parent, leafy: bottom[Int(node)], into: &found, seen: &seen)
        return (room, first, lastKey(node))
    }

    private func lastKey(_ node: Int32) -> IndexKey? {
        let child = children[Int(node) * fanOut + Int(innerCount[Int(node)]) - 1]
        if !bottom[Int(node)] { return lastKey(child) }
        let n = Int(leafCount[Int(child)])
        return n > 0 ? leafKeys[Int(child) * leafSize + n - 1] : nil
    }

    private func checkLeaf(_ leaf: Int32, parent: Int32, into found: inout [String], seen: inout Int)
        -> (Room, IndexKey?, IndexKey?) {
        if leafParent[Int(leaf)] != parent { found.append("leaf \(leaf): parent") }
        let base = Int(leaf) * leafSize, n = Int(leafCount[Int(leaf)])
        if n >= leafSize || (n == 0 && count > 0) { found.append("leaf \(leaf): \(n) nodes") }
        for i in base..<base + n {
            let h = leafKeys[i].handle
            if leafOf[Int(h)] != leaf { found.append("node \(h): leafOf") }
            if !same(keys[Int(h)], leafKeys[i]) { found.append("node \(h): key") }
            if leafPoints[i] != capacities[Int(h)].headroom { found.append("node \(h): point") }
            if i > base, !precedes(leafKeys[i - 1], leafKeys[i]) { found.append("leaf \(leaf): out of order at \(i - base)") }
        }
        seen += n
        return (room(ofLeaf: leaf), n > 0 ? leafKeys[base] : nil, n > 0 ? leafKeys[base + n - 1] : nil)
    }

    private func same(_ a: IndexKey, _ b: IndexKey) -> Bool { a.handle == b.handle && a.score == b.score }
}
