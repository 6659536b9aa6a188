/// How the allocator ranks nodes that can take a task.
public enum AllocationPolicy: String, Sendable, CaseIterable {
    /// Spread: the node with the smallest allocated fraction (Kubernetes' LeastAllocated).
    case leastAllocated = "least"
    /// Pack: the node with the largest allocated fraction that still fits (bin packing).
    case mostAllocated = "most"
}

/// How the engine looks for a node: in the capacity index, or by scanning every node.
public enum PlacementSearch: Sendable {
    case index
    case scan
}

/// Exact best fit: of the schedulable nodes that fit a request, the one with the lowest score, ties
/// broken by node id. The nodes are kept in that order in a capacity index, so a placement walks
/// only the subtrees whose free capacity could take the request (O(log n) when most nodes fit).
struct Allocator {
    let policy: AllocationPolicy
    private var index = CapacityIndex()
    /// The node table's row of the node at each place of the index, so a pick needs no lookup by id.
    private var rows: [Int32] = []

    init(policy: AllocationPolicy) { self.policy = policy }

    var entries: Int { index.count }
    /// Nodes tested by the last `pick`.
    var examined: Int { index.examined }

    func score(_ node: RegisteredNode) -> Double {
        // Quantised so that near-equal nodes tie and fall back to id order.
        let s = (node.allocatedFraction * 1000).rounded() / 1000
        if s.isNaN { return .infinity }  // last, and the order stays total
        return policy == .leastAllocated ? s : -s
    }

    /// A node joined or its status or allocation changed: it takes its new place, or leaves the
    /// index if it is not schedulable. The node's slot is written back into it.
    mutating func update(_ node: inout RegisteredNode) {
        guard node.schedulable else { return remove(&node) }
        if node.slot >= 0 {
            index.update(node.slot, score: score(node), capacity: node.capacity)
        } else {
            node.slot = index.insert(node.key, score: score(node), capacity: node.capacity)
            while rows.count <= Int(node.slot) { rows.append(-1) }
            rows[Int(node.slot)] = node.row
        }
    }

    mutating func remove(_ node: inout RegisteredNode) {
        guard node.slot >= 0 else { return }
        index.remove(node.slot)
        node.slot = -1
    }

    /// The best node that fits, or nil if none does.
    mutating func pick(_ request: Resources) -> String? {
        index.first(fitting: request).map(index.id)
    }

    /// The node table's row of the best node that fits, or nil if none does.
    mutating func pickRow(_ request: Resources) -> Int32? {
        guard let slot = index.first(fitting: request), rows.indices.contains(Int(slot)) else { return nil }
        return rows[Int(slot)]
    }
}
