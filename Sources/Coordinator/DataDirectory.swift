#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The coordinator's data directory and the secrets written into it.
enum DataDirectory {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Creates the directory (and its parents) with mode 0700 where missing.
    static func prepare(_ path: String) throws {
        var built = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            built += "/" + part
            if mkdir(built, 0o700) != 0, errno != EEXIST {
                throw Failure(description: "cannot create \(built): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Writes a file that only its owner may read (created 0600, never widened), synced to disk.
    static func writeSecret(_ text: String, to path: String) throws {
        try writeSynced(Array(text.utf8), to: path, flags: O_EXCL)
    }

    /// Writes `bytes` to a new file (mode 0600) and syncs it.
    static func writeSynced(_ bytes: [UInt8], to path: String, flags: Int32 = O_TRUNC) throws {
        let fd = open(path, O_WRONLY | O_CREAT | flags, 0o600)
        guard fd >= 0 else { throw Failure(description: "cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress.map { $0 + done }, bytes.count - done) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
            done += n
        }
        guard fsync(fd) == 0 else { throw Failure(description: "cannot sync \(path): \(String(cString: strerror(errno)))") }
    }

    /// Makes a rename in `path` durable.
    static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw Failure(description: "cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw Failure(description: "cannot sync \(path): \(String(cString: strerror(errno)))") }
    }
}
