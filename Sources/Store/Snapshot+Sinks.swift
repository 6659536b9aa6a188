import Feed

/// What a state is walked into for a snapshot: tokens (`JSONSink`), and the fleet's nodes, which each
/// kind of sink takes its own way — as objects (state version 1, and its digest `sd1`), as a table of rows
/// in blocks (version 2, the keyframes written now), or as the blocks' hashes (its digest `sd2`).
protocol SnapshotSink: JSONSink {
    /// The state version the walk writes: 1 or 2.
    var version: Int { get }
    mutating func nodes(of fleet: FleetState)
}

/// A sink that hands every token to another: the wrappers below only add how nodes are taken.
protocol ForwardingSink: JSONSink {
    associatedtype Base: JSONSink
    var base: Base { get set }
}

extension ForwardingSink {
    mutating func beginObject() { base.beginObject() }
    mutating func endObject() { base.endObject() }
    mutating func beginArray() { base.beginArray() }
    mutating func endArray() { base.endArray() }
    mutating func key(_ name: String) { base.key(name) }
    mutating func string(_ s: String) { base.string(s) }
    mutating func int(_ v: Int64) { base.int(v) }
    mutating func number(_ v: Double) { base.number(v) }
    mutating func bool(_ v: Bool) { base.bool(v) }
    mutating func null() { base.null() }
    mutating func byteArray(_ values: [UInt8]) { base.byteArray(values) }
    mutating func amount(_ a: TokenAmount) { base.amount(a) }
}

/// The sd1 walk: every node as an object, in one chain (the keyframes written before the node table).
extension StateDigest: SnapshotSink {
    var version: Int { 1 }
    mutating func nodes(of fleet: FleetState) {
        key("nodes"); beginArray()
        for i in fleet.nodes.indices { fleet.write(node: i, to: &self) }
        endArray()
    }
}

/// A version 2 keyframe's text: the node table goes in as the blocks already written.
struct KeyframeText: ForwardingSink, SnapshotSink {
    var base: JSONWriter
    let table: NodeTable.Written
    var version: Int { 2 }
    mutating func nodes(of fleet: FleetState) {
        base.key("node_blocks"); base.beginArray()
        for block in table.blocks { base.int(block.text.count) }
        base.endArray()
        base.key("nodes")
        // Each piece after the first is a value to the writer, which puts the comma between.
        let blocks = table.blocks
        guard let last = blocks.indices.last else { base.rawValue([0x5B, 0x5D]); return }
        for k in blocks.indices {
            if k == 0 || k == last {
                base.rawValue((k == 0 ? [0x5B] : []) + blocks[k].text + (k == last ? [0x5D] : []))
            } else {
                base.rawValue(blocks[k].text)
            }
        }
    }
}

/// The sd2 walk: the version 2 state, with each block of nodes as its hash (made on its own, so
/// blocks can be hashed side by side). The blocks' byte lengths are left out: they are the text's, not the state's.
struct BlockDigest: ForwardingSink, SnapshotSink {
    var base = StateDigest()
    let count: Int
    let hashes: [UInt64]
    var version: Int { 2 }
    mutating func nodes(of fleet: FleetState) {
        base.key("nodes"); base.beginArray()
        base.int(count)
        for h in hashes { base.int(Int64(bitPattern: h)) }
        base.endArray()
    }
}

/// A version 1 keyframe's text, every node an object: what chaintop wrote before the node table (the
/// reading of recordings made then is tested against it), and what the coordinator serves.
struct VersionOneText: ForwardingSink, SnapshotSink {
    var base = JSONWriter(capacity: 64 * 1024)
    var version: Int { 1 }
    mutating func nodes(of fleet: FleetState) {
        base.key("nodes"); base.beginArray()
        for i in fleet.nodes.indices { fleet.write(node: i, to: &base) }
        base.endArray()
    }
}

extension ChainState {
    /// This state as a version 1 keyframe (digest `sd1`), as recordings made before version 2 hold it,
    /// and as the coordinator's `/v1/snapshot` still serves it (its readers take nodes by field name).
    public func versionOneKeyframe() -> Keyframe {
        var w = VersionOneText()
        write(to: &w)
        return Keyframe(json: w.base.bytes, digest: digest(.sd1), scheme: .sd1)
    }
}
