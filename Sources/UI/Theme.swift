/// A colour as a theme names it.
public enum ThemeColor: Sendable, Equatable {
    /// The terminal's own colour (background kept, as with use_default_colors).
    case terminalDefault
    /// One of the 16 ANSI colours (0–15).
    case ansi(Int)
    /// 24-bit colour.
    case rgb(UInt8, UInt8, UInt8)

    public static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    public init?(parsing text: String) {
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

    public init(name: String, colors: [Role: ThemeColor]) {
        self.name = name
        self.colors = colors
    }

    public func color(_ role: Role) -> ThemeColor { colors[role] ?? Theme.fallback.colors[role] ?? .terminalDefault }

    /// The key each role has in a theme file.
    public static let keys: [(String, Role)] = [
        ("background", .background), ("text", .text), ("muted", .muted), ("border", .border), ("title", .title),
        ("accent", .accent), ("ok", .ok), ("watch", .watch), ("flag", .flag), ("critical", .critical),
        ("selection", .selection),
    ]

    public static let fallback = Theme(name: "fallback", colors: [
        .background: .terminalDefault, .text: .ansi(7), .muted: .ansi(8), .border: .ansi(4), .title: .ansi(14),
        .accent: .ansi(6), .ok: .ansi(2), .watch: .ansi(3), .flag: .ansi(11), .critical: .ansi(9), .selection: .ansi(4),
        .graphLow: .ansi(2), .graphMid: .ansi(3), .graphHigh: .ansi(1),
    ])
}
