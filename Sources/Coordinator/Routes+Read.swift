import Feed
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle

extension Routes {
    /// The header line every stream and snapshot starts with.
    var header: [UInt8] {
        var w = JSONWriter()
        w.record(FeedRecord(seq: nil, ts: server.started, body: .header(Header(source: "coordinator", created: server.started))))
        return w.bytes
    }

    /// `GET /v1/snapshot`: the header and the state as one `snapshot` record, as of a durable seq.
    /// A client then streams from the snapshot's seq + 1.
    func snapshot(_ request: Request, _ context: CoordinatorContext) async throws -> Response {
        try context.requireReader(publicRead: server.config.publicRead)
        var bytes = header + [0x0A]
        if let record = server.state.snapshotRecord() {
            var w = JSONWriter(capacity: 1 << 16)
            w.record(record)
            bytes += w.bytes + [0x0A]
        }
        return Responses.json(.ok, bytes, type: "application/x-ndjson")
    }

    func status(_ request: Request, _ context: CoordinatorContext) async throws -> Response {
        try context.requireReader(publicRead: server.config.publicRead)
        return try Responses.encode(await server.driver.status())
    }

    func metrics(_ request: Request, _ context: CoordinatorContext) async throws -> Response {
        let m = server.metrics
        m.queueLength.set(Int64(await server.driver.queueLength))
        m.nodes.set(Int64(await server.driver.nodeCount))
        m.logSize.set((try? await server.storage.sizeBytes()) ?? 0)
        return Responses.json(.ok, m.text(), type: "text/plain; version=0.0.4")
    }

    /// `GET /v1/feed`: SSE when asked for (`Accept: text/event-stream` or `?format=sse`), else JSON Lines.
    /// Starts at `?from=SEQ`, or after `Last-Event-ID`, or at the next record; 410 if that is no longer held.
    func feed(_ request: Request, _ context: CoordinatorContext) async throws -> Response {
        try context.requireReader(publicRead: server.config.publicRead)
        let sse = request.uri.queryParameters["format"].map { $0 == "sse" }
            ?? (request.headers[.accept]?.contains("text/event-stream") ?? false)
        let head = server.tail.head
        let from = try startSeq(request, head: head)
        let oldest = try await server.storage.oldestSeq()
        guard from >= oldest else {
            throw HTTPError(.gone, message: "records before seq \(oldest) are no longer retained; read /v1/snapshot and stream from its seq + 1")
        }
        guard from <= head + 1 else { throw HTTPError(.badRequest, message: "seq \(from) is ahead of the log (last seq \(head))") }
        let stream = FeedStream(tail: server.tail, storage: server.storage, format: sse ? .sse : .jsonLines,
                                maxLag: server.config.streamMaxLag, bookmarkMillis: server.config.bookmarkMillis,
                                header: header, clock: { CoordinatorServer.wallClock() }, stopping: server.stopping)
        let (metrics, tail, stopping) = (server.metrics, server.tail, server.stopping)
        let type = sse ? "text/event-stream" : "application/x-ndjson"
        var headers: HTTPFields = [.contentType: type, .cacheControl: "no-store"]
        // The newest durable seq as the stream starts: a client that is catching up knows how far it has to go.
        if let name = HTTPField.Name("X-Chaintop-Head") { headers[name] = String(head) }
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            metrics.streamClients.increment(by: 1)
            defer { metrics.streamClients.decrement(by: 1) }
            try await withGracefulShutdownHandler {
                try await stream.run(from: from, writer: &writer, cutOff: { metrics.streamsCutOff.increment() })
            } onGracefulShutdown: {
                stopping.set()
                tail.wakeAll()
            }
            try await writer.finish(nil)
        })
    }

    private func startSeq(_ request: Request, head: Int64) throws -> Int64 {
        if let text = request.uri.queryParameters["from"] {
            guard let v = Int64(text), v >= 0 else { throw HTTPError(.badRequest, message: "'from' must be a seq (0 or more)") }
            return max(v, 1)
        }
        if let text = request.headers.first(where: { $0.name.canonicalName == "last-event-id" })?.value {
            guard let v = Int64(text), v >= 0, v < Int64.max else { throw HTTPError(.badRequest, message: "'Last-Event-ID' must be a seq") }
            return v + 1
        }
        return head + 1
    }
}
