import TOMLKit

/// A colour as a theme names it.
public enum ThemeColor: Sendable, Equatable {
    /// The terminal's own colour (background kept, as with use_default_colors).
    case terminalDefault
    /// One of the 16 ANSI colours (0–15).
    case ansi(Int)
    /// 24-bit colour.
    case rgb(UInt8, UInt8, UInt8)

    static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    init?(parsing text: String) {
        let t = text.lowercased()
        if t == "default" || t == "none" { self = .terminalDefault; return }
        if let k = ThemeColor.names.firstIndex(of: t) { self = .ansi(k); return }
        if t.hasPrefix("bright_"), let k = ThemeColor.names.firstIndex(of: String(t.dropFirst(7))) { self = .ansi(k + 8); return }
        if t.hasPrefix("#"), t.count == 7, let v = UInt32(t.dropFirst(), radix: 16) {
            self = .rgb(UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF))
            return
        }
        return nil
    }
}

/// Colours for each role. Loaded from TOML (`Themes/*.toml`), with the built-in dark theme behind it.
public struct Theme: Sendable, Equatable {
    public var name: String
    public var colors: [Role: ThemeColor]

    public func color(_ role: Role) -> ThemeColor { colors[role] ?? Theme.fallback.colors[role] ?? .terminalDefault }

    /// The key each role has in a theme file.
    public static let keys: [(String, Role)] = [
        ("background", .background), ("text", .text), ("muted", .muted), ("border", .border), ("title", .title),
        ("accent", .accent), ("ok", .ok), ("watch", .watch), ("flag", .flag), ("critical", .critical),
        ("selection", .selection),
    ]

    static let fallback = Theme(name: "fallback", colors: [
        .background: .terminalDefault, .text: .ansi(7), .muted: .ansi(8), .border: .ansi(4), .title: .ansi(14),
        .accent: .ansi(6), .ok: .ansi(2), .watch: .ansi(3), .flag: .ansi(11), .critical: .ansi(9), .selection: .ansi(4),
        .graphLow: .ansi(2), .graphMid: .ansi(3), .graphHigh: .ansi(1),
    ])

    public struct LoadError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Parses a theme file; an error names the line and what is wrong with it.
    public static func parse(_ text: String, name: String) throws(LoadError) -> Theme {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw LoadError(description: "line \(e.source.begin.line): \(e.description)")
        } catch {
            throw LoadError(description: "\(error)")
        }
        var theme = Theme(name: (table["name"]?.string) ?? name, colors: [:])
        let colors = table["colors"]?.table ?? table
        for (key, role) in keys {
            guard let value = colors[key] else { continue }
            guard let text = value.string, let color = ThemeColor(parsing: text) else {
                throw LoadError(description: "colour '\(key)' must be \"default\", a colour name or \"#rrggbb\" (line \(lineOf(key, in: text)))")
            }
            theme.colors[role] = color
        }
        if let graph = colors["graph"]?.array {
            let parsed = graph.compactMap { $0.string.flatMap(ThemeColor.init(parsing:)) }
            guard parsed.count == graph.count, parsed.count >= 1 else {
                throw LoadError(description: "'graph' must be a list of colours (line \(lineOf("graph", in: text)))")
            }
            theme.colors[.graphLow] = parsed[0]
            theme.colors[.graphMid] = parsed[min(1, parsed.count - 1)]
            theme.colors[.graphHigh] = parsed[parsed.count - 1]
        }
        return theme
    }

    static func lineOf(_ key: String, in text: String) -> Int {
        for (k, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.trimmingPrefixSpaces.hasPrefix(key) { return k + 1 }
        return 0
    }
}

extension Substring {
    var trimmingPrefixSpaces: Substring { drop { $0 == " " || $0 == "\t" } }
}

extension Theme {
    /// A theme shipped with chaintop, by name.
    public static func bundled(_ name: String) -> Theme? {
        guard let file = BundledThemes.files.first(where: { $0.name == name }) else { return nil }
        return try? Theme.parse(file.toml, name: name)
    }

    public static var bundledNames: [String] { BundledThemes.files.map(\.name) }

    /// The default theme (dark), never failing.
    public static var standard: Theme { bundled("dark") ?? fallback }
}
