import Feed
import Importers
import Sources

/// DefiLlama's public API as a source: the poller's answers as records, its failures as a lost
/// connection with the time of the next try. The last good data stays: a failure replaces nothing.
public struct DefiLlamaSource: AsyncSequence, Sendable {
    public typealias Element = SourceEvent
    public typealias Failure = Never
    let poller: DefiLlamaPoller
    let wall: @Sendable () -> Int64
    public let name: String

    public init(apiBase: String, interval: Int64 = DefiLlamaPoller.defaultInterval, fetcher: any HTTPFetching = HTTPClientFetcher(),
                wall: @escaping @Sendable () -> Int64) {
        poller = DefiLlamaPoller(apiBase: apiBase, interval: interval, fetcher: fetcher)
        self.wall = wall
        name = "defillama:" + apiBase
    }

    public func makeAsyncIterator() -> Iterator { Iterator(polls: poller.makeAsyncIterator(), wall: wall) }

    public struct Iterator: AsyncIteratorProtocol {
        var polls: DefiLlamaPoller.Iterator
        let wall: @Sendable () -> Int64
        var pending: [SourceEvent] = []
        var started = false
        var failing: Set<String> = []

        public mutating func next() async -> SourceEvent? {
            if !started {
                started = true
                let now = wall()
                pending.append(.phase(.connecting))
                return .items([.record(FeedRecord(seq: nil, ts: now, body: .header(Header(source: "defillama", created: now))), line: 0)])
            }
            if !pending.isEmpty { return pending.removeFirst() }
            guard let poll = await polls.next() else { return nil }
            switch poll {
            case let .records(endpoint, records):
                failing.remove(endpoint.path)
                if failing.isEmpty { pending.append(.phase(.live)) }
                return .items(records.map { .record($0, line: 0) })
            case let .unchanged(endpoint):
                // While another endpoint still fails, the line keeps saying so.
                failing.remove(endpoint.path)
                return failing.isEmpty ? .phase(.live) : .note("\(endpoint.path) unchanged")
            case let .failed(endpoint, reason, retryAt):
                failing.insert(endpoint.path)
                let path = endpoint.path.split(separator: "?").first.map(String.init) ?? endpoint.path
                return .phase(.lost(reason: "\(path): \(reason)", retryMillis: Swift.max(0, retryAt - wall())))
            }
        }
    }
}
