import AsyncHTTPClient
import Feed
import Foundation
import Remote
import Sources
import Store
import Testing

/// What a dashboard would have made of a coordinator feed so far: the store, and the phases it was shown.
actor Observed {
    var store = Store()
    var phases: [SourcePhase] = []
    var restarts = 0
    var ended = false
    /// Set: the reader stops pulling at the first drop (so the feed stays away) until released.
    var holdOnDrop = false
    private(set) var held = false

    func take(_ event: SourceEvent) {
        switch event {
        case let .items(batch): for item in batch { store.ingest(item) }
        case let .restart(fresh): store = fresh; restarts += 1
        case let .phase(p):
            phases.append(p)
            if holdOnDrop, case .lost = p { held = true; holdOnDrop = false }
        default: break
        }
    }
    func hold() { holdOnDrop = true }
    func pause() { held = true }
    func release() { held = false }
    func end() { ended = true }
    var seq: Int64 { store.state.seq }
    var sawRetry: Bool { phases.contains { if case .lost(_, _?) = $0 { true } else { false } } }
}

/// The dashboard's source against the real coordinator: snapshot, stream, resume across a kill -9,
/// re-list after 410, a refused token.
@Suite(.ownThread, .serialized) struct RemoteFeedTests {
    let http = EndToEndTests.http
    static let quick = Backoff(initialMillis: 50, maximumMillis: 400)

    func watch(_ c: CoordinatorProcess, token: String?) -> (Observed, Task<Void, Never>) {
        let seen = Observed()
        let feed = CoordinatorFeed(base: c.url, token: token, backoff: Self.quick, wall: { Int64(Date().timeIntervalSince1970 * 1000) })
        let task = Task(executorPreference: ThreadExecutor.current) {
            for await event in feed {
                await seen.take(event)
                while await seen.held, !Task.isCancelled { try? await Task.sleep(for: .milliseconds(10)) }
            }
            await seen.end()
        }
        return (seen, task)
    }

    /// Waits (polling, with a deadline) until `condition` holds.
    func eventually(_ what: String, seconds: Double = 60, _ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while true {  // looked at once more after the deadline
            if try await condition() { return }
            guard Date() < deadline else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("timed out waiting until \(what)")
        throw CoordinatorProcess.Failure(description: what)
    }

    /// Posts `n` heartbeats for each node; returns the last seq acknowledged.
    func beat(_ w: CoordinatorClient, nodes: Int, rounds: Int, ts: Int64) async throws -> Int64 {
        var last: Int64 = 0
        for round in 0..<rounds {
            let lines = (0..<nodes).map { #"{"type":"heartbeat","id":"n\#($0)","ts":\#(ts + Int64(round)),"cpu":0.\#($0 % 9 + 1),"mem":0.5,"tasks":0}"# }
            last = max(last, try await w.post(records: lines).compactMap { $0 }.max() ?? 0)
        }
        return last
    }

    /// The status of a GET whose body is not read (a stream would go on).
    func statusOnly(_ w: CoordinatorClient, _ path: String) async throws -> Int {
        var request = HTTPClientRequest(url: w.base + path)
        request.headers.add(name: "Authorization", value: "Bearer \(w.token)")
        return Int(try await http.execute(request, timeout: .seconds(10)).status.code)
    }

    /// The coordinator's own state as of its latest durable seq.
    func snapshotDigest(_ w: CoordinatorClient) async throws -> (seq: Int64, digest: UInt64) {
        let answer = try await w.send(.GET, "/v1/snapshot")
        var store = Store()
        var decoder = RecordDecoder()
        for line in answer.body.split(separator: "\n") {
            if case let .record(r) = decoder.decode(String(line)) { store.ingest(.record(r, line: 0)) }
        }
        return (store.state.seq, store.state.digest)
    }

    /// Waits until the feed has applied everything the coordinator holds; returns its seq and digest.
    func catchUp(_ seen: Observed, _ w: CoordinatorClient) async throws -> (seq: Int64, digest: UInt64) {
        let truth = try await snapshotDigest(w)
        try await eventually("caught up with seq \(truth.seq)") { await seen.seq == truth.seq }
        return truth
    }

    /// A coordinator with `nodes` beating, a feed caught up with it, then the coordinator killed
    /// (kill -9) and, once the feed shows the drop, started again on its port with `rounds` more beats.
    /// `away`: the feed does not try again until everything is written (and, `gone`, its place is no longer held: 410).
    func crashAndRestart(nodes: Int, rounds: Int, arguments: [String] = [], away: Bool = false, gone: Bool = false) async throws -> (Observed, Task<Void, Never>, CoordinatorClient, CoordinatorProcess) {
        var c = try await CoordinatorProcess(arguments: arguments)
        var w = CoordinatorClient(base: c.url, token: c.admin, http: http)
        _ = try await w.post(records: (0..<nodes).map { nodeLine("n\($0)", "op-\($0 % 4)") })
        _ = try await beat(w, nodes: nodes, rounds: 5, ts: 10_000)
        let (seen, task) = watch(c, token: c.admin)
        _ = try await catchUp(seen, w)
        let port = c.port
        if away { await seen.hold() }
        await c.kill9()
        try await eventually("the drop is shown with the next try") { await seen.sawRetry }
        c = try await CoordinatorProcess(directory: c.directory, arguments: arguments + ["--listen", "127.0.0.1:\(port)"])
        w = CoordinatorClient(base: c.url, token: c.admin, http: http)
        _ = try await beat(w, nodes: nodes, rounds: rounds, ts: 20_000)
        if gone {
            let from = await seen.seq + 1
            // The snapshot that lets the log be trimmed is written off the commit path: wait for it.
            try await eventually("seq \(from) is no longer held") { try await statusOnly(w, "/v1/feed?from=\(from)") == 410 }
        }
        await seen.release()
        return (seen, task, w, c)
    }

    @Test func resumesAcrossAKill9WithNoGapAndNoRepeat() async throws {
        let (seen, task, w, c) = try await crashAndRestart(nodes: 20, rounds: 50)
        defer { task.cancel() }
        let truth = try await catchUp(seen, w)
        let store = await seen.store
        #expect(store.input.gaps == 0 && store.input.stale == 0 && store.input.malformed == 0, "no gap, no repeat: \(store.input)")
        #expect(store.state.digest == truth.digest, "the same state as the coordinator's")
        #expect(await seen.restarts == 0, "resumed, not re-listed")
        #expect(await seen.phases.last == .live)
        _ = await c.stop()
    }

    @Test func aFeedTooOldToResumeIsReListedFromTheSnapshot() async throws {
        // While the feed is away, far more is written than the coordinator keeps behind its snapshots.
        let (seen, task, w, c) = try await crashAndRestart(nodes: 10, rounds: 60, arguments: ["--retain", "10", "--snapshot-every", "100"],
                                                           away: true, gone: true)
        defer { task.cancel() }
        let truth = try await catchUp(seen, w)
        #expect(await seen.restarts >= 1, "started again from a snapshot")
        #expect(await seen.store.state.digest == truth.digest)
        _ = await c.stop()
    }

    @Test func catchingUpAfterADropIsShownAsLagInRecordsThenLive() async throws {
        let (seen, task, w, c) = try await crashAndRestart(nodes: 50, rounds: 200, away: true)
        defer { task.cancel() }
        _ = try await catchUp(seen, w)
        let lags = await seen.phases.compactMap { if case let .lagging(records, _) = $0 { records } else { nil } }
        #expect(lags.contains { $0 > 1000 }, "10,000 records to catch up were shown as lag: \(lags)")
        #expect(await seen.phases.last == .live)
        _ = await c.stop()
    }

    @Test func aRefusedTokenEndsTheSourceWithTheReason() async throws {
        let c = try await CoordinatorProcess()
        let (seen, task) = watch(c, token: "ct_not-a-token")
        defer { task.cancel() }
        try await eventually("the source ends") { await seen.ended }
        let last = await seen.phases.last
        guard case let .lost(reason, retry)? = last else { Issue.record("expected lost, got \(String(describing: last))"); return }
        #expect(reason.contains("refused the token") && retry == nil)
        let (anonymous, other) = watch(c, token: nil)
        defer { other.cancel() }
        try await eventually("the tokenless source ends") { await anonymous.ended }
        guard case let .lost(why, _)? = await anonymous.phases.last else { Issue.record("expected lost"); return }
        #expect(why.contains("wants a token"))
        _ = await c.stop()
    }
}
