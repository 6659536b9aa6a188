/// A strict reader of JSON values in an order known in advance, for parsers of a fixed layout (a
/// keyframe's node table): no tree and no token list, each value converted as it is met. It checks
/// what it reads as `JSONScanner` does (the grammar, escapes, UTF-8); the caller says what comes next.
public struct JSONCursor {
    private var scanner: JSONScanner

    public init(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int = 0) {
        scanner = JSONScanner(bytes)
        scanner.pos = position
    }

    public var position: Int { scanner.pos }
    public var atEnd: Bool { scanner.atEnd }

    /// The next byte after white space, without taking it.
    public mutating func peek() -> UInt8? {
        scanner.skipWhitespace()
        return scanner.atEnd ? nil : scanner.bytes[scanner.pos]
    }

    public func fail(_ message: String) -> JSONSyntaxError { scanner.fail(message) }

    /// Takes `byte` (after white space), or fails.
    public mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
        scanner.skipWhitespace()
        // The message only on failure: a node table takes twenty of these a row.
        guard scanner.pos < scanner.bytes.count, scanner.bytes[scanner.pos] == byte else {
            throw scanner.fail("expected '\(Character(Unicode.Scalar(byte)))'")
        }
        scanner.pos += 1
    }

    /// Takes `byte` if it comes next.
    public mutating func take(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        scanner.pos += 1
        return true
    }

    /// A `null`, taken if it comes next.
    public mutating func takeNull() throws(JSONSyntaxError) -> Bool {
        guard peek() == 0x6E else { return false }
        try scanner.scanLiteral("null")
        return true
    }

    public mutating func string() throws(JSONSyntaxError) -> String {
        scanner.skipWhitespace()
        let token = try scanner.scanString()
        return try scanner.decodeString(token)
    }

    public mutating func optionalString() throws(JSONSyntaxError) -> String? {
        try takeNull() ? nil : try string()
    }

    /// A string's text as UTF-8, handed to `body` without making a `String` unless it has escapes
    /// (a caller matching a few known names).
    public mutating func withString<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) throws(JSONSyntaxError) -> T {
        scanner.skipWhitespace()
        let token = try scanner.scanString()
        guard token.escaped else { return body(UnsafeBufferPointer(rebasing: scanner.bytes[token.start..<token.end])) }
        var text = try scanner.decodeString(token)
        return text.withUTF8(body)
    }

    /// A string's raw bytes between its quotes, when it has no escapes (a caller that needs only
    /// ASCII letters, such as base64, checks them itself); one with escapes fails.
    public mutating func rawString() throws(JSONSyntaxError) -> UnsafeBufferPointer<UInt8> {
        scanner.skipWhitespace()
        let token = try scanner.scanString()
        guard !token.escaped else { throw JSONSyntaxError(message: "unexpected escape", offset: token.start) }
        return UnsafeBufferPointer(rebasing: scanner.bytes[token.start..<token.end])
    }

    public mutating func double() throws(JSONSyntaxError) -> Double {
        scanner.skipWhitespace()
        return try scanner.decodeNumber(try scanner.scanNumber())
    }

    public mutating func optionalDouble() throws(JSONSyntaxError) -> Double? {
        try takeNull() ? nil : try double()
    }

    /// An integer (no fraction or exponent) that fits in 64 bits.
    public mutating func int() throws(JSONSyntaxError) -> Int64 {
        scanner.skipWhitespace()
        let token = try scanner.scanNumber()
        guard let v = scanner.decodeInteger(token) else { throw JSONSyntaxError(message: "not an integer", offset: token.start) }
        return v
    }

    public mutating func optionalInt() throws(JSONSyntaxError) -> Int64? {
        try takeNull() ? nil : try int()
    }

    public mutating func bool() throws(JSONSyntaxError) -> Bool {
        switch peek() {
        case 0x74: try scanner.scanLiteral("true"); return true
        case 0x66: try scanner.scanLiteral("false"); return false
        default: throw scanner.fail("expected a boolean")
        }
    }
}
