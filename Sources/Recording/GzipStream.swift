#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CompressNIO
import Feed
import NIOCore

/// Decompresses a gzip file as it is read (a `.jsonl.gz` recording), through compress-nio's zlib, the
/// way gzip tools read one: members one after another (`cat a.gz b.gz`, log rotation) to the end of the
/// file, in chunks of at most 1 MiB out, and a corrupt or truncated stream reported with where it broke
/// (what decoded before that is kept).
final class GzipSource: ByteSource {
    private let file: FileStream
    private let inflater: ZlibDecompressor
    private var input: ByteBuffer
    private var fileEnded = false
    /// The current member has ended (its trailer was read); the next bytes, if any, start another.
    private var memberEnded = false
    /// Bytes of the file read, and decompressed bytes handed out: where a failure is reported.
    private var fileBytes: Int64 = 0
    private var produced: Int64 = 0
    private(set) var failure: String?
    private var outputWasFull = false
    /// Decompressed bytes that did not fit the caller's buffer (ByteBuffer rounds capacities up).
    private var leftover: ByteBuffer
    static let chunk = 1 << 20

    init(file: FileStream) throws(FeedFileError) {
        self.file = file
        do { inflater = try ZlibDecompressor(algorithm: .gzip) } catch {
            throw FeedFileError(description: "cannot start gzip: \(error)")
        }
        input = ByteBufferAllocator().buffer(capacity: 1 << 16)
        leftover = ByteBufferAllocator().buffer(capacity: 0)
    }

    /// Where in the file the decompressor is (bytes read less those not yet inflated).
    private var position: Int64 { fileBytes - Int64(input.readableBytes) }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard buffer.count > 0 else { return 0 }
        if leftover.readableBytes > 0 { return drain(&leftover, into: buffer) }
        while failure == nil {
            // zlib may still hold output when it last filled the buffer: ask again before reading on.
            if input.readableBytes == 0, !outputWasFull, !refill() {
                if !memberEnded, position > 0 { fail("gzip stream truncated: the file ends inside a member") }
                return 0
            }
            if memberEnded, !startNextMember() { return 0 }
            var output = ByteBufferAllocator().buffer(capacity: min(buffer.count, GzipSource.chunk))
            // What decoded before a failure is handed out first; the next read then ends the input.
            let sound = inflate(into: &output)
            if output.readableBytes > 0 {
                produced += Int64(output.readableBytes)
                let n = drain(&output, into: buffer)
                leftover = output
                return n
            }
            if !sound { return 0 }
        }
        return 0
    }

    /// One inflate step; false when the data is corrupt (the failure says where).
    private func inflate(into output: inout ByteBuffer) -> Bool {
        outputWasFull = false
        do {
            try inflater.inflate(from: &input, to: &output)
            // Returning without an error means the member ended, or all input was taken: zlib stops
            // short of the input only at a member's end. With none left, ask zlib with no input.
            memberEnded = input.readableBytes > 0 || probeEnded()
        } catch let e as CompressNIOError where e == .bufferOverflow || e == .inputBufferOverflow {
            // Output full, or more input needed: both normal mid-stream.
            outputWasFull = e == .bufferOverflow
        } catch {
            fail("gzip data is corrupt")
            return false
        }
        return true
    }

    /// Whether the member has ended: zlib then answers an empty input with "stream end", not "need more".
    private func probeEnded() -> Bool {
        var none = ByteBufferAllocator().buffer(capacity: 16)
        var out = ByteBufferAllocator().buffer(capacity: 16)
        do { try inflater.inflate(from: &none, to: &out) } catch { return false }
        return true
    }

    /// Past a member's end: another member (gzip's magic bytes) is read on; anything else ends the
    /// input, reported as trailing data.
    private func startNextMember() -> Bool {
        let next = input.getInteger(at: input.readerIndex, as: UInt8.self)
        guard next == 0x1F else {
            fail("data after the last gzip member is not gzip (ignored)")
            return false
        }
        do { try inflater.reset() } catch {
            fail("cannot restart gzip for the next member (\(error))")
            return false
        }
        memberEnded = false
        return true
    }

    private func fail(_ why: String) {
        failure = "\(why) at byte \(position) of the file, after \(produced) bytes decompressed; what came before is kept"
    }

    /// Copies as much of `from` as fits into `buffer`, consuming it; returns the count.
    private func drain(_ from: inout ByteBuffer, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let n = min(from.readableBytes, buffer.count)
        from.withUnsafeReadableBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[..<n])) }
        from.moveReaderIndex(forwardBy: n)
        return n
    }

    /// Reads the next compressed chunk; false at the end of the file.
    private func refill() -> Bool {
        guard !fileEnded else { return false }
        input.clear()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let n = chunk.withUnsafeMutableBytes { file.read(into: $0) }
        if n < 0 { fail("cannot read the file (\(String(cString: strerror(errno))))") }
        if n <= 0 { fileEnded = true; return false }
        fileBytes += Int64(n)
        input.writeBytes(chunk[0..<n])
        return true
    }
}

/// Compresses what a feed writer hands over into a gzip file. Each flush is a zlib sync point, so
/// everything flushed can be read back even if the process dies before the trailer.
final class GzipSink: ByteSink {
    private let file: FileStream
    private let deflater: ZlibCompressor

    init(file: FileStream) throws(FeedFileError) {
        self.file = file
        do { deflater = try ZlibCompressor(algorithm: .gzip) } catch {
            throw FeedFileError(description: "cannot start gzip: \(error)")
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count > 0 else { return true }
        var input = ByteBufferAllocator().buffer(bytes: bytes)
        return pump(&input, flush: .sync)
    }

    func finish() {
        var empty = ByteBufferAllocator().buffer(capacity: 0)
        _ = pump(&empty, flush: .finish)
    }

    private func pump(_ input: inout ByteBuffer, flush: CompressNIOFlush) -> Bool {
        while true {
            var output = ByteBufferAllocator().buffer(capacity: max(deflater.maxSize(from: input), 1 << 12))
            do {
                try deflater.deflate(from: &input, to: &output, flush: flush)
                return output.withUnsafeReadableBytes { file.write($0) }
            } catch let e as CompressNIOError where e == .bufferOverflow {
                guard output.withUnsafeReadableBytes({ file.write($0) }) else { return false }
            } catch {
                return false
            }
        }
    }
}

/// Opens recordings by name: a path ending in `.gz` is gzip, anything else plain JSON Lines. A `.gz`
/// file that does not start as gzip does is read as plain text, as `zcat -f` does.
public enum FeedFiles {
    public static func isGzip(_ path: String) -> Bool { path.hasSuffix(".gz") }

    public static func source(_ path: String) throws(FeedFileError) -> ByteSource {
        let file = try FileStream.open(reading: path)
        return isGzip(path) && startsAsGzip(file) ? try GzipSource(file: file) : file
    }

    /// The first two bytes are gzip's magic (1f 8b), read without moving the file's position. A file
    /// that cannot be read at an offset (a pipe) is taken at its name.
    static func startsAsGzip(_ file: FileStream) -> Bool {
        var magic: (UInt8, UInt8) = (0, 0)
        let n = withUnsafeMutableBytes(of: &magic) { pread(file.fd, $0.baseAddress, 2, 0) }
        if n < 0 { return true }
        return n == 0 || (magic.0 == 0x1F && magic.1 == 0x8B)
    }

    /// A reader at a line's offset in the (decompressed) stream; a gzip file is decompressed up to it.
    public static func reader(_ path: String, offset: Int64 = 0, firstLine: Int = 1) throws(FeedFileError) -> FeedReader {
        guard isGzip(path) else { return try FeedReader(path: path, offset: offset, firstLine: firstLine) }
        let source = try source(path)
        var left = offset
        var scratch = [UInt8](repeating: 0, count: 1 << 16)
        while left > 0 {
            let n = scratch.withUnsafeMutableBytes { source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[..<Int(min(left, Int64($0.count)))])) }
            if n <= 0 { break }
            left -= Int64(n)
        }
        return FeedReader(source: source, offset: offset - left, firstLine: firstLine)
    }

    public static func writer(_ path: String, flushThreshold: Int = 1 << 16) throws(FeedFileError) -> FeedWriter {
        let file = try FileStream.open(writing: path)
        guard isGzip(path) else { return FeedWriter(sink: file, flushThreshold: flushThreshold, path: path) }
        // Sync points cost compression: a gzip recording flushes every 64 KB rather than every line.
        return FeedWriter(sink: try GzipSink(file: file), flushThreshold: max(flushThreshold, 1 << 16), path: path)
    }
}
