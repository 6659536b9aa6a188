/// A heartbeat line exactly as the encoder writes it, read without the field table: most of a large
/// fleet's recording is heartbeats, and a seek decodes up to a keyframe's worth of them. Any other
/// layout (other key order, white space, escapes, null, an extra field) is left to the general decoder,
/// which reads it to the same record; the checks here are the ones `RecordKind` makes.
enum HeartbeatLine {
    private static let head = Array(#"{"type":"heartbeat","seq":"#.utf8)

    /// The record, or nil when the line is not in the written layout or fails a check (the general
    /// decoder then says why).
    static func decode(_ line: UnsafeBufferPointer<UInt8>) -> FeedRecord? {
        guard line.count > head.count, head.withUnsafeBufferPointer({ line.starts(with: $0) }) else { return nil }
        var r = Reader(scanner: JSONScanner(line))
        r.scanner.pos = head.count
        guard let seq = r.int(), (1...RecordKind.largestSeq).contains(seq), r.key(#","ts":"#),
              let ts = r.int(), (0...RecordKind.latestTime).contains(ts), r.key(#","id":""#),
              let id = r.id(), r.key(#","cpu":"#), let cpu = r.fraction(), r.key(#","mem":"#), let mem = r.fraction()
        else { return nil }
        var gpu: Double?
        if r.key(#","gpu":"#) {
            guard let g = r.fraction() else { return nil }
            gpu = g
        }
        guard r.key(#","tasks":"#), let tasks = r.int(), tasks >= 0, r.key("}"), r.scanner.atEnd else { return nil }
        return FeedRecord(seq: seq, ts: ts, body: .heartbeat(Heartbeat(id: id, cpu: cpu, mem: mem, gpu: gpu, tasks: Int(tasks))))
    }

    private struct Reader {
        var scanner: JSONScanner

        /// Takes `text` if the line goes on with it.
        mutating func key(_ text: StaticString) -> Bool {
            let n = text.utf8CodeUnitCount
            guard scanner.bytes.count - scanner.pos >= n, let base = scanner.bytes.baseAddress,
                  equalBytes(base + scanner.pos, text.utf8Start, n) else { return false }
            scanner.pos += n
            return true
        }

        mutating func int() -> Int64? {
            guard let token = try? scanner.scanNumber() else { return nil }
            return scanner.decodeInteger(token)
        }

        mutating func fraction() -> Double? {
            guard let token = try? scanner.scanNumber(), let v = try? scanner.decodeNumber(token),
                  RecordKind.fraction.contains(v) else { return nil }
            return v
        }

        /// The id after its opening quote, up to and with its closing one: plain ASCII only.
        mutating func id() -> String? {
            let start = scanner.pos, b = scanner.bytes
            while scanner.pos < b.count {
                let c = b[scanner.pos]
                if c == 0x22 { break }
                guard c >= 0x20, c < 0x80, c != 0x5C else { return nil }
                scanner.pos += 1
            }
            guard scanner.pos < b.count, scanner.pos - start <= FieldView.longestString else { return nil }
            let id = String(decoding: UnsafeBufferPointer(rebasing: b[start..<scanner.pos]), as: UTF8.self)
            scanner.pos += 1
            return id
        }
    }
}
