import HeapModule

/// How the allocator ranks nodes that can take a task.
public enum AllocationPolicy: String, Sendable, CaseIterable {
    /// Spread: the node with the smallest allocated fraction (Kubernetes' LeastAllocated).
    case leastAllocated = "least"
    /// Pack: the node with the largest allocated fraction that still fits (bin packing).
    case mostAllocated = "most"
}

/// Candidate order kept in a heap with lazy invalidation: each allocation change pushes a fresh
/// entry and older entries for that node are skipped when popped. Picking a node costs
/// O(log n) instead of a scan of the fleet; ties break by node id so runs are deterministic.
struct Allocator {
    struct Entry: Comparable {
        var score: Double  // lower is better
        var id: String
        var version: Int
        static func < (a: Entry, b: Entry) -> Bool { a.score != b.score ? a.score < b.score : a.id < b.id }
        static func == (a: Entry, b: Entry) -> Bool { a.score == b.score && a.id == b.id && a.version == b.version }
    }

    let policy: AllocationPolicy
    private var heap = Heap<Entry>()
    /// Requests that fit no node. Placing tasks and nodes going away only shrink capacity, so such a
    /// request, and any at least as large, fails without a scan until a node it fits on is updated: a
    /// full fleet with a queue of large tasks otherwise scans every node for each of them every second.
    private var unplaceable: [Resources] = []

    init(policy: AllocationPolicy) { self.policy = policy }

    var entries: Int { heap.count }

    func score(_ node: RegisteredNode) -> Double {
        // Quantised so that near-equal nodes tie and fall back to id order.
        let s = (node.allocatedFraction * 1000).rounded() / 1000
        return policy == .leastAllocated ? s : -s
    }

    /// A node joined or changed. Every other node kept or lost capacity, so what fitted nowhere may
    /// fit now only if it fits on this one.
    mutating func update(_ node: RegisteredNode) {
        guard node.schedulable else { return }
        heap.insert(Entry(score: score(node), id: node.info.id, version: node.version))
        if !unplaceable.isEmpty { unplaceable.removeAll { node.fits($0) } }
    }

    /// The best node that fits, among current entries; entries examined but not chosen are kept.
    mutating func pick(_ request: Resources, nodes: [String: RegisteredNode], limit: Int = 4096) -> String? {
        if unplaceable.contains(where: { request.covers($0) }) { return nil }
        var skipped: [Entry] = []
        defer { for e in skipped { heap.insert(e) } }
        var examined = 0
        while let e = heap.popMin() {
            guard let node = nodes[e.id], node.version == e.version, node.schedulable else { continue }  // stale
            if node.fits(request) { return e.id }
            skipped.append(e)
            examined += 1
            if examined >= limit { return nil }  // not every node was tried: not proof that none fits
        }
        // Keep the smallest shapes: one that covers this request is implied by it. Bounded, because a
        // forgotten entry only costs a scan.
        unplaceable.removeAll { $0.covers(request) }
        unplaceable.append(request)
        if unplaceable.count > 64 { unplaceable.removeFirst() }
        return nil
    }

    /// Drops stale entries when the heap has grown well past the fleet.
    mutating func compact(nodes: [String: RegisteredNode]) {
        guard heap.count > 4 * max(nodes.count, 256) else { return }
        heap = Heap(heap.unordered.filter { e in nodes[e.id].map { $0.version == e.version && $0.schedulable } ?? false })
    }
}
