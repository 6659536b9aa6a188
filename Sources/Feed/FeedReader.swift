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
    /// Lines with nothing but white space: not records, and not reported (every other line is an item).
    public private(set) var blankLines = 0
    /// The longest line held whole: a longer one is streamed past and skipped as malformed, unless it is a
    /// keyframe with a digest (`LongLine`). 32 MiB holds the keyframe of ~30,000 nodes and keeps the
    /// reader's memory bounded whatever the input (docs/feed.md).
    public static let maxLineBytes = 32 << 20
    let maxLineBytes: Int
    /// A read error of the file itself (a gzip source reports its own, with where it broke).
    private var readFailure: String?
    private var failureReported = false
    /// Why the input broke off before its end (a corrupt or truncated gzip, a read error), once reported.
    public var failure: String? { failureReported ? source.failure ?? readFailure : nil }
    /// Bytes consumed so far (for progress and seeking).
    public private(set) var offset: Int64 = 0

    /// Opens `path`, optionally at a byte offset that starts a line (a keyframe), numbering lines
    /// from `firstLine` so that reports keep the file's true line numbers.
    public convenience init(path: String, offset: Int64 = 0, firstLine: Int = 1, chunkSize: Int = 1 << 20,
                            maxLineBytes: Int = FeedReader.maxLineBytes) throws(FeedFileError) {
        let file = try FileStream.open(reading: path)
        self.init(source: file, chunkSize: chunkSize, maxLineBytes: maxLineBytes)
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
    public init(source: ByteSource, offset: Int64 = 0, firstLine: Int = 1, chunkSize: Int = 1 << 20,
                maxLineBytes: Int = FeedReader.maxLineBytes) {
        self.source = source
        self.maxLineBytes = max(maxLineBytes, 16)
        buffer = [UInt8](repeating: 0, count: max(min(chunkSize, self.maxLineBytes), 16))
        self.offset = offset
        lineNumber = firstLine - 1
    }

    /// The next item, or nil at the end of the input (after reporting why it broke off, if it did).
    public func next() -> FeedItem? {
        while let line = nextLine() {
            lineNumber += 1
            switch line {
            case let .long(long): return item(long.outcome(decoder: &decoder, limit: maxLineBytes))
            case let .held(range):
                if let outcome = decode(range) { return item(outcome) }
                blankLines += 1
            }
        }
        if let failure = source.failure ?? readFailure, !failureReported {
            failureReported = true
            return .malformed(reason: failure, line: lineNumber)
        }
        return nil
    }

    /// Decodes a held line; nil for a blank one (white space and a CR only), which is not a record.
    private func decode(_ range: Range<Int>) -> DecodeOutcome? {
        buffer.withUnsafeBufferPointer { all in
            var lo = range.lowerBound, hi = range.upperBound
            if hi > lo, all[hi - 1] == 0x0D { hi -= 1 }  // CRLF
            while lo < hi, all[lo] == 0x20 || all[lo] == 0x09 { lo += 1 }
            return lo == hi ? nil : decoder.decode(UnsafeBufferPointer(rebasing: all[lo..<hi]))
        }
    }

    private func item(_ outcome: DecodeOutcome) -> FeedItem {
        switch outcome {
        case let .record(r): .record(r, line: lineNumber)
        case let .unknown(type, seq): .unknown(type: type, seq: seq, line: lineNumber)
        case let .malformed(reason): .malformed(reason: reason, line: lineNumber)
        }
    }

    /// Moves on to byte `target`, a line start at or after the current one, without decoding the lines
    /// between (a gzip stream cannot be entered midway: going forward from here beats starting over).
    /// False if the input ends first or `target` is not a line start.
    public func skip(to target: Int64) -> Bool {
        while offset < target, nextLine() != nil { lineNumber += 1 }
        return offset == target
    }

    /// A line: its range in `buffer` (without its newline), or, past `maxLineBytes`, what was seen of it.
    private enum Line { case held(Range<Int>), long(LongLine) }

    /// The next line, refilling as needed. A line that outgrows `maxLineBytes` is streamed past.
    private func nextLine() -> Line? {
        var scanFrom = start
        while true {
            if let nl = findNewline(from: scanFrom) {
                let line = start..<nl
                offset += Int64(nl + 1 - start)
                start = nl + 1
                return .held(line)
            }
            scanFrom = end
            if eof {
                guard start < end else { return nil }
                let line = start..<end
                offset += Int64(end - start)
                start = end
                return .held(line)
            }
            if end - start >= maxLineBytes { return .long(streamLongLine()) }
            let shift = start
            scanFrom -= shift
            fill()
        }
    }

    /// Reads past the rest of a line too long to hold, keeping only what `LongLine` keeps of it.
    private func streamLongLine() -> LongLine {
        var long = LongLine()
        while true {
            let nl = findNewline(from: start)
            let stop = nl ?? end
            buffer.withUnsafeBufferPointer { long.take(UnsafeBufferPointer(rebasing: $0[start..<stop])) }
            offset += Int64(stop - start) + (nl == nil ? 0 : 1)
            start = nl.map { $0 + 1 } ?? end
            if nl != nil || eof { return long }
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

    /// Moves the unread tail to the front, grows the buffer for a long line (up to `maxLineBytes`), then reads.
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
        if end == buffer.count {
            // An array of zeros is one memset, appended with one copy (a repeatElement went byte by byte).
            buffer.append(contentsOf: [UInt8](repeating: 0, count: max(1, min(buffer.count, maxLineBytes - buffer.count))))
        }
        let n = buffer.withUnsafeMutableBytes { p -> Int in
            source.read(into: UnsafeMutableRawBufferPointer(rebasing: p[end...]))
        }
        if n < 0, source.failure == nil { readFailure = "read failed after byte \(offset + Int64(end - start)): \(String(cString: strerror(errno)))" }
        if n <= 0 { eof = true } else { end += n }
    }
}
