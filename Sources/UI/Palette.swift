/// What the terminal can show, decided once at start-up.
public enum ColorCapability: Sendable, Equatable, CaseIterable {
    /// NO_COLOR, or a terminal without colours: bold, underline and reverse only.
    case monochrome
    case basic8
    case basic16
    case indexed256
    /// 24-bit: terminfo says RGB and has 2^24 colours.
    case direct
}

/// How one cell is put on the screen: colour numbers as curses and SGR know them (-1 is the
/// terminal's own colour) and attributes.
public struct Paint: Sendable, Hashable {
    public var fg: Int32
    public var bg: Int32
    public var bold = false
    public var underline = false
    public var dim = false
    public var reverse = false
}

/// Turns a cell's style into what the terminal draws, for a theme on a terminal of some capability.
/// Pure, so that the goldens in colour show exactly what the terminal is told.
public struct Palette: Sendable {
    public let capability: ColorCapability
    public let theme: Theme

    public init(theme: Theme, capability: ColorCapability) {
        self.theme = theme
        self.capability = capability
    }

    /// With 8 colours a theme's greys become black or white, lost on one background or the other, and
    /// a selection background is black on a dark terminal: there the terminal's own foreground draws
    /// them, and the selection is reverse video, as without colour.
    var fewColours: Bool { capability == .basic8 || capability == .monochrome }

    public func paint(_ st: Style) -> Paint {
        let onSelection = st.bg == .selection && !fewColours
        var p = Paint(fg: -1, bg: -1, bold: st.bold, underline: st.underline, dim: st.dim)
        // With a selection colour the selection is its own background; without, it is reverse video.
        p.reverse = st.reverse && !onSelection
        guard capability != .monochrome else { return p }
        p.fg = st.fg == .border && fewColours ? -1 : foreground(theme.color(st.fg))
        p.bg = number(theme.color(onSelection ? .selection : .background))
        return p
    }

    /// A foreground colour; with 8 colours grey, black and white are the terminal's own ink.
    func foreground(_ color: ThemeColor) -> Int32 {
        let n = number(color)
        return fewColours && (n == 0 || n == 7) ? -1 : n
    }

    public func number(_ color: ThemeColor) -> Int32 {
        switch color {
        case .terminalDefault: return -1
        case let .ansi(k):
            switch capability {
            case .basic8, .monochrome: return Int32(k % 8)
            default: return Int32(k)
            }
        case let .rgb(r, g, b):
            switch capability {
            case .direct: return Int32(r) << 16 | Int32(g) << 8 | Int32(b)
            case .indexed256: return Int32(Palette.cube(r, g, b))
            case .basic16: return Int32(Palette.nearestANSI(r, g, b, bright: true))
            case .basic8, .monochrome: return Int32(Palette.nearestANSI(r, g, b, bright: false))
            }
        }
    }

    /// Nearest colour of the xterm 256-colour cube or its grey ramp.
    static func cube(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        let levels: [Int] = [0, 95, 135, 175, 215, 255]
        func nearest(_ v: UInt8) -> Int { levels.indices.min { abs(levels[$0] - Int(v)) < abs(levels[$1] - Int(v)) } ?? 0 }
        let (ri, gi, bi) = (nearest(r), nearest(g), nearest(b))
        let cubeDistance = dist((levels[ri], levels[gi], levels[bi]), (Int(r), Int(g), Int(b)))
        let grey = (Int(r) + Int(g) + Int(b)) / 3
        let gi24 = max(0, min(23, (grey - 8) / 10))
        let greyLevel = 8 + gi24 * 10
        let greyDistance = dist((greyLevel, greyLevel, greyLevel), (Int(r), Int(g), Int(b)))
        return greyDistance < cubeDistance ? 232 + gi24 : 16 + 36 * ri + 6 * gi + bi
    }

    static let ansiRGB: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    /// The ANSI colour of the same hue (nearest in RGB would turn a theme's pastels into greys, so
    /// that ok, muted and text all read alike); greys stay greys, by lightness.
    static func nearestANSI(_ r: UInt8, _ g: UInt8, _ b: UInt8, bright: Bool) -> Int {
        let (R, G, B) = (Int(r), Int(g), Int(b))
        let hi = max(R, G, B), lo = min(R, G, B)
        if hi == 0 || (hi - lo) * 5 < hi {  // saturation below 0.2: a grey
            if !bright { return hi < 96 ? 0 : 7 }
            return hi < 64 ? 0 : hi < 160 ? 8 : hi < 224 ? 7 : 15
        }
        let span = Double(hi - lo)
        var hue: Double
        if hi == R { hue = 60 * Double(G - B) / span } else if hi == G { hue = 120 + 60 * Double(B - R) / span } else {
            hue = 240 + 60 * Double(R - G) / span
        }
        if hue < 0 { hue += 360 }
        // red 0°, yellow 60°, green 120°, cyan 180°, blue 240°, magenta 300° are ANSI 1, 3, 2, 6, 4, 5.
        let byHue = [1, 3, 2, 6, 4, 5]
        let sector = Int(((hue + 30) / 60).rounded(.down)) % 6
        let k = byHue[sector]
        return bright && hi >= 200 ? k + 8 : k
    }

    static func dist(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        (a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1) + (a.2 - b.2) * (a.2 - b.2)
    }
}
