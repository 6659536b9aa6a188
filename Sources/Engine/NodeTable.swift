/// The registered nodes, each in a numbered row it keeps while it is registered.
///
/// The allocator names the node it picks by row, so a placement reaches the node without hashing its
/// id; only a request that names a node by id (a heartbeat, a status change, a credit) looks it up.
/// A row left by a node is taken by the next to join. Rows are walked in row order, which, unlike a
/// dictionary's, is the same in every run.
public struct NodeTable: Sendable {
    /// Changed in place by the engine (`rows[r]?.change(...)`): a copy out and back would copy a node's strings.
    var rows: [RegisteredNode?] = []
    private var rowOf: [String: Int32] = [:]
    private var vacant: [Int32] = []

    public init() {}

    public var count: Int { rowOf.count }

    public subscript(id: String) -> RegisteredNode? {
        guard let r = rowOf[id] else { return nil }
        return rows[Int(r)]
    }

    /// The row of the node with this id, if it is registered.
    public func row(of id: String) -> Int32? { rowOf[id] }

    /// Whether row r holds the node with this id (read in place: a get of the row would copy the node).
    func holds(_ id: String, atRow r: Int32) -> Bool {
        rows.indices.contains(Int(r)) && rows[Int(r)]?.info.id == id
    }

    /// The node in row r, if one is there.
    public subscript(row r: Int32) -> RegisteredNode? {
        rows.indices.contains(Int(r)) ? rows[Int(r)] : nil
    }

    /// The registered nodes, in row order.
    public var values: some Sequence<RegisteredNode> { rows.lazy.compactMap { $0 } }

    /// Registers a node under its id (replacing one there) and gives it its row.
    mutating func insert(_ node: RegisteredNode) -> Int32 {
        var node = node
        let r: Int32
        if let old = rowOf[node.info.id] {
            r = old
        } else if let reused = vacant.popLast() {
            r = reused
        } else {
            r = Int32(truncatingIfNeeded: rows.count)
            rows.append(nil)
        }
        node.row = r
        rows[Int(r)] = node
        rowOf[node.info.id] = r
        return r
    }

    /// Takes the node out; what it was, if it was registered.
    @discardableResult
    mutating func remove(_ id: String) -> RegisteredNode? {
        guard let r = rowOf.removeValue(forKey: id) else { return nil }
        let node = rows[Int(r)]
        rows[Int(r)] = nil
        vacant.append(r)
        return node
    }
}
