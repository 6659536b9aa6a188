import Feed

public struct SnapshotError: Error, Sendable {
    public let message: String
}

// The `state` of a snapshot record: chaintop's whole state, including the bounded histories,
// so that a snapshot read back gives an identical state. Maps are written sorted by key.
extension ChainState {
    /// Writes the state as a snapshot's `state` object (the header is not part of it), in the version
    /// the sink writes: its fleet's nodes are the sink's to take.
    func write<S: SnapshotSink>(to s: inout S) {
        s.beginObject()
        s.key("v"); s.int(s.version); s.key("seq"); s.int(seq); s.key("ts"); s.int(ts); s.key("first_ts"); s.int(firstTs)
        s.key("fleet"); fleet.write(to: &s)
        s.key("rewards"); rewards.write(to: &s)
        s.key("stablecoins"); s.beginArray()
        for coin in stablecoins.coins { coin.write(to: &s) }
        s.endArray()
        s.key("tvl"); tvl.write(to: &s)
        s.key("governance"); governance.write(to: &s)
        // Only when there are any, so that a state without holdings writes (and hashes) as before.
        if !holdings.tokens.isEmpty { s.key("holdings"); holdings.write(to: &s) }
        s.endObject()
    }

    /// The state as a keyframe: its JSON text (version 2: the nodes as a table in blocks, written side
    /// by side) and its digest (`sd2`, from the same blocks' hashes).
    public func keyframe() -> Keyframe {
        let table = NodeTable.write(fleet)
        var w = KeyframeText(base: JSONWriter(capacity: table.bytes + 64 * 1024), table: table)
        write(to: &w)
        return Keyframe(json: w.base.bytes, digest: digest(.sd2, blocks: table.blocks.map(\.hash)), scheme: .sd2)
    }

    /// The state a keyframe holds (version 1 or 2).
    public init(keyframe: Keyframe, historyDepth: Int = ChainState.standardHistoryDepth) throws(SnapshotError) {
        self = try ChainState.restoring(keyframe, historyDepth: historyDepth).state
    }

    /// The state a keyframe holds, and for version 2 the hashes of its node blocks, taken as they were
    /// parsed (so the digest of what was restored needs no second walk over the nodes).
    static func restoring(_ keyframe: Keyframe, historyDepth: Int) throws(SnapshotError) -> (state: ChainState, blocks: [UInt64]?) {
        guard keyframe.omittedBytes == 0 else {
            throw SnapshotError(message: "a keyframe of \(keyframe.omittedBytes) bytes is too long to restore")
        }
        let (rest, rows) = try keyframe.json.withUnsafeBufferPointer { b throws(SnapshotError) -> ([UInt8]?, NodeTable.Parsed?) in
            guard let layout = try NodeTable.locate(b) else { return (nil, nil) }
            let rows = try NodeTable.parse(b, layout)
            // The rest of the state, with an empty node list, goes through the general reader.
            var rest = Array(b[..<layout.rows.lowerBound])
            rest.append(contentsOf: b[layout.rows.upperBound...])
            return (rest, rows)
        }
        let tape: JSONTape
        do { tape = try rest.map { try JSONTape($0) } ?? keyframe.tape() } catch { throw SnapshotError(message: "invalid JSON: \(error)") }
        let state = try ChainState(snapshot: SnapshotReader(tape), rows: rows, historyDepth: historyDepth)
        return (state, rows?.hashes)
    }

    /// The state a snapshot's JSON value holds (tests and tools).
    public init(snapshot json: JSONValue, historyDepth: Int = ChainState.standardHistoryDepth) throws(SnapshotError) {
        try self.init(keyframe: Keyframe(json), historyDepth: historyDepth)
    }

    init(snapshot s: SnapshotReader, rows: NodeTable.Parsed?, historyDepth: Int) throws(SnapshotError) {
        self.init(historyDepth: historyDepth)
        let version = try s.int("v")
        guard version == 1 || version == 2 else { throw SnapshotError(message: "unsupported snapshot version") }
        seq = Int64(try s.int("seq"))
        ts = Int64(try s.int("ts"))
        firstTs = try s.optionalInt("first_ts").map(Int64.init)
        fleet = try FleetState(snapshot: s.child("fleet"), rows: rows, historyDepth: historyDepth)
        rewards = try RewardsState(snapshot: s.child("rewards"))
        stablecoins.restore(try s.list("stablecoins").map(StablecoinEntry.init(snapshot:)))
        let t = try s.child("tvl")
        tvl.restore(try t.list("protocols").map(ProtocolTVL.init(snapshot:)), total: try t.series("total_history"))
        let g = try s.child("governance")
        governance.restore(try g.list("proposals").map(ProposalEntry.init(snapshot:)), votes: try g.int("votes"))
        if let h = s.optionalField("holdings") {
            guard let list = h.asArray else { throw SnapshotError(message: "snapshot 'holdings' is not a list") }
            holdings = try HoldingsState(snapshot: list)
        }
    }
}

/// A timed series as `[[ts, value], …]`, oldest first.
func writeSeries<S: JSONSink>(_ ring: Ring<TimedValue>, to s: inout S) {
    s.beginArray()
    for v in ring.elements { s.beginArray(); s.int(v.ts); s.number(v.value); s.endArray() }
    s.endArray()
}

/// Typed reads from a snapshot's JSON (one value of its tape), each failing with the path of what is wrong.
struct SnapshotReader {
    let tape: JSONTape
    let at: Int
    /// For an object: where the next lookup starts (fields are read in the order they are written).
    private let cursor: Cursor?

    final class Cursor {
        var member: Int
        init(_ member: Int) { self.member = member }
    }

    init(_ tape: JSONTape, at: Int = 0) {
        self.tape = tape
        self.at = at
        cursor = tape.kind(at) == .object ? Cursor(at + 1) : nil
    }

    private func lookup(_ key: String) -> Int? {
        guard let found = tape.value(of: key, inObject: at, from: cursor?.member ?? 0) else { return nil }
        cursor?.member = found.next
        return found.value
    }

    func field(_ key: String) throws(SnapshotError) -> SnapshotReader {
        guard let v = lookup(key) else { throw SnapshotError(message: "snapshot lacks '\(key)'") }
        return SnapshotReader(tape, at: v)
    }
    /// The value of `key`, or nil when it is missing or null.
    func optionalField(_ key: String) -> SnapshotReader? {
        guard let v = lookup(key), tape.kind(v) != .null else { return nil }
        return SnapshotReader(tape, at: v)
    }
    func child(_ key: String) throws(SnapshotError) -> SnapshotReader { try field(key) }
    func list(_ key: String) throws(SnapshotError) -> [SnapshotReader] {
        guard let a = try field(key).asArray else { throw SnapshotError(message: "snapshot '\(key)' is not a list") }
        return a
    }
    func int(_ key: String) throws(SnapshotError) -> Int {
        guard let i = try field(key).asInt else { throw SnapshotError(message: "snapshot '\(key)' is not an integer") }
        return i
    }
    func optionalInt(_ key: String) throws(SnapshotError) -> Int? {
        guard let v = optionalField(key) else { return nil }
        guard let i = v.asInt else { throw SnapshotError(message: "snapshot '\(key)' is not an integer") }
        return i
    }
    func double(_ key: String) throws(SnapshotError) -> Double {
        guard let d = try field(key).asDouble else { throw SnapshotError(message: "snapshot '\(key)' is not a number") }
        return d
    }
    func optionalDouble(_ key: String) -> Double? { optionalField(key)?.asDouble }
    func string(_ key: String) throws(SnapshotError) -> String {
        guard let s = try field(key).asString else { throw SnapshotError(message: "snapshot '\(key)' is not a string") }
        return s
    }
    func optionalString(_ key: String) -> String? { optionalField(key)?.asString }
    func bool(_ key: String) throws(SnapshotError) -> Bool {
        guard let b = tape.bool(at: try field(key).at) else { throw SnapshotError(message: "snapshot '\(key)' is not a boolean") }
        return b
    }
    func amount(_ key: String) throws(SnapshotError) -> TokenAmount {
        guard let a = TokenAmount(try string(key)) else { throw SnapshotError(message: "snapshot '\(key)' is not an amount") }
        return a
    }
    /// A ledger total: one more whole digit than an amount, and within the range sums are kept in.
    func total(_ key: String) throws(SnapshotError) -> TokenAmount {
        guard let a = TokenAmount(total: try string(key)) else { throw SnapshotError(message: "snapshot '\(key)' is not a total") }
        return a
    }
    func choice<E: RawRepresentable>(_ key: String) throws(SnapshotError) -> E where E.RawValue == String {
        guard let e = E(rawValue: try string(key)) else { throw SnapshotError(message: "snapshot '\(key)' has an unknown value") }
        return e
    }
    func series(_ key: String) throws(SnapshotError) -> [TimedValue] {
        let list = try field(key).at
        var out: [TimedValue] = []
        out.reserveCapacity(tape.count(ofArray: list))
        let bad = SnapshotError(message: "snapshot '\(key)' has a bad sample")
        let isList = try tape.forEachElement(ofArray: list) { (pair: Int) throws(SnapshotError) in
            guard tape.count(ofArray: pair) == 2, let t = tape.int(at: pair + 1), let v = tape.double(at: pair + 2) else { throw bad }
            out.append(TimedValue(ts: Int64(t), value: v))
        }
        guard isList else { throw SnapshotError(message: "snapshot '\(key)' is not a list") }
        return out
    }
    func byteList(_ key: String) throws(SnapshotError) -> [UInt8] {
        let list = try field(key).at
        var out: [UInt8] = []
        out.reserveCapacity(tape.count(ofArray: list))
        let bad = SnapshotError(message: "snapshot '\(key)' has a bad sample")
        let isList = try tape.forEachElement(ofArray: list) { (v: Int) throws(SnapshotError) in
            guard let i = tape.int(at: v), (0...255).contains(i) else { throw bad }
            out.append(UInt8(i))
        }
        guard isList else { throw SnapshotError(message: "snapshot '\(key)' is not a list") }
        return out
    }

    // This value itself.
    var asArray: [SnapshotReader]? { tape.elements(ofArray: at).map { $0.map { SnapshotReader(tape, at: $0) } } }
    var asString: String? { tape.string(at: at) }
    var asDouble: Double? { tape.double(at: at) }
    var asInt: Int? { tape.int(at: at) }
    /// An object's members in order, keys decoded.
    var asMembers: [(String, SnapshotReader)]? {
        tape.members(ofObject: at).map { $0.compactMap { m in tape.string(at: m.key).map { ($0, SnapshotReader(tape, at: m.value)) } } }
    }
}
