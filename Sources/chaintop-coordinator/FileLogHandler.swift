import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An append-only log file shared by every logger of the process.
final class LogFile: Sendable {
    private let fd: Mutex<Int32>

    init(path: String) throws {
        let d = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o640)
        guard d >= 0 else { throw LogFileError(description: "cannot open log file \(path): \(String(cString: strerror(errno)))") }
        fd = Mutex(d)
    }

    func write(_ line: String) {
        let bytes = Array(line.utf8)
        fd.withLock { d in _ = bytes.withUnsafeBytes { systemWrite(d, $0.baseAddress, $0.count) } }
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#else
private let systemWrite = Darwin.write
#endif

struct LogFileError: Error, CustomStringConvertible { let description: String }

/// swift-log's stream handler writes to stdout/stderr only; this one writes the same lines to a file.
struct FileLogHandler: LogHandler {
    let label: String
    let file: LogFile
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let meta = all.isEmpty ? "" : " " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        file.write("\(Self.timestamp()) \(event.level) \(label): \(event.message)\(meta)\n")
    }

    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let n = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
        return String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
