import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization

/// `--clients` feed streams while one writer posts `--rate` heartbeats a second stamped with the time
/// they were sent; each client measures how long after that a record reaches it.
struct Streams: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Lag of many streaming clients at a given write rate.")
    @OptionGroup var target: Target
    @Option(help: "Streaming clients.")
    var clients = 100
    @Option(help: "Records written per second by this process (0: none; another process writes, and lag counts from the coordinator's stamp).")
    var rate = 10_000

    func run() async throws {
        guard clients > 0, clients <= 1000, rate >= 0, rate <= 200_000 else {
            throw ValidationError("--clients must be 1 to 1000 and --rate 0 to 200,000")
        }
        let http = HTTPClient(eventLoopGroupProvider: .singleton,
                              configuration: .init(timeout: .init(connect: .seconds(5), read: .seconds(60)),
                                                   connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: clients + 8)))
        try await target.register(http)
        let head = try await currentHead(http)
        let lags = Lags()
        let deadline = ContinuousClock.now + .milliseconds(Int64(target.duration * 1000))
        let written = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<clients {
                group.addTask { (try? await stream(http, from: head + 1, lags: lags)) ?? 0 }
            }
            let written = rate > 0 ? try await write(http, until: deadline) : 0
            if rate == 0 { try await Task.sleep(until: deadline, clock: .continuous) }
            // Give the last records a second to arrive, then end the streams.
            try await Task.sleep(for: .seconds(1))
            group.cancelAll()
            return written
        }
        let all = lags.all
        try await http.shutdown()
        print("streams: \(clients) clients, \(written) records written at \(rate)/s target over \(target.duration) s; \(all.count) deliveries")
        print("lag from write to client (record ts to arrival): \(Percentiles(millis: all))")
    }

    private func currentHead(_ http: HTTPClient) async throws -> Int64 {
        var request = HTTPClientRequest(url: target.url + "/v1/status")
        request.headers.add(name: "Authorization", value: "Bearer \(target.token)")
        let response = try await http.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 256 << 20)
        let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
        return object?["seq"] as? Int64 ?? 0
    }

    /// Writes `rate` heartbeats a second from 4 writers, each a batch every 10 ms stamped with its send
    /// time (one writer waiting for its answers fell behind the rate).
    private func write(_ http: HTTPClient, until deadline: ContinuousClock.Instant) async throws -> Int {
        let writers = 4
        let perTick = max(1, rate / 100 / writers)
        return try await withThrowingTaskGroup(of: Int.self) { group in
            for w in 0..<writers {
                group.addTask {
                    var written = 0
                    var tick = ContinuousClock.now + .milliseconds(Int64(w * 10 / writers))
                    while ContinuousClock.now < deadline {
                        try await Task.sleep(until: tick, clock: .continuous)  // pacing to the asked-for rate
                        let now = wallMillis()
                        let lines = (0..<perTick).map { heartbeat((w * perTick + $0) % target.nodes, ts: now) }
                        let (status, _) = try await target.post(http, lines)
                        if status == 200 { written += perTick }
                        tick += .milliseconds(10)
                        if tick < .now { tick = .now }  // a late answer is not made up with a burst
                    }
                    return written
                }
            }
            var total = 0
            for try await n in group { total += n }
            return total
        }
    }

    /// One client: JSON Lines from `from`; records the lag of every heartbeat it receives.
    private func stream(_ http: HTTPClient, from: Int64, lags: Lags) async throws -> Int {
        var request = HTTPClientRequest(url: target.url + "/v1/feed?from=\(from)")
        request.headers.add(name: "Authorization", value: "Bearer \(target.token)")
        let response = try await http.execute(request, timeout: .seconds(60))
        var pending = ByteBuffer()
        var consumed = 0
        for try await var chunk in response.body {
            let arrived = Date().timeIntervalSince1970 * 1000
            pending.writeBuffer(&chunk)
            var mine: [Double] = []
            pending.withUnsafeReadableBytes { bytes in
                var start = 0
                while let newline = bytes[start...].firstIndex(of: 0x0A) {
                    if let ts = Self.heartbeatTimestamp(UnsafeRawBufferPointer(rebasing: bytes[start..<newline])) {
                        mine.append(max(0, arrived - Double(ts)))
                    }
                    start = newline + 1
                }
                consumed = start
            }
            pending.moveReaderIndex(forwardBy: consumed)
            pending.discardReadBytes()
            lags.add(mine)
        }
        return 0
    }

    /// The `ts` of a heartbeat line, read from its bytes: 100 clients at 10,000 records a second are a
    /// million lines a second for this one process, too many to make Strings of.
    static func heartbeatTimestamp(_ line: UnsafeRawBufferPointer) -> Int64? {
        let prefix: [UInt8] = Array(#"{"type":"heartbeat""#.utf8)
        let key: [UInt8] = Array(#""ts":"#.utf8)
        guard line.count > prefix.count, line.prefix(prefix.count).elementsEqual(prefix) else { return nil }
        var i = prefix.count
        while i + key.count <= line.count {
            if line[i] == 0x22, line[(i)..<(i + key.count)].elementsEqual(key) {
                var value: Int64 = 0
                var j = i + key.count
                while j < line.count, line[j] >= 0x30, line[j] <= 0x39, value < Int64.max / 10 - 10 {
                    value = value * 10 + Int64(line[j] - 0x30)
                    j += 1
                }
                return value
            }
            i += 1
        }
        return nil
    }
}

/// Every client's lag samples, gathered as they arrive (a cancelled stream keeps what it measured).
final class Lags: Sendable {
    private let samples = Mutex<[Double]>([])
    func add(_ more: [Double]) { samples.withLock { $0 += more } }
    var all: [Double] { samples.withLock { $0 } }
}
