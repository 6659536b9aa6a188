#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a feed reader gets its bytes: a file, or a decompressor in front of one (gzip recordings).
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes; 0 at the end of the input, -1 on an error.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int
    /// After the end: why the input broke off, if it did (a corrupt or truncated gzip), and where.
    var failure: String? { get }
}

extension ByteSource {
    public var failure: String? { nil }
}

/// Where a feed writer puts its bytes.
public protocol ByteSink: AnyObject {
    /// Writes all of `bytes`; false on an error (errno says which).
    func write(_ bytes: UnsafeRawBufferPointer) -> Bool
    /// Ends the stream (a compressor writes its trailer); called once, last.
    func finish()
}

/// A file descriptor as a source and a sink.
public final class FileStream: ByteSource, ByteSink {
    public let fd: Int32
    private let owns: Bool

    public init(descriptor: Int32, owns: Bool) {
        fd = descriptor
        self.owns = owns
    }

    deinit { if owns { close(fd) } }

    public func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = systemRead(fd, base, buffer.count)
            if n < 0, errno == EINTR { continue }
            return n
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var done = 0
        while done < bytes.count {
            let n = systemWrite(fd, base + done, bytes.count - done)
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return false }
            done += n
        }
        return true
    }

    public func finish() {}

    /// Opens a file for reading, refusing directories with a clear message.
    public static func open(reading path: String) throws(FeedFileError) -> FileStream {
        let fd = systemOpen(path, O_RDONLY, 0)
        guard fd >= 0 else {
            throw FeedFileError(description: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw FeedFileError(description: "cannot read \(path): it is a directory")
        }
        return FileStream(descriptor: fd, owns: true)
    }

    public static func open(writing path: String) throws(FeedFileError) -> FileStream {
        let fd = systemOpen(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw FeedFileError(description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        return FileStream(descriptor: fd, owns: true)
    }
}

@inline(__always) func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, p, n)
    #else
    return Darwin.read(fd, p, n)
    #endif
}

@inline(__always) func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, p, n)
    #else
    return Darwin.write(fd, p, n)
    #endif
}

@inline(__always) func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
    #if canImport(Glibc)
    return Glibc.open(path, flags, mode)
    #else
    return Darwin.open(path, flags, mode)
    #endif
}
