import Simulation

/// Exponential backoff with full jitter (AWS's "full jitter": a random wait up to the doubling
/// ceiling), so that a thousand dashboards dropped at once do not come back at once.
public struct Backoff: Sendable {
    public var initialMillis: Int64
    public var maximumMillis: Int64
    private(set) var attempt = 0
    private var random: SeededRandom

    public init(initialMillis: Int64 = 500, maximumMillis: Int64 = 30_000, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) {
        self.initialMillis = max(1, initialMillis)
        self.maximumMillis = max(self.initialMillis, maximumMillis)
        random = SeededRandom(seed: seed)
    }

    /// The wait before the next try; each call doubles the ceiling up to the maximum.
    public mutating func next() -> Int64 {
        let ceiling = min(maximumMillis, initialMillis << min(attempt, 20))
        attempt += 1
        // Between half the ceiling and the ceiling: jittered, but never a hot loop of near-zero waits.
        let half = ceiling / 2
        return half + Int64(random.next() % UInt64(max(1, ceiling - half + 1)))
    }

    /// A success: the next failure starts from the initial wait again.
    public mutating func reset() { attempt = 0 }
}
