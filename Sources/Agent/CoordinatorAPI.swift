import AsyncHTTPClient
import Feed
import FoundationEssentials
import NIOCore
import NIOHTTP1

/// The coordinator's HTTP API as the agent uses it (docs/coordinator.md).
public struct CoordinatorAPI: Sendable {
    public let base: String
    public var token: String
    let client: HTTPClient
    /// No request waits longer than this: a hung coordinator is a down one.
    public static let deadline: TimeAmount = .seconds(10)

    public init(base: String, token: String, client: HTTPClient = .shared) {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.token = token
        self.client = client
    }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        /// Could not reach it, or it answered 5xx or 429: worth retrying.
        case unavailable(String)
        /// It refused the request (4xx): retrying the same request will not help.
        case refused(status: Int, message: String)

        public var description: String {
            switch self {
            case let .unavailable(m): "coordinator unavailable: \(m)"
            case let .refused(status, m): "coordinator refused (\(status)): \(m)"
            }
        }
        public var retryable: Bool { if case .unavailable = self { true } else { false } }
    }

    /// One answer line of `POST /v1/records`.
    public enum LineAnswer: Sendable, Equatable {
        case accepted(seq: Int64)
        case refused(String)
    }

    /// Posts records as JSON Lines (`ts` is when each was made); one answer per record, in order.
    public func post(_ records: [(ts: Int64, body: RecordBody)], within deadline: TimeAmount = CoordinatorAPI.deadline) async throws(Failure) -> [LineAnswer] {
        var w = JSONWriter(capacity: 256 * records.count)
        for r in records {
            w.record(FeedRecord(seq: nil, ts: r.ts, body: r.body))
            w.rawAppend(0x0A)
        }
        let body = try await send("POST", "/v1/records", w.bytes, within: deadline)
        let answers = body.split(separator: 0x0A).map { line -> LineAnswer in
            guard let a = try? JSONDecoder().decode(Answer.self, from: Data(line)) else { return .refused("unreadable answer") }
            if let seq = a.seq { return .accepted(seq: seq) }
            return .refused(a.refused ?? "no reason given")
        }
        guard answers.count == records.count else { throw .unavailable("\(answers.count) answers to \(records.count) records") }
        return answers
    }

    private struct Answer: Decodable { var seq: Int64?; var refused: String? }

    /// A node token for `node` (an operator token issues it for itself; the admin names the operator).
    public func issueNodeToken(node: String, operatorID: String?) async throws(Failure) -> IssuedToken {
        struct Ask: Encodable { var role = "node"; var node: String; var `operator`: String? }
        let ask = (try? JSONEncoder().encode(Ask(node: node, operator: operatorID))).map { Array($0) } ?? []
        return try decode(IssuedToken.self, try await send("POST", "/v1/tokens", ask))
    }

    public struct IssuedToken: Decodable, Sendable {
        public var token: String
        public var operatorID: String?
        enum CodingKeys: String, CodingKey { case token, operatorID = "operator" }
    }

    /// The node's assigned tasks not yet running.
    public func work() async throws(Failure) -> [Assignment] {
        struct Reply: Decodable { var tasks: [Assignment] }
        return try decode(Reply.self, try await send("POST", "/v1/work", Array("{}".utf8))).tasks
    }

    /// A task as `POST /v1/work` hands it out (the coordinator's own type).
    public typealias Assignment = TaskAssignment

    func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws(Failure) -> T {
        do { return try JSONDecoder().decode(type, from: Data(bytes)) } catch {
            throw .refused(status: 200, message: "unreadable answer: \(error)")
        }
    }

    /// One request; the body of a 2xx answer, else the failure it is.
    /// async-http-client keeps retrying a refused connection until the deadline: a short deadline is
    /// what makes a coordinator that is down show as down.
    func send(_ method: String, _ path: String, _ body: [UInt8]? = nil, within deadline: TimeAmount = CoordinatorAPI.deadline) async throws(Failure) -> [UInt8] {
        var request = HTTPClientRequest(url: base + path)
        request.method = HTTPMethod(rawValue: method)
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "User-Agent", value: "chaintop-agent/\(AgentVersion.current)")
        if let body { request.body = .bytes(body) }
        let status: Int
        let bytes: [UInt8]
        do {
            let response = try await client.execute(request, timeout: deadline)
            status = Int(response.status.code)
            bytes = Array(try await response.body.collect(upTo: 64 << 20).readableBytesView)
        } catch {
            throw .unavailable("\(error)")
        }
        switch status {
        case 200..<300: return bytes
        case 429, 500...: throw .unavailable("HTTP \(status): \(Self.message(bytes))")
        default: throw .refused(status: status, message: Self.message(bytes))
        }
    }

    static func message(_ bytes: [UInt8]) -> String {
        // `{"error": "…"}` from the coordinator's own answers, `{"error": {"message": "…"}}` from HTTPError.
        struct Nested: Decodable { var message: String }
        struct Flat: Decodable { var error: String }
        struct Wrapped: Decodable { var error: Nested }
        let data = Data(bytes)
        if let flat = try? JSONDecoder().decode(Flat.self, from: data) { return flat.error }
        if let wrapped = try? JSONDecoder().decode(Wrapped.self, from: data) { return wrapped.error.message }
        return String(decoding: bytes.prefix(2000), as: UTF8.self)
    }
}

public enum AgentVersion {
    public static let current = "0.1.0"
}
