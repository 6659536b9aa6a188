import ArgumentParser
import AsyncHTTPClient
import Foundation

/// Heartbeats as fast as they are acknowledged: `--batch` per request from `--concurrency` writers.
struct Heartbeats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Heartbeats/s accepted and durably committed, with request latency.")
    @OptionGroup var target: Target
    @Option(help: "Heartbeats per request (1 measures single-heartbeat requests).")
    var batch = 1000
    @Option(help: "Requests in flight at once.")
    var concurrency = 8
    @Option(help: "Heartbeats a second to offer in all (0: as fast as they are acknowledged).")
    var rate = 0
    @Flag(help: "Skip registering the nodes (already registered by an earlier run).")
    var registered = false

    func run() async throws {
        guard batch > 0, batch <= 100_000, concurrency > 0, concurrency <= 512 else {
            throw ValidationError("--batch must be 1 to 100,000 and --concurrency 1 to 512")
        }
        let http = HTTPClient(eventLoopGroupProvider: .singleton,
                              configuration: .init(connectionPool: .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)))
        if !registered { try await target.register(http) }
        let deadline = ContinuousClock.now + .milliseconds(Int64(target.duration * 1000))
        let start = ContinuousClock.now
        let results = try await withThrowingTaskGroup(of: ([Duration], Int, Int).self) { group in
            for w in 0..<concurrency {
                group.addTask { try await writer(w, http, until: deadline) }
            }
            var all: ([Duration], Int, Int) = ([], 0, 0)
            for try await r in group { all.0 += r.0; all.1 += r.1; all.2 += r.2 }
            return all
        }
        let seconds = Double((ContinuousClock.now - start).components.seconds) + Double((ContinuousClock.now - start).components.attoseconds) / 1e18
        let accepted = results.1
        try await http.shutdown()
        print(String(format: "heartbeats: %d accepted in %.1f s = %.0f/s; %d requests = %.0f req/s; batch %d, concurrency %d; refused or failed requests %d",
                     accepted, seconds, Double(accepted) / seconds, results.0.count, Double(results.0.count) / seconds,
                     batch, concurrency, results.2))
        print("request latency (acknowledged = durable): \(Percentiles(results.0))")
    }

    /// One writer: requests back to back until the deadline; latencies, heartbeats accepted, failures.
    private func writer(_ w: Int, _ http: HTTPClient, until deadline: ContinuousClock.Instant) async throws -> ([Duration], Int, Int) {
        var latencies: [Duration] = []
        var accepted = 0, failed = 0
        var next = w * batch
        // Paced: each writer sends its share of `rate` on a fixed schedule (a late answer is not made up).
        let period: Duration? = rate > 0 ? .nanoseconds(Int64(1e9 * Double(batch * concurrency) / Double(rate))) : nil
        var due = ContinuousClock.now
        while ContinuousClock.now < deadline {
            if let period {
                due += period
                if due > .now { try await Task.sleep(until: due, clock: .continuous) } else { due = .now }
            }
            let lines = (0..<batch).map { heartbeat((next + $0) % target.nodes) }
            next += batch * concurrency
            let (status, took) = try await target.post(http, lines)
            latencies.append(took)
            if status == 200 { accepted += batch } else { failed += 1 }
        }
        return (latencies, accepted, failed)
    }
}
