/// Columns a character takes in a terminal: 0 for combining marks and controls, 2 for East Asian
/// wide and emoji, 1 otherwise (a small wcwidth, so rendering never depends on the locale).
public func displayWidth(_ s: Unicode.Scalar) -> Int {
    let v = s.value
    if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
    if v < 0x300 { return 1 }
    switch v {
    case 0x0300...0x036F, 0x200B...0x200F, 0x20D0...0x20FF, 0xFE00...0xFE0F, 0xFE20...0xFE2F: return 0
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
         0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
         0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
        return 2
    default: return 1
    }
}

public func displayWidth(_ s: String) -> Int { s.unicodeScalars.reduce(0) { $0 + displayWidth($1) } }

/// Cuts a string to `width` columns, ending with "…" when cut.
public func truncate(_ s: String, _ width: Int) -> String {
    guard width > 0 else { return "" }
    if displayWidth(s) <= width { return s }
    var out = ""
    var used = 0
    for scalar in s.unicodeScalars {
        let w = displayWidth(scalar)
        if used + w > width - 1 { break }
        out.unicodeScalars.append(scalar)
        used += w
    }
    return out + "…"
}

/// Joins as many whole parts as fit in `width` columns with " · ", and "…" when some are left out:
/// a list cut in the middle of an entry ("eu-west 3" for "eu-west 31") would misread.
public func fitting(_ parts: [String], width: Int) -> String {
    var out = ""
    for (i, part) in parts.enumerated() {
        let next = out.isEmpty ? part : out + " · " + part
        let more = i < parts.count - 1
        if displayWidth(next) + (more ? 2 : 0) > width {
            return out.isEmpty ? truncate(part, width) : out + " …"
        }
        out = next
    }
    return out
}

/// Pads (or cuts) to exactly `width` columns, left- or right-aligned.
public func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
    let t = truncate(s, width)
    let gap = String(repeating: " ", count: max(0, width - displayWidth(t)))
    return right ? gap + t : t + gap
}
