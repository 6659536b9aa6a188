import Feed
import Foundation
import Hummingbird
import HummingbirdTesting
import Importers
import Remote
import Sources
import Store
import Testing
import TestSupport

/// `--source defillama` against a local server that serves the recorded answers: the dashboard's
/// events, and the dashboard itself in tmux. No test reaches the internet.
@Suite(.ownThread, .serialized, .enabled(if: Recorded.directory != nil, "../shared/realdata is absent (a user's clone): live source tests skipped"))
struct DefiLlamaSourceTests {
    static func wall() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// The events up to the first that `stop` accepts (or `limit` events).
    func events(_ source: DefiLlamaSource, limit: Int = 20, stop: (SourceEvent) -> Bool) async -> [SourceEvent] {
        var out: [SourceEvent] = []
        for await event in source {
            out.append(event)
            if stop(event) || out.count >= limit { break }
        }
        return out
    }

    func store(_ events: [SourceEvent]) -> Store {
        var store = Store()
        for case let .items(batch) in events { for item in batch { store.ingest(item) } }
        return store
    }

    @Test func eachAnswerBecomesRecordsAndTheSourceIsLive() async throws {
        try await server(Script([:])).test(.ahc(.http)) { client in
            let source = DefiLlamaSource(apiBase: base(client), wall: Self.wall)
            var answers = 0
            let got = await events(source) { event in
                if case .items = event { answers += 1 }
                return answers == 4  // the header, then the three endpoints
            }
            let state = store(got).state
            #expect(state.tvl.protocols.count > 100, "protocols from /protocols")
            #expect(state.stablecoins.coins.count > 10, "stablecoins from /stablecoins")
            #expect(store(got).input.malformed == 0)
            #expect(got.contains { if case .phase(.live) = $0 { true } else { false } })
        }
    }

    @Test func aFailingEndpointIsSaidAndTheOthersStillArrive() async throws {
        try await server(Script(["/protocols": [.status(503, retryAfter: nil)]])).test(.ahc(.http)) { client in
            let source = DefiLlamaSource(apiBase: base(client), wall: Self.wall)
            var answers = 0
            let got = await events(source) { event in
                if case .items = event { answers += 1 }
                return answers == 3  // the header, /v2/chains and /stablecoins
            }
            let lost = got.compactMap { event -> (String, Int64?)? in
                if case let .phase(.lost(reason, retry)) = event { (reason, retry) } else { nil }
            }
            #expect(lost.first?.0 == "/protocols: HTTP 503", "\(lost)")
            #expect((lost.first?.1 ?? 0) >= 50_000, "retried after a backoff of a minute or more, not at once")
            #expect(!got.contains { if case .phase(.live) = $0 { true } else { false } }, "not live while one endpoint fails")
            #expect(store(got).state.stablecoins.coins.count > 10, "the others' data arrives")
        }
    }

    @Test func theDashboardShowsRealDataAndAFailureInItsStatusLine() async throws {
        guard Tmux.available, Binary.url != nil else { return }
        try await server(Script(["/v2/chains": [.status(429, retryAfter: "600")]])).test(.ahc(.http)) { client in
            let tmux = Tmux()
            defer { tmux.stop() }
            tmux.launch("--source defillama --api-base \(base(client))")
            let s = await tmux.waitUntil(seconds: 30) { $0.contains("USDT") && $0.contains("HTTP 429") }
            #expect(s.contains("USDT"), "real stablecoins on the screen: \(s)")
            #expect(s.contains("reconnecting in") && s.contains("/v2/chains: HTTP 429"), "the failure in the status line: \(s)")
            tmux.keys("5")
            let tvl = await tmux.wait(for: "Lido")
            #expect(tvl.contains("Lido") || tvl.contains("AAVE") || tvl.contains("Aave"), "real protocols in TVL: \(tvl)")
            tmux.keys("q")
            await tmux.expectRestored("after q")
        }
    }
}
