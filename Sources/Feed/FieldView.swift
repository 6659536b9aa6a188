#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Typed access to the fields of one scanned line, with the checks feed v1 asks for:
/// a missing required field, a wrong type or an out-of-range value is a `FieldError`.
struct FieldView {
    let fields: [Field]
    /// How many of `fields` belong to this line.
    let count: Int
    let scanner: JSONScanner

    func find(_ name: StaticString) -> FieldValue? {
        let n = name.utf8CodeUnitCount
        let p = name.utf8Start
        guard let base = scanner.bytes.baseAddress else { return nil }
        let sig = Field.signature(p, n)
        // Last match wins, as in JSON parsers that accept duplicate keys.
        var k = count
        while k > 0 {
            k -= 1
            if let decoded = fields[k].decodedKey {
                if decoded == name.description { return fields[k].value }
                continue
            }
            guard fields[k].sig == sig else { continue }
            if equalBytes(base + fields[k].key.start, p, n) { return fields[k].value }
        }
        return nil
    }

    /// The longest string a record's field may hold, in bytes as written: ids, names and titles are far
    /// shorter, and a state built from hostile input then grows only by entity, never by field.
    static let longestString = 4096

    func optionalString(_ name: StaticString) throws -> String? {
        switch find(name) {
        case nil, .null?: return nil
        case let .string(token)?:
            guard token.end - token.start <= FieldView.longestString else {
                throw FieldError(message: "field '\(name)' is longer than \(FieldView.longestString) bytes")
            }
            return try scanner.decodeString(token)
        default: throw FieldError(message: "field '\(name)' must be a string")
        }
    }

    func string(_ name: StaticString) throws -> String {
        guard let s = try optionalString(name) else { throw FieldError(message: "missing field '\(name)'") }
        return s
    }

    func optionalInt(_ name: StaticString) throws -> Int64? {
        switch find(name) {
        case nil, .null?: return nil
        case let .number(token)?:
            guard let v = scanner.decodeInteger(token) else {
                throw FieldError(message: "field '\(name)' must be an integer")
            }
            return v
        default: throw FieldError(message: "field '\(name)' must be an integer")
        }
    }

    func int(_ name: StaticString, min: Int64 = .min, max: Int64 = .max) throws -> Int64 {
        guard let v = try optionalInt(name) else { throw FieldError(message: "missing field '\(name)'") }
        guard v >= min else { throw FieldError(message: "field '\(name)' is below \(min)") }
        guard v <= max else { throw FieldError(message: "field '\(name)' is above \(max)") }
        return v
    }

    /// A time in milliseconds since the epoch, between 1970 and the year 9999 (so that differences of
    /// times never overflow downstream).
    func time(_ name: StaticString) throws -> Int64 { try int(name, min: 0, max: RecordKind.latestTime) }

    func optionalTime(_ name: StaticString) throws -> Int64? {
        guard let v = try optionalInt(name) else { return nil }
        guard (0...RecordKind.latestTime).contains(v) else { throw FieldError(message: "field '\(name)' is out of range") }
        return v
    }

    func optionalDouble(_ name: StaticString, in range: ClosedRange<Double>? = nil) throws -> Double? {
        switch find(name) {
        case nil, .null?: return nil
        case let .number(token)?:
            let v = try scanner.decodeNumber(token)
            if let range, !range.contains(v) {
                throw FieldError(message: "field '\(name)' is out of range \(range.lowerBound)…\(range.upperBound)")
            }
            return v
        default: throw FieldError(message: "field '\(name)' must be a number")
        }
    }

    func double(_ name: StaticString, in range: ClosedRange<Double>? = nil) throws -> Double {
        guard let v = try optionalDouble(name, in: range) else { throw FieldError(message: "missing field '\(name)'") }
        return v
    }

    /// A field that must be present but may be null (a stablecoin's `price`).
    func nullableDouble(_ name: StaticString) throws -> Double? {
        guard find(name) != nil else { throw FieldError(message: "missing field '\(name)'") }
        return try optionalDouble(name)
    }

    func amount(_ name: StaticString) throws -> TokenAmount {
        let text = try string(name)
        guard let amount = TokenAmount(text) else {
            throw FieldError(message: "field '\(name)' is not a decimal amount: \"\(text)\"")
        }
        return amount
    }

    /// One of an enum's values, matched on the line's bytes (no string is made for it).
    func choice<E: RawRepresentable & CaseIterable>(_ name: StaticString, _ type: E.Type) throws -> E where E.RawValue == String {
        if let value = try optionalChoice(name, type) { return value }
        let text = try string(name)
        throw FieldError(message: "field '\(name)' has unknown value \"\(text)\"")
    }

    /// The value, or nil when the field is missing or names no case (the caller says which).
    func optionalChoice<E: RawRepresentable & CaseIterable>(_ name: StaticString, _ type: E.Type) throws -> E?
    where E.RawValue == String {
        guard case let .string(token)? = find(name) else { return nil }
        guard !token.escaped, let base = scanner.bytes.baseAddress else {
            return E(rawValue: try scanner.decodeString(token))
        }
        let n = token.end - token.start
        for value in E.allCases {
            var raw = value.rawValue
            let same = raw.withUTF8 { r in
                guard r.count == n, let b = r.baseAddress else { return r.count == n }
                return equalBytes(base + token.start, b, n)
            }
            if same { return value }
        }
        return nil
    }

    func nested(_ name: StaticString) throws -> JSONValue? {
        switch find(name) {
        case nil, .null?: return nil
        case let .nested(value)?: return value
        case let .skimmed(start, end)?: return try parse(start, end)
        default: throw FieldError(message: "field '\(name)' must be an object or array")
        }
    }

    /// The text of a skimmed object, copied out unchecked (a keyframe's state).
    func skimmed(_ name: StaticString) -> [UInt8]? {
        guard case let .skimmed(start, end)? = find(name) else { return nil }
        return Array(UnsafeBufferPointer(rebasing: scanner.bytes[start..<end]))
    }

    /// Checks every skimmed field as strictly as the rest of the line.
    func checkSkimmed() throws {
        for field in fields[..<count] { if case let .skimmed(start, end) = field.value { _ = try parse(start, end) } }
    }

    private func parse(_ start: Int, _ end: Int) throws(JSONSyntaxError) -> JSONValue {
        try JSONScanner.parseWhole(UnsafeBufferPointer(rebasing: scanner.bytes[start..<end]), depth: 1)
    }
}

/// Short runs (keys, enum values) compare faster inline than through a call to memcmp.
@inline(__always) func equalBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    var i = 0
    while i < n, a[i] == b[i] { i += 1 }
    return i == n
}
