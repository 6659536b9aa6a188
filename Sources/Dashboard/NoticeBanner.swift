import UI

/// A bad settings or theme file is said at once, above the status line, for 10 s: each line of the
/// notice wrapped at words, at most three rows, so that a long path and its reason can be read whole.
func drawNotice(_ c: inout Canvas, _ m: Model) {
    guard let notice = m.notice, m.now - notice.at < 10_000 else { return }
    let width = m.size.width - 2
    var rows = notice.text.split(separator: "\n").flatMap { wrapWords(String($0), width: width) }
    if rows.count > 3 {
        rows = Array(rows.prefix(3))
        rows[2] = String(rows[2].prefix(max(0, width - 1))) + "…"
    }
    let style = Style(.flag, bold: true, reverse: true)
    for (k, row) in rows.enumerated() {
        let y = m.size.height - 1 - rows.count + k
        c.fill(Rect(x: 0, y: y, width: m.size.width, height: 1), " ", style)
        c.text(1, y, row, style, maxX: m.size.width - 1)
    }
}

/// `text` in lines of at most `width` characters, broken between words (a word longer than a line is cut).
func wrapWords(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
        if !line.isEmpty, displayWidth(line) + 1 + displayWidth(String(word)) > width {
            lines.append(line)
            line = ""
        }
        line += (line.isEmpty ? "" : " ") + word
        while displayWidth(line) > width {
            lines.append(String(line.prefix(width)))
            line = String(line.dropFirst(width))
        }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
}
