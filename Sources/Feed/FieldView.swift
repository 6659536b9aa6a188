/// Typed access to the fields of one scanned line, with the checks feed v1 asks for:
/// a missing required field, a wrong type or an out-of-range value is a `FieldError`.
struct FieldView {
    let fields: [Field]
    let scanner: JSONScanner

    func find(_ name: StaticString) -> FieldValue? {
        let n = name.utf8CodeUnitCount
        let p = name.utf8Start
        // Last match wins, as in JSON parsers that accept duplicate keys.
        for field in fields.reversed() {
            if let decoded = field.decodedKey {
                if decoded == name.description { return field.value }
                continue
            }
            guard field.key.end - field.key.start == n else { continue }
            var same = true
            for i in 0..<n where scanner.bytes[field.key.start + i] != p[i] { same = false; break }
            if same { return field.value }
        }
        return nil
    }

    func optionalString(_ name: StaticString) throws -> String? {
        switch find(name) {
        case nil, .null?: return nil
        case let .string(token)?: return try scanner.decodeString(token)
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

    func choice<E: RawRepresentable>(_ name: StaticString, _ type: E.Type) throws -> E where E.RawValue == String {
        let text = try string(name)
        guard let value = E(rawValue: text) else { throw FieldError(message: "field '\(name)' has unknown value \"\(text)\"") }
        return value
    }

    func nested(_ name: StaticString) throws -> JSONValue? {
        switch find(name) {
        case nil, .null?: return nil
        case let .nested(value)?: return value
        default: throw FieldError(message: "field '\(name)' must be an object or array")
        }
    }
}
