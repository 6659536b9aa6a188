import Foundation
import Testing
@testable import Feed

@Suite struct DecoderTests {
    var decoder = RecordDecoder()

    static let samples: [FeedRecord] = [
        FeedRecord(seq: nil, ts: 5, body: .header(Header(source: "sim", created: 5, seed: 7, note: "n\"ote"))),
        FeedRecord(seq: 1, ts: 10, body: .node(NodeInfo(id: "n1", operatorID: "op", region: "eu", nodeClass: .gpu,
                                                        cpuCores: 32, memGB: 128.5, gpus: 4, gpuModel: "H100", version: "1.2"))),
        FeedRecord(seq: 2, ts: 11, body: .heartbeat(Heartbeat(id: "n1", cpu: 0.25, mem: 1, gpu: nil, tasks: 3))),
        FeedRecord(seq: 3, ts: 12, body: .nodeStatus(NodeStatusChange(id: "n1", status: .degraded, reason: "hot"))),
        FeedRecord(seq: 4, ts: 13, body: .nodeLeft(NodeLeft(id: "n1"))),
        FeedRecord(seq: 5, ts: 14, body: .task(TaskEvent(id: "t", node: "n1", state: .done, units: 2.5, kind: "render"))),
        FeedRecord(seq: 6, ts: 15, body: .reward(Reward(node: "n1", operatorID: "op", amount: TokenAmount("-0.000001")!,
                                                        token: "CMP", epoch: 3, basis: .penalty, reason: "downtime"))),
        FeedRecord(seq: 7, ts: 16, body: .claim(Claim(operatorID: "op", amount: TokenAmount("12.000345")!, token: "CMP",
                                                      feeUSD: 1.5))),
        FeedRecord(seq: 8, ts: 17, body: .price(Price(symbol: "CMP", usd: 0.42))),
        FeedRecord(seq: 9, ts: 18, body: .stablecoin(Stablecoin(symbol: "USDT", issuer: "Tether", peg: "USD", price: nil,
                                                                supply: 1.2e11, reserves: [ReserveEntry(category: "cash", usd: 1e9)],
                                                                mechanism: "fiat-backed"))),
        FeedRecord(seq: 10, ts: 19, body: .tvl(TVL(protocolName: "Aave", chain: "Base", category: "Lending", usd: 3e9))),
        FeedRecord(seq: 11, ts: 20, body: .proposal(Proposal(id: "p", space: "s", title: "Ünïcode ✓ \u{1F600}",
                                                             state: .active, start: 1, end: 2, quorum: 40))),
        FeedRecord(seq: 12, ts: 21, body: .vote(Vote(proposal: "p", voter: "0xab", support: .abstain, weight: 0))),
        FeedRecord(seq: 13, ts: 22, body: .snapshot(Keyframe(.object([("a", .array([.number(1), .null, .bool(true)]))])))),
        FeedRecord(seq: 13, ts: 22, body: .snapshot(Keyframe(.object([("b", .string("}\\\"{"))]), digest: 0x00c0_ffee_0000_0001))),
        FeedRecord(seq: 14, ts: 23, body: .bookmark),
    ]

    @Test mutating func everyRecordTypeRoundTrips() {
        for record in Self.samples {
            let line = encodeLine(record)
            #expect(decoder.decode(line) == .record(record), "\(line)")
        }
    }

    @Test mutating func readsTheSpecExamples() {
        let line = #"{"type":"heartbeat","seq":42,"ts":1767225600000,"id":"node-1","cpu":0.5,"mem":0.25,"tasks":2}"#
        #expect(decoder.decode(line) == .record(FeedRecord(seq: 42, ts: 1_767_225_600_000,
                                                          body: .heartbeat(Heartbeat(id: "node-1", cpu: 0.5, mem: 0.25, tasks: 2)))))
        let header = #"{"type":"header","v":1,"source":"sim","created":1000,"seed":7}"#
        #expect(decoder.decode(header) == .record(FeedRecord(seq: nil, ts: 1000,
                                                            body: .header(Header(source: "sim", created: 1000, seed: 7)))))
    }

    /// A keyframe's state is only skimmed when read; everything else about the line is still strict.
    @Test mutating func keyframeStateIsSkimmedButTheLineIsStrict() {
        let good = #"{"type":"snapshot","seq":3,"ts":1,"digest":"sd1:00000000000000ff","state":{"a":[1,"}]",{"b":null}]}}"#
        guard case let .record(r) = decoder.decode(good), case let .snapshot(k) = r.body else {
            Issue.record("keyframe did not decode")
            return
        }
        #expect(k.digest == 255 && String(decoding: k.json, as: UTF8.self) == #"{"a":[1,"}]",{"b":null}]}"#)
        #expect((try? k.parse()) != nil)
        // Inside the state, bad JSON waits until the state is used …
        let inner = #"{"type":"snapshot","seq":3,"ts":1,"state":{"a":[1,,2]}}"#
        guard case let .record(r2) = decoder.decode(inner), case let .snapshot(k2) = r2.body else {
            Issue.record("skimmed keyframe did not decode")
            return
        }
        #expect((try? k2.parse()) == nil)
        // … while a cut-off state, a bad digest, or a `state` on any other record is malformed at once.
        for bad in [#"{"type":"snapshot","seq":3,"ts":1,"state":{"a":[1,2]"#,
                    #"{"type":"snapshot","seq":3,"ts":1,"state":{"a":1}}}"#,
                    #"{"type":"snapshot","seq":3,"ts":1,"digest":"sd1:xyz","state":{}}"#,
                    #"{"type":"snapshot","seq":3,"ts":1,"digest":"sd1:+00000000000000f","state":{}}"#,
                    #"{"type":"snapshot","seq":3,"ts":1,"digest":7,"state":{}}"#,
                    #"{"type":"snapshot","seq":3,"ts":1,"state":[]}"#,
                    #"{"type":"heartbeat","seq":1,"ts":1,"id":"n","cpu":0.1,"mem":0.1,"tasks":0,"state":{"a":[1,,2]}}"#,
                    #"{"type":"gossip","seq":1,"ts":1,"state":{"a":tru}}"#] {
            guard case .malformed = decoder.decode(bad) else {
                Issue.record("accepted \(bad)")
                continue
            }
        }
    }

    /// A digest of a scheme this reader does not know is no digest to it: the keyframe is read, and
    /// compared in full when played past.
    @Test mutating func aDigestOfAnotherSchemeIsSetAside() {
        for other in ["sd9:00000000000000ff", "00000000000000ff", "blake3:abc"] {
            let line = #"{"type":"snapshot","seq":3,"ts":1,"digest":"\#(other)","state":{}}"#
            guard case let .record(r) = decoder.decode(line), case let .snapshot(k) = r.body else {
                Issue.record("rejected \(line)")
                continue
            }
            #expect(k.digest == nil, "\(other)")
        }
    }

    @Test mutating func unknownTypesAreSkippedNotFatal() {
        #expect(decoder.decode(#"{"type":"gossip","seq":3,"ts":1}"#) == .unknown(type: "gossip", seq: 3))
    }

    @Test(arguments: [
        (#"{"type":"heartbeat","seq":1,"ts":1,"id":"a","cpu":1.5,"mem":0.1,"tasks":0}"#, "out of range"),
        (#"{"type":"heartbeat","seq":1,"ts":1,"id":"a","cpu":-0.1,"mem":0.1,"tasks":0}"#, "out of range"),
        (#"{"type":"vote","seq":1,"ts":1,"proposal":"p","voter":"v","support":"for","weight":-1}"#, "out of range"),
        (#"{"type":"vote","seq":1,"ts":1,"proposal":"p","voter":"v","support":"maybe","weight":1}"#, "unknown value"),
        (#"{"type":"heartbeat","seq":1,"ts":1,"cpu":0.1,"mem":0.1,"tasks":0}"#, "missing field 'id'"),
        (#"{"type":"heartbeat","seq":"1","ts":1,"id":"a","cpu":0.1,"mem":0.1,"tasks":0}"#, "must be an integer"),
        (#"{"type":"heartbeat","seq":1.5,"ts":1,"id":"a","cpu":0.1,"mem":0.1,"tasks":0}"#, "must be an integer"),
        (#"{"type":"heartbeat","ts":1,"id":"a","cpu":0.1,"mem":0.1,"tasks":0}"#, "missing field 'seq'"),
        (#"{"type":"heartbeat","seq":0,"ts":1,"id":"a","cpu":0.1,"mem":0.1,"tasks":0}"#, "below 1"),
        (#"{"type":"reward","seq":1,"ts":1,"node":"n","operator":"o","amount":1.5,"token":"T","epoch":1,"basis":"task"}"#, "must be a string"),
        (#"{"type":"reward","seq":1,"ts":1,"node":"n","operator":"o","amount":"1e5","token":"T","epoch":1,"basis":"task"}"#, "not a decimal"),
        (#"{"type":"stablecoin","seq":1,"ts":1,"symbol":"X","issuer":"I","peg":"USD","supply":1}"#, "missing field 'price'"),
        (#"{"seq":1,"ts":1}"#, "missing field 'type'"),
        (#"{"type":"heartbeat","seq":1,"ts":1,"id":"a","cpu":0.1,"mem":0.1,"tasks":0"#, "invalid JSON"),
        (#"{"type":"heartbeat","seq":1,}"#, "invalid JSON"),
        (#"{"type":"heartbeat","seq":01,"ts":1}"#, "invalid JSON"),
        (#"{"type":"bookmark","seq":1,"ts":1} x"#, "invalid JSON"),
        (#"[1,2]"#, "invalid JSON"),
        (#"{"type":"bo\qkmark","seq":1,"ts":1}"#, "invalid JSON"),
        (#"{"type":"\ud800","seq":1,"ts":1}"#, "invalid JSON"),
        ("{\"type\":\"a\tb\",\"seq\":1,\"ts\":1}", "invalid JSON"),
        ("", "invalid JSON"),
        (#"{"type":"node_left","seq":1,"ts":1,"id":""# + String(repeating: "n", count: 4097) + #""}"#, "longer than 4096 bytes"),
        (#"{"type":"reward","seq":1,"ts":1,"node":"n","operator":"o","amount":"1000000000000000000","token":"T","epoch":1,"basis":"task"}"#, "not a decimal"),
    ])
    func malformedLinesSayWhy(line: String, reason: String) {
        var decoder = RecordDecoder()
        guard case let .malformed(message) = decoder.decode(line) else {
            Issue.record("accepted: \(line)")
            return
        }
        #expect(message.contains(reason), "\(message)")
    }

    @Test mutating func invalidUTF8IsRejected() {
        var bytes = Array(#"{"type":"bookmark","seq":1,"ts":1,"x":""#.utf8)
        bytes += [0xC3, 0x28]  // a broken two-byte sequence
        bytes += Array(#""}"#.utf8)
        let outcome = bytes.withUnsafeBufferPointer { decoder.decode($0) }
        guard case .malformed = outcome else { Issue.record("accepted invalid UTF-8"); return }
    }

    @Test mutating func escapesAndNonASCIIDecode() {
        let line = #"{"type":"node_left","seq":1,"ts":1,"id":"n\u00e9\n\"q\"\\\/\ud83d\ude00","reason":"Zürich ✓"}"#
        #expect(decoder.decode(line) == .record(FeedRecord(seq: 1, ts: 1,
                                                          body: .nodeLeft(NodeLeft(id: "né\n\"q\"\\/😀", reason: "Zürich ✓")))))
    }

    @Test mutating func duplicateKeysTakeTheLastLikeJSONParsers() {
        let line = #"{"type":"price","seq":1,"ts":1,"symbol":"A","usd":1,"usd":2}"#
        #expect(decoder.decode(line) == .record(FeedRecord(seq: 1, ts: 1, body: .price(Price(symbol: "A", usd: 2)))))
    }
}
