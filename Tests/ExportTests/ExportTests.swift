import Foundation
import Testing
@testable import Export
import Analytics
@testable import Feed
@testable import Sources
import Simulation
@testable import Store

func simulatedReport(seed: UInt64 = 2, minutes: Int64 = 10) -> Report {
    let sim = Simulator(options: SimulatorOptions(seed: seed, nodes: 120))
    var store = Store()
    while sim.now <= sim.options.start + minutes * 60_000, let item = sim.next() { store.ingest(item) }
    return Report(store: store)
}

@Suite struct JSONExportTests {
    @Test func hasTheDocumentedKeys() throws {
        let text = simulatedReport().json()
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        for key in ["seq", "ts", "input", "fleet", "rewards", "stablecoins", "stablecoin_concentration", "tvl", "governance", "alerts"] {
            #expect(root[key] != nil, "missing \(key)")
        }
        let input = try #require(root["input"] as? [String: Any])
        for key in ["records", "malformed", "unknown", "gaps"] { #expect(input[key] is Int, "input.\(key)") }
        let fleet = try #require(root["fleet"] as? [String: Any])
        for key in ["nodes", "online", "degraded", "offline", "draining", "tasks_running"] { #expect(fleet[key] is Int, "fleet.\(key)") }
        let rewards = try #require(root["rewards"] as? [String: Any])
        #expect(rewards["token"] as? String == "CMP")
        #expect(TokenAmount(try #require(rewards["accrued"] as? String)) != nil)
        #expect(TokenAmount(try #require(rewards["claimed"] as? String)) != nil)
        #expect(rewards["operators"] is Int)
        try checkConcentration(rewards["concentration"])
        let coins = try #require(root["stablecoins"] as? [[String: Any]])
        #expect(!coins.isEmpty)
        for c in coins {
            for key in ["symbol", "issuer", "price", "peg_deviation", "supply", "reserves_usd", "reserve_ratio", "band"] { #expect(c[key] != nil, "\(key)") }
            #expect(["ok", "watch", "flag", "depegged", "unknown"].contains(c["band"] as? String ?? ""))
        }
        try checkConcentration(root["stablecoin_concentration"])
        let tvl = try #require(root["tvl"] as? [String: Any])
        #expect(tvl["total_usd"] is Double || tvl["total_usd"] is Int)
        try checkConcentration(tvl["concentration"])
        let gov = try #require(root["governance"] as? [[String: Any]])
        #expect(!gov.isEmpty)
        for p in gov {
            for key in ["id", "title", "state", "for", "against", "abstain", "voters", "quorum_reached"] { #expect(p[key] != nil, "\(key)") }
            try checkConcentration(p["concentration"])
        }
    }

    func checkConcentration(_ value: Any?) throws {
        let c = try #require(value as? [String: Any])
        #expect(c["n"] is Int && c["nakamoto50"] is Int)
        for key in ["gini", "hhi", "top10_share", "top1_share", "top3_share"] { #expect(c[key] is Double || c[key] is Int, "\(key)") }
    }

    @Test func votersCountsZeroWeightVotersButConcentrationDoesNot() throws {
        var store = Store()
        store.apply(FeedRecord(seq: 1, ts: 1, body: .proposal(Proposal(id: "p", space: "s", title: "T", state: .active))))
        store.apply(FeedRecord(seq: 2, ts: 2, body: .vote(Vote(proposal: "p", voter: "a", support: .for, weight: 0))))
        store.apply(FeedRecord(seq: 3, ts: 3, body: .vote(Vote(proposal: "p", voter: "b", support: .for, weight: 5))))
        let root = try #require(try JSONSerialization.jsonObject(with: Data(Report(store: store).json().utf8)) as? [String: Any])
        let p = try #require((root["governance"] as? [[String: Any]])?.first)
        #expect(p["voters"] as? Int == 2)
        #expect((p["concentration"] as? [String: Any])?["n"] as? Int == 1)
    }

    @Test func sameRunSameExport() {
        #expect(simulatedReport(seed: 4, minutes: 3).json() == simulatedReport(seed: 4, minutes: 3).json())
    }
}

@Suite struct CSVExportTests {
    @Test func everyViewIsATableWithAHeader() {
        let report = simulatedReport(minutes: 3)
        for view in ExportView.allCases {
            let lines = report.csv(view: view).split(separator: "\r\n")
            #expect(lines.count >= 2, "\(view) has no rows")
            let width = report.table(view).columns.count
            #expect(lines[0].split(separator: ",").count == width)
        }
        #expect(report.csv(view: nil).contains("# governance\r\n"))
    }

    @Test func fieldsAreQuoted() {
        let t = Table(columns: ["a", "b"], rows: [["x,y", "say \"hi\""]])
        #expect(t.csv == "a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n")
    }
}
