/// Schedulable nodes in allocator order (score, then id), in a B+tree whose inner nodes keep, beside
/// each child, its `Room`: profiles of the free capacity of the nodes below it. The best node that
/// fits a request is the first in order that fits: the search skips every child whose room does not
/// admit the request, so nodes that cannot fit are mostly never looked at, even where the free cpu is
/// on some nodes and the free memory on others.
///
/// A tree of 16 children a node and 32 nodes a leaf is four or five levels deep at a million nodes,
/// and a level's rooms sit side by side: a placement reads a few blocks of memory instead of the ~40
/// scattered nodes of a binary tree's path, and the inner levels of a 100,000-node fleet fit in the
/// cache. Insert, remove and update cost O(log n): a change climbs only while it changes a room.
///
/// Everything lives in flat arrays indexed by number (no references, so no reference counting on
/// the paths walked for every placement); a node's handle is what `insert` returns.
struct CapacityIndex {
    /// Nodes a leaf holds before it splits, and children an inner node holds before it splits
    /// (small ones in tests, so that few nodes make a deep tree).
    let leafSize: Int
    let fanOut: Int

    // Nodes, by handle.
    var keys: [IndexKey] = []
    var ids: [String] = []
    var capacities: [Capacity] = []
    var leafOf: [Int32] = []
    var freeHandles: [Int32] = []

    // Leaves, `leafSize` places each: the nodes' keys and free capacity, in order.
    var leafKeys: [IndexKey] = []
    var leafPoints: [Room.Point] = []
    var leafCount: [Int32] = []
    var leafParent: [Int32] = []
    var freeLeaves: [Int32] = []

    // Inner nodes, `fanOut` places each: a child, its room and its first key.
    var rooms: [Room] = []
    var firsts: [IndexKey] = []
    var children: [Int32] = []
    var innerCount: [Int32] = []
    var innerParent: [Int32] = []
    /// Whether an inner node's children are leaves.
    var bottom: [Bool] = []
    var freeInner: [Int32] = []
    var root: Int32 = 0
    /// Shared by copies of the index until one of them changes (see `own`).
    private var owner = Owner()

    private(set) var count = 0
    /// Nodes and subtrees the last `first(fitting:)` looked at past the pruning (for tests and benchmarks).
    private(set) var examined = 0
    /// Where in the leaves the last `first(fitting:)` found its node: the placement that follows
    /// updates that node, and finds it there without a search (checked, so a stale one is harmless).
    private var lastFound = -1

    init(leafSize: Int = 32, fanOut: Int = 16) {
        self.leafSize = max(8, leafSize)
        self.fanOut = max(8, fanOut)
        let leaf = newLeaf(parent: 0)
        root = newInner(parent: -1, bottom: true)
        insertChild(leaf, first: .placeholder, room: .none, into: root, at: 0)
    }

    func id(_ handle: Int32) -> String { ids[Int(handle)] }

    /// Adds a node; the handle it gets is what `remove` and `update` take.
    mutating func insert(_ key: IDKey, score: Double, capacity: Capacity) -> Int32 {
        own()
        let h: Int32
        if let reused = freeHandles.popLast() {
            h = reused
            keys[Int(h)] = IndexKey(key, score: score, handle: h)
            ids[Int(h)] = key.id; capacities[Int(h)] = capacity
        } else {
            h = Int32(truncatingIfNeeded: keys.count)
            keys.append(IndexKey(key, score: score, handle: h))
            ids.append(key.id); capacities.append(capacity); leafOf.append(-1)
        }
        place(h, capacity.headroom)
        count += 1
        return h
    }

    mutating func remove(_ h: Int32) {
        guard contains(h), let i = position(of: h) else { return }
        own()
        unplace(at: i, of: leafOf[Int(h)])
        leafOf[Int(h)] = -1
        ids[Int(h)] = ""
        freeHandles.append(h)
        count -= 1
    }

    /// Gives a node a new score and capacity. A node whose score stays, or whose new key still lies
    /// between its neighbours in its leaf, is changed where it is; others leave and enter again.
    mutating func update(_ h: Int32, score: Double, capacity: Capacity) {
        guard contains(h), let i = position(of: h) else { return }
        own()
        capacities[Int(h)] = capacity
        let point = capacity.headroom, leaf = leafOf[Int(h)]
        var key = keys[Int(h)]
        key.score = score
        keys[Int(h)] = key
        if staysInPlace(key, at: i, in: leaf) {
            leafKeys[i] = key
            setPoint(point, at: i, in: leaf)
            return
        }
        unplace(at: i, of: leaf)
        place(h, point)
    }

    /// The first node in order that fits `r`, or nil if none does.
    mutating func first(fitting r: Resources) -> Int32? {
        var tested = 0
        let found = find(Room.Request(r), r, in: root, tested: &tested)
        examined = tested
        lastFound = found
        return found >= 0 ? leafKeys[found].handle : nil
    }

    /// A copy of the index takes its own arrays all at once, at its first change: each array copied
    /// on its own first write would put the copies of the arrays a change rarely writes (on a split,
    /// say) on whichever later change first writes them.
    private mutating func own() {
        guard !isKnownUniquelyReferenced(&owner) else { return }
        owner = Owner()
        keys.reserveCapacity(0); ids.reserveCapacity(0); capacities.reserveCapacity(0); leafOf.reserveCapacity(0)
        freeHandles.reserveCapacity(0); leafKeys.reserveCapacity(0); leafPoints.reserveCapacity(0)
        leafCount.reserveCapacity(0); leafParent.reserveCapacity(0); freeLeaves.reserveCapacity(0)
        rooms.reserveCapacity(0); firsts.reserveCapacity(0); children.reserveCapacity(0)
        innerCount.reserveCapacity(0); innerParent.reserveCapacity(0); bottom.reserveCapacity(0)
        freeInner.reserveCapacity(0)
    }

    private final class Owner: Sendable {}

    private func contains(_ h: Int32) -> Bool { h >= 0 && Int(h) < leafOf.count && leafOf[Int(h)] >= 0 }

    // MARK: search

    /// The place in the leaves of the first node below `node` that fits, or -1.
    private func find(_ q: Room.Request, _ r: Resources, in node: Int32, tested: inout Int) -> Int {
        let base = Int(node) * fanOut, leafy = bottom[Int(node)]
        for e in base..<base + Int(innerCount[Int(node)]) where rooms[e].admits(q) {
            tested += 1
            let found = leafy ? find(q, r, inLeaf: children[e], tested: &tested)
                              : find(q, r, in: children[e], tested: &tested)
            if found >= 0 { return found }
        }
        return -1
    }

    private func find(_ q: Room.Request, _ r: Resources, inLeaf leaf: Int32, tested: inout Int) -> Int {
        let base = Int(leaf) * leafSize
        for i in base..<base + Int(leafCount[Int(leaf)]) where leafPoints[i].covers(q.p) {
            tested += 1
            if capacities[Int(leafKeys[i].handle)].fits(r) { return i }
        }
        return -1
    }

    // MARK: order

    @inline(__always)
    func precedes(_ a: IndexKey, _ b: IndexKey) -> Bool {
        if a.score != b.score { return a.score < b.score }
        if a.ascii, b.ascii {
            if a.high != b.high { return a.high < b.high }
            if a.low != b.low { return a.low < b.low }
        }
        guard a.handle >= 0, b.handle >= 0 else { return a.handle < b.handle }
        return ids[Int(a.handle)] < ids[Int(b.handle)]
    }

    /// Where node h is in its leaf's arrays: where the last search found it, or found by its key, or
    /// by its handle if ids repeat.
    func position(of h: Int32) -> Int? {
        let leaf = Int(leafOf[Int(h)]), base = leaf * leafSize, range = base..<base + Int(leafCount[leaf])
        if range.contains(lastFound), leafKeys[lastFound].handle == h { return lastFound }
        var low = range.lowerBound, high = range.upperBound
        while low < high {
            let mid = (low + high) / 2
            if precedes(leafKeys[mid], keys[Int(h)]) { low = mid + 1 } else { high = mid }
        }
        if low < range.upperBound, leafKeys[low].handle == h { return low }
        for i in range where leafKeys[i].handle == h { return i }
        return nil
    }

    /// The first place in `range` of `sorted` whose key comes after `key` (the range's end if none does).
    @inline(__always)
    func firstAfter(_ key: IndexKey, in range: Range<Int>, of sorted: [IndexKey]) -> Int {
        var low = range.lowerBound, high = range.upperBound
        while low < high {
            let mid = (low + high) / 2
            if precedes(key, sorted[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }

    /// Whether the node at place i of `leaf` may take `key` there: its score is the same, or the key
    /// still lies between its neighbours in the leaf (the first and last of a leaf move the usual
    /// way: their other neighbours are in other leaves).
    private func staysInPlace(_ key: IndexKey, at i: Int, in leaf: Int32) -> Bool {
        if key.score == leafKeys[i].score { return true }
        let base = Int(leaf) * leafSize
        guard i > base, i < base + Int(leafCount[Int(leaf)]) - 1 else { return false }
        return precedes(leafKeys[i - 1], key) && precedes(key, leafKeys[i + 1])
    }
}
