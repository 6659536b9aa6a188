/// A `snapshot` record's payload. The state stays as the JSON text it was read as until something
/// needs it: a seek parses it, while a reader playing on only compares `digest` with the state the
/// records built (parsing every keyframe would cost more than the records between them).
public struct Keyframe: Sendable, Equatable {
    /// The `state` object's JSON text, exactly as read or as it will be written.
    public var json: [UInt8]
    /// chaintop's digest of the state (see `StateDigest`), when the writer gave one.
    public var digest: UInt64?
    /// The length of a line too long to hold (`LongLine`): its state was skimmed past, not kept, so
    /// only the digest can be used. 0 for a keyframe held whole.
    public var omittedBytes = 0
    /// Which walk and hash `digest` is of (a keyframe's state text names its own layout).
    public var scheme: DigestScheme

    public init(json: [UInt8], digest: UInt64? = nil, scheme: DigestScheme = .sd1, omittedBytes: Int = 0) {
        self.json = json
        self.digest = digest
        self.scheme = scheme
        self.omittedBytes = omittedBytes
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

    /// The digest's scheme: which walk and hash made it. A reader meets a scheme it does not know when a
    /// later chaintop changed either; it then compares the state in full rather than report every
    /// keyframe as disagreeing, or every line as malformed. `sd1` hashes the whole state in one chain
    /// (the keyframes chaintop wrote first); `sd2` hashes the fleet's nodes in fixed blocks, each on its
    /// own, so that both cores can share the work (the keyframes of a node table, state version 2).
    public enum DigestScheme: String, Sendable, CaseIterable {
        case sd1, sd2
    }

    /// The digest as the file writes it: the scheme, a colon, 16 lowercase hex digits ("sd2:00ff…").
    public static func text(_ digest: UInt64, scheme: DigestScheme = .sd1) -> String {
        let digits = String(digest, radix: 16)
        return scheme.rawValue + ":" + String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// How a keyframe's `digest` field reads.
    public enum DigestText: Equatable {
        case known(UInt64, DigestScheme)
        /// Another scheme: usable by whoever wrote it, not by this reader.
        case otherScheme
        /// This scheme, but not 16 hex digits after it: damaged.
        case malformed
    }

    public static func digest(text: String) -> DigestText {
        guard let scheme = DigestScheme.allCases.first(where: { text.hasPrefix($0.rawValue + ":") }) else { return .otherScheme }
        let hex = text.dropFirst(scheme.rawValue.count + 1)
        guard hex.utf8.count == 16, hex.utf8.allSatisfy({ hexValue($0) != nil }), let d = UInt64(hex, radix: 16) else {
            return .malformed
        }
        return .known(d, scheme)
    }
}
