import Feed

/// A task placed on a node: what it asked for, the node it is on and how far it has got.
public struct PlacedTask: Sendable {
    public var spec: TaskSpec
    public var node: String
    public var state: TaskState
    /// The node's row in the engine's `NodeTable`, so that the task's end reaches it without its id.
    var nodeRow: Int32
}

/// The tasks assigned or running, in numbered rows, with an index from id to row.
///
/// The index holds four bytes a task, not the task: an insert into a table of 100,000 tasks writes
/// one small entry where the hash puts it and the task in a row that a task that ended gave back, or
/// at the end of the rows, where a dictionary of whole tasks wrote a hundred bytes at a random place.
public struct TaskTable: Sendable {
    private var rows = PagedRows<PlacedTask>()
    private var rowOf: [String: Int32] = [:]

    public init() {}

    public var count: Int { rowOf.count }
    /// The ids of the tasks placed, in no particular order.
    public var keys: Dictionary<String, Int32>.Keys { rowOf.keys }

    public subscript(id: String) -> PlacedTask? {
        guard let r = rowOf[id] else { return nil }
        return rows[r]
    }

    func row(of id: String) -> Int32? { rowOf[id] }

    subscript(row r: Int32) -> PlacedTask? { rows[r] }

    /// Puts the task in (replacing one of the same id).
    mutating func insert(_ task: PlacedTask) {
        // One hash of the id: a task replaced gives its row back afterwards.
        if let old = rowOf.updateValue(rows.add(task), forKey: task.spec.id) { _ = rows.free(old) }
    }

    mutating func setState(row r: Int32, _ state: TaskState) {
        rows.update(r) { $0.state = state }
    }

    /// Takes the task out if `accept` says so, with one lookup; what it was.
    mutating func remove(_ id: String, if accept: (PlacedTask) -> Bool) -> PlacedTask? {
        guard let i = rowOf.index(forKey: id) else { return nil }
        let r = rowOf.values[i]
        guard let task = rows[r], accept(task) else { return nil }
        rowOf.remove(at: i)
        return rows.free(r)
    }

    /// Takes the task out; what it was, if it was there.
    @discardableResult
    mutating func remove(_ id: String) -> PlacedTask? {
        guard let r = rowOf.removeValue(forKey: id) else { return nil }
        return rows.free(r)
    }
}
