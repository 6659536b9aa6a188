import UI
import Feed
import Analytics

/// Short human numbers: 950, 12.3K, 4.56M, 120.8B, 1.2T.
func compact(_ x: Double, digits: Int = 1) -> String {
    guard x.isFinite else { return "–" }
    let a = abs(x)
    let (value, suffix): (Double, String) = a >= 1e12 ? (x / 1e12, "T") : a >= 1e9 ? (x / 1e9, "B")
        : a >= 1e6 ? (x / 1e6, "M") : a >= 1e4 ? (x / 1e3, "K") : (x, "")
    if suffix.isEmpty, value == value.rounded(), a < 1e4 { return String(Int(value)) }
    return fixed(value, digits) + suffix
}

func usd(_ x: Double?) -> String {
    guard let x, x.isFinite else { return "–" }
    return x < 0 ? "-$" + compact(-x) : "$" + compact(x)
}

/// Fixed decimals without Foundation's String(format:) (one definition, shared with the export's alerts).
func fixed(_ x: Double, _ digits: Int) -> String { formatFixed(x, digits) }

/// A fraction as a percentage: 0.4231 → "42.3%".
func percent(_ f: Double?, digits: Int = 1, signed: Bool = false) -> String { formatPercent(f, digits: digits, signed: signed) }

func tokens(_ a: TokenAmount, digits: Int = 2) -> String { fixed(a.doubleValue, digits) }

/// Age of something in whole units, one style in a column and at most three characters up to 99
/// days: "4s", "59s", "3m", "2h", "3d". `tenths` for the status line's last record, where a fraction
/// of a second says the data is flowing.
func age(_ millis: Int64, tenths: Bool = false) -> String {
    if millis < 0 { return "0s" }
    if tenths, millis < 10_000 { return fixed(Double(millis) / 1000, 1) + "s" }
    if millis < 60_000 { return String(millis / 1000) + "s" }
    if millis < 3_600_000 { return String(millis / 60_000) + "m" }
    if millis < 172_800_000 { return String(millis / 3_600_000) + "h" }
    return String(millis / 86_400_000) + "d"
}

/// HH:MM:SS of a time in milliseconds, shifted by an offset from UTC.
func clock(_ millis: Int64, utcOffsetSeconds: Int = 0) -> String {
    let seconds = millis / 1000 + Int64(utcOffsetSeconds)
    let day = ((seconds % 86_400) + 86_400) % 86_400
    func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return two(day / 3600) + ":" + two(day % 3600 / 60) + ":" + two(day % 60)
}

/// Duration of event time: "14m 05s", "2h 03m".
public func span(_ millis: Int64) -> String {
    let s = max(0, millis / 1000)
    func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
    if s >= 3600 { return "\(s / 3600)h " + two(s % 3600 / 60) + "m" }
    return "\(s / 60)m " + two(s % 60) + "s"
}
