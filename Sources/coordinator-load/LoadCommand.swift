import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore

/// A load generator for docs/perf.md: loopback only, bounded in time and count, stops by itself.
@main
struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator-load",
        abstract: "Load a chaintop-coordinator on this machine and report rates and latencies.",
        subcommands: [Heartbeats.self, Streams.self])
}

/// What every run needs: where the coordinator is and how long to go on.
struct Target: ParsableArguments {
    @Option(help: "Coordinator URL (loopback only).")
    var url = "http://127.0.0.1:7700"
    @Option(help: "Admin token (the contents of DIR/admin.token).")
    var token: String
    @Option(help: "Seconds to run (at most 120).")
    var duration: Double = 10
    @Option(help: "Nodes to register and beat for.")
    var nodes = 1000

    func validate() throws {
        guard let host = URL(string: url)?.host, ["127.0.0.1", "localhost", "::1"].contains(host) else {
            throw ValidationError("--url must be on loopback (127.0.0.1, localhost or ::1)")
        }
        guard duration > 0, duration <= 120 else { throw ValidationError("--duration must be 0 to 120 seconds") }
        guard nodes > 0, nodes <= 1_000_000 else { throw ValidationError("--nodes must be 1 to 1,000,000") }
    }

    /// Posts JSON Lines as the admin; the status and the time until the answer (the records are durable then).
    func post(_ http: HTTPClient, _ lines: [String]) async throws -> (Int, Duration) {
        var request = HTTPClientRequest(url: url + "/v1/records")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.body = .bytes(ByteBuffer(string: lines.joined(separator: "\n")))
        let start = ContinuousClock.now
        let response = try await http.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), ContinuousClock.now - start)
    }

    /// Registers `nodes` nodes (in batches of 5000).
    func register(_ http: HTTPClient) async throws {
        let all = (0..<nodes).map { i in
            #"{"type":"node","id":"load-\#(i)","operator":"op-\#(i % 50)","region":"eu-west","class":"server","cpu_cores":16,"mem_gb":64,"gpus":0,"version":"load"}"#
        }
        for start in stride(from: 0, to: all.count, by: 5000) {
            let (status, _) = try await post(http, Array(all[start..<min(all.count, start + 5000)]))
            guard status == 200 else { throw ValidationError("registering nodes: HTTP \(status)") }
        }
    }
}

func heartbeat(_ node: Int, ts: Int64? = nil) -> String {
    let stamp = ts.map { #","ts":\#($0)"# } ?? ""
    return #"{"type":"heartbeat","id":"load-\#(node)"\#(stamp),"cpu":0.42,"mem":0.37,"tasks":0}"#
}

func wallMillis() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

/// Latency figures of a run, in milliseconds.
struct Percentiles: CustomStringConvertible {
    var samples: [Double]

    init(_ durations: [Duration]) {
        samples = durations.map { Double($0.components.seconds) * 1000 + Double($0.components.attoseconds) / 1e15 }.sorted()
    }

    init(millis: [Double]) { samples = millis.sorted() }

    func at(_ q: Double) -> Double {
        guard !samples.isEmpty else { return .nan }
        return samples[min(samples.count - 1, Int((Double(samples.count) * q).rounded(.down)))]
    }

    var description: String {
        String(format: "p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d samples)", at(0.5), at(0.99), samples.last ?? .nan, samples.count)
    }
}
