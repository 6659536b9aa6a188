#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes feed records as JSON Lines to a file or descriptor, buffered and flushed whole lines
/// at a time so that a crash loses at most the records still in the buffer.
public final class FeedWriter {
    private let fd: Int32
    /// The file written, when opened by path.
    public let path: String
    private let ownsDescriptor: Bool
    private var writer = JSONWriter(capacity: 1 << 16)
    private let flushThreshold: Int
    public private(set) var recordsWritten = 0
    public private(set) var failure: String?

    public convenience init(path: String, flushThreshold: Int = 1 << 16) throws(FeedFileError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw FeedFileError(description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        self.init(descriptor: fd, ownsDescriptor: true, flushThreshold: flushThreshold, path: path)
    }

    public init(descriptor: Int32, ownsDescriptor: Bool = false, flushThreshold: Int = 1 << 16, path: String = "") {
        fd = descriptor
        self.path = path
        self.ownsDescriptor = ownsDescriptor
        self.flushThreshold = flushThreshold
    }

    deinit {
        flush()
        if ownsDescriptor { close(fd) }
    }

    public func write(_ record: FeedRecord) {
        writer.record(record)
        writer.appendNewline()
        recordsWritten += 1
        if writer.bytes.count >= flushThreshold { flush() }
    }

    /// Writes out everything buffered; remembers the first error (a full disk, a closed pipe).
    public func flush() {
        guard !writer.bytes.isEmpty else { return }
        writer.bytes.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return }
            var done = 0
            while done < p.count {
                let n = systemWrite(fd, base + done, p.count - done)
                if n < 0, errno == EINTR { continue }
                if n <= 0 {
                    if failure == nil { failure = String(cString: strerror(errno)) }
                    return
                }
                done += n
            }
        }
        writer.reset()
    }
}

extension JSONWriter {
    mutating func appendNewline() { rawAppend(0x0A) }
}

@inline(__always) private func systemWrite(_ fd: Int32, _ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, p, n)
    #else
    return Darwin.write(fd, p, n)
    #endif
}
