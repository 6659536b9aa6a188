/// A `snapshot` record's payload. The state stays as the JSON text it was read as until something
/// needs it: a seek parses it, while a reader playing on only compares `digest` with the state the
/// records built (parsing every keyframe would cost more than the records between them).
public struct Keyframe: Sendable, Equatable {
    /// The `state` object's JSON text, exactly as read or as it will be written.
    public var json: [UInt8]
    /// chaintop's digest of the state (see `StateDigest`), when the writer gave one.
    public var digest: UInt64?

    public init(json: [UInt8], digest: UInt64? = nil) {
        self.json = json
        self.digest = digest
    }

    public init(_ state: JSONValue, digest: UInt64? = nil) {
        var w = JSONWriter(capacity: 1024)
        w.value(state)
        self.init(json: w.bytes, digest: digest)
    }

    /// The state as a JSON value, checked as strictly as any line (a keyframe's text is only
    /// skimmed for its extent when the line is read).
    public func parse() throws(JSONSyntaxError) -> JSONValue {
        try json.withUnsafeBufferPointer { p throws(JSONSyntaxError) in try JSONScanner.parseWhole(p) }
    }

    /// The digest as the file writes it: 16 lowercase hex digits.
    public static func hex(_ digest: UInt64) -> String {
        let digits = String(digest, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    public static func digest(hex text: String) -> UInt64? {
        guard text.utf8.count == 16, text.utf8.allSatisfy({ hexValue($0) != nil }) else { return nil }
        return UInt64(text, radix: 16)
    }
}
