/// Writes JSON into a byte buffer with keys in the order given, so the same state always
/// gives the same bytes. Used for feed lines, snapshots and the JSON export.
public struct JSONWriter: JSONSink {
    public private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = [false]

    public init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends a byte outside the JSON structure (a newline between lines).
    public mutating func rawAppend(_ byte: UInt8) {
        bytes.append(byte)
        needsComma = [false]
    }

    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        needsComma = [false]
    }

    private mutating func separate() {
        if needsComma[needsComma.count - 1] { bytes.append(0x2C) }
        needsComma[needsComma.count - 1] = true
    }

    public mutating func beginObject() { separate(); bytes.append(0x7B); needsComma.append(false) }
    public mutating func endObject() { bytes.append(0x7D); needsComma.removeLast() }
    public mutating func beginArray() { separate(); bytes.append(0x5B); needsComma.append(false) }
    public mutating func endArray() { bytes.append(0x5D); needsComma.removeLast() }

    /// Writes `"name":` — the value written next belongs to it.
    public mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        bytes.append(0x3A)
        needsComma[needsComma.count - 1] = false
    }

    public mutating func string(_ s: String) { separate(); appendQuoted(s) }
    public mutating func int(_ v: Int64) { separate(); bytes.append(contentsOf: String(v).utf8) }
    public mutating func bool(_ v: Bool) { separate(); bytes.append(contentsOf: (v ? "true" : "false").utf8) }
    public mutating func null() { separate(); bytes.append(contentsOf: "null".utf8) }

    /// Shortest round-trip form; a non-finite number (never valid JSON) is written as null.
    public mutating func number(_ v: Double) {
        separate()
        guard v.isFinite else { bytes.append(contentsOf: "null".utf8); return }
        if v == v.rounded(), abs(v) < 1e15 {
            bytes.append(contentsOf: String(Int64(v)).utf8)
        } else {
            bytes.append(contentsOf: v.description.utf8)
        }
    }

    /// Appends JSON text that is already well formed (a keyframe's state, read and written as is).
    public mutating func rawValue(_ json: [UInt8]) {
        separate()
        bytes.append(contentsOf: json)
    }

    public mutating func value(_ v: JSONValue) {
        switch v {
        case .null: null()
        case let .bool(b): bool(b)
        case let .number(n): number(n)
        case let .string(s): string(s)
        case let .array(items):
            beginArray()
            for item in items { value(item) }
            endArray()
        case let .object(pairs):
            beginObject()
            for (k, item) in pairs { key(k); value(item) }
            endObject()
        }
    }

    // Convenience for `"key":value` pairs.
    public mutating func field(_ name: String, _ v: String) { key(name); string(v) }
    public mutating func field(_ name: String, _ v: String?) { if let v { key(name); string(v) } }
    public mutating func field(_ name: String, _ v: Int64) { key(name); int(v) }
    public mutating func field(_ name: String, _ v: Int64?) { if let v { key(name); int(v) } }
    public mutating func field(_ name: String, _ v: Int) { key(name); int(v) }
    public mutating func field(_ name: String, _ v: Double) { key(name); number(v) }
    public mutating func field(_ name: String, _ v: Double?) { if let v { key(name); number(v) } }
    public mutating func field(_ name: String, _ v: Bool) { key(name); bool(v) }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func appendQuoted(_ s: String) {
        bytes.append(0x22)
        var text = s
        text.withUTF8 { u in
            // Almost every string (ids, names, keys) needs no escaping: copy it whole.
            if !u.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
                bytes.append(contentsOf: u)
                return
            }
            for b in u { appendEscaped(b) }
        }
        bytes.append(0x22)
    }

    private mutating func appendEscaped(_ b: UInt8) {
        switch b {
        case 0x22: bytes.append(0x5C); bytes.append(0x22)
        case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
        case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
        case 0x0D: bytes.append(0x5C); bytes.append(0x72)
        case 0x09: bytes.append(0x5C); bytes.append(0x74)
        case 0..<0x20:
            bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, Self.hex[Int(b >> 4)], Self.hex[Int(b & 0xF)]])
        default: bytes.append(b)
        }
    }
}
