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
    private var rowOf = RowIndex()

    public init() {}

    public var count: Int { rowOf.count }
    /// The ids of the tasks placed, in no particular order.
    public var ids: [String] { rowOf.rows.compactMap { rows[$0]?.spec.id } }

    public subscript(id: String) -> PlacedTask? {
        row(of: id).flatMap { rows[$0] }
    }

    func row(of id: String) -> Int32? { rowOf.row(of: id, hash: RowIndex.hash(id), in: rows) }

    subscript(row r: Int32) -> PlacedTask? { rows[r] }

    /// Puts the task in (replacing one of the same id).
    mutating func insert(_ task: PlacedTask) {
        // One hash of the id: a task replaced gives its row back afterwards.
        let id = task.spec.id, r = rows.add(task)
        if let old = rowOf.set(id, hash: RowIndex.hash(id), row: r, in: rows) { _ = rows.free(old) }
    }

    mutating func setState(row r: Int32, _ state: TaskState) {
        rows.update(r) { $0.state = state }
    }

    /// Takes the task out if `accept` says so, with one hash; what it was.
    mutating func remove(_ id: String, if accept: (PlacedTask) -> Bool) -> PlacedTask? {
        let hash = RowIndex.hash(id)
        guard let r = rowOf.row(of: id, hash: hash, in: rows), let task = rows[r], accept(task) else { return nil }
        _ = rowOf.remove(id, hash: hash, in: rows)
        return rows.free(r)
    }

    /// Takes the task out; what it was, if it was there.
    @discardableResult
    mutating func remove(_ id: String) -> PlacedTask? {
        guard let r = rowOf.remove(id, hash: RowIndex.hash(id), in: rows) else { return nil }
        return rows.free(r)
    }
}

extension PagedRows: RowIDs where Element == PlacedTask {
    func row(_ r: Int32, holds id: String) -> Bool { read(r) { $0.spec.id == id } == true }
}
