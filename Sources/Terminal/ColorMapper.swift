import UI

/// What the terminal can show, decided once at start-up.
public enum ColorCapability: Sendable, Equatable {
    /// NO_COLOR, or a terminal without colours: bold, underline and reverse only.
    case monochrome
    case basic8
    case basic16
    case indexed256
    /// 24-bit: terminfo says RGB and has 2^24 colours.
    case direct
}

/// Turns theme colours into the colour numbers the terminal understands.
struct ColorMapper {
    let capability: ColorCapability

    func number(_ color: ThemeColor) -> Int32 {
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
            case .indexed256: return Int32(ColorMapper.cube(r, g, b))
            case .basic16: return Int32(ColorMapper.nearestANSI(r, g, b, bright: true))
            case .basic8, .monochrome: return Int32(ColorMapper.nearestANSI(r, g, b, bright: false))
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

    static func nearestANSI(_ r: UInt8, _ g: UInt8, _ b: UInt8, bright: Bool) -> Int {
        let candidates = bright ? 0..<16 : 0..<8
        return candidates.min { dist(ansiRGB[$0], (Int(r), Int(g), Int(b))) < dist(ansiRGB[$1], (Int(r), Int(g), Int(b))) } ?? 7
    }

    static func dist(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        (a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1) + (a.2 - b.2) * (a.2 - b.2)
    }
}
