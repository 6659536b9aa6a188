import Importers
import Program
import Remote
import Sources

/// A source that comes over the network, opened here because only the executable links the HTTP
/// client's module: the coordinator's feed or DefiLlama's API.
enum NetworkSource {
    case coordinator(CoordinatorFeed)
    case defillama(DefiLlamaSource)

    /// Nil for a source that is not a network one (the simulator, a recording).
    init?(_ spec: SourceSpec, options: SourceOptions, untilCaughtUp: Bool = false) throws {
        switch spec {
        case let .coordinator(url):
            self = .coordinator(CoordinatorFeed(base: url, token: options.bearer, untilCaughtUp: untilCaughtUp, wall: wallMillis))
        case .defillama:
            let every = try parseDuration(options.pollEvery, flag: "--poll-every") ?? DefiLlamaPoller.defaultInterval
            self = .defillama(DefiLlamaSource(apiBase: options.apiBase, interval: every, wall: wallMillis))
        case .sim, .replay:
            return nil
        }
    }

    var name: String {
        switch self {
        case let .coordinator(feed): feed.name
        case let .defillama(source): source.name
        }
    }

    /// Read as the program reads a driver's events: applied to the ingest as they come.
    func read(into ingest: Ingest) -> Task<Void, Never> {
        switch self {
        case let .coordinator(feed): Task.detached { for await event in feed { ingest.apply(event) } }
        case let .defillama(source): Task.detached { for await event in source { ingest.apply(event) } }
        }
    }

    func recordStream(failOnDrop: Bool) -> NetworkRecordStream {
        switch self {
        case let .coordinator(feed):
            NetworkRecordStream(name: name, events: feed, failOnDrop: failOnDrop, stop: { Interrupt.requested })
        case let .defillama(source):
            NetworkRecordStream(name: name, events: source, failOnDrop: failOnDrop, stop: { Interrupt.requested })
        }
    }
}
