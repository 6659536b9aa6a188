#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Feed

/// One HTTP answer, as the poller needs it: status, the headers it reads (names lowercased) and the body.
public struct HTTPAnswer: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]
    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
        self.body = body
    }
}

/// Fetches a URL: async-http-client in the program, a test client in the tests. Throws on a network error.
public protocol HTTPFetching: Sendable {
    func get(_ url: String, headers: [String: String]) async throws -> HTTPAnswer
}

/// The poller's sense of time, injected so that a test runs hours of polling at once.
public protocol PollClock: Sendable {
    /// Milliseconds since the epoch.
    func now() -> Int64
    /// Returns at `millis` (at once if it has passed); throws when cancelled.
    func sleep(until millis: Int64) async throws
}

/// The real clock: the system time, and `Task.sleep`.
public struct SystemPollClock: PollClock {
    public init() {}
    public func now() -> Int64 { SystemTime.millis() }
    public func sleep(until millis: Int64) async throws {
        let wait = millis - now()
        if wait > 0 { try await Task.sleep(for: .milliseconds(wait)) }
    }
}

/// The DefiLlama endpoints the live source polls, and the importer that reads each.
public struct PollEndpoint: Sendable, Equatable {
    public var path: String
    public var kind: ImportKind
    public init(path: String, kind: ImportKind) { self.path = path; self.kind = kind }

    public static let defiLlama: [PollEndpoint] = [
        PollEndpoint(path: "/protocols", kind: .defillamaProtocols),
        PollEndpoint(path: "/v2/chains", kind: .defillamaChains),
        PollEndpoint(path: "/stablecoins?includePrices=true", kind: .defillamaStablecoins),
    ]
}

/// What one poll gave.
public enum PollEvent: Sendable {
    /// Fresh data: the records the importer makes of it, numbered on from the last batch.
    case records(PollEndpoint, [FeedRecord])
    /// The data has not changed since the last poll (HTTP 304 to a conditional request).
    case unchanged(PollEndpoint)
    /// The poll failed; the last good data stands and the endpoint is asked again at `retryAt` (ms).
    case failed(PollEndpoint, reason: String, retryAt: Int64)
}


enum SystemTime {
    /// The wall clock in milliseconds since the epoch.
    static func millis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
