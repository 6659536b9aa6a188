import Feed

/// One value of a parsed JSON document, read the way the importers need: a missing key, a null and a
/// value of the wrong type all read as nil, and numbers may come as strings (DefiLlama writes some so).
struct JSONNode {
    let tape: JSONTape
    let at: Int

    static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONNode { JSONNode(tape: try JSONTape(bytes), at: 0) }

    subscript(key: String) -> JSONNode? {
        guard let v = tape.value(of: key, inObject: at, from: 0)?.value, tape.kind(v) != .null else { return nil }
        return JSONNode(tape: tape, at: v)
    }

    var kind: JSONTape.Kind { tape.kind(at) }
    var string: String? { tape.string(at: at) }
    var bool: Bool? { tape.bool(at: at) }
    var array: [JSONNode]? { tape.elements(ofArray: at).map { $0.map { JSONNode(tape: tape, at: $0) } } }
    var members: [(key: String, value: JSONNode)]? {
        tape.members(ofObject: at).map { list in
            list.compactMap { m in tape.string(at: m.key).map { ($0, JSONNode(tape: tape, at: m.value)) } }
        }
    }

    /// A number, or a string that holds one.
    var number: Double? {
        if let d = tape.double(at: at) { return d }
        return string.flatMap(parseNumber)
    }

    /// The value as text: a string as is, a number or boolean as written.
    var text: String? {
        switch kind {
        case .string: return string
        case .number: return number.map(numberText)
        case .bool: return bool.map { $0 ? "true" : "false" }
        default: return nil
        }
    }
}

func numberText(_ d: Double) -> String {
    d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
}
