import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A small client of the coordinator for the tests: writes, and the feed as one AsyncSequence of
/// (seq, line) that reconnects after a dropped connection from the last seq it delivered.
struct CoordinatorClient: Sendable {
    let base: String
    let token: String
    let http: HTTPClient

    struct Reply: Sendable { var status: Int; var body: String }

    func send(_ method: HTTPMethod, _ path: String, _ body: String? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await http.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: Int(response.status.code), body: String(buffer: bytes))
    }

    /// Posts JSON Lines and returns the seq of each accepted line (nil for refused ones).
    func post(records lines: [String]) async throws -> [Int64?] {
        let reply = try await send(.POST, "/v1/records", lines.joined(separator: "\n"))
        guard reply.status == 200 else { throw ClientError(description: "POST /v1/records: \(reply.status) \(reply.body)") }
        return reply.body.split(separator: "\n").map { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["seq"] as? Int64
        }
    }

    func token(_ body: String) async throws -> String {
        let reply = try await send(.POST, "/v1/tokens", body)
        let object = try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any]
        guard let token = object?["token"] as? String else { throw ClientError(description: "token: \(reply.body)") }
        return token
    }

    /// The feed from `from` on, as SSE, resuming with Last-Event-ID after every drop.
    /// `dropEvery` closes the connection on purpose after that many records (forced disconnects).
    func feed(from: Int64, dropEvery: Int? = nil) -> FeedSequence { FeedSequence(client: self, from: from, dropEvery: dropEvery) }
}

struct ClientError: Error, CustomStringConvertible { let description: String }
struct GapError: Error, CustomStringConvertible { let description: String }

/// One feed record as a client sees it.
struct FeedLine: Sendable, Equatable { var seq: Int64; var line: String }

struct FeedSequence: AsyncSequence, Sendable {
    typealias Element = FeedLine
    let client: CoordinatorClient
    let from: Int64
    let dropEvery: Int?

    func makeAsyncIterator() -> AsyncThrowingStream<FeedLine, any Error>.Iterator {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: FeedLine.self, bufferingPolicy: .bufferingOldest(1 << 16))
        let task = Task(executorPreference: ThreadExecutor.current) {
            var next = from
            var connections = 0
            while !Task.isCancelled {
                connections += 1
                do {
                    next = try await connect(from: next, to: continuation)
                } catch is CancellationError {
                    break
                } catch let gap as GapError {
                    continuation.finish(throwing: gap)
                    return
                } catch {
                    if connections > 10_000 { continuation.finish(throwing: error); return }
                }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream.makeAsyncIterator()
    }

    /// One connection: yields records until it drops (or is dropped on purpose); returns the next seq.
    private func connect(from: Int64, to continuation: AsyncThrowingStream<FeedLine, any Error>.Continuation) async throws -> Int64 {
        var request = HTTPClientRequest(url: client.base + "/v1/feed")
        request.headers.add(name: "Authorization", value: "Bearer \(client.token)")
        request.headers.add(name: "Accept", value: "text/event-stream")
        if from > 1 { request.headers.add(name: "Last-Event-ID", value: String(from - 1)) } else {
            request = HTTPClientRequest(url: client.base + "/v1/feed?from=\(from)&format=sse")
            request.headers.add(name: "Authorization", value: "Bearer \(client.token)")
        }
        let response = try await client.http.execute(request, timeout: .seconds(60))
        guard response.status == .ok else { throw ClientError(description: "feed: \(response.status)") }
        var next = from
        var pending = ""
        var received = 0
        var id: Int64?
        for try await chunk in response.body {
            pending += String(buffer: chunk)
            while let newline = pending.firstIndex(of: "\n") {
                let line = String(pending[..<newline])
                pending.removeSubrange(...newline)
                if line.hasPrefix("id: ") { id = Int64(line.dropFirst(4)) }
                guard line.hasPrefix("data: ") else { if line.isEmpty { id = nil }; continue }
                let data = String(line.dropFirst(6))
                guard let seq = id, !data.contains(#""type":"bookmark""#) else { continue }
                guard seq == next else { throw GapError(description: "gap or repeat: got \(seq), wanted \(next)") }
                continuation.yield(FeedLine(seq: seq, line: data))
                next += 1
                received += 1
                if let dropEvery, received >= dropEvery { return next }  // leaving the loop closes the connection
            }
        }
        return next
    }
}
