#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes feed records as JSON Lines to a file or any sink, buffered and handed out in whole lines;
/// with `flushThreshold: 0` every line goes out as it is written, so a crash loses at most that line.
public final class FeedWriter {
    private let sink: ByteSink
    private var writer = JSONWriter(capacity: 1 << 16)
    private let flushThreshold: Int
    /// The file written, when opened by path.
    public let path: String
    public private(set) var recordsWritten = 0
    /// Bytes of the lines written so far (buffered or not).
    public private(set) var bytesWritten: Int64 = 0
    public private(set) var failure: String?
    private var finished = false

    public convenience init(path: String, flushThreshold: Int = 1 << 16) throws(FeedFileError) {
        self.init(sink: try FileStream.open(writing: path), flushThreshold: flushThreshold, path: path)
    }

    public init(sink: ByteSink, flushThreshold: Int = 1 << 16, path: String = "") {
        self.sink = sink
        self.flushThreshold = flushThreshold
        self.path = path
    }

    public convenience init(descriptor: Int32, ownsDescriptor: Bool = false, flushThreshold: Int = 1 << 16, path: String = "") {
        self.init(sink: FileStream(descriptor: descriptor, owns: ownsDescriptor), flushThreshold: flushThreshold, path: path)
    }

    deinit { close() }

    public func write(_ record: FeedRecord) {
        let before = writer.bytes.count
        writer.record(record)
        writer.appendNewline()
        bytesWritten += Int64(writer.bytes.count - before)
        recordsWritten += 1
        if writer.bytes.count >= flushThreshold { flush() }
    }

    /// Writes out everything buffered; remembers the first error (a full disk, a closed pipe).
    public func flush() {
        guard !writer.bytes.isEmpty else { return }
        let ok = writer.bytes.withUnsafeBytes { sink.write($0) }
        if !ok, failure == nil { failure = String(cString: strerror(errno)) }
        writer.reset()
    }

    /// Flushes and ends the stream (a gzip trailer); later writes are not expected.
    public func close() {
        guard !finished else { return }
        finished = true
        flush()
        sink.finish()
    }
}

extension JSONWriter {
    mutating func appendNewline() { rawAppend(0x0A) }
}
