import UI
/// Parses durations as people type them: "90s", "10m", "1h30m", "500ms", "2h". Milliseconds.
public struct DurationSpec: Sendable, Equatable {
    public let millis: Int64

    public init?(_ text: String) {
        var total: Int64 = 0
        var number: Int64 = 0
        var digits = 0
        let chars = Array(text)
        guard !chars.isEmpty else { return nil }
        var i = 0
        var sawUnit = false
        while i < chars.count {
            let c = chars[i]
            if let d = c.wholeNumberValue, c.isASCII {
                guard digits < 12 else { return nil }
                number = number * 10 + Int64(d)
                digits += 1
                i += 1
                continue
            }
            guard digits > 0 else { return nil }
            let unit: Int64
            if c == "m", i + 1 < chars.count, chars[i + 1] == "s" { unit = 1; i += 1 }
            else if c == "s" { unit = 1000 }
            else if c == "m" { unit = 60_000 }
            else if c == "h" { unit = 3_600_000 }
            else if c == "d" { unit = 86_400_000 }
            else { return nil }
            let (part, o1) = number.multipliedReportingOverflow(by: unit)
            let (sum, o2) = total.addingReportingOverflow(part)
            guard !o1, !o2 else { return nil }
            total = sum
            number = 0
            digits = 0
            sawUnit = true
            i += 1
        }
        if digits > 0 {
            // A bare number is seconds, like sleep(1).
            guard !sawUnit else { return nil }
            let (part, o1) = number.multipliedReportingOverflow(by: 1000)
            let (sum, o2) = total.addingReportingOverflow(part)
            guard !o1, !o2 else { return nil }
            total = sum
        }
        guard total > 0 else { return nil }
        millis = total
    }
}
