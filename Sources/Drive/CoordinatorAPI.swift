import AsyncHTTPClient
import Engine
import Feed
import NIOCore
import NIOHTTP1

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The coordinator's HTTP API as the driver speaks it (docs/coordinator.md): tokens, records, tasks,
/// work. Each call is one request; every failure is an `APIError` that says whether to try again.
struct CoordinatorAPI: Sendable {
    let base: String
    let http: HTTPClient
    /// A write is answered once it is durable: a slow disk under load must not count as a lost server.
    var timeout: TimeAmount = .seconds(30)

    /// One answer line of `POST /v1/records`.
    enum LineAnswer: Sendable, Equatable {
        case accepted(seq: Int64)
        case refused(String)
    }

    func health() async throws(APIError) {
        _ = try await send(.GET, "/healthz", token: nil, body: nil)
    }

    /// `POST /v1/tokens` as `caller`; the new token.
    func issueToken(role: String, operatorID: String? = nil, node: String? = nil, caller: String) async throws(APIError) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("role", role)
        w.field("operator", operatorID)
        w.field("node", node)
        w.endObject()
        struct Issued: Decodable { var token: String }
        return try decode(Issued.self, try await send(.POST, "/v1/tokens", token: caller, body: w.bytes)).token
    }

    /// `POST /v1/records`: one answer per record, in order.
    func post(_ bodies: [RecordBody], token: String, now: Int64) async throws(APIError) -> [LineAnswer] {
        var w = JSONWriter(capacity: 160 * bodies.count)
        for body in bodies {
            // No seq: the coordinator gives it. ts is the wall clock the record was sent at.
            w.record(FeedRecord(seq: nil, ts: now, body: body))
            w.rawAppend(0x0A)
        }
        let reply = try await send(.POST, "/v1/records", token: token, body: w.bytes)
        struct Line: Decodable { var seq: Int64?; var refused: String? }
        var answers: [LineAnswer] = []
        for line in reply.split(separator: 0x0A) where !line.isEmpty {
            let decoded = try decode(Line.self, Array(line))
            answers.append(decoded.seq.map { .accepted(seq: $0) } ?? .refused(decoded.refused ?? "refused"))
        }
        guard answers.count == bodies.count else {
            throw .unreadable("\(answers.count) answers to \(bodies.count) records")
        }
        return answers
    }

    /// `POST /v1/tasks`: queues the tasks (they are placed by the coordinator).
    func submit(_ tasks: [TaskSpec], token: String) async throws(APIError) {
        var w = JSONWriter(capacity: 96 * tasks.count)
        w.beginObject()
        w.key("tasks")
        w.beginArray()
        for t in tasks {
            w.beginObject()
            w.field("id", t.id); w.field("cpu", t.resources.cpu); w.field("mem_gb", t.resources.memGB)
            w.field("gpus", t.resources.gpus); w.field("units", t.units); w.field("kind", t.kind)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        _ = try await send(.POST, "/v1/tasks", token: token, body: w.bytes)
    }

    /// `POST /v1/work`: the node's tasks assigned and not yet running.
    func work(token: String) async throws(APIError) -> [Assignment] {
        struct Reply: Decodable { var tasks: [Assignment] }
        return try decode(Reply.self, try await send(.POST, "/v1/work", token: token, body: nil)).tasks
    }

    /// One task handed to a node (the coordinator's own type).
    typealias Assignment = TaskAssignment

    private func send(_ method: HTTPMethod, _ path: String, token: String?, body: [UInt8]?) async throws(APIError) -> [UInt8] {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: path == "/v1/records" ? "application/x-ndjson" : "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let status: Int
        let bytes: ByteBuffer
        do {
            let response = try await http.execute(request, timeout: timeout)
            status = Int(response.status.code)
            bytes = try await response.body.collect(upTo: 64 << 20)
        } catch {
            throw APIError.unreachable(from: error)
        }
        let data = Array(bytes.readableBytesView)
        guard (200..<300).contains(status) else { throw APIError.status(status, Self.message(in: data)) }
        return data
    }

    private func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws(APIError) -> T {
        do { return try JSONDecoder().decode(type, from: Data(bytes)) } catch { throw .unreadable("\(error)") }
    }

    /// The coordinator's reason: `{"error": "…", "lines": [{"reason": …}]}` or hummingbird's
    /// `{"error": {"message": "…"}}`; otherwise the start of the body.
    static func message(in body: [UInt8]) -> String {
        struct Problem: Decodable { var reason: String }
        struct Flat: Decodable { var error: String; var lines: [Problem]? }
        struct Nested: Decodable { struct Inner: Decodable { var message: String }; var error: Inner }
        if let flat = try? JSONDecoder().decode(Flat.self, from: Data(body)) {
            guard let first = flat.lines?.first else { return flat.error }
            return flat.error + " (first: " + first.reason + ")"
        }
        if let nested = try? JSONDecoder().decode(Nested.self, from: Data(body)) { return nested.error.message }
        let text = String(decoding: body.prefix(200), as: UTF8.self).split(whereSeparator: \.isNewline).joined(separator: " ")
        return text.isEmpty ? "(no message)" : text
    }
}
