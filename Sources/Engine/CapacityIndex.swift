/// Schedulable nodes in allocator order (score, then id), in a treap whose subtrees carry a `Room`:
/// profiles of the free capacity of their nodes. The best node that fits a request is the first in
/// order that fits: the search skips every subtree whose room does not admit the request, so nodes
/// that cannot fit are mostly never looked at, even where the free cpu is on some nodes and the free
/// memory on others. Insert, remove and update cost O(log n) expected: a subtree's room is computed
/// again only where a change below it changed its child's room, or the shape changed.
///
/// Nodes live in slots of flat arrays (indices instead of references: no reference counting on the
/// paths walked for every placement); a removed node's slot is reused.
struct CapacityIndex {
    struct Slot {
        var left: Int32 = -1
        var right: Int32 = -1
        var priority: UInt32
        var ascii: Bool
        var score: Double
        var high: UInt64
        var low: UInt64
        var own: Room.Point
    }

    private var slots: [Slot] = []
    /// The subtree's room, by slot: its own node's and its children's, lane-wise largest.
    private var rooms: [Room] = []
    private var ids: [String] = []
    private var capacities: [Capacity] = []
    private var free: [Int32] = []
    private var root: Int32 = -1
    private var inserted: UInt64 = 0
    private(set) var count = 0
    /// Nodes the last `first(fitting:)` visited past the pruning (for tests and benchmarks).
    private(set) var examined = 0

    func id(_ slot: Int32) -> String { ids[Int(slot)] }

    /// Adds a node; the slot it gets is what `remove` takes.
    mutating func insert(_ key: IDKey, score: Double, capacity: Capacity) -> Int32 {
        inserted &+= 1
        let point = capacity.headroom
        let slot = Slot(priority: CapacityIndex.mix(inserted), ascii: key.ascii, score: score, high: key.high,
                        low: key.low, own: point)
        let s: Int32
        if let reused = free.popLast() {
            s = reused
            slots[Int(s)] = slot; rooms[Int(s)] = Room(point); ids[Int(s)] = key.id; capacities[Int(s)] = capacity
        } else {
            s = Int32(truncatingIfNeeded: slots.count)
            slots.append(slot); rooms.append(Room(point)); ids.append(key.id); capacities.append(capacity)
        }
        root = insert(s, into: root).root
        count += 1
        return s
    }

    mutating func remove(_ slot: Int32) {
        guard slot >= 0, Int(slot) < slots.count else { return }
        root = remove(slot, from: root).root
        slots[Int(slot)].left = -1
        slots[Int(slot)].right = -1
        ids[Int(slot)] = ""
        free.append(slot)
        count -= 1
    }

    /// Gives a node a new score and capacity. It leaves and re-enters only the subtree below the
    /// point where its old and new places part: a small change of score moves it a short way, and
    /// the path above is walked once instead of twice.
    mutating func update(_ slot: Int32, score: Double, capacity: Capacity) {
        guard slot >= 0, Int(slot) < slots.count else { return }
        capacities[Int(slot)] = capacity
        root = move(slot, score: score, point: capacity.headroom, in: root).root
    }

    /// The first node in order that fits `r`, or nil if none does.
    mutating func first(fitting r: Resources) -> Int32? {
        var tested = 0
        let found = find(Room.Request(r), r, in: root, tested: &tested)
        examined = tested
        return found >= 0 ? found : nil
    }

    // MARK: search

    private func find(_ q: Room.Request, _ r: Resources, in t: Int32, tested: inout Int) -> Int32 {
        guard t >= 0, rooms[Int(t)].admits(q) else { return -1 }  // nothing under t fits
        tested += 1
        let s = slots[Int(t)]
        let left = find(q, r, in: s.left, tested: &tested)
        if left >= 0 { return left }
        if s.own.covers(q.p), capacities[Int(t)].fits(r) { return t }
        return find(q, r, in: s.right, tested: &tested)
    }

    // MARK: rooms

    /// Computes t's room again from its own point and its children's rooms; whether it changed.
    private mutating func pull(_ t: Int32) -> Bool {
        let s = slots[Int(t)]
        var room = Room(s.own)
        if s.left >= 0 { room = room.larger(rooms[Int(s.left)]) }
        if s.right >= 0 { room = room.larger(rooms[Int(s.right)]) }
        guard room != rooms[Int(t)] else { return false }
        rooms[Int(t)] = room
        return true
    }

    // MARK: treap (each change returns the subtree's root and whether its room changed)

    private typealias Change = (root: Int32, changed: Bool)

    @inline(__always)
    private func precedes(_ a: Int32, _ b: Int32) -> Bool {
        let x = slots[Int(a)].score, y = slots[Int(b)].score
        return x != y ? x < y : idPrecedes(a, b)
    }

    /// Whether node a comes before node b with its present score, and with `score`: one look at
    /// both for the two questions a move asks at every level.
    @inline(__always)
    private func order(_ a: Int32, _ score: Double, _ b: Int32) -> (before: Bool, after: Bool) {
        let present = slots[Int(a)].score, other = slots[Int(b)].score
        if present != other, score != other { return (present < other, score < other) }
        let byID = idPrecedes(a, b)
        return (present != other ? present < other : byID, score != other ? score < other : byID)
    }

    /// Id order, as two integers where that is exact (`IDKey`).
    private func idPrecedes(_ a: Int32, _ b: Int32) -> Bool {
        let x = slots[Int(a)], y = slots[Int(b)]
        guard x.ascii, y.ascii else { return ids[Int(a)] < ids[Int(b)] }
        if x.high != y.high { return x.high < y.high }
        if x.low != y.low { return x.low < y.low }
        return ids[Int(a)] < ids[Int(b)]
    }

    private mutating func insert(_ s: Int32, into t: Int32) -> Change {
        guard t >= 0 else { return (s, true) }
        if precedes(s, t) {
            let l = insert(s, into: slots[Int(t)].left)
            slots[Int(t)].left = l.root
            if slots[Int(l.root)].priority > slots[Int(t)].priority { return rotateRight(t) }
            return (t, l.changed && pull(t))
        }
        let r = insert(s, into: slots[Int(t)].right)
        slots[Int(t)].right = r.root
        if slots[Int(r.root)].priority > slots[Int(t)].priority { return rotateLeft(t) }
        return (t, r.changed && pull(t))
    }

    private mutating func move(_ s: Int32, score: Double, point: Room.Point, in t: Int32) -> Change {
        guard t >= 0 else { return (-1, false) }
        if t == s {
            let before = rooms[Int(s)]
            let rest = merge(slots[Int(s)].left, slots[Int(s)].right)
            let root = insert(rekeyed(s, score: score, point: point), into: rest).root
            return (root, rooms[Int(root)] != before)
        }
        let (before, after) = order(s, score, t)
        var changed: Bool
        if before, after {
            let l = move(s, score: score, point: point, in: slots[Int(t)].left)
            slots[Int(t)].left = l.root
            changed = l.changed
        } else if !before, !after {
            let r = move(s, score: score, point: point, in: slots[Int(t)].right)
            slots[Int(t)].right = r.root
            changed = r.changed
        } else if before {  // crosses t from its left to its right
            let l = remove(s, from: slots[Int(t)].left)
            slots[Int(t)].left = l.root
            let r = insert(rekeyed(s, score: score, point: point), into: slots[Int(t)].right)
            slots[Int(t)].right = r.root
            changed = l.changed || r.changed
        } else {
            let r = remove(s, from: slots[Int(t)].right)
            slots[Int(t)].right = r.root
            let l = insert(rekeyed(s, score: score, point: point), into: slots[Int(t)].left)
            slots[Int(t)].left = l.root
            changed = l.changed || r.changed
        }
        return (t, changed && pull(t))
    }

    /// Detaches s (its old place must already be left) and gives it its new key and capacity.
    private mutating func rekeyed(_ s: Int32, score: Double, point: Room.Point) -> Int32 {
        slots[Int(s)].left = -1
        slots[Int(s)].right = -1
        slots[Int(s)].score = score
        slots[Int(s)].own = point
        rooms[Int(s)] = Room(point)
        return s
    }

    private mutating func remove(_ s: Int32, from t: Int32) -> Change {
        guard t >= 0 else { return (-1, false) }
        if t == s {
            let before = rooms[Int(t)]
            let rest = merge(slots[Int(t)].left, slots[Int(t)].right)
            return (rest, rest < 0 || rooms[Int(rest)] != before)
        }
        if precedes(s, t) {
            let l = remove(s, from: slots[Int(t)].left)
            slots[Int(t)].left = l.root
            return (t, l.changed && pull(t))
        }
        let r = remove(s, from: slots[Int(t)].right)
        slots[Int(t)].right = r.root
        return (t, r.changed && pull(t))
    }

    /// Joins two treaps where every node of `a` precedes every node of `b`.
    private mutating func merge(_ a: Int32, _ b: Int32) -> Int32 {
        guard a >= 0 else { return b }
        guard b >= 0 else { return a }
        if slots[Int(a)].priority > slots[Int(b)].priority {
            slots[Int(a)].right = merge(slots[Int(a)].right, b)
            _ = pull(a)
            return a
        }
        slots[Int(b)].left = merge(a, slots[Int(b)].left)
        _ = pull(b)
        return b
    }

    private mutating func rotateRight(_ t: Int32) -> Change {
        let before = rooms[Int(t)]
        let l = slots[Int(t)].left
        slots[Int(t)].left = slots[Int(l)].right
        slots[Int(l)].right = t
        _ = pull(t)
        _ = pull(l)
        return (l, rooms[Int(l)] != before)
    }

    private mutating func rotateLeft(_ t: Int32) -> Change {
        let before = rooms[Int(t)]
        let r = slots[Int(t)].right
        slots[Int(t)].right = slots[Int(r)].left
        slots[Int(r)].left = t
        _ = pull(t)
        _ = pull(r)
        return (r, rooms[Int(r)] != before)
    }

    /// SplitMix64's finaliser: priorities that look random but are the same on every run.
    private static func mix(_ x: UInt64) -> UInt32 {
        var z = x &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return UInt32(truncatingIfNeeded: z ^ (z >> 31))
    }
}
