/// A line longer than a reader holds (`FeedReader.maxLineBytes`), seen as it streams past: only its
/// first bytes are kept. Any such line is malformed, except a keyframe with a digest: its `state` is
/// skimmed for its extent as it goes by, and the keyframe is passed on without it — playing on needs
/// only the digest; a seek cannot use it and starts from an earlier keyframe.
struct LongLine {
    /// Enough for `{"type":"snapshot","seq":…,"ts":…,"digest":"…","state":{`, as chaintop writes it.
    static let prefixBytes = 512
    private(set) var prefix: [UInt8] = []
    private(set) var bytes: Int64 = 0
    private var skim: StateSkim?
    /// Where the state's opening brace is in `prefix`, once found.
    private var head: Int?

    init() { prefix.reserveCapacity(LongLine.prefixBytes) }

    /// Takes the next bytes of the line.
    mutating func take(_ chunk: UnsafeBufferPointer<UInt8>) {
        bytes += Int64(chunk.count)
        var rest = chunk[...]
        if prefix.count < LongLine.prefixBytes {
            let n = min(LongLine.prefixBytes - prefix.count, chunk.count)
            prefix.append(contentsOf: chunk[..<n])
            rest = chunk[n...]
            if prefix.count == LongLine.prefixBytes { startSkim() }
        }
        if skim != nil, !rest.isEmpty { skim?.take(UnsafeBufferPointer(rebasing: rest)) }
    }

    /// Where `"state":{` ends in the prefix: the skim starts there, inside the state object.
    private mutating func startSkim() {
        let key = Array(#""state":{"#.utf8)
        guard prefix.count > key.count else { return }
        for i in 0...(prefix.count - key.count) where prefix[i] == key[0] && prefix[i..<(i + key.count)].elementsEqual(key) {
            var s = StateSkim()
            prefix.withUnsafeBufferPointer { s.take(UnsafeBufferPointer(rebasing: $0[(i + key.count)...])) }
            skim = s
            head = i + key.count - 1  // up to the brace
            return
        }
    }

    /// What the line was, once it has ended.
    func outcome(decoder: inout RecordDecoder, limit: Int) -> DecodeOutcome {
        let tooLong = "line of \(bytes) bytes is longer than the \(limit) a reader holds: skipped"
        guard let head, let skim, skim.completeLine else { return .malformed(tooLong) }
        // The fields before the state, with an empty state, decoded as any line is.
        let stand = Array(prefix[..<head]) + Array("{}}".utf8)
        let decoded = stand.withUnsafeBufferPointer { decoder.decode($0) }
        guard case let .record(record) = decoded, case let .snapshot(keyframe) = record.body, keyframe.digest != nil else {
            return .malformed(tooLong)
        }
        var passed = record
        passed.body = .snapshot(Keyframe(json: [], digest: keyframe.digest, scheme: keyframe.scheme, omittedBytes: Int(bytes)))
        return .record(passed)
    }
}

/// Follows a JSON object's extent across chunks, from just inside its opening brace: strings (with
/// escapes) and nesting, as `JSONScanner.skimContainer` does; then only the line's closing brace may follow.
struct StateSkim {
    private var depth = 1
    private var inString = false
    private var escaped = false
    private var closedState = false
    private var closedLine = false
    private var bad = false

    var completeLine: Bool { closedLine && !bad }

    mutating func take(_ chunk: UnsafeBufferPointer<UInt8>) {
        for b in chunk where !bad {
            if closedState { trailing(b); continue }
            if inString {
                if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { inString = false }
            } else if b == 0x22 {
                inString = true
            } else if b == 0x7B || b == 0x5B {
                depth += 1
                if depth > JSONScanner.maxDepth { bad = true }
            } else if b == 0x7D || b == 0x5D {
                depth -= 1
                if depth == 0 { closedState = true }
            }
        }
    }

    /// After the state: whitespace, the line's `}`, whitespace (a CR included).
    private mutating func trailing(_ b: UInt8) {
        if b == 0x20 || b == 0x09 || b == 0x0D { return }
        if b == 0x7D, !closedLine { closedLine = true } else { bad = true }
    }
}
