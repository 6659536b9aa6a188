import Testing
import Feed
import Sources

/// The live simulator releases what has come due on a grid of `releaseGrid` ms, not a wake per record.
@Suite struct LiveSimulationTests {
    @Test func recordsComeDueOnAGridAndNoneEarly() throws {
        let wallStart: Int64 = 1_800_000_000_000
        let driver = try SourceSpec.sim(seed: 5).openLive(nodes: 300, wallNow: wallStart, warmupMillis: 60_000)
        var now: Int64 = 0, wakes = 0, records = 0
        let grid = LiveSimulation.releaseGrid
        while now < 20_000 {
            let poll = driver.poll(now: now, budget: 4096)
            for case let .items(items) in poll.events {
                for case let .record(r, _) in items where r.seq != nil {
                    records += 1
                    #expect(r.ts - wallStart <= now, "released at \(now), due at \(r.ts - wallStart)")
                }
            }
            guard let wake = poll.wake else { break }
            if wake > now {
                #expect(wake % grid == 0, "wakes on the grid: \(wake)")
                wakes += 1
                now = wake
            }
        }
        #expect(records > 1000 && wakes <= Int(20_000 / grid), "\(records) records in \(wakes) wakes")
    }
}
