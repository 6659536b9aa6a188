#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Appends timestamped lines to the log file. The screen belongs to curses, so nothing is
/// ever printed while the dashboard runs; a log that cannot be opened is silently skipped.
final class LogFile: Sendable {
    private let fd: Int32

    init(path: String?) {
        guard let path else { fd = -1; return }
        makeParents(of: path)
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    }

    deinit { if fd >= 0 { close(fd) } }

    var isOpen: Bool { fd >= 0 }

    func write(_ message: String) {
        guard fd >= 0 else { return }
        let line = "\(wallMillis()) \(message)\n"
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { p in systemWrite(fd, p.baseAddress, p.count) }
    }

    /// ~/.local/state/chaintop/chaintop.log (XDG_STATE_HOME when set).
    static func defaultPath(_ env: [String: String]) -> String? {
        if let state = env["XDG_STATE_HOME"], !state.isEmpty { return state + "/chaintop/chaintop.log" }
        guard let home = env["HOME"], !home.isEmpty else { return nil }
        return home + "/.local/state/chaintop/chaintop.log"
    }
}

private func systemWrite(_ fd: Int32, _ p: UnsafeMutableRawPointer?, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, p, n)
    #else
    return Darwin.write(fd, p, n)
    #endif
}

func makeParents(of path: String) {
    var prefix = ""
    for part in path.split(separator: "/").dropLast() {
        prefix += (prefix.isEmpty && !path.hasPrefix("/") ? "" : "/") + part
        mkdir(prefix, 0o755)
    }
}

/// The process environment as a dictionary (no Foundation).
func environment() -> [String: String] {
    var out: [String: String] = [:]
    var p = environ
    while let entry = p.pointee {
        let text = String(cString: entry)
        if let eq = text.firstIndex(of: "=") { out[String(text[..<eq])] = String(text[text.index(after: eq)...]) }
        p += 1
    }
    return out
}
