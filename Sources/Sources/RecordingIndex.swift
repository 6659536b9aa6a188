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

    /// Scans `path` once.
    public static func build(path: String, chunkSize: Int = 4 << 20) throws(FeedFileError) -> RecordingIndex {
        let source = try FeedFiles.source(path)
        var index = RecordingIndex()
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        var carry: [UInt8] = []       // a line cut by the chunk boundary
        var carryOffset: Int64 = 0
        var offset: Int64 = 0
        var lastLine: [UInt8] = []
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
                        index.take(UnsafeBufferPointer(start: base + start, count: end - start), at: offset + Int64(start), &lastLine)
                    } else {
                        carry.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end - start))
                        carry.withUnsafeBufferPointer { index.take($0, at: carryOffset, &lastLine) }
                        carry.removeAll(keepingCapacity: true)
                    }
                    start = end + 1
                }
                if start < n {
                    if carry.isEmpty { carryOffset = offset + Int64(start) }
                    carry.append(contentsOf: UnsafeBufferPointer(start: base + start, count: n - start))
                }
            }
            offset += Int64(n)
        }
        if !carry.isEmpty { carry.withUnsafeBufferPointer { index.take($0, at: carryOffset, &lastLine) } }
        index.bytes = offset
        if !lastLine.isEmpty { index.lastTs = lastLine.withUnsafeBufferPointer { prefixTs($0) } ?? index.lastTs }
        return index
    }

    /// Looks at one line: counts it, notes keyframes, the first record's time, and keeps the last line.
    private mutating func take(_ line: UnsafeBufferPointer<UInt8>, at offset: Int64, _ lastLine: inout [UInt8]) {
        lines += 1
        guard line.count > 2 else { return }
        if firstTs == nil, let ts = RecordingIndex.prefixTs(line), RecordingIndex.prefixNumber(line, key: "\"seq\":") != nil {
            firstTs = ts
        }
        if line.count > RecordingIndex.snapshotPrefix.count, let base = line.baseAddress,
           memcmp(base, RecordingIndex.snapshotPrefix, RecordingIndex.snapshotPrefix.count) == 0,
           let seq = RecordingIndex.prefixNumber(line, key: "\"seq\":"), let ts = RecordingIndex.prefixTs(line) {
            keyframes.append(Keyframe(offset: offset, line: lines, seq: seq, ts: ts))
        }
        // Only the start of the last line is needed (its ts), and only at the end: keep 128 bytes.
        lastLine.removeAll(keepingCapacity: true)
        lastLine.append(contentsOf: UnsafeBufferPointer(rebasing: line[..<min(line.count, 128)]))
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
