import Feed
import Foundation
import TestSupport
import Hummingbird
import HummingbirdTesting
import Importers
import Remote
import Synchronization
import Testing

/// Virtual time: a sleep moves the clock on at once, and each is remembered.
final class ManualClock: PollClock {
    let time: Mutex<Int64>
    let sleeps = Mutex<[Int64]>([])
    init(_ start: Int64) { time = Mutex(start) }
    func now() -> Int64 { time.withLock { $0 } }
    func sleep(until millis: Int64) async throws {
        try Task.checkCancellation()
        sleeps.withLock { $0.append(millis) }
        time.withLock { $0 = max($0, millis) }
    }
}

/// What the test server does with the next request to a path.
enum Step: Sendable { case ok, status(Int, retryAfter: String?), truncated, changedShape, slow }

/// The recorded DefiLlama answers, served with an ETag, and a script of failures per path.
final class Script: Sendable {
    let steps: Mutex<[String: [Step]]>
    /// A slow answer waits for this, so that it is slower than any timeout without a fixed sleep.
    let (released, release) = AsyncStream<Void>.makeStream()
    let seen = Mutex<[(path: String, ifNoneMatch: String?)]>([])
    init(_ steps: [String: [Step]]) { self.steps = Mutex(steps) }

    func next(_ path: String) -> Step {
        steps.withLock { all in
            guard var list = all[path], !list.isEmpty else { return .ok }
            let step = list.removeFirst()
            all[path] = list
            return step
        }
    }
}

enum Recorded {
    static let files = ["/protocols": "defillama_lite-protocols2.json", "/v2/chains": "defillama_v2_chains.json",
                        "/stablecoins": "defillama_stablecoins_ZacharyDenton_2024.json"]
    static let directory: URL? = SharedData.directory
    static func bytes(_ path: String) -> [UInt8] {
        guard let dir = directory, let name = files[path], let data = try? Data(contentsOf: dir.appendingPathComponent(name)) else { return [] }
        return Array(data)
    }
}

func server(_ script: Script) -> some ApplicationProtocol {
    let router = Router()
    for path in Recorded.files.keys {
        router.get(RouterPath(path)) { request, _ -> Response in
            let tag = request.headers[.ifNoneMatch]
            script.seen.withLock { $0.append((path, tag)) }
            let body = Recorded.bytes(path)
            switch script.next(path) {
            case .ok:
                if tag == "\"v1\"" { return Response(status: .notModified) }
                return Response(status: .ok, headers: [.eTag: "\"v1\"", .contentType: "application/json"],
                                body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
            case let .status(code, retryAfter):
                var headers = HTTPFields()
                if let retryAfter { headers[.retryAfter] = retryAfter }
                return Response(status: HTTPResponse.Status(code: code), headers: headers)
            case .truncated:
                return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body.prefix(body.count / 2))))
            case .changedShape:
                return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"chains":{"moved":true}}"#)))
            case .slow:
                for await _ in script.released { break }
                return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
            }
        }
    }
    return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
}

/// The local test server's address, for the program's own fetcher (no test reaches the internet).
func base(_ client: any TestClientProtocol) -> String { "http://127.0.0.1:\(client.port ?? 0)" }

@Suite(.enabled(if: Recorded.directory != nil, "../shared/realdata is absent (a user's clone): live poller tests skipped"))
struct PollerTests {
    static let start: Int64 = 1_780_000_000_000

    @Test func yieldsWhatTheImportersMakeOfEachAnswer() async throws {
        let script = Script([:])
        let clock = ManualClock(Self.start)
        try await server(script).test(.ahc(.http)) { client in
            var events = DefiLlamaPoller(apiBase: base(client), fetcher: HTTPClientFetcher(), clock: clock).makeAsyncIterator()
            var seq: Int64 = 0
            for endpoint in PollEndpoint.defiLlama {
                guard case let .records(got, records)? = await events.next() else { Issue.record("no records"); return }
                #expect(got == endpoint)
                var o = ImportOptions()
                o.time = Self.start
                let path = String(endpoint.path.split(separator: "?")[0])
                let expected = try Importer.run(endpoint.kind, [ImportFile(name: endpoint.path, bytes: Recorded.bytes(path))], options: o)
                #expect(records.map(\.body) == expected.records.map(\.body))
                #expect(records.allSatisfy { $0.ts == Self.start })
                // Numbered on across answers, so the stream's seq only grows.
                #expect(records.first?.seq == seq + 1)
                seq = records.last?.seq ?? seq
            }
            // Five minutes later each is asked again, conditionally, and has not changed.
            guard case .unchanged? = await events.next() else { Issue.record("expected 304"); return }
            #expect(clock.now() == Self.start + DefiLlamaPoller.defaultInterval)
            #expect(script.seen.withLock { $0.last?.ifNoneMatch } == "\"v1\"")
        }
    }

    @Test func failuresAreReportedAndRetriedWithBackoff() async throws {
        let script = Script(["/v2/chains": [.status(429, retryAfter: "600"), .status(503, retryAfter: nil), .truncated,
                                            .changedShape, .slow, .ok]])
        let clock = ManualClock(Self.start)
        let chains = [PollEndpoint(path: "/v2/chains", kind: .defillamaChains)]
        try await server(script).test(.ahc(.http)) { client in
            // Real time bounds a request; 20 s is far beyond a local answer even on a loaded machine (2 s was
            // not, once), and the slow answer waits for its release, so the poller's timeout is what ends it
            // (the program's fetcher sets no deadline of its own; the test framework's client did, at 15 s).
            let poller = DefiLlamaPoller(apiBase: base(client), interval: 10_000, endpoints: chains, fetcher: HTTPClientFetcher(),
                                         clock: clock, timeout: .seconds(20))
            var events = poller.makeAsyncIterator()
            var reasons: [String] = []
            var retries: [Int64] = []
            for _ in 0..<5 {
                guard case let .failed(_, reason, retryAt)? = await events.next() else { Issue.record("expected a failure"); return }
                reasons.append(reason)
                retries.append(retryAt - clock.now())
            }
            script.release.finish()
            #expect(reasons[0].contains("429") && reasons[1].contains("503") && reasons[2].contains("not JSON")
                    && reasons[3].contains("expected a list") && reasons[4].contains("timed out"), "\(reasons)")
            // Retry-After (600 s) beats the first backoff; then 120, 240, 480, 960 s.
            #expect(retries == [600_000, 120_000, 240_000, 480_000, 960_000])
            guard case let .records(_, records)? = await events.next() else { Issue.record("expected records"); return }
            #expect(records.count == 450)
            // The interval asked for (10 s) is raised to the polite minimum.
            guard case .unchanged? = await events.next() else { Issue.record("expected 304"); return }
            let sleeps = clock.sleeps.withLock { $0 }
            #expect(sleeps.count >= 2 && sleeps[sleeps.count - 1] - sleeps[sleeps.count - 2] == DefiLlamaPoller.minimumInterval)
        }
    }
}
