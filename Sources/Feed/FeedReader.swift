#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One item read from a feed: a record, or a line that was skipped and why.
public enum FeedItem: Sendable, Equatable {
    case record(FeedRecord, line: Int)
    case unknown(type: String, seq: Int64?, line: Int)
    case malformed(reason: String, line: Int)
}

public struct FeedFileError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(description: String) { self.description = description }
}

/// Reads a JSON Lines feed in fixed-size chunks, so memory does not grow with the file,
/// and decodes it line by line. Malformed lines are reported with their line number and skipped.
public final class FeedReader {
    private let source: ByteSource
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var eof = false
    private var decoder = RecordDecoder()
    public private(set) var lineNumber = 0
    /// Bytes consumed so far (for progress and seeking).
    public private(set) var offset: Int64 = 0

    /// Opens `path`, optionally at a byte offset that starts a line (a keyframe), numbering lines
    /// from `firstLine` so that reports keep the file's true line numbers.
    public convenience init(path: String, offset: Int64 = 0, firstLine: Int = 1, chunkSize: Int = 1 << 20) throws(FeedFileError) {
        let file = try FileStream.open(reading: path)
        self.init(source: file, chunkSize: chunkSize)
        if offset > 0 {
            guard lseek(file.fd, off_t(offset), SEEK_SET) == off_t(offset) else {
                throw FeedFileError(description: "cannot seek in \(path): \(String(cString: strerror(errno)))")
            }
            self.offset = offset
        }
        lineNumber = firstLine - 1
    }

    /// After the end of the input: look again (a file still being written, as with tail -f).
    public func resumeAfterEnd() { eof = false }

    public var atEnd: Bool { eof && start >= end }

    public convenience init(descriptor: Int32, ownsDescriptor: Bool = false, chunkSize: Int = 1 << 20) {
        self.init(source: FileStream(descriptor: descriptor, owns: ownsDescriptor), chunkSize: chunkSize)
    }

    /// Reads from any byte source (a gzip decompressor), numbering lines from `firstLine`; `offset`
    /// says where in the stream the source already is.
    public init(source: ByteSource, offset: Int64 = 0, firstLine: Int = 1, chunkSize: Int = 1 << 20) {
        self.source = source
        buffer = [UInt8](repeating: 0, count: max(chunkSize, 16))
        self.offset = offset
        lineNumber = firstLine - 1
    }

    /// The next item, or nil at the end of the input.
    public func next() -> FeedItem? {
        while let line = nextLine() {
            lineNumber += 1
            let item: FeedItem? = buffer.withUnsafeBufferPointer { all in
                var lo = line.lowerBound, hi = line.upperBound
                if hi > lo, all[hi - 1] == 0x0D { hi -= 1 }  // CRLF
                while lo < hi, all[lo] == 0x20 || all[lo] == 0x09 { lo += 1 }
                if lo == hi { return nil }  // blank lines are not records
                switch decoder.decode(UnsafeBufferPointer(rebasing: all[lo..<hi])) {
                case let .record(r): return .record(r, line: lineNumber)
                case let .unknown(type, seq): return .unknown(type: type, seq: seq, line: lineNumber)
                case let .malformed(reason): return .malformed(reason: reason, line: lineNumber)
                }
            }
            if let item { return item }
        }
        return nil
    }

    /// Moves on to byte `target`, a line start at or after the current one, without decoding the lines
    /// between (a gzip stream cannot be entered midway: going forward from here beats starting over).
    /// False if the input ends first or `target` is not a line start.
    public func skip(to target: Int64) -> Bool {
        while offset < target, nextLine() != nil { lineNumber += 1 }
        return offset == target
    }

    /// The byte range of the next line in `buffer` (without its newline), refilling as needed.
    private func nextLine() -> Range<Int>? {
        var scanFrom = start
        while true {
            if let nl = findNewline(from: scanFrom) {
                let line = start..<nl
                offset += Int64(nl + 1 - start)
                start = nl + 1
                return line
            }
            scanFrom = end
            if eof {
                guard start < end else { return nil }
                let line = start..<end
                offset += Int64(end - start)
                start = end
                return line
            }
            let shift = start
            scanFrom -= shift
            fill()
        }
    }

    private func findNewline(from: Int) -> Int? {
        guard from < end else { return nil }
        return buffer.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return nil }
            guard let hit = memchr(base + from, 0x0A, end - from) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Moves the unread tail to the front, grows the buffer for a very long line, then reads.
    private func fill() {
        if start > 0 {
            let tail = end - start
            if tail > 0 {
                buffer.withUnsafeMutableBufferPointer { p in
                    guard let base = p.baseAddress else { return }
                    memmove(base, base + start, tail)
                }
            }
            start = 0
            end = tail
        }
        if end == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
        let n = buffer.withUnsafeMutableBytes { p -> Int in
            source.read(into: UnsafeMutableRawBufferPointer(rebasing: p[end...]))
        }
        if n <= 0 { eof = true } else { end += n }
    }
}
