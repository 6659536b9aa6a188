import Feed

/// What the store has been fed: counts of records, skipped lines and sequence gaps.
public struct InputStats: Sendable, Equatable {
    public var records = 0
    public var malformed = 0
    public var unknown = 0
    /// Number of places where `seq` jumped forward (records lost at the source).
    public var gaps = 0
    /// Records missing in those gaps.
    public var missing: Int64 = 0
    /// Records ignored because their `seq` was repeated or older.
    public var stale = 0
    /// Lines whose `seq` jumped ahead while the lines after them went on from before the jump: the seq
    /// was damage, so it did not move the position (a record's content was still applied).
    public var suspect = 0
    public var firstSuspectLine: Int?
    /// Keyframes passed over: the state already had them, or they could not be used (see mismatches).
    public var keyframes = 0
    /// Keyframes whose state differs from the one the records before them built (a damaged recording).
    public var keyframeMismatches = 0
    public var firstMismatchLine: Int?
    /// The stream started with a record instead of a header.
    public var missingHeader = false
    private var sawFirst = false

    mutating func noteFirst(isHeader: Bool) {
        guard !sawFirst else { return }
        sawFirst = true
        missingHeader = !isHeader
    }
    public var lastSeq: Int64 = 0
    public var lastTs: Int64 = 0
    public var firstTs: Int64?
    public var firstMalformedLine: Int?
    public var lastMalformed: String?

    public init() {}

    /// Moves the position to `seq`, counting the records between as missing (a gap).
    mutating func advance(to seq: Int64) {
        if seq > lastSeq + 1 {
            gaps += 1
            missing += seq - lastSeq - 1
        }
        lastSeq = max(lastSeq, seq)
    }

    mutating func noteSuspect(line: Int) {
        suspect += 1
        if firstSuspectLine == nil { firstSuspectLine = line }
    }

    /// Adds what a passed-over start (a keyframe a seek could not use) found wrong.
    public mutating func merge(rejection other: InputStats) {
        keyframeMismatches += other.keyframeMismatches
        if let line = other.firstMismatchLine { firstMismatchLine = min(firstMismatchLine ?? line, line) }
        malformed += other.malformed
        if let line = other.firstMalformedLine { firstMalformedLine = min(firstMalformedLine ?? line, line) }
        lastMalformed = other.lastMalformed ?? lastMalformed
    }

    mutating func noteMalformed(line: Int, reason: String) {
        malformed += 1
        if firstMalformedLine == nil { firstMalformedLine = line }
        lastMalformed = "line \(line): \(reason)"
    }
}
