/// A JSON text indexed in one pass into a flat list of tokens, each container knowing where it ends,
/// so a reader can walk it without building a tree: restoring a 100,000-node keyframe through a
/// `JSONValue` tree allocated a value per number and a string per key.
public struct JSONTape: Sendable {
    public enum Kind: UInt8, Sendable { case object, array, string, number, bool, null }

    struct Token: Sendable {
        var kind: Kind
        /// bool: 1 for true; string: 1 escaped, 2 not ASCII.
        var flags: UInt8
        /// string, number: the bytes (a string's without its quotes).
        var start: UInt32
        /// string, number: end of the bytes; object, array: the index of the token after the container.
        var end: UInt32
    }

    public let bytes: [UInt8]
    private(set) var tokens: [Token] = []

    /// Indexes `bytes`, checking them as strictly as a line of the feed.
    public init(_ bytes: [UInt8]) throws(JSONSyntaxError) {
        self.bytes = bytes
        guard bytes.count < Int(UInt32.max) else { throw JSONSyntaxError(message: "JSON text too large", offset: 0) }
        var tokens: [Token] = []
        tokens.reserveCapacity(bytes.count / 6)
        try bytes.withUnsafeBufferPointer { p throws(JSONSyntaxError) in
            var s = JSONScanner(p)
            try JSONTape.value(&s, into: &tokens, depth: 0)
            s.skipWhitespace()
            guard s.atEnd else { throw s.fail("unexpected data after the value") }
        }
        self.tokens = tokens
    }

    private static func value(_ s: inout JSONScanner, into tokens: inout [Token], depth: Int) throws(JSONSyntaxError) {
        guard depth < JSONScanner.maxDepth else { throw s.fail("nested too deeply") }
        s.skipWhitespace()
        guard !s.atEnd else { throw s.fail("unexpected end of input") }
        switch s.bytes[s.pos] {
        case 0x7B, 0x5B:
            let object = s.bytes[s.pos] == 0x7B
            let at = tokens.count
            tokens.append(Token(kind: object ? .object : .array, flags: 0, start: UInt32(s.pos), end: 0))
            s.pos += 1
            s.skipWhitespace()
            let close: UInt8 = object ? 0x7D : 0x5D
            if !s.atEnd, s.bytes[s.pos] == close {
                s.pos += 1
            } else {
                while true {
                    if object {
                        s.skipWhitespace()
                        tokens.append(stringToken(try s.scanString()))
                        s.skipWhitespace()
                        try s.expect(0x3A, "':'")
                    }
                    try value(&s, into: &tokens, depth: depth + 1)
                    s.skipWhitespace()
                    guard !s.atEnd else { throw s.fail(object ? "unterminated object" : "unterminated array") }
                    if s.bytes[s.pos] == 0x2C { s.pos += 1; continue }
                    try s.expect(close, object ? "',' or '}'" : "',' or ']'")
                    break
                }
            }
            tokens[at].end = UInt32(tokens.count)
        case 0x22: tokens.append(stringToken(try s.scanString()))
        case 0x74: try s.scanLiteral("true"); tokens.append(Token(kind: .bool, flags: 1, start: 0, end: 0))
        case 0x66: try s.scanLiteral("false"); tokens.append(Token(kind: .bool, flags: 0, start: 0, end: 0))
        case 0x6E: try s.scanLiteral("null"); tokens.append(Token(kind: .null, flags: 0, start: 0, end: 0))
        default:
            let n = try s.scanNumber()
            _ = try s.decodeNumber(n)  // beyond a double is malformed, as on a line
            tokens.append(Token(kind: .number, flags: 0, start: UInt32(n.start), end: UInt32(n.end)))
        }
    }

    private static func stringToken(_ t: StringToken) -> Token {
        Token(kind: .string, flags: (t.escaped ? 1 : 0) | (t.ascii ? 0 : 2), start: UInt32(t.start), end: UInt32(t.end))
    }

    // MARK: reading

    /// The index of the token after the value at `i` (its next sibling).
    @inline(__always) func next(_ i: Int) -> Int {
        let t = tokens[i]
        return t.kind == .object || t.kind == .array ? Int(t.end) : i + 1
    }

    public func kind(_ i: Int) -> Kind { tokens[i].kind }

    /// The value of `key` in the object at `i`, looked for from the member at `from` on and then from
    /// the object's start (readers ask in the order a snapshot is written, so the next member is
    /// nearly always the one). Returns the value and where the member after it starts. If a key
    /// repeats, the first found from `from` is taken: a keyframe is chaintop's own output, and one that
    /// is damaged is caught by its digest, not by this choice.
    public func value(of key: String, inObject i: Int, from: Int) -> (value: Int, next: Int)? {
        guard i < tokens.count, tokens[i].kind == .object else { return nil }
        let end = Int(tokens[i].end)
        let first = i + 1
        var start = from
        if start < first || start >= end { start = first }
        var name = key
        return name.withUTF8 { want -> (value: Int, next: Int)? in
            func search(_ lower: Int, _ upper: Int) -> (value: Int, next: Int)? {
                var k = lower
                while k < upper {
                    let after = next(k + 1)
                    if keyEquals(k, want) { return (k + 1, after) }
                    k = after
                }
                return nil
            }
            // From `start` to the end, then from the first member up to `start`.
            return search(start, end) ?? search(first, start)
        }
    }

    /// The elements of the array at `i`, without building a list of them.
    public func forEachElement<E: Error>(ofArray i: Int, _ body: (Int) throws(E) -> Void) throws(E) -> Bool {
        guard i < tokens.count, tokens[i].kind == .array else { return false }
        var k = i + 1
        let end = Int(tokens[i].end)
        while k < end {
            try body(k)
            k = next(k)
        }
        return true
    }

    /// How many elements the array at `i` has.
    public func count(ofArray i: Int) -> Int {
        var n = 0
        _ = forEachElement(ofArray: i) { (_: Int) in n += 1 }
        return n
    }

    private func keyEquals(_ k: Int, _ want: UnsafeBufferPointer<UInt8>) -> Bool {
        let t = tokens[k]
        if t.flags & 1 != 0 { return string(at: k).map { Array($0.utf8) == Array(want) } ?? false }
        let n = Int(t.end - t.start)
        guard n == want.count else { return false }
        return bytes.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress, let w = want.baseAddress else { return n == 0 }
            return equalBytes(base + Int(t.start), w, n)
        }
    }

    /// The elements of the array at `i`.
    public func elements(ofArray i: Int) -> [Int]? {
        var out: [Int] = []
        return forEachElement(ofArray: i) { (k: Int) in out.append(k) } ? out : nil
    }

    /// The members of the object at `i`: each key's token and its value's.
    public func members(ofObject i: Int) -> [(key: Int, value: Int)]? {
        guard i < tokens.count, tokens[i].kind == .object else { return nil }
        var out: [(key: Int, value: Int)] = []
        var k = i + 1
        while k < Int(tokens[i].end) { out.append((k, k + 1)); k = next(k + 1) }
        return out
    }

    public func string(at i: Int) -> String? {
        let t = tokens[i]
        guard t.kind == .string else { return nil }
        return bytes.withUnsafeBufferPointer { p in
            let token = StringToken(start: Int(t.start), end: Int(t.end), escaped: t.flags & 1 != 0, ascii: t.flags & 2 == 0)
            return try? JSONScanner(p).decodeString(token)
        }
    }

    public func double(at i: Int) -> Double? {
        let t = tokens[i]
        guard t.kind == .number else { return nil }
        return bytes.withUnsafeBufferPointer { p in
            try? JSONScanner(p).decodeNumber(NumberToken(start: Int(t.start), end: Int(t.end), integral: false))
        }
    }

    /// A whole number (as `JSONValue.int`: integral and well inside a double's exact range).
    public func int(at i: Int) -> Int? {
        guard let d = double(at: i), d.rounded() == d, abs(d) < 9.0e15 else { return nil }
        return Int(d)
    }

    public func bool(at i: Int) -> Bool? {
        let t = tokens[i]
        return t.kind == .bool ? t.flags == 1 : nil
    }
}

extension Keyframe {
    /// The state indexed for reading (see `JSONTape`).
    public func tape() throws(JSONSyntaxError) -> JSONTape { try JSONTape(json) }
}
