import Feed
import Synchronization

/// Polls DefiLlama's public API at a polite interval (5 minutes unless told, never under 60 s) and
/// yields the records the importers make of each answer, as an endless sequence of poll events.
/// Requests are conditional (If-None-Match, If-Modified-Since) where the API gave a validator. A failure —
/// HTTP 429 (its Retry-After is honoured), 5xx, a timeout, truncated JSON, a changed shape — is yielded
/// as `.failed` and retried with a doubling backoff; nothing is yielded for it that would replace good data.
public struct DefiLlamaPoller: AsyncSequence, Sendable {
    public typealias Element = PollEvent
    public static let defaultInterval: Int64 = 300_000
    public static let minimumInterval: Int64 = 60_000
    static let maximumBackoff: Int64 = 3_600_000

    let base: String
    let interval: Int64
    let endpoints: [PollEndpoint]
    let fetcher: any HTTPFetching
    let clock: any PollClock
    let timeout: Duration

    /// `interval` is raised to 60 s if asked for less.
    public init(apiBase: String = "https://api.llama.fi", interval: Int64 = DefiLlamaPoller.defaultInterval,
                endpoints: [PollEndpoint] = PollEndpoint.defiLlama, fetcher: any HTTPFetching,
                clock: any PollClock = SystemPollClock(), timeout: Duration = .seconds(30)) {
        base = apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase
        self.interval = Swift.max(interval, Self.minimumInterval)
        self.endpoints = endpoints
        self.fetcher = fetcher
        self.clock = clock
        self.timeout = timeout
    }

    public func makeAsyncIterator() -> Iterator { Iterator(self) }

    public struct Iterator: AsyncIteratorProtocol {
        let poller: DefiLlamaPoller
        var due: [Int64]
        var validators: [[String: String]]
        var failures: [Int]
        var nextSeq: Int64 = 1

        init(_ p: DefiLlamaPoller) {
            poller = p
            due = p.endpoints.map { _ in p.clock.now() }
            validators = p.endpoints.map { _ in [:] }
            failures = p.endpoints.map { _ in 0 }
        }

        /// The next poll's outcome; nil once the task is cancelled.
        public mutating func next() async -> PollEvent? {
            guard !poller.endpoints.isEmpty, !Task.isCancelled else { return nil }
            let i = due.indices.min { due[$0] < due[$1] } ?? 0
            do { try await poller.clock.sleep(until: due[i]) } catch { return nil }
            if Task.isCancelled { return nil }
            return await poll(i)
        }

        mutating func poll(_ i: Int) async -> PollEvent {
            let endpoint = poller.endpoints[i]
            let now = poller.clock.now()
            let answer: HTTPAnswer
            do {
                answer = try await poller.fetch(poller.base + endpoint.path, headers: validators[i])
            } catch {
                return fail(i, now, "\(error)", retryAfter: nil)
            }
            switch answer.status {
            case 304:
                succeed(i, now)
                return .unchanged(endpoint)
            case 200:
                do {
                    var options = ImportOptions()
                    options.time = now
                    let result = try Importer.run(endpoint.kind, [ImportFile(name: endpoint.path, bytes: answer.body)], options: options)
                    guard !result.records.isEmpty else { return fail(i, now, "no records in the answer (a changed shape?)", retryAfter: nil) }
                    validators[i] = Self.validators(answer)
                    succeed(i, now)
                    return .records(endpoint, renumber(result.records))
                } catch {
                    return fail(i, now, error.description, retryAfter: nil)
                }
            case 429:
                return fail(i, now, "HTTP 429 (rate limited)", retryAfter: answer.headers["retry-after"].flatMap(Self.retryAfter))
            default:
                return fail(i, now, "HTTP \(answer.status)", retryAfter: answer.headers["retry-after"].flatMap(Self.retryAfter))
            }
        }

        mutating func succeed(_ i: Int, _ now: Int64) {
            failures[i] = 0
            due[i] = now + poller.interval
        }

        /// Backoff: 60 s, 120 s, 240 s … up to an hour, or the server's Retry-After if that is longer.
        mutating func fail(_ i: Int, _ now: Int64, _ reason: String, retryAfter: Int64?) -> PollEvent {
            let backoff = Swift.min(DefiLlamaPoller.maximumBackoff, DefiLlamaPoller.minimumInterval << Swift.min(failures[i], 6))
            failures[i] += 1
            due[i] = now + Swift.max(backoff, retryAfter ?? 0)
            return .failed(poller.endpoints[i], reason: reason, retryAt: due[i])
        }

        mutating func renumber(_ records: [FeedRecord]) -> [FeedRecord] {
            records.map { r in
                var copy = r
                copy.seq = nextSeq
                nextSeq += 1
                return copy
            }
        }

        static func validators(_ a: HTTPAnswer) -> [String: String] {
            var v: [String: String] = [:]
            if let etag = a.headers["etag"] { v["If-None-Match"] = etag }
            if let modified = a.headers["last-modified"] { v["If-Modified-Since"] = modified }
            return v
        }

        /// Retry-After in seconds (the HTTP-date form is left to the backoff).
        static func retryAfter(_ text: String) -> Int64? {
            guard let s = Int64(text.trimmingSpaces), s >= 0, s < 86_400 * 7 else { return nil }
            return s * 1000
        }
    }

    /// The fetch, given up after `timeout` of real time: the answer or the timeout, whichever comes first
    /// (a fetch that ignores cancellation is left to finish on its own, not waited for).
    func fetch(_ url: String, headers: [String: String]) async throws -> HTTPAnswer {
        let fetcher = self.fetcher, timeout = self.timeout
        let outcome = FirstOutcome()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPAnswer, any Error>) in
            outcome.set(continuation)
            let timer = Task {
                try await Task.sleep(for: timeout)
                outcome.resume(.failure(PollTimeout(after: timeout)))
            }
            let request = Task {
                do { outcome.resume(.success(try await fetcher.get(url, headers: headers))) } catch { outcome.resume(.failure(error)) }
                timer.cancel()
            }
            outcome.onTimeout { request.cancel() }
        }
    }
}

/// Resumes a continuation once, with whichever outcome arrives first.
final class FirstOutcome: Sendable {
    private let state = Mutex<(continuation: CheckedContinuation<HTTPAnswer, any Error>?, done: Bool)>((nil, false))
    private let cancelRequest = Mutex<(@Sendable () -> Void)?>(nil)

    /// What to do when the timeout wins: cancel the request.
    func onTimeout(_ cancel: @escaping @Sendable () -> Void) { cancelRequest.withLock { $0 = cancel } }

    func set(_ c: CheckedContinuation<HTTPAnswer, any Error>) { state.withLock { $0.continuation = c } }

    func resume(_ result: Result<HTTPAnswer, any Error>) {
        let c = state.withLock { s -> CheckedContinuation<HTTPAnswer, any Error>? in
            guard !s.done else { return nil }
            s.done = true
            return s.continuation
        }
        c?.resume(with: result)
        if c != nil, case let .failure(error) = result, error is PollTimeout { cancelRequest.withLock { $0 }?() }
    }
}

struct PollTimeout: Error, CustomStringConvertible {
    let after: Duration
    var description: String { "timed out after \(after)" }
}
