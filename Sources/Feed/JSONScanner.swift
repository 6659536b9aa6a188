/// Why a line is not valid JSON, with the byte offset where the scanner gave up.
public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public let offset: Int
    public var description: String { "\(message) at byte \(offset + 1)" }
}

/// A strict JSON scanner over UTF-8 bytes (RFC 8259). It rejects what a JSON parser rejects
/// (trailing commas, leading zeros, bare control characters, bad escapes, lone surrogates,
/// invalid UTF-8, trailing garbage) but does not build values it is not asked for: the record
/// decoder reads flat objects as byte ranges and converts only the fields it needs.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var pos = 0
    static let maxDepth = 64

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { pos >= bytes.count }

    func fail(_ message: String) -> JSONSyntaxError { JSONSyntaxError(message: message, offset: pos) }

    @inline(__always) mutating func skipWhitespace() {
        while pos < bytes.count {
            let b = bytes[pos]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            pos += 1
        }
    }

    @inline(__always) mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
        guard pos < bytes.count, bytes[pos] == byte else { throw fail("expected \(what)") }
        pos += 1
    }

    /// Scans a string starting at the opening quote; returns the range between the quotes.
    mutating func scanString() throws(JSONSyntaxError) -> StringToken {
        try expect(0x22, "'\"'")
        let start = pos
        var escaped = false
        var ascii = true
        while pos < bytes.count {
            let b = bytes[pos]
            if b == 0x22 {
                let token = StringToken(start: start, end: pos, escaped: escaped, ascii: ascii)
                // Rare on the hot path: check escapes and UTF-8 now, so that a field nobody reads
                // still makes a bad line malformed, as a JSON parser would.
                if escaped || !ascii { _ = try decodeString(token) }
                pos += 1
                return token
            }
            if b < 0x20 { throw fail("control character in string") }
            if b >= 0x80 { ascii = false }
            if b == 0x5C {
                escaped = true
                pos += 1
                guard pos < bytes.count else { break }
                switch bytes[pos] {
                case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: pos += 1
                case 0x75:
                    pos += 1
                    for _ in 0..<4 {
                        guard pos < bytes.count, hexValue(bytes[pos]) != nil else { throw fail("bad \\u escape") }
                        pos += 1
                    }
                default: throw fail("bad escape")
                }
                continue
            }
            pos += 1
        }
        throw fail("unterminated string")
    }

    /// Scans a number per the JSON grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    mutating func scanNumber() throws(JSONSyntaxError) -> NumberToken {
        let start = pos
        var integral = true
        if pos < bytes.count, bytes[pos] == 0x2D { pos += 1 }
        guard pos < bytes.count, isDigit(bytes[pos]) else { throw fail("bad number") }
        if bytes[pos] == 0x30 {
            pos += 1
            if pos < bytes.count, isDigit(bytes[pos]) { throw fail("leading zero in number") }
        } else {
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.count, bytes[pos] == 0x2E {
            integral = false
            pos += 1
            guard pos < bytes.count, isDigit(bytes[pos]) else { throw fail("bad fraction") }
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.count, bytes[pos] == 0x65 || bytes[pos] == 0x45 {
            integral = false
            pos += 1
            if pos < bytes.count, bytes[pos] == 0x2B || bytes[pos] == 0x2D { pos += 1 }
            guard pos < bytes.count, isDigit(bytes[pos]) else { throw fail("bad exponent") }
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        return NumberToken(start: start, end: pos, integral: integral)
    }

    mutating func scanLiteral(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard pos + count <= bytes.count else { throw fail("bad literal") }
        let w = word.utf8Start
        for i in 0..<count where bytes[pos + i] != w[i] { throw fail("bad literal") }
        pos += count
    }

    /// Moves past an object or array by its brackets and strings alone, without checking what is
    /// inside: a keyframe's state is hundreds of kilobytes and is checked only when it is used.
    mutating func skimContainer() throws(JSONSyntaxError) {
        guard let base = bytes.baseAddress else { throw fail("unexpected end of input") }
        let count = bytes.count
        var i = pos, depth = 0
        while i < count {
            let b = base[i]
            if b == 0x22 {  // a string: to its closing quote, escapes skipped
                i += 1
                while i < count {
                    let c = base[i]
                    if c == 0x22 { break }
                    i += c == 0x5C ? 2 : 1
                }
                guard i < count else { break }
            } else if b == 0x7B || b == 0x5B {
                depth += 1
                guard depth <= JSONScanner.maxDepth else { pos = i; throw fail("nested too deeply") }
            } else if b == 0x7D || b == 0x5D {
                depth -= 1
                if depth == 0 { pos = i + 1; return }
            }
            i += 1
        }
        pos = count
        throw fail("unterminated object")
    }

    /// Parses `bytes` as exactly one value (whitespace around it allowed) into a `JSONValue`.
    static func parseWhole(_ bytes: UnsafeBufferPointer<UInt8>, depth: Int = 0) throws(JSONSyntaxError) -> JSONValue {
        var s = JSONScanner(bytes)
        let value = try s.parseValue(depth: depth)
        s.skipWhitespace()
        guard s.atEnd else { throw s.fail("unexpected data after the value") }
        return value
    }

    /// Parses any value into a `JSONValue` (used for nested payloads only).
    mutating func parseValue(depth: Int = 0) throws(JSONSyntaxError) -> JSONValue {
        guard depth < JSONScanner.maxDepth else { throw fail("nested too deeply") }
        skipWhitespace()
        guard pos < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[pos] {
        case 0x7B: return try parseObject(depth: depth)
        case 0x5B: return try parseArray(depth: depth)
        case 0x22: return .string(try decodeString(try scanString()))
        case 0x74: try scanLiteral("true"); return .bool(true)
        case 0x66: try scanLiteral("false"); return .bool(false)
        case 0x6E: try scanLiteral("null"); return .null
        default: return .number(try decodeNumber(try scanNumber()))
        }
    }

    mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        try expect(0x7B, "'{'")
        var pairs: [(String, JSONValue)] = []
        skipWhitespace()
        if pos < bytes.count, bytes[pos] == 0x7D { pos += 1; return .object(pairs) }
        while true {
            skipWhitespace()
            let key = try decodeString(try scanString())
            skipWhitespace()
            try expect(0x3A, "':'")
            pairs.append((key, try parseValue(depth: depth + 1)))
            skipWhitespace()
            guard pos < bytes.count else { throw fail("unterminated object") }
            if bytes[pos] == 0x2C { pos += 1; continue }
            try expect(0x7D, "',' or '}'")
            return .object(pairs)
        }
    }

    mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        try expect(0x5B, "'['")
        var items: [JSONValue] = []
        skipWhitespace()
        if pos < bytes.count, bytes[pos] == 0x5D { pos += 1; return .array(items) }
        while true {
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard pos < bytes.count else { throw fail("unterminated array") }
            if bytes[pos] == 0x2C { pos += 1; continue }
            try expect(0x5D, "',' or ']'")
            return .array(items)
        }
    }

    // MARK: converting tokens

    func decodeString(_ token: StringToken) throws(JSONSyntaxError) -> String {
        let raw = UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])
        if !token.escaped {
            if token.ascii { return String(decoding: raw, as: UTF8.self) }
            guard let s = String(validating: raw, as: UTF8.self) else {
                throw JSONSyntaxError(message: "invalid UTF-8 in string", offset: token.start)
            }
            return s
        }
        return try unescape(raw, base: token.start)
    }

    func unescape(_ raw: UnsafeBufferPointer<UInt8>, base: Int) throws(JSONSyntaxError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            let b = raw[i]
            guard b == 0x5C else { out.append(b); i += 1; continue }
            let e = raw[i + 1]
            i += 2
            switch e {
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                var scalar = hex4(raw, i)
                i += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    guard i + 6 <= raw.count, raw[i] == 0x5C, raw[i + 1] == 0x75 else {
                        throw JSONSyntaxError(message: "lone surrogate in string", offset: base + i)
                    }
                    let low = hex4(raw, i + 2)
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw JSONSyntaxError(message: "lone surrogate in string", offset: base + i)
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw JSONSyntaxError(message: "lone surrogate in string", offset: base + i)
                }
                guard let u = Unicode.Scalar(scalar) else {
                    throw JSONSyntaxError(message: "bad \\u escape", offset: base + i)
                }
                out.append(contentsOf: String(Character(u)).utf8)
            default: out.append(e)  // \" \\ \/
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else {
            throw JSONSyntaxError(message: "invalid UTF-8 in string", offset: base)
        }
        return s
    }

    func decodeNumber(_ token: NumberToken) throws(JSONSyntaxError) -> Double {
        if let d = fastDouble(bytes, token.start, token.end) { return d }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]), as: UTF8.self)
        guard let d = Double(text), d.isFinite else {
            throw JSONSyntaxError(message: "number out of range", offset: token.start)
        }
        return d
    }

    /// An integer token as Int64, or nil if it has a fraction, an exponent or overflows.
    func decodeInteger(_ token: NumberToken) -> Int64? {
        guard token.integral else { return nil }
        var i = token.start
        let negative = bytes[i] == 0x2D
        if negative { i += 1 }
        var value: Int64 = 0
        while i < token.end {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(bytes[i] &- 0x30))
            if o1 || o2 { return nil }
            value = a
            i += 1
        }
        return negative ? -value : value
    }
}

struct StringToken { var start: Int; var end: Int; var escaped: Bool; var ascii: Bool }
struct NumberToken { var start: Int; var end: Int; var integral: Bool }

@inline(__always) func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

@inline(__always) func hexValue(_ b: UInt8) -> UInt32? {
    switch b {
    case 0x30...0x39: return UInt32(b - 0x30)
    case 0x41...0x46: return UInt32(b - 0x41 + 10)
    case 0x61...0x66: return UInt32(b - 0x61 + 10)
    default: return nil
    }
}

/// Four hex digits already checked by the scanner.
func hex4(_ raw: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt32 {
    var v: UInt32 = 0
    for k in 0..<4 { v = v << 4 | (hexValue(raw[at + k]) ?? 0) }
    return v
}

private let exactPowersOfTen: [Double] = (0...22).map { e in
    var p = 1.0
    for _ in 0..<e { p *= 10 }
    return p
}

/// Clinger's fast path: when the decimal mantissa fits in 2^53 and the power of ten is exact,
/// one multiplication or division is correctly rounded. Other numbers go to the full parser.
@inline(__always)
func fastDouble(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
    var i = start
    let negative = bytes[i] == 0x2D
    if negative { i += 1 }
    var mantissa: UInt64 = 0
    var digits = 0
    var exponent = 0
    while i < end, isDigit(bytes[i]) {
        mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 0x30); digits += 1; i += 1
    }
    if i < end, bytes[i] == 0x2E {
        i += 1
        while i < end, isDigit(bytes[i]) {
            mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 0x30); digits += 1; exponent -= 1; i += 1
        }
    }
    if i < end { return nil }  // an exponent part: leave it to the full parser
    guard digits <= 15, mantissa < (1 << 53), exponent >= -22 else { return nil }
    var value = Double(mantissa)
    if exponent < 0 { value /= exactPowersOfTen[-exponent] }
    return negative ? -value : value
}
