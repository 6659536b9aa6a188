/// The capacity index's leaves: a node enters and leaves one, a full leaf splits in two, and a leaf
/// left with few nodes takes some from a neighbour or merges with it.
extension CapacityIndex {
    /// Puts node h in the leaf its key belongs to.
    mutating func place(_ h: Int32, _ point: Room.Point) {
        let key = keys[Int(h)]
        var node = root
        while true {
            let child = children[route(key, in: node)]
            if bottom[Int(node)] { return insert(key, point, into: child) }
            node = child
        }
    }

    /// The place in `node` of the child whose keys `key` falls among.
    private func route(_ key: IndexKey, in node: Int32) -> Int {
        let base = Int(node) * fanOut
        return firstAfter(key, in: base + 1..<base + Int(innerCount[Int(node)]), of: firsts) - 1
    }

    private mutating func insert(_ key: IndexKey, _ point: Room.Point, into leaf: Int32) {
        let base = Int(leaf) * leafSize, n = Int(leafCount[Int(leaf)])
        let i = firstAfter(key, in: base..<base + n, of: leafKeys)
        for j in stride(from: base + n, to: i, by: -1) {
            leafKeys[j] = leafKeys[j - 1]
            leafPoints[j] = leafPoints[j - 1]
        }
        leafKeys[i] = key
        leafPoints[i] = point
        leafCount[Int(leaf)] += 1
        leafOf[Int(key.handle)] = leaf
        if i == base { setFirst(key, of: leaf, in: leafParent[Int(leaf)]) }
        // The rooms above take the new node in before any split, which only shares a leaf's nodes out.
        grow(leaf, by: Room(point))
        if n + 1 == leafSize { split(leaf: leaf) }
    }

    /// Takes the node at place `at` out of `leaf`. The rooms above are computed again only if the
    /// node may have been what one of them held.
    mutating func unplace(at: Int, of leaf: Int32) {
        let base = Int(leaf) * leafSize, n = Int(leafCount[Int(leaf)]), parent = leafParent[Int(leaf)]
        let gone = Room(leafPoints[at])
        for i in at..<base + n - 1 {
            leafKeys[i] = leafKeys[i + 1]
            leafPoints[i] = leafPoints[i + 1]
        }
        leafCount[Int(leaf)] -= 1
        if n == 1, innerCount[Int(parent)] > 1 {
            removeChild(at: entry(of: leaf, in: parent), of: parent)
            freeLeaves.append(leaf)
            refreshRooms(above: parent)
            rebalance(inner: parent)
            return
        }
        if at == base, n > 1 { setFirst(leafKeys[base], of: leaf, in: parent) }
        if !gone.isStrictlyBelow(rooms[entry(of: leaf, in: parent)]) { refreshRooms(leaf: leaf) }
        if n - 1 < leafSize / 4 { rebalance(leaf: leaf) }
    }

    /// Gives the node at place i of `leaf` a new free capacity.
    mutating func setPoint(_ point: Room.Point, at i: Int, in leaf: Int32) {
        let old = leafPoints[i]
        leafPoints[i] = point
        if point == old { return }
        // The old capacity leaves the room as it was unless it may have been what the room held.
        if point.covers(old) || Room(old).isStrictlyBelow(rooms[entry(of: leaf, in: leafParent[Int(leaf)])]) {
            grow(leaf, by: Room(point))
        } else {
            refreshRooms(leaf: leaf)
        }
    }

    func room(ofLeaf leaf: Int32) -> Room {
        let base = Int(leaf) * leafSize
        var room = Room.none
        for i in base..<base + Int(leafCount[Int(leaf)]) { room = room.larger(Room(leafPoints[i])) }
        return room
    }

    mutating func newLeaf(parent: Int32) -> Int32 {
        if let reused = freeLeaves.popLast() {
            leafCount[Int(reused)] = 0
            leafParent[Int(reused)] = parent
            return reused
        }
        let leaf = Int32(truncatingIfNeeded: leafCount.count)
        leafCount.append(0)
        leafParent.append(parent)
        leafKeys.append(contentsOf: repeatElement(.placeholder, count: leafSize))
        leafPoints.append(contentsOf: repeatElement(Room.Point(cpu: 0, mem: 0, gpu: 0), count: leafSize))
        return leaf
    }

    /// A full leaf gives its second half to a new leaf beside it.
    private mutating func split(leaf: Int32) {
        let parent = leafParent[Int(leaf)], right = newLeaf(parent: parent)
        let half = leafSize / 2
        moveNodes(from: leaf, Int(leafCount[Int(leaf)]) - half, half, to: right, at: 0)
        let e = entry(of: leaf, in: parent)
        rooms[e] = room(ofLeaf: leaf)
        insertChild(right, first: leafKeys[Int(right) * leafSize], room: room(ofLeaf: right),
                    into: parent, at: e + 1 - Int(parent) * fanOut)
    }

    /// A leaf with few nodes merges with a neighbour, or takes some of its nodes if together they
    /// would be nearly full. What the two hold together, and so the rooms above them, stays the same.
    private mutating func rebalance(leaf: Int32) {
        let parent = leafParent[Int(leaf)]
        guard innerCount[Int(parent)] > 1 else { return }
        let e = entry(of: leaf, in: parent), base = Int(parent) * fanOut
        let (l, r) = e + 1 < base + Int(innerCount[Int(parent)]) ? (e, e + 1) : (e - 1, e)
        let left = children[l], right = children[r]
        let ln = Int(leafCount[Int(left)]), rn = Int(leafCount[Int(right)])
        if ln + rn <= leafSize * 3 / 4 {
            moveNodes(from: right, 0, rn, to: left, at: ln)
            rooms[l] = rooms[l].larger(rooms[r])
            removeChild(at: r, of: parent)
            freeLeaves.append(right)
            rebalance(inner: parent)
            return
        }
        if ln < rn {
            moveNodes(from: right, 0, (rn - ln) / 2, to: left, at: ln)
        } else {
            let k = (ln - rn) / 2
            moveNodes(from: left, ln - k, k, to: right, at: 0)
        }
        firsts[r] = leafKeys[Int(right) * leafSize]
        rooms[l] = room(ofLeaf: left)
        rooms[r] = room(ofLeaf: right)
    }

    /// Moves k nodes from place `from` of leaf a to place `at` of leaf b, closing the gap in a and
    /// opening one in b (a and b are neighbours: a's nodes come from its end when b is after it,
    /// from its start when b is before it).
    private mutating func moveNodes(from a: Int32, _ from: Int, _ k: Int, to b: Int32, at: Int) {
        guard k > 0 else { return }
        let size = leafSize, aBase = Int(a) * size, bBase = Int(b) * size
        let an = Int(leafCount[Int(a)]), bn = Int(leafCount[Int(b)])
        for i in stride(from: bn - 1, through: at, by: -1) {
            leafKeys[bBase + i + k] = leafKeys[bBase + i]
            leafPoints[bBase + i + k] = leafPoints[bBase + i]
        }
        for j in 0..<k {
            leafKeys[bBase + at + j] = leafKeys[aBase + from + j]
            leafPoints[bBase + at + j] = leafPoints[aBase + from + j]
            leafOf[Int(leafKeys[bBase + at + j].handle)] = b
        }
        for i in from..<an - k {
            leafKeys[aBase + i] = leafKeys[aBase + i + k]
            leafPoints[aBase + i] = leafPoints[aBase + i + k]
        }
        leafCount[Int(a)] = Int32(an - k)
        leafCount[Int(b)] = Int32(bn + k)
    }
}
