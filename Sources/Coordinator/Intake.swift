import Feed
import NIOCore

/// Reads the JSON Lines body of `POST /v1/records` and checks each line against the token before
/// anything is applied: one malformed line (400) or one foreign line (403) refuses the whole body.
enum Intake {
    struct Problem: Sendable, Equatable {
        var line: Int
        var reason: String
    }

    enum Verdict {
        case records([SubmittedRecord], lines: [Int])
        case malformed([Problem])
        case forbidden([Problem])
    }

    static func read(_ body: ByteBuffer, as principal: Principal) -> Verdict {
        var decoder = RecordDecoder()
        var records: [SubmittedRecord] = []
        var lines: [Int] = []
        var malformed: [Problem] = []
        var forbidden: [Problem] = []
        var number = 0
        body.withUnsafeReadableBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
                number += 1
                var lo = start, hi = end
                if hi > lo, bytes[hi - 1] == 0x0D { hi -= 1 }
                while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
                if lo < hi {
                    switch decoder.decodeSubmitted(UnsafeBufferPointer(rebasing: bytes[lo..<hi])) {
                    case let .failure(refusal): malformed.append(Problem(line: number, reason: refusal.reason))
                    case let .success(record):
                        if let why = principal.refusal(record.body) { forbidden.append(Problem(line: number, reason: why)) }
                        records.append(record)
                        lines.append(number)
                    }
                }
                start = end + 1
            }
        }
        if !malformed.isEmpty { return .malformed(malformed) }
        if !forbidden.isEmpty { return .forbidden(forbidden) }
        return .records(records, lines: lines)
    }
}
