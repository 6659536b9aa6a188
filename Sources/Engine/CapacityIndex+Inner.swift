/// The capacity index's inner nodes: a child's room and first key kept up to date as nodes come and
/// go below it, children added and removed, and nodes split, merged and balanced as leaves are.
extension CapacityIndex {
    /// The place in `parent` of `child` (a leaf or an inner node, as the parent's children are).
    func entry(of child: Int32, in parent: Int32) -> Int {
        let base = Int(parent) * fanOut
        var e = base
        while e < base + Int(innerCount[Int(parent)]) - 1, children[e] != child { e += 1 }
        return e
    }

    func room(ofInner node: Int32) -> Room {
        let base = Int(node) * fanOut
        var room = Room.none
        for e in base..<base + Int(innerCount[Int(node)]) { room = room.larger(rooms[e]) }
        return room
    }

    // MARK: rooms and first keys

    /// A node entered below `child` (a leaf): the rooms on its path take `room` in, up to where one
    /// already held it.
    mutating func grow(_ leaf: Int32, by room: Room) {
        var child = leaf, parent = leafParent[Int(leaf)]
        while parent >= 0 {
            let e = entry(of: child, in: parent)
            let grown = rooms[e].larger(room)
            guard grown != rooms[e] else { return }
            rooms[e] = grown
            child = parent
            parent = innerParent[Int(parent)]
        }
    }

    /// The leaf's room is computed again, and the rooms above it while they change.
    mutating func refreshRooms(leaf: Int32) {
        let parent = leafParent[Int(leaf)], e = entry(of: leaf, in: parent), room = room(ofLeaf: leaf)
        guard rooms[e] != room else { return }
        rooms[e] = room
        refreshRooms(above: parent)
    }

    /// The inner node's entries changed: its room is computed again, and those above while they change.
    mutating func refreshRooms(above node: Int32) {
        var node = node
        while innerParent[Int(node)] >= 0 {
            let up = innerParent[Int(node)], e = entry(of: node, in: up), room = room(ofInner: node)
            guard rooms[e] != room else { return }
            rooms[e] = room
            node = up
        }
    }

    /// `child`'s first key is now `key`: so is its parent's, and so on, while it is a first child.
    mutating func setFirst(_ key: IndexKey, of child: Int32, in parent: Int32) {
        var child = child, parent = parent
        while parent >= 0 {
            let e = entry(of: child, in: parent)
            firsts[e] = key
            guard e == Int(parent) * fanOut else { return }
            child = parent
            parent = innerParent[Int(parent)]
        }
    }

    // MARK: structure

    mutating func newInner(parent: Int32, bottom leafy: Bool) -> Int32 {
        if let reused = freeInner.popLast() {
            innerCount[Int(reused)] = 0
            innerParent[Int(reused)] = parent
            bottom[Int(reused)] = leafy
            return reused
        }
        let node = Int32(truncatingIfNeeded: innerCount.count)
        innerCount.append(0)
        innerParent.append(parent)
        bottom.append(leafy)
        rooms.append(contentsOf: repeatElement(Room.none, count: fanOut))
        firsts.append(contentsOf: repeatElement(.placeholder, count: fanOut))
        children.append(contentsOf: repeatElement(-1, count: fanOut))
        return node
    }

    /// Adds `child` at place `at` (0-based) of `node`, which splits if that fills it.
    mutating func insertChild(_ child: Int32, first: IndexKey, room: Room, into node: Int32, at: Int) {
        let base = Int(node) * fanOut, n = Int(innerCount[Int(node)])
        for e in stride(from: base + n, to: base + at, by: -1) {
            children[e] = children[e - 1]; firsts[e] = firsts[e - 1]; rooms[e] = rooms[e - 1]
        }
        children[base + at] = child; firsts[base + at] = first; rooms[base + at] = room
        innerCount[Int(node)] += 1
        if bottom[Int(node)] { leafParent[Int(child)] = node } else { innerParent[Int(child)] = node }
        if at == 0 { setFirst(first, of: node, in: innerParent[Int(node)]) }
        if n + 1 == fanOut { split(inner: node) }
    }

    /// Removes the child at place e; the caller computes the rooms again and balances the node.
    mutating func removeChild(at e: Int, of node: Int32) {
        let base = Int(node) * fanOut, end = base + Int(innerCount[Int(node)])
        for i in e..<end - 1 {
            children[i] = children[i + 1]; firsts[i] = firsts[i + 1]; rooms[i] = rooms[i + 1]
        }
        innerCount[Int(node)] -= 1
        if e == base, end - 1 > base { setFirst(firsts[base], of: node, in: innerParent[Int(node)]) }
    }

    /// A full inner node gives its second half to a new node beside it (under a new root if it was the root).
    private mutating func split(inner node: Int32) {
        var up = innerParent[Int(node)]
        if up < 0 {
            up = newInner(parent: -1, bottom: false)
            insertChild(node, first: firsts[Int(node) * fanOut], room: room(ofInner: node), into: up, at: 0)
            root = up
        }
        let right = newInner(parent: up, bottom: bottom[Int(node)])
        let half = fanOut / 2
        moveEntries(from: node, Int(innerCount[Int(node)]) - half, half, to: right, at: 0)
        let e = entry(of: node, in: up)
        rooms[e] = room(ofInner: node)
        insertChild(right, first: firsts[Int(right) * fanOut], room: room(ofInner: right),
                    into: up, at: e + 1 - Int(up) * fanOut)
    }

    /// An inner node with few children merges with a neighbour or takes some of its children; a
    /// root left with one inner child gives way to it.
    mutating func rebalance(inner node: Int32) {
        let up = innerParent[Int(node)]
        guard up >= 0 else { return collapseRoot() }
        guard innerCount[Int(node)] < fanOut / 4, innerCount[Int(up)] > 1 else { return }
        let e = entry(of: node, in: up), base = Int(up) * fanOut
        let (l, r) = e + 1 < base + Int(innerCount[Int(up)]) ? (e, e + 1) : (e - 1, e)
        let left = children[l], right = children[r]
        let ln = Int(innerCount[Int(left)]), rn = Int(innerCount[Int(right)])
        if ln + rn <= fanOut * 3 / 4 {
            moveEntries(from: right, 0, rn, to: left, at: ln)
            rooms[l] = rooms[l].larger(rooms[r])
            removeChild(at: r, of: up)
            freeInner.append(right)
            rebalance(inner: up)
            return
        }
        if ln < rn {
            moveEntries(from: right, 0, (rn - ln) / 2, to: left, at: ln)
        } else {
            let k = (ln - rn) / 2
            moveEntries(from: left, ln - k, k, to: right, at: 0)
        }
        firsts[r] = firsts[Int(right) * fanOut]
        rooms[l] = room(ofInner: left)
        rooms[r] = room(ofInner: right)
    }

    private mutating func collapseRoot() {
        while innerCount[Int(root)] == 1, !bottom[Int(root)] {
            let only = children[Int(root) * fanOut]
            freeInner.append(root)
            innerParent[Int(only)] = -1
            root = only
        }
    }

    /// Moves k children from place `from` of node a to place `at` of node b, as `moveNodes` does for leaves.
    private mutating func moveEntries(from a: Int32, _ from: Int, _ k: Int, to b: Int32, at: Int) {
        guard k > 0 else { return }
        let size = fanOut, aBase = Int(a) * size, bBase = Int(b) * size
        let an = Int(innerCount[Int(a)]), bn = Int(innerCount[Int(b)])
        for i in stride(from: bn - 1, through: at, by: -1) {
            children[bBase + i + k] = children[bBase + i]; firsts[bBase + i + k] = firsts[bBase + i]
            rooms[bBase + i + k] = rooms[bBase + i]
        }
        let leafy = bottom[Int(b)]
        for j in 0..<k {
            let child = children[aBase + from + j]
            children[bBase + at + j] = child; firsts[bBase + at + j] = firsts[aBase + from + j]
            rooms[bBase + at + j] = rooms[aBase + from + j]
            if leafy { leafParent[Int(child)] = b } else { innerParent[Int(child)] = b }
        }
        for i in from..<an - k {
            children[aBase + i] = children[aBase + i + k]; firsts[aBase + i] = firsts[aBase + i + k]
            rooms[aBase + i] = rooms[aBase + i + k]
        }
        innerCount[Int(a)] = Int32(an - k)
        innerCount[Int(b)] = Int32(bn + k)
    }
}
