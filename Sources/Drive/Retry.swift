import Simulation

/// Waits between tries at a coordinator that does not answer: doubling from half a second to ten,
/// jittered so that many drivers do not come back at once.
struct Retry {
    private var attempt = 0
    private var random: SeededRandom

    init(seed: UInt64) { random = SeededRandom(seed: seed ^ 0x5EED_BAC0_FF00_0001) }

    mutating func nextMillis() -> Int64 {
        let ceiling = min(10_000, Int64(500) << min(attempt, 10))
        attempt += 1
        return ceiling / 2 + Int64(random.next() % UInt64(ceiling / 2 + 1))
    }

    mutating func reset() { attempt = 0 }
}

/// Lost contact: since when, and when to try again.
struct Lost {
    var since: Int64
    var retryAt: Int64
    var probing = false
}

/// Seconds as a short span: 0.8 s, 45 s, 3m 05s, 2h 01m.
func span(_ millis: Int64) -> String {
    if millis < 10_000 { return "\(max(0, millis) / 1000).\(max(0, millis) % 1000 / 100) s" }
    let s = millis / 1000
    if s < 60 { return "\(s) s" }
    if s < 3600 { return "\(s / 60)m \(pad2(s % 60))s" }
    return "\(s / 3600)h \(pad2(s / 60 % 60))m"
}

private func pad2(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
