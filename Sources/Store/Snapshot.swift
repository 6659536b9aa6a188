import Feed

public struct SnapshotError: Error, Sendable {
    public let message: String
}

// The `state` of a snapshot record: chaintop's whole state, including the bounded histories,
// so that a snapshot read back gives an identical state. Maps are written sorted by key.
extension ChainState {
    /// Writes the state as a snapshot's `state` object (the header is not part of it).
    public func write<S: JSONSink>(to s: inout S) {
        s.beginObject()
        s.key("v"); s.int(1); s.key("seq"); s.int(seq); s.key("ts"); s.int(ts); s.key("first_ts"); s.int(firstTs)
        s.key("fleet"); fleet.write(to: &s)
        s.key("rewards"); rewards.write(to: &s)
        s.key("stablecoins"); s.beginArray()
        for coin in stablecoins.coins { coin.write(to: &s) }
        s.endArray()
        s.key("tvl"); tvl.write(to: &s)
        s.key("governance"); governance.write(to: &s)
        s.endObject()
    }

    /// The state as a keyframe: its JSON text and its digest.
    public func keyframe() -> Keyframe {
        var w = JSONWriter(capacity: 64 * 1024)
        write(to: &w)
        return Keyframe(json: w.bytes, digest: digest)
    }

    /// The snapshot as a JSON value (tests and tools; the recorder writes text directly).
    public func snapshot() -> JSONValue {
        (try? keyframe().parse()) ?? .null
    }

    public init(snapshot json: JSONValue, historyDepth: Int = 60) throws(SnapshotError) {
        self.init(historyDepth: historyDepth)
        let s = SnapshotReader(json)
        do {
            guard try s.int("v") == 1 else { throw SnapshotError(message: "unsupported snapshot version") }
            seq = Int64(try s.int("seq"))
            ts = Int64(try s.int("ts"))
            firstTs = try s.optionalInt("first_ts").map(Int64.init)
            fleet = try FleetState(snapshot: s.child("fleet"), historyDepth: historyDepth)
            rewards = try RewardsState(snapshot: s.child("rewards"))
            stablecoins.restore(try s.list("stablecoins").map(StablecoinEntry.init(snapshot:)))
            let t = try s.child("tvl")
            tvl.restore(try t.list("protocols").map(ProtocolTVL.init(snapshot:)), total: try t.series("total_history"))
            let g = try s.child("governance")
            governance.restore(try g.list("proposals").map(ProposalEntry.init(snapshot:)), votes: try g.int("votes"))
        } catch let e as SnapshotError {
            throw e
        } catch {
            throw SnapshotError(message: "\(error)")
        }
    }
}

/// A timed series as `[[ts, value], …]`, oldest first.
func writeSeries<S: JSONSink>(_ ring: Ring<TimedValue>, to s: inout S) {
    s.beginArray()
    for v in ring.elements { s.beginArray(); s.int(v.ts); s.number(v.value); s.endArray() }
    s.endArray()
}

/// Typed reads from a snapshot's JSON, each failing with the path of what is wrong.
struct SnapshotReader {
    let value: JSONValue
    init(_ value: JSONValue) { self.value = value }

    func field(_ key: String) throws(SnapshotError) -> JSONValue {
        guard let v = value[key] else { throw SnapshotError(message: "snapshot lacks '\(key)'") }
        return v
    }
    func child(_ key: String) throws(SnapshotError) -> SnapshotReader { SnapshotReader(try field(key)) }
    func list(_ key: String) throws(SnapshotError) -> [SnapshotReader] {
        guard let a = try field(key).array else { throw SnapshotError(message: "snapshot '\(key)' is not a list") }
        return a.map(SnapshotReader.init)
    }
    func int(_ key: String) throws(SnapshotError) -> Int {
        guard let i = try field(key).int else { throw SnapshotError(message: "snapshot '\(key)' is not an integer") }
        return i
    }
    func optionalInt(_ key: String) throws(SnapshotError) -> Int? {
        guard let v = value[key], v != .null else { return nil }
        guard let i = v.int else { throw SnapshotError(message: "snapshot '\(key)' is not an integer") }
        return i
    }
    func double(_ key: String) throws(SnapshotError) -> Double {
        guard let d = try field(key).double else { throw SnapshotError(message: "snapshot '\(key)' is not a number") }
        return d
    }
    func optionalDouble(_ key: String) -> Double? { value[key]?.double }
    func string(_ key: String) throws(SnapshotError) -> String {
        guard let s = try field(key).string else { throw SnapshotError(message: "snapshot '\(key)' is not a string") }
        return s
    }
    func optionalString(_ key: String) -> String? { value[key]?.string }
    func bool(_ key: String) throws(SnapshotError) -> Bool {
        guard let b = try field(key).bool else { throw SnapshotError(message: "snapshot '\(key)' is not a boolean") }
        return b
    }
    func amount(_ key: String) throws(SnapshotError) -> TokenAmount {
        guard let a = TokenAmount(try string(key)) else { throw SnapshotError(message: "snapshot '\(key)' is not an amount") }
        return a
    }
    func choice<E: RawRepresentable>(_ key: String) throws(SnapshotError) -> E where E.RawValue == String {
        guard let e = E(rawValue: try string(key)) else { throw SnapshotError(message: "snapshot '\(key)' has an unknown value") }
        return e
    }
    func series(_ key: String) throws(SnapshotError) -> [TimedValue] {
        guard let a = try field(key).array else { throw SnapshotError(message: "snapshot '\(key)' is not a list") }
        var out: [TimedValue] = []
        for pair in a {
            guard let p = pair.array, p.count == 2, let t = p[0].int, let v = p[1].double else {
                throw SnapshotError(message: "snapshot '\(key)' has a bad sample")
            }
            out.append(TimedValue(ts: Int64(t), value: v))
        }
        return out
    }
    func byteList(_ key: String) throws(SnapshotError) -> [UInt8] {
        guard let a = try field(key).array else { throw SnapshotError(message: "snapshot '\(key)' is not a list") }
        var out: [UInt8] = []
        out.reserveCapacity(a.count)
        for v in a {
            guard let i = v.int, (0...255).contains(i) else { throw SnapshotError(message: "snapshot '\(key)' has a bad sample") }
            out.append(UInt8(i))
        }
        return out
    }
}
