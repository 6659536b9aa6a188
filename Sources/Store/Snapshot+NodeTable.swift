import Dispatch
import Feed

/// A version 2 keyframe's node table: every node as a row (an array of its values in a fixed order,
/// its utilisation history as one base64 string), the rows in blocks of `blockSize` nodes. The text
/// before the rows gives each block's length in bytes, so a reader finds every block without
/// scanning the ones before it, and parses (and hashes) the blocks side by side on all cores.
enum NodeTable {
    static let blockSize = 65_536

    struct Block: Sendable {
        var text: [UInt8]
        var hash: UInt64
    }

    struct Written: Sendable {
        var blocks: [Block]
        var bytes: Int { blocks.reduce(0) { $0 + $1.text.count + 1 } }
    }

    /// The restored rows, block by block (`RestoredFleet` puts them together).
    struct Parsed {
        var blocks: [RowBlock] = []
        var hashes: [UInt64] { blocks.map(\.hash) }
    }

    static func blockCount(_ nodes: Int) -> Int { (nodes + blockSize - 1) / blockSize }

    /// Runs `body` for blocks 0..<count, side by side.
    static func eachBlock(_ count: Int, _ body: @Sendable (Int) -> Void) {
        if count == 1 { body(0) } else if count > 1 { DispatchQueue.concurrentPerform(iterations: count, execute: body) }
    }

    /// The fleet's rows, block by block, written (with `text`) and hashed.
    static func write(_ fleet: FleetState, text: Bool = true) -> Written {
        let count = blockCount(fleet.count)
        var blocks = [Block](repeating: Block(text: [], hash: 0), count: count)
        blocks.withUnsafeMutableBufferPointer { out in
            let out = UnsafeSendable(out)
            eachBlock(count) { k in out.value[k] = block(k, of: fleet, text: text) }
        }
        return Written(blocks: blocks)
    }

    private static func block(_ k: Int, of fleet: FleetState, text: Bool) -> Block {
        let range = k * blockSize ..< min(fleet.count, (k + 1) * blockSize)
        let history = fleet.history, nodes = fleet.nodes
        var writer = RowText(base: JSONWriter(capacity: text ? range.count * 160 : 0))
        var digest = StateDigest()
        var samples: [UInt8] = []
        samples.reserveCapacity(3 * history.depth)
        for i in range {
            let n = history.gather(slot: i, into: &samples)
            samples.withUnsafeBufferPointer { s in
                if text { nodes[i].writeRow(samples: s, held: n, to: &writer) }
                nodes[i].writeRow(samples: s, held: n, to: &digest)
            }
        }
        return Block(text: writer.base.bytes, hash: digest.value)
    }
}

/// What a row is walked into: tokens, and the history's bytes (base64 text, or hashed as bytes).
protocol NodeRowSink: JSONSink {
    mutating func samples(_ bytes: UnsafeBufferPointer<UInt8>)
}

extension NodeEntry {
    /// One node as a row of the node table; the text and the digest both walk it. `held` is how many
    /// samples of each metric the history holds; `samples` are cpu, then mem, then gpu (left out
    /// when the node had no GPU reading in any of them), oldest first.
    func writeRow<S: NodeRowSink>(samples: UnsafeBufferPointer<UInt8>, held: Int, to s: inout S) {
        s.beginArray()
        s.string(info.id); s.string(info.operatorID); s.string(info.region); s.string(info.nodeClass.rawValue)
        s.int(info.cpuCores); s.number(info.memGB); s.int(info.gpus); s.string(info.gpuModel); s.string(info.version)
        s.string(status.rawValue); s.string(statusReason); s.number(cpu); s.number(mem); s.number(gpu); s.int(tasks)
        s.int(lastHeartbeat); s.int(joined); s.bool(described); s.int(held); s.samples(samples)
        s.endArray()
    }
}

/// A row's text: the history goes in as a base64 string (no padding) built in a buffer kept between rows.
struct RowText: ForwardingSink, NodeRowSink {
    var base: JSONWriter
    private var scratch: [UInt8] = []
    init(base: JSONWriter) { self.base = base }

    mutating func samples(_ bytes: UnsafeBufferPointer<UInt8>) {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(0x22)
        Base64.encode(bytes, into: &scratch)
        scratch.append(0x22)
        base.rawValue(scratch)
    }
}

extension UtilisationHistory {
    /// Slot `i`'s samples, oldest first, as a row holds them: cpu, mem, and gpu unless none was read.
    /// Returns how many samples of each metric there are.
    func gather(slot i: Int, into out: inout [UInt8]) -> Int {
        out.removeAll(keepingCapacity: true)
        let n = Int(filled[i]), first = (Int(head[i]) - n + depth) % depth, base = i * depth
        for k in 0..<n { out.append(cpu[base + (first + k) % depth]) }
        for k in 0..<n { out.append(mem[base + (first + k) % depth]) }
        var anyGPU = false
        for k in 0..<n where gpu[base + (first + k) % depth] != UtilisationHistory.noGPU { anyGPU = true; break }
        if anyGPU { for k in 0..<n { out.append(gpu[base + (first + k) % depth]) } }
        return n
    }
}

/// Something handed to the blocks running side by side, each of which uses only its own part of it.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Standard base64 (RFC 4648 alphabet), without padding.
enum Base64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    static let values: [UInt8] = {
        var v = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { v[Int(c)] = UInt8(i) }
        return v
    }()

    static func encode(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var i = 0
        while i + 3 <= bytes.count {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out.append(alphabet[Int(v >> 18)]); out.append(alphabet[Int(v >> 12 & 63)])
            out.append(alphabet[Int(v >> 6 & 63)]); out.append(alphabet[Int(v & 63)])
            i += 3
        }
        let rest = bytes.count - i
        guard rest > 0 else { return }
        let v = UInt32(bytes[i]) << 16 | (rest == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
        out.append(alphabet[Int(v >> 18)]); out.append(alphabet[Int(v >> 12 & 63)])
        if rest == 2 { out.append(alphabet[Int(v >> 6 & 63)]) }
    }

    /// The bytes of unpadded base64 text, or nil if it is not that (a bad letter, a length that no
    /// bytes encode to, or stray bits in the last letter). Four letters at a time: a keyframe's rows
    /// hold a million of these.
    static func decode(_ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> Bool {
        out.removeAll(keepingCapacity: true)
        guard text.count % 4 != 1 else { return false }
        return values.withUnsafeBufferPointer { v in
            var i = 0, bad: UInt8 = 0
            while i + 4 <= text.count {
                let a = v[Int(text[i])], b = v[Int(text[i + 1])], c = v[Int(text[i + 2])], d = v[Int(text[i + 3])]
                bad |= a | b | c | d  // 0xFF marks a bad letter; a good one is below 64
                let w = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                out.append(UInt8(truncatingIfNeeded: w >> 16)); out.append(UInt8(truncatingIfNeeded: w >> 8))
                out.append(UInt8(truncatingIfNeeded: w))
                i += 4
            }
            guard bad & 0xC0 == 0 else { return false }
            return tail(UnsafeBufferPointer(rebasing: text[i...]), v, &out)
        }
    }

    /// The last two or three letters: one or two bytes, whose unused low bits are zero in what an encoder writes.
    private static func tail(_ t: UnsafeBufferPointer<UInt8>, _ v: UnsafeBufferPointer<UInt8>, _ out: inout [UInt8]) -> Bool {
        guard !t.isEmpty else { return true }
        var w: UInt32 = 0
        for c in t {
            let x = v[Int(c)]
            guard x != 0xFF else { return false }
            w = w << 6 | UInt32(x)
        }
        if t.count == 2 {
            out.append(UInt8(truncatingIfNeeded: w >> 4))
            return w & 0xF == 0
        }
        out.append(UInt8(truncatingIfNeeded: w >> 10)); out.append(UInt8(truncatingIfNeeded: w >> 2))
        return w & 0x3 == 0
    }
}
