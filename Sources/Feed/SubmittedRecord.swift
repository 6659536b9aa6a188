/// A record as a client writes it to the coordinator: no `seq` (the coordinator gives it) and `ts`
/// optional (the coordinator stamps it when absent).
public struct SubmittedRecord: Sendable, Equatable {
    public var ts: Int64?
    public var body: RecordBody
    public init(ts: Int64?, body: RecordBody) { self.ts = ts; self.body = body }
}

extension RecordDecoder {
    /// Decodes one line written by a client: the same checks as a feed line, except that `seq` must be
    /// absent and `ts` may be; the reason on failure names the field.
    public mutating func decodeSubmitted(_ line: UnsafeBufferPointer<UInt8>) -> Result<SubmittedRecord, DecodeRefusal> {
        var scanner = JSONScanner(line)
        do throws(JSONSyntaxError) {
            try scanFields(&scanner)
        } catch {
            return .failure(DecodeRefusal(reason: "invalid JSON: \(error)"))
        }
        let view = FieldView(fields: fields, count: fieldCount, scanner: scanner)
        do {
            guard let type = try view.optionalString("type") else { return .failure(DecodeRefusal(reason: "missing field 'type'")) }
            guard let kind = RecordKind(rawValue: type) else { return .failure(DecodeRefusal(reason: "unknown record type '\(type)'")) }
            guard kind != .header, kind != .snapshot, kind != .bookmark else {
                return .failure(DecodeRefusal(reason: "'\(type)' records are written by the coordinator only"))
            }
            try view.checkSkimmed()
            if view.find("seq") != nil { return .failure(DecodeRefusal(reason: "field 'seq' is given by the coordinator; leave it out")) }
            return .success(SubmittedRecord(ts: try view.optionalTime("ts"), body: try kind.body(view)))
        } catch let error as FieldError {
            return .failure(DecodeRefusal(reason: error.message))
        } catch {
            return .failure(DecodeRefusal(reason: "\(error)"))
        }
    }
}

/// Why a submitted line was not a record.
public struct DecodeRefusal: Error, Sendable, Equatable {
    public let reason: String
    public init(reason: String) { self.reason = reason }
}
