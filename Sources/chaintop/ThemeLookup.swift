import Dashboard
import UI
import Feed

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

    /// A theme file's text (at most 1 MB), or nil if it cannot be read.
    static func readText(_ path: String) -> String? {
        guard let file = try? FileStream.open(reading: path) else { return nil }
        var bytes = [UInt8](repeating: 0, count: 1 << 20)
        var used = 0
        while used < bytes.count {
            let n = bytes.withUnsafeMutableBytes { file.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[used...])) }
            if n <= 0 { break }
            used += n
        }
        return String(validating: bytes[..<used], as: UTF8.self)
    }
}
