import UI
/// Renders the model and the data into a canvas of `model.size` (bubbletea's View). Pure: no
/// terminal, no clock but the model's; a test renders it and reads the text.
public func view(_ m: Model) -> Canvas {
    let live = m.live
    let data = m.frozen.map { DataView(state: $0.state, input: $0.input, source: live.source) } ?? live
    var c = Canvas(size: m.size, ascii: m.ascii)
    guard m.size.width > 0, m.size.height > 0 else { return c }
    if m.tooSmall {
        drawTooSmall(&c, m.size)
        return c
    }
    drawTabs(&c, m)
    switch m.screen {
    case .overview: drawOverview(&c, m, data)
    case .fleet: m.detail == nil ? drawFleet(&c, m, data) : drawNodeDetail(&c, m, data)
    case .rewards: m.detail == nil ? drawRewards(&c, m, data) : drawOperatorDetail(&c, m, data)
    case .stablecoins: m.detail == nil ? drawStablecoins(&c, m, data) : drawCoinDetail(&c, m, data)
    case .tvl: m.detail == nil ? drawTVL(&c, m, data) : drawProtocolDetail(&c, m, data)
    case .governance: m.detail == nil ? drawGovernance(&c, m, data) : drawProposalDetail(&c, m, data)
    case .alerts: drawAlertsView(&c, m, data)
    }
    drawStatus(&c, m, live)
    drawNotice(&c, m)
    if let pending = m.pendingAction { drawActionPrompt(&c, m, data, pending) }
    if m.showHelp { drawHelp(&c, m) }
    return c
}

func drawTooSmall(_ c: inout Canvas, _ size: Size) {
    let need = "chaintop needs \(Model.minimumSize.width)×\(Model.minimumSize.height)"
    let have = "this terminal is \(size.width)×\(size.height)"
    let hint = "enlarge it, or press q to quit"
    let lines = [need, have, hint]
    let top = max(0, size.height / 2 - 1)
    for (k, line) in lines.enumerated() where top + k < size.height {
        let t = truncate(line, size.width)
        c.text(max(0, (size.width - displayWidth(t)) / 2), top + k, t, Style(k == 0 ? .flag : .text, bold: k == 0))
    }
}

func drawTabs(_ c: inout Canvas, _ m: Model) {
    c.fill(Rect(x: 0, y: 0, width: m.size.width, height: 1), " ", Style(.text))
    c.text(0, 0, " chaintop", Style(.accent, bold: true))
    for (s, range) in Layout.tabRanges(width: m.size.width) {
        let label = Layout.tabLabel(s, width: m.size.width)
        let style = s == m.screen ? Style(.title, bold: true, reverse: true) : Style(.muted)
        c.text(range.lowerBound, 0, label, style, maxX: m.size.width)
    }
    let help = " ? help  q quit "
    let x = m.size.width - displayWidth(help)
    if x > (Layout.tabRanges(width: m.size.width).last?.1.upperBound ?? 0) { c.text(x, 0, help, Style(.muted)) }
}

func drawStatus(_ c: inout Canvas, _ m: Model, _ data: DataView) {
    let y = m.size.height - 1
    c.fill(Rect(x: 0, y: y, width: m.size.width, height: 1), " ", Style(.text, reverse: true))
    if m.filtering {
        c.text(0, y, " filter: /" + m.list.filter + "▏  (Enter keeps it, Esc clears)", Style(.accent, bold: true, reverse: true))
        return
    }
    if m.jumping {
        c.text(0, y, " jump to: " + m.jumpText + "▏  (a time into the recording, e.g. 5m30s; Enter goes, Esc cancels)",
               Style(.accent, bold: true, reverse: true))
        return
    }
    let base = Style(.text, reverse: true)
    var parts: [(String, Style)] = []
    parts.append((" " + data.source.name, Style(.accent, bold: true, reverse: true)))
    if let r = data.source.replay, !r.seekable {
        // A pipe or FIFO is read once: no length, no seeking; say so instead of a progress bar.
        parts.append(((r.playing ? "▶ " : "⏸ ") + "stream (no seeking) " + span(r.position - r.start),
                      Style(r.playing ? .ok : .watch, bold: true, reverse: true)))
    } else if let r = data.source.replay {
        let total = max(1, r.end - r.start)
        let shown = r.seekingTo ?? r.position
        let done = Double(shown - r.start) / Double(total)
        var bar = ""
        let cells = 10
        let filled = Int((min(max(done, 0), 1) * Double(cells)).rounded())
        bar += String(repeating: "█", count: filled) + String(repeating: "░", count: cells - filled)
        let speed = r.speed == 0 ? "max" : (r.speed == r.speed.rounded() ? fixed(r.speed, 0) : fixed(r.speed, 2)) + "×"
        let state = r.seekingTo != nil ? "» seeking " : r.playing ? "▶ " : "⏸ "
        parts.append((state + span(shown - r.start) + " / " + span(total) + " " + bar + " " + speed,
                      Style(r.playing && r.seekingTo == nil ? .ok : .watch, bold: true, reverse: true)))
    }
    if let c = data.source.connection { parts.append(connectionPart(c, m)) }
    parts.append(("seq \(data.state.seq)", base))
    parts.append((compact(data.source.recordsPerSecond) + " rec/s", base))
    if let last = data.source.lastRecordAt {
        let ageMillis = m.now - last
        // Quiet is not stale when the source says it is caught up (a live connection) or is paused.
        let quietByDesign = data.source.connection == .live || data.source.replay?.playing == false
        let stale = ageMillis > m.staleAfterMillis && !quietByDesign
        parts.append(("last " + age(ageMillis, tenths: true) + (stale ? " STALE" : ""), stale ? Style(.watch, bold: true, reverse: true) : base))
    } else {
        parts.append(("no data yet", Style(.watch, reverse: true)))
    }
    if data.source.ended { parts.append(("source ended", Style(.watch, bold: true, reverse: true))) }
    let bad = data.input.malformed
    parts.append(("malformed \(bad)" + (data.input.firstMalformedLine.map { " (line \($0))" } ?? ""),
                  bad > 0 ? Style(.flag, bold: true, reverse: true) : base))
    if data.input.gaps > 0 { parts.append(("gaps \(data.input.gaps)", Style(.watch, reverse: true))) }
    if data.input.suspect > 0 {
        parts.append(("suspect seq \(data.input.suspect)" + (data.input.firstSuspectLine.map { " (line \($0))" } ?? ""),
                      Style(.watch, reverse: true)))
    }
    if data.input.keyframeMismatches > 0 {
        parts.append(("keyframes disagree \(data.input.keyframeMismatches)", Style(.flag, bold: true, reverse: true)))
    }
    if data.input.missingHeader { parts.append(("no header", Style(.watch, reverse: true))) }
    if m.paused { parts.append(("⏸ PAUSED", Style(.watch, bold: true, reverse: true))) }
    if let rec = data.source.recording { parts.append(("● REC " + rec, Style(.critical, bold: true, reverse: true))) }
    if data.source.recording == nil, let saved = data.source.saved, m.now - saved.at < 10_000 {
        parts.append(("✓ saved " + saved.path, Style(.ok, bold: true, reverse: true)))
    }
    if let error = data.source.error { parts.append((error, Style(.flag, bold: true, reverse: true))) }
    if let note = m.actionNote { parts.append((note, Style(.accent, bold: true, reverse: true))) }
    if !m.list.filter.isEmpty, m.screen != .overview { parts.append(("/" + m.list.filter, Style(.accent, reverse: true))) }
    var x = 0
    let clockText = clock(m.now, utcOffsetSeconds: m.utcOffsetSeconds) + " "
    let limit = m.size.width - displayWidth(clockText) - 1
    // On a narrow line the routine figures (plain style) give way, last first, so that what needs
    // attention (● REC, PAUSED, malformed lines, disagreeing keyframes) is never the part cut off.
    func width(_ ps: [(String, Style)]) -> Int { ps.reduce(0) { $0 + displayWidth($1.0) } + 3 * max(0, ps.count - 1) }
    while width(parts) > limit, let routine = parts.lastIndex(where: { $0.1 == base }) { parts.remove(at: routine) }
    for (k, (text, style)) in parts.enumerated() {
        if k > 0 { x = c.text(x, y, " │ ", base, maxX: limit) }
        x = c.text(x, y, text, style, maxX: limit)
    }
    c.text(m.size.width - displayWidth(clockText), y, clockText, base)
}

/// A network source's connection: live, how far behind, when the next try is, or lost.
func connectionPart(_ c: Connection, _ m: Model) -> (String, Style) {
    switch c {
    case .connecting: return ("connecting…", Style(.watch, bold: true, reverse: true))
    case .live: return ((m.ascii ? "* " : "● ") + "live", Style(.ok, bold: true, reverse: true))
    case let .lagging(records, millis):
        return ("behind \(compact(Double(records))) rec · " + age(millis, tenths: true), Style(.watch, bold: true, reverse: true))
    case let .reconnecting(at, reason):
        let wait = at - m.now
        let when = wait > 0 ? "reconnecting in " + age(wait, tenths: true) : "reconnecting…"
        return (when + " (" + reason + ")", Style(.flag, bold: true, reverse: true))
    case let .lost(reason): return ("lost: " + reason, Style(.critical, bold: true, reverse: true))
    }
}

/// Every key once: what it does, and where (by view number; "lists" are the tables of views 2–7 and a
/// proposal's voters).
let helpLines: [(keys: String, what: String, views: String)] = [
    ("1–7 Tab S-Tab", "switch view (Shift-Tab goes back); ! alerts", "all"),
    ("↑↓ j k PgUp PgDn", "move, a page at a time", "lists"),
    ("Home End G", "first row, last row", "lists"),
    ("g", "first row; replay on Overview: jump to a time", "lists, 1"),
    ("Enter", "open the selected row", "2-6"),
    ("Esc", "back, or clear the filter", "all"),
    ("/", "filter as you type (Enter keeps it)", "lists"),
    ("s  S", "next sort column, reverse the sort", "lists"),
    ("o  F5", "one operator only (o again: all); F5 groups", "2, 3"),
    ("mouse", "click: tab, row (twice: open), header (sort)", "all"),
    ("p  Space", "pause the view; Space in a replay: play/pause", "all"),
    ("+  -  .", "replay speed ×2, ÷2; step one record", "replay"),
    ("Left Right < >", "seek 10 s, 1 min", "replay"),
    ("R", "record to chaintop-DATE-TIME.jsonl, or stop", "all"),
    ("d  c  v", "drain, claim, vote (coordinator; asks first)", "2, 3, 6"),
    ("? F1", "this help", "all"),
    ("Ctrl-L", "paint the screen again", "all"),
    ("q Ctrl-C F10", "quit", "all"),
]

/// The keys, over the view: opaque, with a clear margin so that no figure of the view below touches it.
func drawHelp(_ c: inout Canvas, _ m: Model) {
    let width = min(m.size.width - 4, 84)
    let height = min(m.size.height - 2, helpLines.count + 4)
    let r = Rect(x: (m.size.width - width) / 2, y: (m.size.height - height) / 2, width: width, height: height)
    c.fill(Rect(x: r.x - 1, y: r.y, width: r.width + 2, height: r.height), " ", Style(.text))
    let inner = box(&c, r, title: "Keys", focused: true, note: "any key closes")
    let viewsX = inner.maxX - 10
    for (k, line) in helpLines.enumerated() where k + 1 < inner.height {
        let y = inner.y + 1 + k
        c.text(inner.x + 1, y, pad(line.keys, 16), Style(.accent, bold: true), maxX: inner.maxX - 1)
        c.text(inner.x + 18, y, line.what, Style(.text), maxX: viewsX - 1)
        c.text(viewsX, y, line.views, Style(.muted), maxX: inner.maxX - 1)
    }
}

/// Style of a peg band.
func bandStyle(_ band: String) -> Style {
    switch band {
    case "ok": Style(.ok)
    case "watch": Style(.watch)
    case "flag": Style(.flag, bold: true)
    case "depegged": Style(.critical, bold: true)
    default: Style(.muted)
    }
}

/// Colour for a utilisation fraction on the graph gradient.
func loadStyle(_ f: Double) -> Style { f >= 0.85 ? Style(.graphHigh) : f >= 0.6 ? Style(.graphMid) : Style(.graphLow) }
