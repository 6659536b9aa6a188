#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Feed
import Recording
import Simulation

/// What `--source` names: `sim`, `sim:SEED`, `replay:PATH`, a bare path (a replay), or a network
/// source: `coordinator:http://HOST:PORT` or `defillama` (opened by the Remote module, which links
/// the HTTP client; this module only names them).
public enum SourceSpec: Sendable, Equatable, CustomStringConvertible {
    case sim(seed: UInt64)
    case replay(path: String)
    case coordinator(url: String)
    case defillama

    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public static let defaultSeed: UInt64 = 1

    public init(parsing text: String) throws(ParseError) {
        if text == "sim" { self = .sim(seed: SourceSpec.defaultSeed); return }
        if text.hasPrefix("sim:") {
            let seed = text.dropFirst(4)
            guard let value = UInt64(seed) else {
                throw ParseError(description: "bad source '\(text)': the seed after 'sim:' must be a whole number ≥ 0")
            }
            self = .sim(seed: value)
            return
        }
        if text.hasPrefix("replay:") {
            let path = String(text.dropFirst(7))
            guard !path.isEmpty else { throw ParseError(description: "bad source '\(text)': 'replay:' needs a file path") }
            self = .replay(path: path)
            return
        }
        // Standard input: a pipe, read once as a live stream.
        if text == "-" { self = .replay(path: "/dev/stdin"); return }
        if text == "defillama" { self = .defillama; return }
        if text.hasPrefix("coordinator:") || text.hasPrefix("http:") || text.hasPrefix("https:") {
            let url = text.hasPrefix("coordinator:") ? String(text.dropFirst(12)) : text
            guard url.hasPrefix("http://") || url.hasPrefix("https://"), url.count > 8 else {
                throw ParseError(description: "bad source '\(text)': use coordinator:http://HOST:PORT")
            }
            self = .coordinator(url: url)
            return
        }
        guard !text.isEmpty, !text.contains(":") || text.hasPrefix("/") || text.hasPrefix(".") else {
            throw ParseError(description: "bad source '\(text)': use sim, sim:SEED, replay:PATH, a file path, coordinator:URL or defillama")
        }
        self = .replay(path: text)
    }

    public var description: String {
        switch self {
        case let .sim(seed): "sim:\(seed)"
        case let .replay(path): "replay:\(path)"
        case let .coordinator(url): "coordinator:\(url)"
        case .defillama: "defillama"
        }
    }

    /// Opens the source; `nodes` and `rate` apply to the simulator only.
    /// `start` sets the simulator's virtual clock (the dashboard starts it at the wall clock).
    public func open(nodes: Int = 200, rate: Double = 1, start: Int64? = nil,
                     scenario: Scenario? = nil) throws(FeedFileError) -> RecordStream {
        switch self {
        case let .sim(seed):
            var options = SimulatorOptions(seed: seed, nodes: nodes, rate: rate)
            options.scenario = scenario
            if let start { options.start = start - start % 1000 }
            return Simulator(options: options)
        case let .replay(path): return try ReplaySession(streaming: path)
        case .coordinator, .defillama: throw FeedFileError(description: "\(self) is a network source: open it with the Remote module")
        }
    }
}

extension SourceSpec {
    /// Opens the source for the dashboard: the simulator live, starting `warmupMillis` before
    /// `wallNow` so the panes open with history; a recording paced, with seeking where the input can be
    /// read twice (a pipe or FIFO plays once, as a live stream).
    public func openLive(nodes: Int = 200, rate: Double = 1, scenario: Scenario? = nil, wallNow: Int64,
                         warmupMillis: Int64, replay: ReplayOptions = ReplayOptions()) throws(FeedFileError) -> any SourceDriver {
        switch self {
        case let .sim(seed):
            var options = SimulatorOptions(seed: seed, nodes: nodes, rate: rate)
            options.scenario = scenario
            let start = wallNow - warmupMillis
            options.start = start - start % 1000
            return LiveSimulation(simulator: Simulator(options: options), liveFrom: options.start + warmupMillis)
        case let .replay(path):
            let session = SourceSpec.isStream(path) ? try ReplaySession(streaming: path) : try ReplaySession(path: path)
            return ReplayDriver(session: session, options: replay)
        case .coordinator, .defillama: throw FeedFileError(description: "\(self) is a network source: open it with the Remote module")
        }
    }

    /// A pipe, FIFO or terminal: what is read from it is gone, so it cannot be indexed first.
    static func isStream(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        let kind = info.st_mode & S_IFMT
        return kind == S_IFIFO || kind == S_IFCHR || kind == S_IFSOCK
    }
}
