import Feed

/// Cuts a byte stream that arrives in arbitrary chunks into JSON Lines and decodes each, numbering
/// lines across chunks. A line longer than the reader's limit is skipped as malformed without being
/// held whole, so a hostile or broken server cannot make the client hold more than that.
struct FeedLines {
    private var partial: [UInt8] = []
    private var overlong = false
    private var decoder = RecordDecoder()
    private(set) var lineNumber = 0
    let maxLineBytes: Int

    init(maxLineBytes: Int = FeedReader.maxLineBytes) { self.maxLineBytes = maxLineBytes }

    /// The items the complete lines in `chunk` make (with what was left of the last chunk).
    mutating func take(_ chunk: some Collection<UInt8>) -> [FeedItem] {
        var items: [FeedItem] = []
        var rest = chunk[...]
        while let newline = rest.firstIndex(of: 0x0A) {
            append(rest[..<newline])
            if let item = finishLine() { items.append(item) }
            rest = rest[rest.index(after: newline)...]
        }
        append(rest)
        return items
    }

    /// What is left when the stream ends: a last line without its newline is cut off, not a record.
    mutating func end() -> FeedItem? {
        defer { partial.removeAll(); overlong = false }
        guard !partial.isEmpty || overlong else { return nil }
        lineNumber += 1
        return .malformed(reason: "the connection ended inside a line", line: lineNumber)
    }

    static let lagPrefix = Array(#"{"type":"stream_lag","head":"#.utf8)

    /// The coordinator's head from its `stream_lag` notice (written by it in exactly this form), carried
    /// in the item's seq for the session alone: it never reaches a store.
    static func lagHead(_ line: [UInt8]) -> Int64? {
        guard line.count > lagPrefix.count, line.starts(with: lagPrefix) else { return nil }
        let digits = line[lagPrefix.count...].prefix { $0 >= 0x30 && $0 <= 0x39 }
        return Int64(String(decoding: digits, as: UTF8.self))
    }

    private mutating func append(_ bytes: some Collection<UInt8>) {
        guard !overlong else { return }
        if partial.count + bytes.count > maxLineBytes {
            overlong = true
            partial.removeAll()
        } else {
            partial.append(contentsOf: bytes)
        }
    }

    private mutating func finishLine() -> FeedItem? {
        lineNumber += 1
        defer { partial.removeAll(keepingCapacity: partial.count < 1 << 16); overlong = false }
        if overlong { return .malformed(reason: "line longer than \(maxLineBytes) bytes", line: lineNumber) }
        if partial.last == 0x0D { partial.removeLast() }
        guard partial.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return nil }
        if let head = Self.lagHead(partial) { return .unknown(type: "stream_lag", seq: head, line: lineNumber) }
        let outcome = partial.withUnsafeBufferPointer { decoder.decode($0) }
        switch outcome {
        case let .record(r): return .record(r, line: lineNumber)
        case let .unknown(type, seq): return .unknown(type: type, seq: seq, line: lineNumber)
        case let .malformed(reason): return .malformed(reason: reason, line: lineNumber)
        }
    }
}
