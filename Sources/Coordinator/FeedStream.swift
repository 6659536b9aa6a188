import Feed
import Hummingbird
import NIOCore
import Synchronization

/// One client's stream of the log: records from a seq on, as Server-Sent Events (`id:` is the seq)
/// or JSON Lines, with a bookmark while quiet. It pulls from the shared tail (or the log, for older
/// records) at its own pace; one that falls `maxLag` records behind is cut off with the reason.
struct FeedStream {
    enum Format { case sse, jsonLines }

    let tail: LogTail
    let storage: any EventLogStorage
    let format: Format
    let maxLag: Int64
    let bookmarkMillis: Int64
    let header: [UInt8]
    let clock: @Sendable () -> Int64
    let stopping: Flag

    func run(from start: Int64, writer: inout any ResponseBodyWriter, cutOff: () -> Void) async throws {
        var cursor = start
        var lastWrite = clock()
        var lastLagNotice = Int64.min / 2
        try await writer.write(ByteBuffer(bytes: frame(seq: nil, line: header)))
        while !stopping.isSet {
            let head = tail.head
            if head - cursor + 1 > maxLag {
                cutOff()
                try await end(&writer, "too slow: \(head - cursor + 1) records behind (limit \(maxLag)); resume from seq \(cursor)")
                return
            }
            if cursor <= head {
                let batch = try await next(from: cursor)
                guard let first = batch.first, first.seq == cursor, let last = batch.last else {
                    try await end(&writer, "records from seq \(cursor) are no longer retained; start again from /v1/snapshot")
                    return
                }
                var buffer = ByteBuffer()
                for r in batch { buffer.writeBytes(frame(seq: r.seq, line: r.line)) }
                try await writer.write(buffer)
                cursor = last.seq + 1
                lastWrite = clock()
                if head - cursor + 1 > Self.lagNoticeRecords, lastWrite - lastLagNotice >= 1000 {
                    try await writer.write(lagNotice(head: head, now: lastWrite))
                    lastLagNotice = lastWrite
                }
                continue
            }
            let now = clock()
            if now - lastWrite >= bookmarkMillis {
                try await writer.write(bookmark(after: cursor - 1, now: now))
                lastWrite = now
            }
            await tail.wait(after: head)
        }
        try await end(&writer, "the coordinator is shutting down; resume from seq \(cursor)")
    }

    /// A client this far behind is told, once a second, how far the log has got: it shows its lag.
    static let lagNoticeRecords: Int64 = 2048

    /// `{"type":"stream_lag","head":N}`: not a feed record (no seq); readers skip it as an unknown type.
    private func lagNotice(head: Int64, now: Int64) -> ByteBuffer {
        var w = JSONWriter()
        w.beginObject()
        w.field("type", "stream_lag")
        w.field("head", head)
        w.field("ts", now)
        w.endObject()
        return ByteBuffer(bytes: frame(seq: nil, line: w.bytes))
    }

    private func next(from seq: Int64) async throws -> [LoggedRecord] {
        if let inMemory = tail.records(from: seq, limit: 2048) { return inMemory }
        return try await storage.records(from: seq, limit: 2048)
    }

    private func frame(seq: Int64?, line: [UInt8]) -> [UInt8] {
        switch format {
        case .jsonLines: return line + [0x0A]
        case .sse:
            var out = Array("\(seq.map { "id: \($0)\n" } ?? "")data: ".utf8)
            out += line
            out += [0x0A, 0x0A]
            return out
        }
    }

    /// A bookmark carries the last seq sent, so a reader knows how far the stream has got. With nothing
    /// sent yet there is no seq to carry: a blank line (JSON Lines) or a comment (SSE) keeps it alive.
    private func bookmark(after seq: Int64, now: Int64) -> ByteBuffer {
        guard seq >= 1 else { return ByteBuffer(string: format == .sse ? ": quiet\n\n" : "\n") }
        var w = JSONWriter()
        w.record(FeedRecord(seq: seq, ts: now, body: .bookmark))
        return ByteBuffer(bytes: frame(seq: seq, line: w.bytes))
    }

    private func end(_ writer: inout any ResponseBodyWriter, _ reason: String) async throws {
        var w = JSONWriter()
        w.beginObject()
        w.field("type", "stream_end")
        w.field("reason", reason)
        w.endObject()
        switch format {
        case .jsonLines: try await writer.write(ByteBuffer(bytes: w.bytes + [0x0A]))
        case .sse: try await writer.write(ByteBuffer(bytes: Array("event: end\ndata: ".utf8) + w.bytes + [0x0A, 0x0A]))
        }
    }
}

/// A one-way switch shared between tasks (the streams' "shutting down").
final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .relaxed) }
    func set() { value.store(true, ordering: .relaxed) }
}
