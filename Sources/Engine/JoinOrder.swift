/// Node ids in the order they joined, with the k-th of them, a removal and an append each in
/// O(log n): the simulator picks nodes by position in this order, and a fleet of a million nodes
/// cannot shift an array for every node that leaves.
///
/// Ids sit at their join sequence number; a Fenwick tree counts the ones still present, so the
/// k-th present id is found by descending it. Gaps are squeezed out once they outnumber the ids.
struct JoinOrder {
    private var ids: [String?] = []
    private var sequence: [String: Int] = [:]
    /// Fenwick tree over `ids` (1-based): tree[i] counts present ids in (i - lowbit(i), i].
    private var tree: [Int] = [0]
    private(set) var count = 0

    func contains(_ id: String) -> Bool { sequence[id] != nil }

    mutating func append(_ id: String) {
        guard sequence[id] == nil else { return }
        if ids.count + 1 >= tree.count { rebuild(capacity: max(16, 2 * (count + 1))) }
        sequence[id] = ids.count
        ids.append(id)
        add(1, at: ids.count)
        count += 1
    }

    mutating func remove(_ id: String) {
        guard let s = sequence.removeValue(forKey: id) else { return }
        ids[s] = nil
        add(-1, at: s + 1)
        count -= 1
        if ids.count > 64, ids.count > 2 * count { rebuild(capacity: max(16, 2 * count)) }
    }

    /// The id at position k (0-based) of the join order.
    subscript(k: Int) -> String? {
        guard k >= 0, k < count else { return nil }
        var position = 0, remaining = k + 1
        var step = 1
        while step * 2 < tree.count { step *= 2 }
        while step > 0 {
            let next = position + step
            if next < tree.count, tree[next] < remaining {
                position = next
                remaining -= tree[next]
            }
            step /= 2
        }
        return position < ids.count ? ids[position] : nil
    }

    /// The ids in join order.
    var all: [String] { ids.compactMap { $0 } }

    private mutating func add(_ delta: Int, at i: Int) {
        var i = i
        while i < tree.count {
            tree[i] += delta
            i += i & -i
        }
    }

    /// Drops the gaps and sizes the tree for `capacity` ids, in O(n).
    private mutating func rebuild(capacity: Int) {
        let present = ids.compactMap { $0 }
        ids = present
        for (s, id) in present.enumerated() { sequence[id] = s }
        tree = [Int](repeating: 0, count: max(capacity, ids.count) + 1)
        for i in 1..<tree.count {
            if i <= ids.count { tree[i] += 1 }
            let parent = i + (i & -i)
            if parent < tree.count { tree[parent] += tree[i] }
        }
    }
}
