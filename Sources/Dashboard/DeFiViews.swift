import UI
import Analytics
import Feed
import Store

let coinColumns: [Column] = [
    Column(title: "SYMBOL", width: 7, sort: 0), Column(title: "ISSUER", width: 13, sort: 1),
    Column(title: "PRICE", width: 8, right: true, sort: 2, numeric: true),
    Column(title: "DEVIATION", width: 9, right: true, sort: 3, numeric: true),
    Column(title: "SUPPLY", width: 8, right: true, sort: 4, numeric: true),
    Column(title: "RESERVES", width: 8, right: true, sort: 5, numeric: true),
    Column(title: "RATIO", width: 7, right: true, sort: 6, numeric: true), Column(title: "BAND", width: 9, sort: 3, numeric: true),
]

func drawStablecoins(_ c: inout Canvas, _ m: Model, _ data: DataView) {
    let layout = Layout(size: m.size, screen: .stablecoins, ascii: m.ascii)
    let coins = data.state.stablecoins.coins
    let rows = m.derived.coinRows
    let list = m.list
    let inner = box(&c, layout.listBox, title: "Stablecoins — \(usd(coins.reduce(0) { $0 + $1.coin.supply })) in circulation",
                    focused: true, note: "Enter: reserves")
    table(&c, inner, columns: coinColumns, count: rows.count, selected: list.selected, offset: list.offset,
          sortColumn: list.sortColumn, descending: list.descending) { i in
        guard let k = rows.at(i), let e = coins.at(k) else { return ([], []) }
        let dev = pegDeviation(price: e.coin.price, peg: e.coin.peg)
        let band = PegBand(deviation: dev).rawValue
        let ratio = e.reserveRatio
        return ([e.coin.symbol, e.coin.issuer, e.coin.price.map { fixed($0, 4) } ?? "–", percent(dev, digits: 2, signed: true),
                 usd(e.coin.supply), usd(e.reservesUSD), reserveText(ratio), band],
                [Style(.text, bold: true), Style(.muted), nil, bandStyle(band), nil, Style(.muted), reserveStyle(ratio), bandStyle(band)])
    }
    let panel = Rect(x: 0, y: layout.listBox.maxY, width: m.size.width, height: layout.body.maxY - layout.listBox.maxY)
    let k = m.derived.stablecoinConcentration
    let pin = box(&c, panel, title: "Issuer concentration (by supply)")
    c.text(pin.x + 1, pin.y, concentrationText(k), concentrationStyle(k), maxX: pin.maxX - 1)
    var byIssuer: [(String, Double)] = []
    for e in coins {
        if let i = byIssuer.firstIndex(where: { $0.0 == e.coin.issuer }) { byIssuer[i].1 += e.coin.supply } else { byIssuer.append((e.coin.issuer, e.coin.supply)) }
    }
    byIssuer.sort { $0.1 > $1.1 }
    let total = byIssuer.reduce(0) { $0 + $1.1 }
    for (row, (issuer, supply)) in byIssuer.prefix(max(0, pin.height - 1)).enumerated() {
        let y = pin.y + 1 + row
        c.text(pin.x + 1, y, pad(issuer, 14), Style(.text))
        bar(&c, x: pin.x + 16, y: y, width: max(0, pin.width - 24), fraction: total > 0 ? supply / total : 0, style: Style(.accent))
        c.text(pin.maxX - 6, y, percent(total > 0 ? supply / total : 0, digits: 0), Style(.muted))
    }
}

/// Reserve ratio as the RATIO column and the Overview card show it: a shortfall marked ⚠ (and never rounded up to 100%).
func reserveText(_ ratio: Double?) -> String {
    guard let ratio else { return "–" }
    return reservesShort(ratio) ? "⚠" + shortfallPercent(ratio) : percent(ratio, digits: 0)
}

func reserveStyle(_ ratio: Double?) -> Style {
    guard let ratio else { return Style(.muted) }
    return !reservesShort(ratio) ? Style(.ok) : ratio < 0.9 ? Style(.critical, bold: true) : Style(.flag, bold: true)
}

/// Colours of a reserve composition's parts: roles that differ from each other in every bundled theme
/// (graphMid is watch's colour and title is watch's in high-contrast, so neither is here).
let reserveStyles: [Style] = [Style(.accent), Style(.ok), Style(.watch), Style(.flag), Style(.text), Style(.critical), Style(.muted)]
/// And their glyphs, one each, so that the parts are told apart without colour too.
let reserveGlyphs: [Unicode.Scalar] = ["█", "▓", "▒", "░", "▚", "▞", "▪"]
/// The same without UTF-8: ASCII glyphs that differ as much (the block shades would fold to two).
let asciiReserveGlyphs: [Unicode.Scalar] = ["#", "=", "%", ":", "+", "*", "."]

func drawCoinDetail(_ c: inout Canvas, _ m: Model, _ data: DataView) {
    guard case let .stablecoin(symbol) = m.detail else { return }
    let body = Layout(size: m.size, screen: .stablecoins, ascii: m.ascii).body
    let inner = box(&c, body, title: "Stablecoin \(symbol)", focused: true, note: "Esc back")
    guard let i = data.state.stablecoins.index[symbol], let e = data.state.stablecoins.coins.at(i) else {
        c.text(inner.x + 1, inner.y, "no data for \(symbol)", Style(.muted))
        return
    }
    let dev = pegDeviation(price: e.coin.price, peg: e.coin.peg)
    let band = PegBand(deviation: dev).rawValue
    var y = inner.y
    c.text(inner.x + 1, y, "\(e.coin.issuer) · \(e.coin.mechanism ?? "mechanism unknown") · pegged to \(e.coin.peg)", Style(.text), maxX: inner.maxX - 1)
    y += 1
    c.text(inner.x + 1, y, "price \(e.coin.price.map { fixed($0, 4) } ?? "–")  deviation \(percent(dev, digits: 2, signed: true))  \(band)",
           bandStyle(band), maxX: inner.maxX - 1)
    y += 1
    c.text(inner.x + 1, y, "supply \(usd(e.coin.supply)) · reserves \(usd(e.reservesUSD)) · ratio \(e.reserveRatio.map { percent($0, digits: 1) } ?? "–")"
           + (e.reserveRatio.map { reservesShort($0) ? " ⚠ reserves short of supply" : "" } ?? ""),
           reserveStyle(e.reserveRatio).fg == .ok ? Style(.text) : reserveStyle(e.reserveRatio), maxX: inner.maxX - 1)
    y += 2
    c.text(inner.x + 1, y, "Price history", Style(.title, bold: true))
    y += 1
    let prices = e.priceHistory.elements.map(\.value)
    let lo = min(prices.min() ?? 0.99, 0.99), hi = max(prices.max() ?? 1.01, 1.01)
    sparkline(&c, x: inner.x + 1, y: y, width: max(0, inner.width - 20), downsample(prices, to: max(1, inner.width - 20)), low: lo, high: hi,
              style: bandStyle(band), fromLeft: true)
    c.text(inner.maxX - 18, y, "\(fixed(lo, 3))–\(fixed(hi, 3))", Style(.muted), maxX: inner.maxX - 1)
    y += 2
    guard let reserves = e.coin.reserves, !reserves.isEmpty, y < inner.maxY else {
        if y < inner.maxY { c.text(inner.x + 1, y, "no reserve report", Style(.muted)) }
        return
    }
    c.text(inner.x + 1, y, "Reserve composition", Style(.title, bold: true))
    y += 1
    let total = reserves.reduce(0) { $0 + $1.usd }
    // Largest first, in the bar and in its legend alike; a part keeps its colour and glyph in both.
    let glyphs = m.ascii ? asciiReserveGlyphs : reserveGlyphs
    let parts = reserves.enumerated().sorted { $0.element.usd != $1.element.usd ? $0.element.usd > $1.element.usd : $0.offset < $1.offset }
        .map(\.element)
    stackedBar(&c, x: inner.x + 1, y: y, width: max(0, inner.width - 2),
               parts: parts.enumerated().map { ($0.element.usd, reserveStyles[$0.offset % reserveStyles.count]) }, glyphs: glyphs)
    y += 1
    for (k, r) in parts.enumerated() where y < inner.maxY {
        c.set(inner.x + 1, y, glyphs[k % glyphs.count], reserveStyles[k % reserveStyles.count])
        c.text(inner.x + 3, y, pad(r.category.replacingUnderscores, 26), Style(.text))
        c.text(inner.x + 30, y, pad(usd(r.usd), 9, right: true), Style(.text))
        c.text(inner.x + 41, y, percent(total > 0 ? r.usd / total : 0, digits: 1), Style(.muted))
        y += 1
    }
}

extension String {
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
