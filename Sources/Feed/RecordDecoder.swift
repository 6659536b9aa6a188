/// What one line of a feed decodes to.
public enum DecodeOutcome: Sendable, Equatable {
    case record(FeedRecord)
    /// Valid JSON with a `type` this reader does not know: skipped and counted.
    case unknown(type: String, seq: Int64?)
    /// Not a valid feed record; the reason says why.
    case malformed(String)
}

struct FieldError: Error { let message: String }

/// Decodes one JSON Lines line into a typed feed record. Reusable: it keeps its field table
/// between lines so that a hot loop allocates only the strings of the record itself.
public struct RecordDecoder {
    /// Reused between lines; only the first `fieldCount` are this line's (clearing the array for
    /// every line cost more than overwriting its slots).
    var fields: [Field] = []
    var fieldCount = 0

    public init() { fields.reserveCapacity(16) }

    public mutating func decode(_ line: String) -> DecodeOutcome {
        var copy = line
        return copy.withUTF8 { decode($0) }
    }

    public mutating func decode(_ line: UnsafeBufferPointer<UInt8>) -> DecodeOutcome {
        if let heartbeat = HeartbeatLine.decode(line) { return .record(heartbeat) }
        return decodeFields(line)
    }

    /// The general path: any layout, and the reason when a line is not a record.
    mutating func decodeFields(_ line: UnsafeBufferPointer<UInt8>) -> DecodeOutcome {
        var scanner = JSONScanner(line)
        do throws(JSONSyntaxError) {
            try scanFields(&scanner)
        } catch {
            return .malformed("invalid JSON: \(error)")
        }
        let view = FieldView(fields: fields, count: fieldCount, scanner: scanner)
        do {
            let kind = try view.optionalChoice("type", RecordKind.self)
            // Only a keyframe's state may stay unchecked until used; anywhere else it is checked now.
            if kind != .snapshot { try view.checkSkimmed() }
            guard let kind else {
                guard let type = try view.optionalString("type") else { return .malformed("missing field 'type'") }
                return .unknown(type: type, seq: try? view.optionalInt("seq"))
            }
            return .record(try kind.decode(view))
        } catch let error as FieldError {
            return .malformed(error.message)
        } catch let error as JSONSyntaxError {
            return .malformed("invalid JSON: \(error)")
        } catch {
            return .malformed("\(error)")
        }
    }

    /// Reads the top-level object into `fields`; nested values are parsed whole, except an object under
    /// `state` (a keyframe), which is only skimmed for its extent.
    mutating func scanFields(_ s: inout JSONScanner) throws(JSONSyntaxError) {
        fieldCount = 0
        s.skipWhitespace()
        try s.expect(0x7B, "a JSON object")
        s.skipWhitespace()
        if !s.atEnd, s.bytes[s.pos] == 0x7D {
            s.pos += 1
        } else {
            while true {
                s.skipWhitespace()
                let key = try s.scanString()
                let decodedKey = key.escaped ? try s.decodeString(key) : nil
                s.skipWhitespace()
                try s.expect(0x3A, "':'")
                s.skipWhitespace()
                let value = try isState(key, s) ? skim(&s) : scanValue(&s)
                let field = Field(key: key, decodedKey: decodedKey, value: value, sig: Field.signature(s.bytes, key))
                if fieldCount < fields.count { fields[fieldCount] = field } else { fields.append(field) }
                fieldCount += 1
                s.skipWhitespace()
                guard !s.atEnd else { throw s.fail("unterminated object") }
                if s.bytes[s.pos] == 0x2C { s.pos += 1; continue }
                try s.expect(0x7D, "',' or '}'")
                break
            }
        }
        s.skipWhitespace()
        guard s.atEnd else { throw s.fail("unexpected data after the object") }
    }

    /// `"state":{` — the payload of a keyframe.
    func isState(_ key: StringToken, _ s: JSONScanner) -> Bool {
        guard key.end - key.start == 5, !key.escaped, !s.atEnd, s.bytes[s.pos] == 0x7B else { return false }
        let b = s.bytes
        return b[key.start] == 0x73 && b[key.start + 1] == 0x74 && b[key.start + 2] == 0x61
            && b[key.start + 3] == 0x74 && b[key.start + 4] == 0x65
    }

    func skim(_ s: inout JSONScanner) throws(JSONSyntaxError) -> FieldValue {
        let start = s.pos
        try s.skimContainer()
        return .skimmed(start: start, end: s.pos)
    }

    func scanValue(_ s: inout JSONScanner) throws(JSONSyntaxError) -> FieldValue {
        guard !s.atEnd else { throw s.fail("unexpected end of input") }
        switch s.bytes[s.pos] {
        case 0x22: return .string(try s.scanString())
        case 0x7B, 0x5B: return .nested(try s.parseValue(depth: 1))
        case 0x74: try s.scanLiteral("true"); return .bool(true)
        case 0x66: try s.scanLiteral("false"); return .bool(false)
        case 0x6E: try s.scanLiteral("null"); return .null
        default: return .number(try s.scanNumber())
        }
    }
}

struct Field {
    var key: StringToken
    var decodedKey: String?
    var value: FieldValue
    /// Length, first and last byte of the key: most keys differ in these, so a lookup compares one
    /// integer per field and the bytes only of the likely match.
    var sig: UInt32

    @inline(__always) static func signature(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32 {
        guard n > 0 else { return 0 }
        return UInt32(truncatingIfNeeded: n) << 16 | UInt32(p[0]) << 8 | UInt32(p[n - 1])
    }

    static func signature(_ bytes: UnsafeBufferPointer<UInt8>, _ key: StringToken) -> UInt32 {
        guard let base = bytes.baseAddress else { return 0 }
        return signature(base + key.start, key.end - key.start)
    }
}

enum FieldValue {
    case string(StringToken)
    case number(NumberToken)
    case bool(Bool)
    case null
    case nested(JSONValue)
    /// An object whose extent is known but whose contents are not yet checked.
    case skimmed(start: Int, end: Int)
}
