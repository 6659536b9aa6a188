// Widgets draw into a region of a Canvas. Each is a small value with a `draw` (ratatui's Widget).

import UI
/// A bordered box with a title in the top edge; returns the inside.
@discardableResult
func box(_ c: inout Canvas, _ r: Rect, title: String, focused: Bool = false, note: String? = nil) -> Rect {
    guard r.width >= 2, r.height >= 2 else { return Rect(x: r.x, y: r.y, width: 0, height: 0) }
    let border = Style(focused ? .accent : .border)
    c.set(r.x, r.y, "┌", border)
    c.set(r.maxX - 1, r.y, "┐", border)
    c.set(r.x, r.maxY - 1, "└", border)
    c.set(r.maxX - 1, r.maxY - 1, "┘", border)
    for x in (r.x + 1)..<(r.maxX - 1) {
        c.set(x, r.y, "─", border)
        c.set(x, r.maxY - 1, "─", border)
    }
    for y in (r.y + 1)..<(r.maxY - 1) {
        c.set(r.x, y, "│", border)
        c.set(r.maxX - 1, y, "│", border)
    }
    if r.width > 4 {
        let end = c.text(r.x + 1, r.y, " " + truncate(title, r.width - 4) + " ", Style(.title, bold: true), maxX: r.maxX - 1)
        if let note, end + displayWidth(note) + 3 < r.maxX {
            c.text(r.maxX - displayWidth(note) - 3, r.y, " " + note + " ", Style(.muted), maxX: r.maxX - 1)
        }
    }
    return r.inner
}

let sparkBlocks: [Unicode.Scalar] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

/// A sparkline of values scaled between `low` and `high` (or the data's own range); it fills from the
/// right like a scrolling graph, or from the left in a table column. The data's own range is at
/// least `minSwing` of its level, so that a flat series does not read as a full swing.
func sparkline(_ c: inout Canvas, x: Int, y: Int, width: Int, _ values: [Double], low: Double? = nil,
               high: Double? = nil, style: Style = Style(.accent), fromLeft: Bool = false) {
    guard width > 0, !values.isEmpty else { return }
    let shown = Array(values.suffix(width))
    let own = autoRange(shown)
    let lo = low ?? own.lowerBound
    let hi = high ?? own.upperBound
    let span = hi - lo
    for (k, v) in shown.enumerated() {
        let raw = span > 0 ? (v - lo) / span : 0.5
        let f = raw.isFinite ? min(max(raw, 0), 1) : 0.5
        let idx = min(7, Int((f * 7).rounded()))
        c.set((fromLeft ? x : x + width - shown.count) + k, y, sparkBlocks[idx], style)
    }
}

/// The smallest swing drawn full height, as a fraction of the series' level: a TVL that moves by
/// 0.1% draws as a nearly flat line, with its scale beside it (`swingLabel`).
let minSwing = 0.02

/// The range a sparkline of `values` is drawn over when no scale is given.
func autoRange(_ values: [Double]) -> ClosedRange<Double> {
    guard let lo = values.min(), let hi = values.max(), lo.isFinite, hi.isFinite else { return 0...1 }
    let floor = minSwing * max(abs(lo), abs(hi))
    guard hi - lo < floor else { return lo...hi }
    let mid = (lo + hi) / 2
    return (mid - floor / 2)...(mid + floor / 2)
}

/// "±0.4%": how far the series moves around its middle, beside a sparkline drawn on its own scale.
func swingLabel(_ values: [Double], width: Int) -> String {
    guard let lo = values.suffix(width).min(), let hi = values.suffix(width).max(), lo + hi != 0 else { return "" }
    return "±" + percent((hi - lo) / abs(lo + hi), digits: hi - lo < 0.01 * abs(lo + hi) ? 2 : 1)
}

/// A horizontal bar of `fraction` of `width` cells, in eighths.
func bar(_ c: inout Canvas, x: Int, y: Int, width: Int, fraction: Double, style: Style, track: Bool = true) {
    guard width > 0 else { return }
    let f = fraction.isFinite ? min(max(fraction, 0), 1) : 0
    let eighths = Int((f * Double(width * 8)).rounded())
    let partials: [Unicode.Scalar] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    for k in 0..<width {
        let filled = eighths - k * 8
        if filled >= 8 {
            c.set(x + k, y, "█", style)
        } else if filled > 0 {
            c.set(x + k, y, partials[filled - 1], style)
        } else if track {
            c.set(x + k, y, "░", Style(.muted, dim: true))
        }
    }
}

/// Glyphs that tell the parts of a stacked bar apart without colour.
let partGlyphs: [Unicode.Scalar] = ["█", "▓", "▒", "░"]

/// Bars of several parts side by side (for/against/abstain, a reserve composition).
func stackedBar(_ c: inout Canvas, x: Int, y: Int, width: Int, parts: [(Double, Style)], glyphs: [Unicode.Scalar] = partGlyphs) {
    let total = parts.reduce(0) { $0 + max(0, $1.0) }
    guard width > 0, total > 0, total.isFinite else {
        bar(c: &c, x: x, y: y, width: width)
        return
    }
    var col = x
    var acc = 0.0
    for (k, (value, style)) in parts.enumerated() {
        acc += max(0, value)
        let end = k == parts.count - 1 ? x + width : x + Int((acc / total * Double(width)).rounded())
        while col < end { c.set(col, y, glyphs[k % glyphs.count], style); col += 1 }
    }
}

private func bar(c: inout Canvas, x: Int, y: Int, width: Int) {
    for k in 0..<width { c.set(x + k, y, "░", Style(.muted, dim: true)) }
}

/// A Lorenz curve in braille (2×4 dots a cell), with the line of equality for reference.
func lorenzPlot(_ c: inout Canvas, _ r: Rect, points: [(population: Double, weight: Double)]) {
    guard r.width >= 4, r.height >= 2 else { return }
    let dotsW = r.width * 2, dotsH = r.height * 4
    var grid = Array(repeating: Array(repeating: UInt8(0), count: dotsW), count: dotsH)
    func plot(_ fx: Double, _ fy: Double, _ mark: UInt8) {
        let dx = min(dotsW - 1, max(0, Int((fx * Double(dotsW - 1)).rounded())))
        let dy = min(dotsH - 1, max(0, Int(((1 - fy) * Double(dotsH - 1)).rounded())))
        grid[dy][dx] |= mark
    }
    var previous: Int?
    for k in 0..<dotsW {
        let fx = Double(k) / Double(dotsW - 1)
        plot(fx, fx, 1)  // equality
        let fy = interpolate(points, fx)
        let dy = min(dotsH - 1, max(0, Int(((1 - fy) * Double(dotsH - 1)).rounded())))
        // Join steep steps so the curve stays a line where a few holders jump it up.
        for y in min(dy, previous ?? dy)...max(dy, previous ?? dy) { grid[y][k] |= 2 }
        previous = dy
    }
    let bits: [[UInt32]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
    for cy in 0..<r.height {
        for cx in 0..<r.width {
            var pattern: UInt32 = 0
            var curve = false
            for dy in 0..<4 {
                for dx in 0..<2 where grid[cy * 4 + dy][cx * 2 + dx] != 0 {
                    pattern |= bits[dy][dx]
                    if grid[cy * 4 + dy][cx * 2 + dx] & 2 != 0 { curve = true }
                }
            }
            // Without braille a cell is one dot: the curve and the line of equality still differ.
            let dots = c.ascii ? (curve ? "*" : ".") : Unicode.Scalar(0x2800 + pattern)
            if pattern != 0, let s = dots {
                c.set(r.x + cx, r.y + cy, s, Style(curve ? .accent : .muted, dim: !curve))
            }
        }
    }
}

private func interpolate(_ points: [(population: Double, weight: Double)], _ x: Double) -> Double {
    guard let upper = points.firstIndex(where: { $0.population >= x }) else { return 1 }
    guard upper > 0 else { return points[0].weight }
    let a = points[upper - 1], b = points[upper]
    let span = b.population - a.population
    return span > 0 ? a.weight + (b.weight - a.weight) * (x - a.population) / span : b.weight
}

/// A table column: header, width, alignment, and the sort key a press on its header picks (nil: none).
struct Column {
    var title: String
    var width: Int
    var right = false
    var sort: Int?
    /// Numbers sort largest first on the first press, as in htop.
    var numeric = false
}

/// Draws a header and the visible rows of a table; `rows(i)` gives the cells of row i (only the visible
/// ones are asked for, so a 100,000-row table costs what a screenful does). The header of the sort
/// column ends in ▲ or ▼, kept however narrow the column: the title gives way, not the mark.
func table(_ c: inout Canvas, _ r: Rect, columns: [Column], count: Int, selected: Int?, offset: Int,
           sortColumn: Int? = nil, descending: Bool = false, row: (Int) -> ([String], [Style?])) {
    guard r.height >= 1 else { return }
    let left = tableLeft(r, columns)
    let right = r.maxX - (left - r.x)
    var x = left
    let marked = columns.firstIndex { $0.sort != nil && $0.sort == sortColumn }
    for (k, col) in columns.enumerated() {
        let title = k == marked ? clip(col.title, col.width - 1) + (descending ? "▼" : "▲") : col.title
        c.text(x, r.y, pad(title, col.width, right: col.right), Style(.muted, bold: true), maxX: right)
        x += col.width + 1
    }
    let visible = r.height - 1
    guard visible > 0 else { return }
    for line in 0..<visible {
        let i = offset + line
        guard i < count else { break }
        let y = r.y + 1 + line
        let (cells, styles) = row(i)
        var cx = left
        for (k, col) in columns.enumerated() where k < cells.count {
            let style = (k < styles.count ? styles[k] : nil) ?? Style(.text)
            c.text(cx, y, pad(cells[k], col.width, right: col.right), style, maxX: right)
            cx += col.width + 1
        }
        if i == selected { highlightRow(&c, r, y: y) }
    }
}

/// The selection bar across a table's row.
func highlightRow(_ c: inout Canvas, _ r: Rect, y: Int) {
    c.restyle(Rect(x: r.x, y: y, width: r.width, height: 1)) { s in
        s.bg = .selection
        s.reverse = true
    }
}

/// The selection bar again after bars or sparklines were drawn over a table's cells.
func reselect(_ c: inout Canvas, _ r: Rect, selected: Int, offset: Int, count: Int) {
    let line = selected - offset
    guard selected < count, line >= 0, line < r.height - 1 else { return }
    highlightRow(&c, r, y: r.y + 1 + line)
}

/// The first `width` columns of a header title, without "…": the sort mark follows it ("TASK▲").
func clip(_ s: String, _ width: Int) -> String {
    var out = ""
    var used = 0
    for scalar in s.unicodeScalars {
        used += displayWidth(scalar)
        if used > width { break }
        out.unicodeScalars.append(scalar)
    }
    return out
}

/// Where a table's first column starts: a column in from the box's border when the columns leave
/// room for one on each side, so that no figure touches the border.
func tableLeft(_ r: Rect, _ columns: [Column]) -> Int {
    let total = columns.reduce(0) { $0 + $1.width + 1 } - 1
    return r.x + (total <= r.width - 2 ? 1 : 0)
}

/// Where column `k` of a table starts (for what is drawn over its cells: bars, sparklines).
func columnX(_ r: Rect, _ columns: [Column], _ k: Int) -> Int {
    tableLeft(r, columns) + columns.prefix(k).reduce(0) { $0 + $1.width + 1 }
}

/// The column whose header covers column `x` of a table that starts at `left`.
func column(at x: Int, _ columns: [Column], left: Int) -> Column? {
    var start = left
    for col in columns {
        if x >= start, x < start + col.width + 1 { return col }
        start += col.width + 1
    }
    return nil
}

/// Keeps the selected row on screen: the first row to show.
func scrollOffset(selected: Int, current: Int, visible: Int, count: Int) -> Int {
    guard visible > 0, count > visible else { return 0 }
    var offset = min(current, count - visible)
    if selected < offset { offset = selected }
    if selected >= offset + visible { offset = selected - visible + 1 }
    return max(0, min(offset, count - visible))
}
