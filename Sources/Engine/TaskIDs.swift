/// The ids of the tasks on one node: a set with the few members a node holds in a plain array.
///
/// A placement adds one id and a task's end removes one; hashing a string into a per-node `Set` for
/// that cost more than comparing the few ids a node holds (short ids compare as two words).
public struct TaskIDs: Sendable, Sequence, Equatable, ExpressibleByArrayLiteral {
    private var ids: [String] = []

    public init() {}
    public init(arrayLiteral elements: String...) { for id in elements { insert(id) } }

    public var count: Int { ids.count }
    public var isEmpty: Bool { ids.isEmpty }
    public func contains(_ id: String) -> Bool { ids.contains(id) }
    public func makeIterator() -> IndexingIterator<[String]> { ids.makeIterator() }

    /// Adds the id unless it is there already; whether it was added.
    @discardableResult
    public mutating func insert(_ id: String) -> Bool {
        guard !ids.contains(id) else { return false }
        // Room for a few at the first: growing one at a time reallocated at a node's second and third task.
        if ids.capacity == 0 { ids.reserveCapacity(4) }
        ids.append(id)
        return true
    }

    /// Removes the id if it is there (the order of the rest is not kept: it is a set).
    public mutating func remove(_ id: String) {
        guard let k = ids.firstIndex(of: id) else { return }
        ids.swapAt(k, ids.count - 1)
        ids.removeLast()
    }

    /// Equal as sets: the same ids in any order.
    public static func == (a: TaskIDs, b: TaskIDs) -> Bool { a.count == b.count && a.ids.allSatisfy(b.contains) }
}
