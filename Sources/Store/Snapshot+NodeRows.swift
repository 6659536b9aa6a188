import Feed

/// Reading a version 2 keyframe's node table: found from the lengths written before it, parsed by a
/// scanner that knows the row layout (no general JSON tree or tape), the blocks side by side.
extension NodeTable {
    /// Where the rows are in the state's text.
    struct Layout {
        /// Each block's byte range (commas between blocks excluded).
        var blocks: [Range<Int>]
        /// From the node list's `[` (exclusive) to its `]` (exclusive): the text a reader leaves out.
        var rows: Range<Int>
    }

    /// The layout of a version 2 state (`{"v":2,"seq":…,"ts":…,"first_ts":…,"fleet":{"node_blocks":[…],"nodes":[`);
    /// nil when the state is not version 2 (version 1 keeps its nodes as objects, read with the rest).
    static func locate(_ b: UnsafeBufferPointer<UInt8>) throws(SnapshotError) -> Layout? {
        let head: (lengths: [Int], start: Int)?
        do { head = try header(b) } catch { throw SnapshotError(message: "node table: \(error)") }
        return try head.map { h throws(SnapshotError) in try layout(h.lengths, from: h.start, in: b) }
    }

    /// The block lengths, and where the first row starts; nil for a state that is not version 2.
    private static func header(_ b: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> (lengths: [Int], start: Int)? {
        var c = JSONCursor(b)
        try c.expect(0x7B)
        guard try c.string() == "v" else { return nil }
        try c.expect(0x3A)
        guard try c.int() == 2 else { return nil }
        for name in ["seq", "ts", "first_ts"] {
            try field(name, &c)
            _ = try c.optionalInt()
        }
        try field("fleet", &c)
        try c.expect(0x7B)
        guard try c.string() == "node_blocks" else { throw c.fail("expected 'node_blocks'") }
        try c.expect(0x3A)
        try c.expect(0x5B)
        var lengths: [Int] = []
        if !c.take(0x5D) {
            repeat { lengths.append(Int(try c.int())) } while c.take(0x2C)
            try c.expect(0x5D)
        }
        try field("nodes", &c)
        try c.expect(0x5B)
        return (lengths, c.position)
    }

    private static func field(_ name: String, _ c: inout JSONCursor) throws(JSONSyntaxError) {
        try c.expect(0x2C)
        guard try c.string() == name else { throw c.fail("expected '\(name)'") }
        try c.expect(0x3A)
    }

    private static func layout(_ lengths: [Int], from start: Int, in b: UnsafeBufferPointer<UInt8>) throws(SnapshotError) -> Layout {
        var blocks: [Range<Int>] = []
        var at = start
        for (k, length) in lengths.enumerated() {
            if k > 0 {
                guard at < b.count, b[at] == 0x2C else { throw SnapshotError(message: "node table: blocks do not meet at byte \(at + 1)") }
                at += 1
            }
            guard length > 0, length <= b.count - at else { throw SnapshotError(message: "node table: a block runs past the text at byte \(at + 1)") }
            blocks.append(at ..< at + length)
            at += length
        }
        guard at < b.count, b[at] == 0x5D else { throw SnapshotError(message: "node table: expected ']' after the last block at byte \(at + 1)") }
        return Layout(blocks: blocks, rows: start ..< at)
    }

    /// The rows of every block, parsed side by side, in order. Every block but the last holds
    /// `blockSize` rows; the last holds 1 to `blockSize`.
    static func parse(_ b: UnsafeBufferPointer<UInt8>, _ layout: Layout) throws(SnapshotError) -> Parsed {
        let count = layout.blocks.count
        var results = [Result<RowBlock, SnapshotError>](repeating: .success(RowBlock()), count: count)
        results.withUnsafeMutableBufferPointer { out in
            let out = UnsafeSendable(out), text = UnsafeSendable(b)
            eachBlock(count) { k in
                let expected = k == count - 1 ? 1...blockSize : blockSize...blockSize
                out.value[k] = Result { () throws(SnapshotError) in try parseBlock(text.value, layout.blocks[k], rows: expected) }
            }
        }
        var all = Parsed()
        all.blocks.reserveCapacity(count)
        for r in results { all.blocks.append(try r.get()) }
        return all
    }

    private static func parseBlock(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, rows: ClosedRange<Int>) throws(SnapshotError) -> RowBlock {
        var out = RowBlock()
        out.reserve(rows.upperBound)
        var c = JSONCursor(UnsafeBufferPointer(rebasing: b[..<range.upperBound]), at: range.lowerBound)
        var digest = StateDigest()
        var samples: [UInt8] = []
        let names = RowNames()  // once a block: a static's access in the row costs a check each time
        do {
            repeat {
                guard out.entries.count < rows.upperBound else { throw c.fail("more rows than a block holds") }
                let (entry, held) = try row(&c, names, samples: &samples)
                samples.withUnsafeBufferPointer { s in
                    entry.writeRow(samples: s, held: held, to: &digest)
                    out.append(entry, samples: s, held: held)
                }
            } while c.take(0x2C)
            guard c.atEnd else { throw c.fail("expected ',' or the end of the block") }
        } catch {
            throw SnapshotError(message: "node table row \(out.entries.count + 1) of a block: \(error)")
        }
        guard rows.contains(out.entries.count) else {
            throw SnapshotError(message: "node table: a block of \(out.entries.count) rows (\(rows) expected)")
        }
        out.hash = digest.value
        return out
    }

    /// One row: `[id,operator,region,class,cpu_cores,mem_gb,gpus,gpu_model,version,status,reason,cpu,mem,gpu,
    /// tasks,last_heartbeat,joined,described,samples held,"base64 of the samples"]`.
    private static func row(_ c: inout JSONCursor, _ names: RowNames, samples: inout [UInt8]) throws(JSONSyntaxError) -> (NodeEntry, Int) {
        try c.expect(0x5B)
        let id = try c.string(); try c.expect(0x2C)
        let op = try c.string(); try c.expect(0x2C)
        let region = try c.string(); try c.expect(0x2C)
        guard let nodeClass = try c.withString({ names.classes.value($0) }) else { throw c.fail("unknown node class") }
        try c.expect(0x2C)
        let cores = try c.int(); try c.expect(0x2C)
        let memGB = try c.double(); try c.expect(0x2C)
        let gpus = try c.int(); try c.expect(0x2C)
        let model = try c.optionalString(); try c.expect(0x2C)
        let version = try c.string(); try c.expect(0x2C)
        guard let status = try c.withString({ names.statuses.value($0) }) else { throw c.fail("unknown node status") }
        try c.expect(0x2C)
        let info = NodeInfo(id: id, operatorID: op, region: region, nodeClass: nodeClass, cpuCores: Int(cores), memGB: memGB,
                            gpus: Int(gpus), gpuModel: model, version: version)
        var e = NodeEntry(info: info, status: status, joined: 0)
        e.statusReason = try c.optionalString(); try c.expect(0x2C)
        e.cpu = try c.double(); try c.expect(0x2C)
        e.mem = try c.double(); try c.expect(0x2C)
        e.gpu = try c.optionalDouble(); try c.expect(0x2C)
        e.tasks = Int(try c.int()); try c.expect(0x2C)
        e.lastHeartbeat = try c.optionalInt(); try c.expect(0x2C)
        e.joined = try c.int(); try c.expect(0x2C)
        e.described = try c.bool(); try c.expect(0x2C)
        let held = try c.int(); try c.expect(0x2C)
        let text = try c.rawString()
        guard held >= 0, held <= 4096, Base64.decode(text, into: &samples), samples.count == 2 * Int(held) || samples.count == 3 * Int(held) else {
            throw c.fail("bad history samples")
        }
        try c.expect(0x5D)
        return (e, Int(held))
    }
}

/// An enumeration's raw names as bytes, matched without making a `String` (two a row of the node table).
struct Names<E: RawRepresentable & CaseIterable & Sendable>: Sendable where E.RawValue == String {
    private let names: [(bytes: [UInt8], value: E)]
    init() { names = E.allCases.map { (Array($0.rawValue.utf8), $0) } }

    func value(_ text: UnsafeBufferPointer<UInt8>) -> E? {
        for n in names where n.bytes.count == text.count && n.bytes.withUnsafeBufferPointer({ $0.elementsEqual(text) }) {
            return n.value
        }
        return nil
    }
}

struct RowNames {
    static let shared = (classes: Names<NodeClass>(), statuses: Names<NodeStatus>())
    let classes = Self.shared.classes
    let statuses = Self.shared.statuses
}
