#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dashboard

/// `$XDG_CONFIG_HOME/chaintop/config.toml` (default ~/.config/chaintop/config.toml): read at start,
/// written when a sort or the operator scope changes in the dashboard.
struct ConfigFile {
    let path: String
    /// False when the file is there but could not be read or parsed: it is never overwritten then.
    private(set) var writable = true

    init?(env: [String: String]) {
        let config = env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? env["HOME"].map { $0 + "/.config" }
        guard let config else { return nil }
        path = config + "/chaintop/config.toml"
    }

    /// The settings, or the defaults and a message saying why the file was not used.
    mutating func load() -> (Settings, String?) {
        guard let text = ThemeLookup.readText(path) else {
            guard access(path, F_OK) == 0 else { return (Settings(), nil) }  // none yet: the defaults
            writable = false
            return (Settings(), "config \(path) cannot be read (not UTF-8 text?); using the defaults")
        }
        do {
            return (try Settings.parse(text), nil)
        } catch {
            writable = false
            return (Settings(), "config \(path): \(error.description); using the defaults, the file is left as it is")
        }
    }

    /// Writes the settings atomically (a temporary file in the same directory, then a rename), so a
    /// crash or a full disk leaves the old file whole. Returns what went wrong, or nil.
    func save(_ settings: Settings) -> String? {
        guard writable else { return nil }
        makeParents(of: path)
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return "cannot write \(path): \(String(cString: strerror(errno)))" }
        let bytes = Array(settings.toml().utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress.map { $0 + done }, bytes.count - done) }
            guard n > 0 else { break }
            done += n
        }
        let closed = close(fd) == 0
        guard done == bytes.count, closed, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            return "cannot write \(path): \(reason)"
        }
        return nil
    }
}
