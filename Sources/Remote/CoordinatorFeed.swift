import AsyncHTTPClient
import Feed
import NIOCore
import Sources
import Store

/// The coordinator as a source: its snapshot, then its feed from the snapshot's seq + 1, resumed
/// after every drop from the last seq applied + 1, so that nothing is missed or applied twice
/// (docs/coordinator.md). A feed too old to resume (410) is re-listed from a new snapshot, as a
/// Kubernetes watch is. Connection states go out as `.phase` events: the status line shows them.
public struct CoordinatorFeed: AsyncSequence, Sendable {
    public typealias Element = SourceEvent
    public typealias Failure = Never

    public let base: String
    let token: String?
    let client: HTTPClient
    let backoff: Backoff
    let wall: @Sendable () -> Int64
    /// Ends once it has caught up with the coordinator (export: the state as of that moment).
    let untilCaughtUp: Bool

    /// `base` is the coordinator's URL (http://HOST:PORT); `token` its bearer token, if it wants one.
    public init(base: String, token: String?, client: HTTPClient = RemoteClients.streaming, backoff: Backoff = Backoff(),
                untilCaughtUp: Bool = false, wall: @escaping @Sendable () -> Int64) {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.token = token
        self.client = client
        self.backoff = backoff
        self.untilCaughtUp = untilCaughtUp
        self.wall = wall
    }

    public var name: String { "coordinator:" + base }

    public func makeAsyncIterator() -> Iterator { Iterator(session: FeedSession(self)) }

    public struct Iterator: AsyncIteratorProtocol {
        let session: FeedSession
        public mutating func next() async -> SourceEvent? { await session.nextEvent() }
    }
}

/// The process's HTTP clients for streams: a stream that goes quiet for longer than its bookmarks
/// allow (the coordinator sends one every 5 s) is taken for lost. Never shut down: they live as
/// long as the program.
public enum RemoteClients {
    public static let streaming = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: HTTPClient.Configuration(timeout: .init(connect: .seconds(5), read: .seconds(20))))
}

/// A refusal that retrying will not change (a missing or foreign token).
struct Refused: Error, CustomStringConvertible { let description: String }

/// An answer that is not the one asked for; retried.
struct Unexpected: Error, CustomStringConvertible { let description: String }
