import AsyncHTTPClient
import Feed
import NIOCore
import NIOHTTP1
import Sources
import Store

extension FeedSession {
    /// The state as of a durable seq: the header and one `snapshot` record; the feed goes on after it.
    /// A re-list (the feed said 410) starts the store again from it.
    func relist() async throws {
        // A large fleet's snapshot takes a while to start; the feed's head comes at once.
        let response = try await get("/v1/snapshot", within: .seconds(60))
        var stream = response.body.makeAsyncIterator()
        var snapshot = FeedLines()
        var items: [FeedItem] = []
        while let chunk = try await stream.next() { items += snapshot.take(chunk.readableBytesView) }
        if let cut = snapshot.end() { _ = cut
            throw Unexpected(description: "the snapshot was cut off") }
        var start: Int64 = 1
        for case let .record(r, _) in items {
            if case .snapshot = r.body, let seq = r.seq { start = seq + 1; lastTs = r.ts }
        }
        if relisting {
            pending.append(.restart(Store()))
            pending.append(.note("the coordinator no longer holds seq \(nextSeq ?? 0) on: re-listed from its snapshot"))
            relisting = false
        }
        // Line numbers mean nothing over the network; the store's reports count from the first line.
        pending.append(.items(items))
        nextSeq = start
        head = max(head, start - 1)
    }

    /// Opens the feed from `nextSeq`; a 410 means it is no longer held: re-list.
    func connect() async throws {
        let from = nextSeq ?? 1
        let response = try await get("/v1/feed?from=\(from)", accept410: true, within: .seconds(10))
        if response.status == .gone {
            relisting = true
            nextSeq = nil
            return
        }
        if let text = response.headers.first(name: "X-Chaintop-Head"), let seq = Int64(text) { head = max(head, seq) }
        body = response.body.makeAsyncIterator()
        backoff.reset()
        reportProgress()
    }

    /// Is anyone there? A quick unauthenticated GET before (re)connecting, so that a coordinator that is
    /// down shows as down within seconds (async-http-client retries a refused connection until the
    /// request's deadline, and a large snapshot's deadline is long).
    func probe() async throws {
        let response = try await feed.client.execute(HTTPClientRequest(url: feed.base + "/healthz"), timeout: .seconds(5))
        _ = try await response.body.collect(upTo: 4096)
    }

    /// A GET with the token; a refused token ends the source, anything else not 200 is retried.
    /// `within` bounds the wait for the answer's head: async-http-client retries a refused connection
    /// until then, so a short one is what lets a coordinator that is down show as down.
    func get(_ path: String, accept410: Bool = false, within: TimeAmount) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: feed.base + path)
        if let token = feed.token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let response = try await feed.client.execute(request, timeout: within)
        switch response.status.code {
        case 200: return response
        case 410 where accept410: return response
        case 401, 403:
            throw Refused(description: feed.token == nil ? "the coordinator wants a token (--token or CHAINTOP_TOKEN)"
                : "the coordinator refused the token (HTTP \(response.status.code))")
        default:
            throw Unexpected(description: "\(path.split(separator: "?")[0]): HTTP \(response.status.code) \(response.status.reasonPhrase)")
        }
    }
}
