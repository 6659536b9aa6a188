import ArgumentParser
import Dashboard
import Sources
import UI
import Simulation
import Recording
import Analytics
import Store
import Feed

/// `--source`, `--nodes` and `--rate`: the same on every command.
struct SourceOptions: ParsableArguments {
    @Option(name: .long, help: "Where records come from: sim, sim:SEED, replay:PATH, a recording's path, - (standard input), coordinator:http://HOST:PORT or defillama.")
    var source: String = "sim"

    @Option(name: .long, help: "coordinator: the bearer token (default: $CHAINTOP_TOKEN).")
    var token: String?

    @Option(name: .long, help: "defillama: the API to poll (a mirror or a test server).")
    var apiBase: String = "https://api.llama.fi"

    @Option(name: .long, help: "defillama: how often to poll (at least 60s).")
    var pollEvery: String = "5m"

    // .unconditional: "--nodes -3" is a bad value to name, not a missing one.
    @Option(name: .long, parsing: .unconditional, help: "Simulated fleet size at the start (sim only).")
    var nodes: Int = 200

    @Option(name: .long, parsing: .unconditional, help: "Scales the simulator's event rates (sim only).")
    var rate: Double = 1

    @Option(name: .long, help: "A scripted story for the simulator: markets (depeg, drain, contested vote) or outage (a region offline).")
    var scenario: Scenario?

    func validate() throws {
        // An empty fleet has no concentration to show: "Nakamoto 0 · Gini 0.00" would read as a figure.
        guard nodes >= 1, nodes <= 1_000_000 else { throw ValidationError("--nodes must be between 1 and 1000000") }
        guard rate > 0, rate <= 1000, rate.isFinite else { throw ValidationError("--rate must be above 0 and at most 1000") }
        _ = try spec()
        guard apiBase.hasPrefix("http://") || apiBase.hasPrefix("https://") else {
            throw ValidationError("--api-base must be an http:// or https:// URL")
        }
        guard let poll = try parseDuration(pollEvery, flag: "--poll-every"), poll >= 60_000 else {
            throw ValidationError("--poll-every must be at least 60s (DefiLlama's public API asks for politeness)")
        }
    }

    /// `--token`, else $CHAINTOP_TOKEN; an empty one is no token.
    var bearer: String? {
        let t = token ?? environment()["CHAINTOP_TOKEN"]
        return t?.isEmpty == false ? t : nil
    }

    func spec() throws -> SourceSpec {
        do { return try SourceSpec(parsing: source) } catch { throw ValidationError(error.description) }
    }

    /// For the batch commands: `export` reads a network source until it has caught up, `record` until stopped.
    func open(start: Int64? = nil, untilCaughtUp: Bool = false) throws -> RecordStream {
        let spec = try spec()
        if let network = try NetworkSource(spec, options: self, untilCaughtUp: untilCaughtUp) {
            return network.recordStream(failOnDrop: untilCaughtUp)
        }
        do { return try spec.open(nodes: nodes, rate: rate, start: start, scenario: scenario) } catch {
            throw Failure.input(error.description)
        }
    }
}

func parseDuration(_ text: String?, flag: String) throws -> Int64? {
    guard let text else { return nil }
    guard let d = DurationSpec(text) else {
        throw ValidationError("bad \(flag) '\(text)': use a duration such as 90s, 10m or 1h30m")
    }
    return d.millis
}

extension Scenario: ExpressibleByArgument {}
