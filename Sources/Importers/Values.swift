/// A finite number written in decimal (with an optional exponent); nil for anything else.
func parseNumber(_ text: String) -> Double? {
    let t = text.trimmingSpaces
    guard !t.isEmpty, t.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D || $0 == 0x2B || $0 == 0x65 || $0 == 0x45 }),
          let d = Double(t), d.isFinite else { return nil }
    return d
}

/// A raw token amount (an integer of 10^-decimals units, as contracts log it) in tokens. The decimal point
/// is placed in the digits before converting, so 3000000000000000000000000 with 18 decimals reads 3000000
/// exactly rather than as a product of two roundings. Nil for anything but digits.
func scaledAmount(_ text: String, decimals: Int) -> Double? {
    var digits = Substring(text.trimmingSpaces)
    // A raw amount that went through a float column ("1e+21", "3000.0") is still a number.
    if !digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
        guard let d = parseNumber(String(digits)), d >= 0, d == d.rounded() else { return nil }
        return d / pow10(decimals)
    }
    guard !digits.isEmpty else { return nil }
    if decimals <= 0 { return Double(digits) }
    while digits.count <= decimals { digits = "0" + digits }
    let cut = digits.index(digits.endIndex, offsetBy: -decimals)
    return Double(digits[..<cut] + "." + digits[cut...])
}

func pow10(_ n: Int) -> Double {
    var p = 1.0
    for _ in 0..<max(0, min(n, 308)) { p *= 10 }
    return p
}

/// A proposal id as a chain writes it: "43.0" (a float column) is proposal 43.
func proposalID(_ text: String) -> String {
    let t = text.trimmingSpaces
    guard let dot = t.firstIndex(of: "."), t[t.index(after: dot)...].allSatisfy({ $0 == "0" }),
          !t[..<dot].isEmpty, t[..<dot].allSatisfy(\.isNumber) else { return t }
    return String(t[..<dot])
}

/// An event time in milliseconds: unix seconds (or milliseconds, when above 10^11), as a number or
/// string, or an ISO 8601 date with an optional time ("2024-11-12", "2021-06-22T22:07:36",
/// "2022-07-13 02:01:11.000", "…Z", "…+02:00"). Nil for anything else, and outside 1970…9999.
func parseTime(_ text: String) -> Int64? {
    let t = text.trimmingSpaces
    if let d = parseNumber(t), !t.contains("-") || t.hasPrefix("-") {
        guard d >= 0, d < 253_402_300_800_000 else { return nil }
        return d >= 1e11 ? Int64(d) : Int64((d * 1000).rounded())
    }
    return parseISODate(Array(t.utf8))
}

func parseISODate(_ b: [UInt8]) -> Int64? {
    var i = 0
    func digits(_ n: Int) -> Int? {
        guard i + n <= b.count else { return nil }
        var v = 0
        for k in i..<(i + n) {
            guard b[k] >= 0x30, b[k] <= 0x39 else { return nil }
            v = v * 10 + Int(b[k] - 0x30)
        }
        i += n
        return v
    }
    func skip(_ c: UInt8) -> Bool { if i < b.count, b[i] == c { i += 1; return true }; return false }
    guard let y = digits(4), skip(0x2D), let mo = digits(2), skip(0x2D), let d = digits(2),
          (1970...9999).contains(y), (1...12).contains(mo), (1...31).contains(d) else { return nil }
    var seconds = 0
    var millis = 0
    if i < b.count, b[i] == 0x54 || b[i] == 0x20 {
        i += 1
        guard let h = digits(2), skip(0x3A), let mi = digits(2), h < 24, mi < 60 else { return nil }
        seconds = h * 3600 + mi * 60
        if skip(0x3A) {
            guard let s = digits(2), s < 61 else { return nil }
            seconds += s
            if skip(0x2E) {
                var scale = 100
                while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { millis += Int(b[i] - 0x30) * scale; scale /= 10; i += 1 }
            }
        }
        if skip(0x5A) {
        } else if i < b.count, b[i] == 0x2B || b[i] == 0x2D {
            let sign = b[i] == 0x2B ? 1 : -1
            i += 1
            guard let oh = digits(2) else { return nil }
            _ = skip(0x3A)
            let om = digits(2) ?? 0
            seconds -= sign * (oh * 3600 + om * 60)
        }
    }
    guard i == b.count else { return nil }
    let ms = (Int64(daysFromCivil(y, mo, d)) * 86_400 + Int64(seconds)) * 1000 + Int64(millis)
    return ms >= 0 ? ms : nil
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
}
