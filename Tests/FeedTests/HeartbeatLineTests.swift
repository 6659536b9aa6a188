import Testing
@testable import Feed

/// The heartbeat fast path reads exactly what the general decoder reads, and leaves every other line to it.
@Suite struct HeartbeatLineTests {
    static let written: [String] = [
        #"{"type":"heartbeat","seq":1,"ts":0,"id":"node-1000001","cpu":0.2976,"mem":0.1488,"tasks":1}"#,
        #"{"type":"heartbeat","seq":9007199254740992,"ts":253402300799999,"id":"n","cpu":1,"mem":0,"gpu":0.5,"tasks":0}"#,
        #"{"type":"heartbeat","seq":7,"ts":12,"id":"","cpu":1e-3,"mem":0.5E0,"gpu":1.0,"tasks":9223372036854775807}"#,
    ]
    /// Lines the fast path must pass on: out of range, other layouts, escapes, non-ASCII, null, extra fields.
    static let passedOn: [String] = [
        #"{"type":"heartbeat","seq":0,"ts":0,"id":"a","cpu":0.1,"mem":0.1,"tasks":1}"#,
        #"{"type":"heartbeat","seq":9007199254740993,"ts":0,"id":"a","cpu":0.1,"mem":0.1,"tasks":1}"#,
        #"{"type":"heartbeat","seq":1,"ts":-1,"id":"a","cpu":0.1,"mem":0.1,"tasks":1}"#,
        #"{"type":"heartbeat","seq":1,"ts":253402300800000,"id":"a","cpu":0.1,"mem":0.1,"tasks":1}"#,
        #"{"type":"heartbeat","seq":1,"ts":0,"id":"a","cpu":1.5,"mem":0.1,"tasks":1}"#,
        #"{"type":"heartbeat","seq":1,"ts":0,"id":"a","cpu":0.1,"mem":-0.1,"tasks":1}"#,
        #"{"type":"heartbeat","seq":1,"ts":0,"id":"a","cpu":0.1,"mem":0.1,"gpu":2,"tasks":1}"#,
        #"{"type":"heartbeat","seq":1,"ts":0,"id":"a","cpu":0.1,"mem":0.1,"gpu":null,"tasks":1}"#,
        #"{"type":"heartbeat","seq":1,"ts":0,"id":"a","cpu":0.1,"mem":0.1,"tasks":-1}"#,
        #"{"type":"heartbeat","seq":1,"ts":0,"id":"a","cpu":0.1,"mem":0.1,"tasks":1.5}"#,
        #"{"type":"heartbeat","seq":1,"ts":0,"id":"a","cpu":01,"mem":0.1,"tasks":1}"#,
        #"{"type":"heartbeat","seq":1,"ts":0,"id":"a\"b","cpu":0.1,"mem":0.1,"tasks":1}"#,
        #"{"type":"heartbeat","seq":1,"ts":0,"id":"\u00e9","cpu":0.1,"mem":0.1,"tasks":1}"#,
        #"{"type":"heartbeat","seq":1,"ts":0,"id":"é","cpu":0.1,"mem":0.1,"tasks":1}"#,
        #"{"type":"heartbeat","seq":1,"ts":0,"id":"a","cpu":0.1,"mem":0.1,"tasks":1} "#,
        #"{"type":"heartbeat","seq":1,"ts":0,"id":"a","cpu":0.1,"mem":0.1,"tasks":1}}"#,
        #"{"type":"heartbeat","seq":1,"ts":0,"id":"a","cpu":0.1,"mem":0.1,"tasks":1,"id":"b"}"#,
        #"{"type":"heartbeat","seq":1,"ts":0,"id":"a","mem":0.1,"cpu":0.1,"tasks":1}"#,
        #"{"type":"heartbeat", "seq":1,"ts":0,"id":"a","cpu":0.1,"mem":0.1,"tasks":1}"#,
        #"{"type":"heartbeat","seq":1,"ts":0,"id":"a","cpu":0.1,"mem":0.1}"#,
        #"{"type":"heartbeat","seq":1,"ts":0,"id":"a","cpu":0.1,"mem":0.1,"tasks":1"#,
        #"{"type":"heartbeat","seq":1"#,
        #"{"type":"heartbeat","seq":"#,
    ]

    @Test func readsWrittenLinesAsTheGeneralDecoderDoes() {
        var general = RecordDecoder()
        for line in Self.written {
            let fast = bytes(line) { HeartbeatLine.decode($0) }
            let slow = bytes(line) { general.decodeFields($0) }
            #expect(fast != nil, "\(line)")
            #expect(fast.map(DecodeOutcome.record) == slow, "\(line)")
        }
    }

    @Test func passesOnEveryOtherLine() {
        var decoder = RecordDecoder(), general = RecordDecoder()
        for line in Self.passedOn {
            #expect(bytes(line) { HeartbeatLine.decode($0) } == nil, "\(line)")
            #expect(bytes(line) { decoder.decode($0) } == bytes(line) { general.decodeFields($0) }, "\(line)")
        }
    }

    @Test func readsEncodedHeartbeats() {
        let records = [Heartbeat(id: "node-1", cpu: 0.25, mem: 1, gpu: nil, tasks: 3),
                       Heartbeat(id: "x", cpu: 0, mem: 0.0001, gpu: 0.9999, tasks: 0)]
        for (k, h) in records.enumerated() {
            let record = FeedRecord(seq: Int64(k + 1), ts: 1_767_225_600_000, body: .heartbeat(h))
            #expect(bytes(encodeLine(record)) { HeartbeatLine.decode($0) } == record)
        }
    }

    private func bytes<T>(_ line: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        var copy = line
        return copy.withUTF8(body)
    }
}
