/// A canvas as text with SGR escape sequences, one line per row: the colours and attributes a
/// terminal of the palette's capability is told to draw (`cat` a colour golden to see it).
extension Canvas {
    public func sgrLines(_ palette: Palette) -> [String] {
        (0..<size.height).map { y in
            var line = ""
            var current: Paint?
            for x in 0..<size.width {
                let cell = self[x, y]
                guard let scalar = cell.scalar else { continue }
                let paint = palette.paint(cell.style)
                if paint != current {
                    line += paint.sgr(palette.capability)
                    current = paint
                }
                line.unicodeScalars.append(scalar)
            }
            return line + "\u{1B}[0m"
        }
    }
}

extension Paint {
    /// The whole state as one sequence, from a reset: each cell's look is read without its neighbours.
    func sgr(_ capability: ColorCapability) -> String {
        var codes = ["0"]
        if bold { codes.append("1") }
        if dim { codes.append("2") }
        if underline { codes.append("4") }
        if reverse { codes.append("7") }
        if fg >= 0 { codes.append(Paint.colour(fg, base: 30, capability)) }
        if bg >= 0 { codes.append(Paint.colour(bg, base: 40, capability)) }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    static func colour(_ n: Int32, base: Int, _ capability: ColorCapability) -> String {
        switch capability {
        case .direct: return "\(base + 8);2;\(n >> 16 & 0xFF);\(n >> 8 & 0xFF);\(n & 0xFF)"
        case .indexed256 where n >= 16: return "\(base + 8);5;\(n)"
        default: return n < 8 ? "\(base + Int(n))" : "\(base + 60 + Int(n) - 8)"
        }
    }
}
