import CompressNIO
import Feed
import NIOCore

/// Decompresses a gzip file as it is read (a `.jsonl.gz` recording), through compress-nio's zlib.
final class GzipSource: ByteSource {
    private let file: FileStream
    private let inflater: ZlibDecompressor
    private var input: ByteBuffer
    private var fileEnded = false
    private var streamEnded = false
    /// Decompressed bytes that did not fit the caller's buffer (ByteBuffer rounds capacities up).
    private var leftover: ByteBuffer
    init(file: FileStream) throws(FeedFileError) {
        self.file = file
        do { inflater = try ZlibDecompressor(algorithm: .gzip) } catch {
            throw FeedFileError(description: "cannot start gzip: \(error)")
        }
        input = ByteBufferAllocator().buffer(capacity: 1 << 16)
        leftover = ByteBufferAllocator().buffer(capacity: 0)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard buffer.count > 0 else { return 0 }
        if leftover.readableBytes > 0 { return drain(&leftover, into: buffer) }
        while !streamEnded {
            if input.readableBytes == 0 {
                guard !fileEnded, refill() else { return 0 }
            }
            var output = ByteBufferAllocator().buffer(capacity: buffer.count)
            let before = input.readableBytes
            do {
                try inflater.inflate(from: &input, to: &output)
                streamEnded = output.readableBytes == 0 && input.readableBytes == before
            } catch let e as CompressNIOError where e == .bufferOverflow || e == .inputBufferOverflow {
                // Output full, or more input needed: both normal mid-stream.
            } catch {
                return -1  // corrupt data: the reader reports what it had
            }
            if output.readableBytes > 0 {
                let n = drain(&output, into: buffer)
                leftover = output
                return n
            }
            if input.readableBytes == before, fileEnded { return 0 }
        }
        return 0
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
        input.clear()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let n = chunk.withUnsafeMutableBytes { file.read(into: $0) }
        if n <= 0 { fileEnded = true; return false }
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

/// Opens recordings by name: a path ending in `.gz` is gzip, anything else plain JSON Lines.
public enum FeedFiles {
    public static func isGzip(_ path: String) -> Bool { path.hasSuffix(".gz") }

    public static func source(_ path: String) throws(FeedFileError) -> ByteSource {
        let file = try FileStream.open(reading: path)
        return isGzip(path) ? try GzipSource(file: file) : file
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
