import Feed
import Importers
import Store
import Testing

/// Small hand-made inputs: every choice encoding, and every kind of bad row.
struct FixtureTests {
    static let proposals = """
        [{"id":"single","title":"S","space":{"id":"x.eth"},"type":"single-choice","state":"closed","start":1700000000,"end":1700086400,"choices":["Yes","No","Abstain"],"symbol":"X"},
         {"id":"basic","title":"B","space":"x.eth","type":"basic","state":"active","start":1700000000,"end":1700086400,"choices":["For","Against","Abstain"]},
         {"id":"approval","title":"A","space":"x.eth","type":"approval","state":"closed","start":1700000000,"end":1700086400,"choices":["a","b","c"]},
         {"id":"ranked","title":"R","space":"x.eth","type":"ranked-choice","state":"closed","start":1700000000,"end":1700086400,"choices":["a","b","c"]},
         {"id":"weighted","title":"W","space":"x.eth","type":"weighted","state":"closed","start":1700000000,"end":1700086400,"choices":["a","b","c"]},
         {"id":"quadratic","title":"Q","space":"x.eth","type":"quadratic","state":"closed","start":1700000000,"end":1700086400,"choices":["a","b"]}]
        """

    static let votes = """
        {"data":{"votes":[
         {"voter":"v1","created":1700000100,"proposal":{"id":"single"},"choice":1,"vp":60},
         {"voter":"v2","created":1700000200,"proposal":{"id":"single"},"choice":2,"vp":40},
         {"voter":"v1","created":1700000100,"proposal":{"id":"basic"},"choice":3,"vp":5},
         {"voter":"v1","created":1700000100,"proposal":{"id":"approval"},"choice":[1,3],"vp":10},
         {"voter":"v2","created":1700000100,"proposal":{"id":"approval"},"choice":[2],"vp":4},
         {"voter":"v1","created":1700000100,"proposal":{"id":"ranked"},"choice":[3,1,2],"vp":7},
         {"voter":"v2","created":1700000100,"proposal":{"id":"ranked"},"choice":[1,3,2],"vp":2},
         {"voter":"v1","created":1700000100,"proposal":{"id":"weighted"},"choice":{"1":3,"3":1},"vp":8},
         {"voter":"v1","created":1700000100,"proposal":{"id":"quadratic"},"choice":{"1":1,"2":3},"vp":16},
         {"voter":"v2","created":1700000100,"proposal":{"id":"quadratic"},"choice":{"2":1},"vp":9},
         {"voter":"v3","created":1700000300,"proposal":{"id":"single"},"choice":7,"vp":5},
         {"voter":"v4","created":1700000300,"proposal":{"id":"single"},"choice":"maybe","vp":3},
         {"voter":"v5","created":1700000300,"proposal":{"id":"weighted"},"choice":2,"vp":1},
         {"voter":"v6","created":1700000300,"proposal":{"id":"single"},"choice":1},
         {"voter":"v1","created":1700000400,"proposal":{"id":"single"},"choice":2,"vp":60},
         {"created":1700000400,"proposal":{"id":"single"},"choice":2,"vp":1},
         {"voter":"v7","proposal":{"id":"single"},"choice":2,"vp":1}
        ]}}
        """

    func imported() throws -> ImportResult {
        var o = ImportOptions()
        o.proposals = [ImportFile(name: "proposals.json", bytes: Array(Self.proposals.utf8))]
        return try Importer.run(.snapshotVotes, [ImportFile(name: "votes.json", bytes: Array(Self.votes.utf8))], options: o)
    }

    func entry(_ store: Store, _ id: String) throws -> ProposalEntry {
        try #require(store.state.governance.index[id].map { store.state.governance.proposals[$0] })
    }

    @Test func everyChoiceEncoding() throws {
        let store = state(try imported())
        let single = try entry(store, "single")
        // Labels say what single-choice means: Yes is for, No against; choice 7 and "maybe" are unknown.
        #expect(single.forWeight == 60 && single.againstWeight == 40 && single.voters == 4 && single.totalWeight == 108)
        #expect(single.choiceResults() == ChoiceResults(scores: [60, 40, 0], unknown: 8))
        #expect(try entry(store, "basic").abstainWeight == 5)
        #expect(try entry(store, "approval").choiceResults().scores == [10, 4, 10])
        #expect(try entry(store, "ranked").choiceResults().scores == [2, 0, 7])  // first preferences
        let weighted = try entry(store, "weighted")
        #expect(weighted.choiceResults() == ChoiceResults(scores: [6, 0, 2], unknown: 1))
        // Quadratic: √(16·¼)=2 and √(16·¾)+√9=√12+3 on b, scaled to the 25 cast.
        let q = try entry(store, "quadratic").choiceResults().scores
        let raw = [2.0, 12.0.squareRoot() + 3]
        #expect(close(q[0], raw[0] / (raw[0] + raw[1]) * 25) && close(q[1], raw[1] / (raw[0] + raw[1]) * 25))
    }

    @Test func badRowsAreCountedWithTheirRowNumbers() throws {
        let result = try imported()
        // Proposals file rows are fine; the votes file's rows 11–17 are the bad ones.
        #expect(result.problems.map(\.row) == [11, 12, 13, 14, 15, 16, 17])
        #expect(result.problems.allSatisfy { $0.file == "votes.json" })
        #expect(result.problems[0].message.contains("choice 7 of 3"))
        #expect(result.problems[1].message.contains("unreadable"))
        #expect(result.problems[2].message.contains("single choice on a weighted"))
        #expect(result.problems[3].message.contains("voting power"))
        #expect(result.problems[4].message.contains("repeated vote"))
        #expect(result.problems[5].message.contains("no voter"))
        #expect(result.problems[6].message.contains("no time"))
        // Kept with choice unknown: v3, v4 (single), v5 (weighted). Skipped: v6, the repeat, the two without voter or time.
        #expect(result.records.count == 6 + 13)
    }

    @Test func feedLinesReadBackAsWritten() throws {
        var decoder = RecordDecoder()
        for record in try imported().records {
            #expect(decoder.decode(encodeLine(record)) == .record(record))
        }
        let holding = FeedRecord(seq: 1, ts: 5, body: .holding(Holding(token: "UNI", holder: "0xab", balance: 12.5)))
        #expect(encodeLine(holding) == #"{"type":"holding","seq":1,"ts":5,"token":"UNI","holder":"0xab","balance":12.5}"#)
        #expect(decoder.decode(encodeLine(holding)) == .record(holding))
        // An unknown choice is written as null, so the line still says it is a choice vote.
        let unknown = Vote(proposal: "p", voter: "v", support: nil, weight: 3)
        #expect(encodeLine(FeedRecord(seq: 2, ts: 6, body: .vote(unknown))).hasSuffix(#""weight":3,"choice":null}"#))
        // A plain vote still needs its support.
        if case .record = decoder.decode(#"{"type":"vote","seq":3,"ts":1,"proposal":"p","voter":"v","weight":1}"#) { Issue.record("accepted") }
        if case .record = decoder.decode(#"{"type":"holding","seq":3,"ts":1,"token":"t","holder":"h","balance":-1}"#) { Issue.record("accepted") }
        // Choices are numbered 1…10,000: per-choice results are an array that long at most.
        for bad in ["0", "10001", "[1,0]", #"{"99999":1}"#, #"{"1":-1}"#, #""2""#] {
            if case .record = decoder.decode(#"{"type":"vote","seq":3,"ts":1,"proposal":"p","voter":"v","weight":1,"choice":"# + bad + "}") {
                Issue.record("accepted choice \(bad)")
            }
        }
    }

    @Test func keyframesKeepChoicesAndHoldings() throws {
        var store = state(try imported())
        store.apply(FeedRecord(seq: 100, ts: 1_700_000_500_000, body: .holding(Holding(token: "X", holder: "h1", balance: 7))))
        store.apply(FeedRecord(seq: 101, ts: 1_700_000_500_000, body: .holding(Holding(token: "X", holder: "h1", balance: 9))))
        store.apply(FeedRecord(seq: 102, ts: 1_700_000_500_000, body: .holding(Holding(token: "X", holder: "h2", balance: 1))))
        let restored = try ChainState(keyframe: store.state.keyframe())
        #expect(restored == store.state)
        #expect(restored.digest == store.state.digest)
        #expect(restored.holdings["X"]?.total == 10 && restored.holdings["X"]?.holders == 2)
    }

    @Test func governorEncodings() throws {
        let csv = """
            event_name,timestamp,id,description,voter,proposalId,support,votes
            ProposalCreated,2021-06-22T22:07:36,43.0,"# Fund
            the thing, with a comma",,,,
            VoteCast,2021-06-22T22:08:00,,,a,43.0,1,3000000000000000000000000
            VoteCast,2021-06-22T22:09:00,,,b,43.0,0,1500000000000000000
            VoteCast,1624400000,,,c,43,2,2500000000000000000
            VoteCast,2021-06-22T22:10:00,,,d,43.0,True,1000000000000000000
            VoteCast,2021-06-22T22:11:00,,,e,43.0,False,1000000000000000000
            VoteCast,2021-06-22T22:12:00,,,f,43.0,yes,1
            VoteCast,2021-06-22T22:13:00,,,g,43.0,1,1.5
            VoteCast,2021-06-22T22:14:00,,,a,43.0,0,1
            VoteCast,not a time,,,h,43.0,1,1
            ProposalExecuted,2021-06-30T00:00:00,43.0,,,,,
            """
        let result = try Importer.run(.governorEvents, [ImportFile(name: "g.csv", bytes: Array(csv.utf8))])
        // Rows start on their line: the description's line break makes row 3 line 4.
        #expect(result.problems.map(\.row) == [9, 10, 11, 12])
        let p = try entry(state(result), "43")
        #expect(p.proposal.title == "Fund" && p.proposal.state == .executed)
        #expect(p.forWeight == 3_000_001 && p.againstWeight == 2.5 && p.abstainWeight == 2.5 && p.voters == 5)
        var tokens = ImportOptions()
        tokens.decimals = 0
        let inTokens = try Importer.run(.governorEvents, [ImportFile(name: "g.csv", bytes: Array(csv.utf8))], options: tokens)
        #expect(try entry(state(inTokens), "43").voters == 6)  // 1.5 tokens is a weight now
    }

    @Test func mappedCSVs() throws {
        let votes = "who,power,prop,pick,when\nx,10,1.0,2,2024-01-01\ny,abc,1.0,1,2024-01-01\nz,5,1.0,\"[1,2]\",2024-01-02\nw,1,1.0,{bad,2024-01-02\n"
        var o = ImportOptions()
        o.map = ["voter": "who", "weight": "power", "proposal": "prop", "choice": "pick", "time": "when"]
        let r = try Importer.run(.votesCSV, [ImportFile(name: "v.csv", bytes: Array(votes.utf8))], options: o)
        #expect(r.problems.map(\.row) == [3, 5])
        let p = try entry(state(r), "1")
        #expect(p.voters == 3 && p.totalWeight == 16 && p.choiceResults().unknown == 1)
        o.map["voter"] = "nobody"
        #expect(throws: ImportError.self) { try Importer.run(.votesCSV, [ImportFile(name: "v.csv", bytes: Array(votes.utf8))], options: o) }

        let holders = "address,balance,token\na,5,T\nb,-1,T\nc,x,T\nd,,T\na,6,T\ne,3,\n"
        let h = try Importer.run(.holdersCSV, [ImportFile(name: "h.csv", bytes: Array(holders.utf8), modified: 0)])
        #expect(h.problems.map(\.row) == [3, 4, 5, 6, 7])
        #expect(state(h).state.holdings["T"]?.total == 5)
    }

    @Test func eventTimes() {
        #expect(Importer.time("2024-11-12") == 1_731_369_600_000)
        #expect(Importer.time("1731369600") == 1_731_369_600_000)
        #expect(Importer.time("2022-07-13 02:01:11.000") == 1_657_677_671_000)
        #expect(Importer.time("2021-06-22T22:07:36Z") == Importer.time("2021-06-23T00:07:36+02:00"))
        #expect(Importer.time("yesterday") == nil && Importer.time("2024-13-01") == nil && Importer.time("-5") == nil)
    }
}
