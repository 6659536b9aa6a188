import AsyncHTTPClient
import Feed
import NIOCore
import Sources
import Store

/// One coordinator source's state between events: where it is in the log, the open stream, and
/// what is waiting to be handed out. Used only by the task that iterates the feed.
final class FeedSession {
    let feed: CoordinatorFeed
    /// The next seq wanted; nil until a snapshot has said where to start (again).
    var nextSeq: Int64?
    /// The newest seq known to be at the coordinator: from the stream's header and what arrives.
    var head: Int64 = 0
    var lastTs: Int64?
    var body: HTTPClientResponse.Body.AsyncIterator?
    var lines = FeedLines()
    var backoff: Backoff
    var pending: [SourceEvent] = []
    var sleepMillis: Int64?
    var done = false
    var relisting = false
    var lastPhase: SourcePhase?
    var lastPhaseAt: Int64 = .min
    /// Why the coordinator ended the last stream (a `stream_end` line), for the status line.
    var endReason: String?
    /// Why the last try failed, shown while the next one is under way.
    var lastDrop: String?

    init(_ feed: CoordinatorFeed) {
        self.feed = feed
        backoff = feed.backoff
    }

    func nextEvent() async -> SourceEvent? {
        while true {
            if !pending.isEmpty { return pending.removeFirst() }
            if done || Task.isCancelled { return nil }
            if let wait = sleepMillis {
                sleepMillis = nil
                do { try await Task.sleep(for: .milliseconds(wait)) } catch { return nil }
                // Trying again: the line keeps the reason until the try succeeds or fails anew.
                phase(.lost(reason: lastDrop ?? "reconnecting", retryMillis: 0), force: true)
                continue
            }
            await step()
        }
    }

    private func step() async {
        do {
            if body != nil { return try await read() }
            try await probe()
            if nextSeq == nil { try await relist() }
            try await connect()
        } catch let refused as Refused {
            phase(.lost(reason: refused.description, retryMillis: nil), force: true)
            done = true
        } catch {
            if Task.isCancelled { done = true; return }
            drop(reason: Self.describe(error))
        }
    }

    /// The stream went away: say so, and try again after a backoff.
    func drop(reason: String) {
        body = nil
        if let cut = lines.end() { pending.append(.items([cut])) }
        let wait = backoff.next()
        lastDrop = endReason ?? reason
        phase(.lost(reason: endReason ?? reason, retryMillis: wait), force: true)
        endReason = nil
        sleepMillis = wait
    }

    /// Reads one chunk of the open stream and hands out what it holds.
    private func read() async throws {
        guard var stream = body else { return }
        let chunk = try await stream.next()
        body = stream
        guard let chunk else { return drop(reason: "the coordinator closed the stream") }
        let items = take(lines.take(chunk.readableBytesView))
        if !items.isEmpty { pending.append(.items(items)) }
        reportProgress()
    }

    /// Keeps what the store should see: records in seq order from `nextSeq`, damage as damage.
    /// Headers after the first, bookmarks and repeats are not records of the log.
    func take(_ items: [FeedItem]) -> [FeedItem] {
        var kept: [FeedItem] = []
        kept.reserveCapacity(items.count)
        for item in items {
            switch item {
            case let .record(r, _):
                if case .header = r.body { continue }
                guard let seq = r.seq else { kept.append(item); continue }
                if case .bookmark = r.body { head = max(head, seq); continue }
                if let want = nextSeq, seq < want { continue }
                nextSeq = seq + 1
                head = max(head, seq)
                lastTs = r.ts
                kept.append(item)
            case let .unknown(type, _, _) where type == "stream_end":
                endReason = "the coordinator ended the stream"
            case let .unknown(type, notice, _) where type == "stream_lag":
                head = max(head, notice ?? 0)
            default:
                kept.append(item)
            }
        }
        return kept
    }

    /// Live when caught up, else how far behind; an export ends here once caught up.
    func reportProgress() {
        let applied = (nextSeq ?? 1) - 1
        let behind = max(0, head - applied)
        if behind == 0 {
            phase(.live)
            if feed.untilCaughtUp { done = true }
        } else {
            let millis = lastTs.map { max(0, feed.wall() - $0) } ?? 0
            phase(.lagging(records: Int(clamping: behind), millis: millis))
        }
    }

    /// Hands out a phase when it changes kind, and a lag's figures at most twice a second.
    func phase(_ p: SourcePhase, force: Bool = false) {
        let now = feed.wall()
        if !force, let last = lastPhase {
            if p == last { return }
            if case .lagging = p, case .lagging = last, now - lastPhaseAt < 500 { return }
        }
        lastPhase = p
        lastPhaseAt = now
        pending.append(.phase(p))
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? HTTPClientError {
            if e == .connectTimeout { return "connection timed out" }
            if e == .readTimeout { return "no data for 20 s" }
            if e == .deadlineExceeded { return "no answer (is the coordinator running?)" }
            if e == .remoteConnectionClosed { return "the coordinator closed the connection" }
        }
        let text = (error as? CustomStringConvertible)?.description ?? "\(error)"
        // NIO's wording ("connection reset (error set): Connection refused) (errno: 111)") reads as noise.
        if text.contains("Connection refused") { return "connection refused" }
        if text.contains("No route to host") { return "no route to host" }
        return text
    }
}
