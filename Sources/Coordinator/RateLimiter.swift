import Hummingbird
import Synchronization

/// A token bucket per client (its token, or its address without one): `rate` requests a second,
/// bursts up to twice that. Bounded: the least recently seen clients are forgotten first.
public final class RateLimiter: Sendable {
    struct Bucket { var tokens: Double; var last: ContinuousClock.Instant }
    private let rate: Double
    private let burst: Double
    private let maxClients: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    public init(rate: Double, maxClients: Int = 100_000) {
        self.rate = rate
        burst = max(1, rate * 2)
        self.maxClients = maxClients
    }

    /// True if `client` may make a request now.
    public func allow(_ client: String, now: ContinuousClock.Instant = .now) -> Bool {
        buckets.withLock { all in
            var b = all[client] ?? Bucket(tokens: burst, last: now)
            let elapsed = Double((now - b.last).components.attoseconds) / 1e18 + Double((now - b.last).components.seconds)
            b.tokens = min(burst, b.tokens + max(0, elapsed) * rate)
            b.last = now
            let allowed = b.tokens >= 1
            if allowed { b.tokens -= 1 }
            if all[client] == nil, all.count >= maxClients { forgetOldest(&all) }
            all[client] = b
            return allowed
        }
    }

    /// Drops the buckets idle longest (full again by now, so forgetting them changes nothing).
    private func forgetOldest(_ all: inout [String: Bucket]) {
        let keep = all.sorted { $0.value.last > $1.value.last }.prefix(maxClients / 2)
        all = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
    }
}

struct RateLimitMiddleware: RouterMiddleware {
    let limiter: RateLimiter

    func handle(_ request: Request, context: CoordinatorContext,
                next: (Request, CoordinatorContext) async throws -> Response) async throws -> Response {
        let client = request.headers.bearer.map { "t:" + Tokens.hash($0.token) }
            ?? "a:" + (context.remoteAddress?.ipAddress ?? "unknown")
        guard limiter.allow(client) else {
            throw HTTPError(.tooManyRequests, headers: [.retryAfter: "1"], message: "too many requests from this client; retry after 1 s")
        }
        return try await next(request, context)
    }
}
