import Foundation
import Testing
@testable import Analytics
@testable import Feed
@testable import Sources
@testable import Recording
@testable import Store

/// The demo recordings shipped in Fixtures/ play from a fresh clone and hold their stories.
@Suite struct FixtureTests {
    static func path(_ name: String) -> String {
        var dir = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { dir.deleteLastPathComponent() }
        return dir.appendingPathComponent("Fixtures/\(name)").path
    }

    func play(_ name: String, until minutes: Int64? = nil) throws -> Store {
        let session = try ReplaySession(path: Self.path(name))
        let start = session.index.firstTs ?? 0
        guard let minutes else {
            var store = Store()
            while let item = session.next() { store.ingest(item) }
            return store
        }
        return try session.seek(to: start + minutes * 60_000)
    }

    @Test(arguments: ["demo.jsonl", "outage.jsonl"])
    func shippedDemosPlayCleanly(_ name: String) throws {
        let size = try FileManager.default.attributesOfItem(atPath: Self.path(name))[.size] as? Int ?? 0
        #expect(size > 0 && size < 5_000_000)
        let store = try play(name)
        #expect(store.input.malformed == 0 && store.input.gaps == 0 && !store.input.missingHeader)
        #expect(store.input.keyframes >= 1 && store.input.keyframeMismatches == 0)
        #expect(store.state.fleet.count >= 300)
        let index = try RecordingIndex.build(path: Self.path(name))
        #expect(index.duration >= 14 * 60_000)
    }

    @Test func demoHoldsADepegADrainAndAContestedVote() throws {
        let atFive = try play("demo.jsonl", until: 5)
        let usde = atFive.state.stablecoins.coins.first { $0.coin.symbol == "USDe" }
        #expect(PegBand(deviation: pegDeviation(price: usde?.coin.price)) == .depegged)
        let atNine = try play("demo.jsonl", until: 9)
        let kamino = atNine.state.tvl.protocols.first { $0.name == "Kamino" }
        let change = relativeChange(kamino?.history.elements.map { Sample(ts: $0.ts, value: $0.value) } ?? [], windowMillis: 3_600_000)
        #expect((change ?? 0) < -0.5)
        let end = try play("demo.jsonl")
        let vote = end.state.governance.proposals.first
        let share = (vote?.forWeight ?? 0) / max(1, vote?.totalWeight ?? 1)
        #expect(share > 0.35 && share < 0.65, "contested: \(share)")
    }

    @Test func outageTakesARegionOfflineAndBringsItBack() throws {
        let during = try play("outage.jsonl", until: 6)
        let euWest = during.state.fleet.nodes.filter { $0.info.region == "eu-west" }
        #expect(!euWest.isEmpty && euWest.allSatisfy { $0.status == .offline })
        #expect(during.state.fleet.tasksLost > 0)
        let after = try play("outage.jsonl", until: 13)
        #expect(after.state.fleet.nodes.filter { $0.info.region == "eu-west" && $0.status == .online }.count > euWest.count / 2)
    }
}
