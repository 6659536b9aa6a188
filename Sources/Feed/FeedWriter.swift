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
    /// The `snapshot` lines written: how many, the size of the last and where it ended (a recorder
    /// spaces keyframes by them).
    public private(set) var keyframes = KeyframesWritten()
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
        let size = Int64(writer.bytes.count - before)
        bytesWritten += size
        if case .snapshot = record.body {
            keyframes = KeyframesWritten(count: keyframes.count + 1, lastBytes: size, endedAt: bytesWritten, total: keyframes.total + size)
        }
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

public struct KeyframesWritten: Sendable, Equatable {
    public var count = 0
    public var lastBytes: Int64 = 0
    public var endedAt: Int64 = 0
    /// Bytes of all of them: the rest of `bytesWritten` is records.
    public var total: Int64 = 0
    public init(count: Int = 0, lastBytes: Int64 = 0, endedAt: Int64 = 0, total: Int64 = 0) {
        self.count = count; self.lastBytes = lastBytes; self.endedAt = endedAt; self.total = total
    }
}

extension JSONWriter {
    mutating func appendNewline() { rawAppend(0x0A) }
}
