/// What a cell's colour means; the theme decides what colour that is.
public enum Role: UInt8, Sendable, CaseIterable {
    case text, muted, border, title, accent, ok, watch, flag, critical, selection, background
    case graphLow, graphMid, graphHigh
}

public struct Style: Sendable, Equatable, Hashable {
    public var fg: Role
    public var bg: Role?
    public var bold = false
    public var reverse = false
    public var underline = false
    public var dim = false

    public init(_ fg: Role = .text, bg: Role? = nil, bold: Bool = false, reverse: Bool = false,
                underline: Bool = false, dim: Bool = false) {
        self.fg = fg; self.bg = bg; self.bold = bold; self.reverse = reverse; self.underline = underline; self.dim = dim
    }

    public static let plain = Style()
}

/// One screen cell: a character (a wide one leaves an empty continuation cell after it).
public struct Cell: Sendable, Equatable {
    /// The character, or nil for the right half of a wide character.
    public var scalar: Unicode.Scalar?
    public var style: Style

    public static let blank = Cell(scalar: " ", style: .plain)
}

public struct Size: Sendable, Equatable, Hashable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) { self.width = max(0, width); self.height = max(0, height) }
}

public struct Rect: Sendable, Equatable {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(0, width); self.height = max(0, height)
    }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < maxX && py >= y && py < maxY }
    /// The inside of a bordered box.
    public var inner: Rect { Rect(x: x + 1, y: y + 1, width: width - 2, height: height - 2) }
}

/// A grid of styled cells: what `view` returns and the terminal copies out (ratatui's Buffer).
public struct Canvas: Sendable, Equatable {
    public let size: Size
    public private(set) var cells: [Cell]
    /// Use ASCII stand-ins for box drawing, blocks and braille (no UTF-8 locale).
    public var ascii: Bool

    public init(size: Size, ascii: Bool = false) {
        self.size = size
        self.ascii = ascii
        cells = Array(repeating: .blank, count: size.width * size.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, y >= 0, x < size.width, y < size.height else { return .blank }
        return cells[y * size.width + x]
    }

    /// Puts a character in a cell; on an ASCII canvas as its stand-in, so that every widget's glyphs
    /// (borders, bars, sparklines, marks) have one and nothing is left blank or drawn as `?`.
    public mutating func set(_ x: Int, _ y: Int, _ scalar: Unicode.Scalar?, _ style: Style) {
        guard x >= 0, y >= 0, x < size.width, y < size.height else { return }
        let shown: Unicode.Scalar?
        if ascii {
            // A wide character's right half is a cell of its own once the character is one column.
            shown = scalar.map(asciiFallback) ?? " "
        } else {
            shown = scalar
        }
        cells[y * size.width + x] = Cell(scalar: shown, style: style)
    }

    /// Writes text from (x, y), clipped at `maxX`; returns the column after the last cell written.
    @discardableResult
    public mutating func text(_ x: Int, _ y: Int, _ s: String, _ style: Style = .plain, maxX: Int? = nil) -> Int {
        let limit = min(maxX ?? size.width, size.width)
        var col = x
        var last: (col: Int, width: Int)?
        for scalar in s.unicodeScalars {
            let w = displayWidth(scalar)
            if w == 0 { continue }
            if col + w > limit {
                // A cut text ends in "…", so a clipped "eu-west 31" never reads as "eu-west 3".
                if col < limit { set(col, y, ellipsis, style); col += 1 } else if let last {
                    set(last.col, y, ellipsis, style)
                    if last.width == 2 { set(last.col + 1, y, " ", style) }
                }
                break
            }
            set(col, y, scalar, style)
            if w == 2 { set(col + 1, y, nil, style) }
            last = (col, w)
            col += w
        }
        return col
    }

    private let ellipsis: Unicode.Scalar = "…"

    /// Fills a rectangle with one character.
    public mutating func fill(_ r: Rect, _ scalar: Unicode.Scalar = " ", _ style: Style = .plain) {
        for y in r.y..<r.maxY where y >= 0 && y < size.height {
            for x in r.x..<r.maxX { set(x, y, scalar, style) }
        }
    }

    /// Applies a style to every cell of a rectangle, keeping the characters (a selected row).
    public mutating func restyle(_ r: Rect, _ transform: (inout Style) -> Void) {
        for y in max(0, r.y)..<min(size.height, r.maxY) {
            for x in max(0, r.x)..<min(size.width, r.maxX) {
                transform(&cells[y * size.width + x].style)
            }
        }
    }

    /// The screen as text, one line per row, trailing spaces trimmed (for goldens and `export --format text`).
    public var lines: [String] {
        (0..<size.height).map { y in
            var line = ""
            for x in 0..<size.width {
                if let s = cells[y * size.width + x].scalar { line.unicodeScalars.append(s) }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    public var text: String { lines.joined(separator: "\n") }
}

/// ASCII stand-ins when the terminal cannot show UTF-8 (LANG=C): `+-|` borders, level characters
/// for sparklines, `#` bars, distinct fills for the parts of a stacked bar.
public func asciiFallback(_ s: Unicode.Scalar) -> Unicode.Scalar {
    if s.isASCII { return s }
    switch s.value {
    case 0x2500, 0x2501, 0x254C, 0x2013, 0x2014, 0x2212: return "-"
    case 0x2502, 0x2503, 0x2595: return "|"
    case 0x250C, 0x2510, 0x2514, 0x2518, 0x251C, 0x2524, 0x252C, 0x2534, 0x253C, 0x256D, 0x256E, 0x256F, 0x2570: return "+"
    case 0x2581...0x2588: return sparkLevels[Int(s.value - 0x2581)]
    case 0x2589...0x258C: return "#"  // a bar's last cell, at least half full
    case 0x258D...0x258F: return "|"  // … less than half: still a mark, never a gap
    case 0x2593: return "="
    case 0x25AA: return "o"   // the reserve bar's parts (the Stablecoins view draws its own ASCII ones)
    case 0x259E: return "/"
    case 0x259A: return "\\"
    case 0x2592: return "-"
    case 0x2591: return "."
    case 0x2800: return " "
    case 0x2801...0x28FF: return "*"
    case 0x25B2, 0x2191: return "^"
    case 0x25BC, 0x2193: return "v"
    case 0x2190, 0x25C0: return "<"
    case 0x2192, 0x25B6, 0x00BB: return ">"
    case 0x23F8: return "="
    case 0x25CF: return "*"
    case 0x25D0: return "o"
    case 0x21E3: return "_"
    case 0x26A0: return "!"
    case 0x2022, 0x00B7: return "."
    case 0x2026: return "~"
    case 0x2713, 0x2714: return "+"
    case 0x2717, 0x00D7: return "x"
    case 0x00F7: return "/"
    case 0x00B1: return "~"
    default: return "?"
    }
}

/// The eight sparkline heights in ASCII, lowest first.
let sparkLevels: [Unicode.Scalar] = ["_", ".", ":", "-", "=", "+", "*", "#"]
