import AsyncHTTPClient
import Feed
import NIOCore

/// Posts records to a coordinator's `POST /v1/records` as a publisher, in bounded batches, and
/// counts what it accepted and refused. Seqs are the coordinator's to give, so they are left out.
public struct Publisher: Sendable {
    public struct Outcome: Sendable, Equatable {
        public var accepted = 0
        public var refused: [String] = []
        /// The coordinator's seq for the last accepted record.
        public var lastSeq: Int64?
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        /// The coordinator's reason when it refused the records as a whole (403: a line this token may not write).
        public var refusal: String?
    }

    let base: String
    let token: String?
    let client: HTTPClient
    /// Lines per request: well under the coordinator's default body limit (8 MiB).
    public var batch = 2000

    public init(base: String, token: String?, client: HTTPClient = .shared) {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.token = token
        self.client = client
    }

    public func publish(_ records: [FeedRecord]) async throws(Failure) -> Outcome {
        var outcome = Outcome()
        var start = 0
        while start < records.count {
            let end = min(records.count, start + batch)
            try await post(records[start..<end], into: &outcome)
            start = end
        }
        return outcome
    }

    private func post(_ records: ArraySlice<FeedRecord>, into outcome: inout Outcome) async throws(Failure) {
        var w = JSONWriter(capacity: records.count * 160)
        for var r in records where !r.isHeaderOrKeyframe {
            r.seq = nil
            w.record(r)
            w.rawAppend(0x0A)
        }
        var request = HTTPClientRequest(url: base + "/v1/records")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-ndjson")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.body = .bytes(ByteBuffer(bytes: w.bytes))
        let answer: String
        let status: UInt
        do {
            let response = try await client.execute(request, timeout: .seconds(120))
            status = response.status.code
            answer = String(buffer: try await response.body.collect(upTo: 64 << 20))
        } catch {
            throw Failure(description: "cannot reach \(base): \(error)")
        }
        guard status == 200 else {
            let why = status == 401 ? "the coordinator wants a publisher token (--token or CHAINTOP_TOKEN)"
                : status == 403 ? "the coordinator refused the token for these records" : "HTTP \(status)"
            let reason = status == 403 ? JSONText.string("reason", in: answer) : nil
            throw Failure(description: "\(why): \(reason ?? String(answer.prefix(300)))", refusal: reason)
        }
        for line in answer.split(separator: "\n") { tally(String(line), into: &outcome) }
    }

    /// One answer line: `{"line":N,"seq":S}` or `{"line":N,"refused":"…"}`.
    private func tally(_ line: String, into outcome: inout Outcome) {
        let fields = line.trimmingPrefix("{").split(separator: ",")
        if let seq = fields.first(where: { $0.hasPrefix(#""seq":"#) }).flatMap({ Int64($0.dropFirst(6).prefix { $0.isNumber }) }) {
            outcome.accepted += 1
            outcome.lastSeq = seq
        } else {
            outcome.refused.append(line)
        }
    }
}

extension Publisher {
    /// A string field of one of the coordinator's answer lines (`{"line":1,"refused":"…"}`).
    public static func field(_ key: String, in line: String) -> String? { JSONText.string(key, in: line) }
}

extension FeedRecord {
    /// What a client never sends: the coordinator writes its own header and snapshots.
    var isHeaderOrKeyframe: Bool {
        switch body {
        case .header, .snapshot, .bookmark: true
        default: false
        }
    }
}

/// Reads one string field out of a short JSON answer, without a JSON library (Remote links no
/// Foundation): the coordinator's answers are flat objects it writes itself.
enum JSONText {
    static func string(_ key: String, in text: String) -> String? {
        guard let start = text.firstRange(of: "\"\(key)\":\"")?.upperBound else { return nil }
        var out = ""
        var escaped = false
        for ch in text[start...] {
            if escaped { out.append(ch); escaped = false; continue }
            if ch == "\\" { escaped = true; continue }
            if ch == "\"" { return out }
            out.append(ch)
        }
        return nil
    }
}
