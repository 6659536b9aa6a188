#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Feed

/// Where a recording's keyframes are and what time span it covers, found by one scan of the file.
/// The scan looks only at line starts (chaintop writes `{"type":"snapshot","seq":…,"ts":…` first), so it
/// runs at memory speed; seeking then needs the nearest keyframe and the records after it.
public struct RecordingIndex: Sendable, Equatable {
    public struct Keyframe: Sendable, Equatable {
        /// Byte offset of the keyframe's line.
        public var offset: Int64
        /// Its line number (1-based), so that a seek keeps reporting true line numbers.
        public var line: Int
        public var seq: Int64
        public var ts: Int64
        /// Bytes of the line, its newline left out: a seek reads a plain file's keyframe by it.
        public var length = 0
    }

    public var keyframes: [Keyframe] = []

    public init() {}
    /// Event time of the first record with a seq, and of the last line that has one.
    public var firstTs: Int64?
    public var lastTs: Int64?
    public var bytes: Int64 = 0
    public var lines = 0

    public var duration: Int64 { (lastTs ?? 0) - (firstTs ?? 0) }

    /// The last keyframe at or before `ts`, if any.
    public func keyframe(atOrBefore ts: Int64) -> Keyframe? { position(atOrBefore: ts).map { keyframes[$0] } }

    /// Where in `keyframes` the last one at or before `ts` is.
    public func position(atOrBefore ts: Int64) -> Int? {
        var lo = 0, hi = keyframes.count - 1, best: Int?
        while lo <= hi {
            let mid = (lo + hi) / 2
            if keyframes[mid].ts <= ts { best = mid; lo = mid + 1 } else { hi = mid - 1 }
        }
        return best
    }

    static let snapshotPrefix = Array(#"{"type":"snapshot","#.utf8)

    /// Where the last complete line ends, how many lines that makes, and that line's first bytes: a
    /// later `extend` carries on from there instead of scanning the file again.
    private var scanned: Int64 = 0
    private var scannedLines = 0
    private var lastComplete: [UInt8] = []

    /// Scans `path` once.
    public static func build(path: String, chunkSize: Int = 4 << 20) throws(FeedFileError) -> RecordingIndex {
        var index = RecordingIndex()
        try index.extend(path: path, chunkSize: chunkSize)
        return index
    }

    /// Scans what was written to `path` since the last scan (a recording still being written, for
    /// --follow): only the new bytes are read. A line without its newline yet is counted but not
    /// indexed as a keyframe until it is whole. A gzip stream cannot be entered midway, so it is
    /// scanned again from its start.
    public mutating func extend(path: String, chunkSize: Int = 4 << 20) throws(FeedFileError) {
        if FeedFiles.isGzip(path), scanned > 0 { self = RecordingIndex() }
        let source = try FeedFiles.source(path)
        if scanned > 0, let file = source as? FileStream, lseek(file.fd, off_t(scanned), SEEK_SET) != off_t(scanned) {
            throw FeedFileError(description: "cannot seek in \(path): \(String(cString: strerror(errno)))")
        }
        lines = scannedLines
        var buffer = [UInt8](repeating: 0, count: max(chunkSize, 16))
        var carry: [UInt8] = []       // a line cut by the chunk boundary
        var offset = scanned
        while true {
            let n = buffer.withUnsafeMutableBytes { source.read(into: $0) }
            if n <= 0 { break }
            buffer.withUnsafeBufferPointer { p in
                guard let base = p.baseAddress else { return }
                var start = 0
                while start < n {
                    guard let hit = memchr(base + start, 0x0A, n - start) else { break }
                    let end = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if carry.isEmpty {
                        take(UnsafeBufferPointer(start: base + start, count: end - start), at: offset + Int64(start))
                    } else {
                        carry.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end - start))
                        carry.withUnsafeBufferPointer { take($0, at: scanned) }
                        carry.removeAll(keepingCapacity: true)
                    }
                    scanned = offset + Int64(end + 1)
                    start = end + 1
                }
                if start < n { carry.append(contentsOf: UnsafeBufferPointer(start: base + start, count: n - start)) }
            }
            offset += Int64(n)
        }
        scannedLines = lines
        bytes = offset
        lastTs = lastComplete.withUnsafeBufferPointer { RecordingIndex.prefixTs($0) }
        if !carry.isEmpty {  // a last line without its newline: counted, and its time if it has one
            lines += 1
            if let ts = carry.withUnsafeBufferPointer({ RecordingIndex.prefixTs($0) }) { lastTs = ts }
        }
    }

    /// Looks at one whole line: counts it, notes keyframes, the first record's time, and keeps its start.
    private mutating func take(_ line: UnsafeBufferPointer<UInt8>, at offset: Int64) {
        lines += 1
        guard line.count > 2 else { return }
        if firstTs == nil, let ts = RecordingIndex.prefixTs(line), RecordingIndex.prefixNumber(line, key: "\"seq\":") != nil {
            firstTs = ts
        }
        if line.count > RecordingIndex.snapshotPrefix.count, let base = line.baseAddress,
           memcmp(base, RecordingIndex.snapshotPrefix, RecordingIndex.snapshotPrefix.count) == 0,
           let seq = RecordingIndex.prefixNumber(line, key: "\"seq\":"), let ts = RecordingIndex.prefixTs(line) {
            keyframes.append(Keyframe(offset: offset, line: lines, seq: seq, ts: ts, length: line.count))
        }
        // Only the start of the last line is needed (its ts), and only at the end: keep 128 bytes.
        lastComplete.removeAll(keepingCapacity: true)
        lastComplete.append(contentsOf: UnsafeBufferPointer(rebasing: line[..<min(line.count, 128)]))
    }

    static func prefixTs(_ line: UnsafeBufferPointer<UInt8>) -> Int64? { prefixNumber(line, key: "\"ts\":") }

    /// The integer after `key` within the first 128 bytes of a line.
    static func prefixNumber(_ line: UnsafeBufferPointer<UInt8>, key: StaticString) -> Int64? {
        let limit = min(line.count, 128)
        let k = key.utf8CodeUnitCount
        guard limit > k else { return nil }
        let keyBytes = key.utf8Start
        guard let base = line.baseAddress else { return nil }
        var i = 0
        while i + k < limit {
            if line[i] == keyBytes[0], memcmp(base + i, keyBytes, k) == 0 {
                var j = i + k
                var v: Int64 = 0
                var digits = 0
                while j < limit, line[j] >= 0x30, line[j] <= 0x39, digits < 18 {
                    v = v * 10 + Int64(line[j] - 0x30); j += 1; digits += 1
                }
                return digits > 0 ? v : nil
            }
            i += 1
        }
        return nil
    }
}
