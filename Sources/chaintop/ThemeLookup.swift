#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dashboard

/// `--theme NAME|PATH`: a path, then ~/.config/chaintop/themes/NAME.toml, then the bundled themes.
enum ThemeLookup {
    /// The theme, and a warning when the asked-for one could not be used.
    static func load(_ spec: String, env: [String: String]) -> (Theme, String?) {
        var candidates: [String] = []
        if spec.contains("/") || spec.hasSuffix(".toml") { candidates.append(spec) }
        let config = env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? env["HOME"].map { $0 + "/.config" }
        if let config, !spec.contains("/") {
            candidates.append(config + "/chaintop/themes/" + (spec.hasSuffix(".toml") ? spec : spec + ".toml"))
        }
        for path in candidates {
            guard let text = readText(path) else { continue }
            do {
                return (try Theme.parse(text, name: spec), nil)
            } catch {
                return (Theme.standard, "theme \(path): \(error.description)")
            }
        }
        if let bundled = Theme.bundled(spec) { return (bundled, nil) }
        return (Theme.standard, "no theme '\(spec)' (bundled: \(Theme.bundledNames.joined(separator: ", ")))")
    }

    static func readText(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while bytes.count < 1 << 20 {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
