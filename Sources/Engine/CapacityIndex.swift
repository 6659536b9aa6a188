/// Schedulable nodes in allocator order (score, then id), in a treap whose subtrees carry bounds on
/// the free capacity of their nodes (`Room`: the largest free cpu, memory and GPUs, and weighted sums
/// of them). The best node that fits a request is the first in order that fits: the search skips
/// every subtree whose bounds are below the request, so nodes that cannot fit are mostly never looked
/// at. Insert, remove and update cost O(log n) expected.
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
        var own: Room
        var most: Room
    }

    private var slots: [Slot] = []
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
        let room = capacity.headroom
        let slot = Slot(priority: CapacityIndex.mix(inserted), ascii: key.ascii, score: score, high: key.high,
                        low: key.low, own: room, most: room)
        let s: Int32
        if let reused = free.popLast() {
            s = reused
            slots[Int(s)] = slot; ids[Int(s)] = key.id; capacities[Int(s)] = capacity
        } else {
            s = Int32(truncatingIfNeeded: slots.count)
            slots.append(slot); ids.append(key.id); capacities.append(capacity)
        }
        root = insert(s, into: root)
        count += 1
        return s
    }

    mutating func remove(_ slot: Int32) {
        guard slot >= 0, Int(slot) < slots.count else { return }
        root = remove(slot, from: root)
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
        root = move(slot, score: score, room: capacity.headroom, in: root)
    }

    /// The first node in order that fits `r`, or nil if none does.
    mutating func first(fitting r: Resources) -> Int32? {
        var tested = 0
        let found = find(Room.Request(r), in: root, tested: &tested)
        examined = tested
        return found >= 0 ? found : nil
    }

    // MARK: search

    private func find(_ r: Room.Request, in t: Int32, tested: inout Int) -> Int32 {
        guard t >= 0 else { return -1 }
        let s = slots[Int(t)]
        // The largest free capacity below the request: nothing under t fits.
        guard s.most.admits(r) else { return -1 }
        tested += 1
        let left = find(r, in: s.left, tested: &tested)
        if left >= 0 { return left }
        if s.own.admits(r), capacities[Int(t)].fits(r.r) { return t }
        return find(r, in: s.right, tested: &tested)
    }

    // MARK: treap

    private func precedes(_ a: Int32, _ b: Int32) -> Bool { precedes(a, slots[Int(a)].score, b) }

    /// Whether node a, with the score given, comes before node b.
    private func precedes(_ a: Int32, _ score: Double, _ b: Int32) -> Bool {
        let x = slots[Int(a)], y = slots[Int(b)]
        if score != y.score { return score < y.score }
        guard x.ascii, y.ascii else { return ids[Int(a)] < ids[Int(b)] }
        if x.high != y.high { return x.high < y.high }
        if x.low != y.low { return x.low < y.low }
        return ids[Int(a)] < ids[Int(b)]
    }

    /// Recomputes t's subtree maxima from its own and its children's.
    private mutating func pull(_ t: Int32) {
        let s = slots[Int(t)]
        var most = s.own
        if s.left >= 0 { most = most.larger(slots[Int(s.left)].most) }
        if s.right >= 0 { most = most.larger(slots[Int(s.right)].most) }
        slots[Int(t)].most = most
    }

    private mutating func insert(_ s: Int32, into t: Int32) -> Int32 {
        guard t >= 0 else { return s }
        if precedes(s, t) {
            let l = insert(s, into: slots[Int(t)].left)
            slots[Int(t)].left = l
            if slots[Int(l)].priority > slots[Int(t)].priority { return rotateRight(t) }
        } else {
            let r = insert(s, into: slots[Int(t)].right)
            slots[Int(t)].right = r
            if slots[Int(r)].priority > slots[Int(t)].priority { return rotateLeft(t) }
        }
        pull(t)
        return t
    }

    private mutating func move(_ s: Int32, score: Double, room: Room,
                               in t: Int32) -> Int32 {
        guard t >= 0 else { return -1 }
        if t == s {
            let rest = merge(slots[Int(s)].left, slots[Int(s)].right)
            return insert(rekeyed(s, score: score, room: room), into: rest)
        }
        let before = precedes(s, t), after = precedes(s, score, t)
        if before, after {
            slots[Int(t)].left = move(s, score: score, room: room, in: slots[Int(t)].left)
        } else if !before, !after {
            slots[Int(t)].right = move(s, score: score, room: room, in: slots[Int(t)].right)
        } else if before {  // crosses t from its left to its right
            slots[Int(t)].left = remove(s, from: slots[Int(t)].left)
            slots[Int(t)].right = insert(rekeyed(s, score: score, room: room), into: slots[Int(t)].right)
        } else {
            slots[Int(t)].right = remove(s, from: slots[Int(t)].right)
            slots[Int(t)].left = insert(rekeyed(s, score: score, room: room), into: slots[Int(t)].left)
        }
        pull(t)
        return t
    }

    /// Detaches s (its old place must already be left) and gives it its new key and capacity.
    private mutating func rekeyed(_ s: Int32, score: Double, room: Room) -> Int32 {
        slots[Int(s)].left = -1
        slots[Int(s)].right = -1
        slots[Int(s)].score = score
        slots[Int(s)].own = room
        slots[Int(s)].most = room
        return s
    }

    private mutating func remove(_ s: Int32, from t: Int32) -> Int32 {
        guard t >= 0 else { return -1 }
        if t == s { return merge(slots[Int(t)].left, slots[Int(t)].right) }
        if precedes(s, t) {
            slots[Int(t)].left = remove(s, from: slots[Int(t)].left)
        } else {
            slots[Int(t)].right = remove(s, from: slots[Int(t)].right)
        }
        pull(t)
        return t
    }

    /// Joins two treaps where every node of `a` precedes every node of `b`.
    private mutating func merge(_ a: Int32, _ b: Int32) -> Int32 {
        guard a >= 0 else { return b }
        guard b >= 0 else { return a }
        if slots[Int(a)].priority > slots[Int(b)].priority {
            slots[Int(a)].right = merge(slots[Int(a)].right, b)
            pull(a)
            return a
        }
        slots[Int(b)].left = merge(a, slots[Int(b)].left)
        pull(b)
        return b
    }

    private mutating func rotateRight(_ t: Int32) -> Int32 {
        let l = slots[Int(t)].left
        slots[Int(t)].left = slots[Int(l)].right
        slots[Int(l)].right = t
        pull(t)
        pull(l)
        return l
    }

    private mutating func rotateLeft(_ t: Int32) -> Int32 {
        let r = slots[Int(t)].right
        slots[Int(t)].right = slots[Int(r)].left
        slots[Int(r)].left = t
        pull(t)
        pull(r)
        return r
    }

    /// SplitMix64's finaliser: priorities that look random but are the same on every run.
    private static func mix(_ x: UInt64) -> UInt32 {
        var z = x &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return UInt32(truncatingIfNeeded: z ^ (z >> 31))
    }
}
