import TOMLKit
import UI

/// Theme files: TOML, with the built-in dark theme behind them.
extension Theme {
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
