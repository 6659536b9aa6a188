import SnapshotTesting
import Testing
@testable import Dashboard
@testable import UI
@testable import Feed

/// Every screen at 80×24 and 120×40, compared as text with the goldens in __Snapshots__.
@Suite struct GoldenTests {
    static let sizes = [(80, 24), (120, 40)]

    @Test(arguments: Screen.allCases)
    func screens(_ screen: Screen) {
        for (w, h) in Self.sizes {
            assertSnapshot(of: Fixture.render(Fixture.model(screen, w, h)), as: .lines,
                           named: "\(screen.title.lowercased())-\(w)x\(h)")
        }
    }

    @Test func drillDowns() {
        for (w, h) in Self.sizes {
            for (screen, detail) in [(Screen.fleet, "node"), (.stablecoins, "coin"), (.tvl, "protocol"), (.governance, "proposal"),
                                     (.rewards, "operator")] {
                var m = Fixture.model(screen, w, h)
                _ = update(&m, .key(.enter))
                #expect(m.detail != nil, "Enter opened nothing on \(screen)")
                assertSnapshot(of: Fixture.render(m), as: .lines, named: "\(detail)-\(w)x\(h)")
            }
        }
    }

    /// A wide terminal is used: the Fleet adds version, uptime and trends, the Governance card its largest votes.
    @Test(arguments: [Screen.overview, .fleet])
    func wide(_ screen: Screen) {
        let m = Fixture.model(screen, 200, 60)
        let text = Fixture.render(m)
        if screen == .fleet { #expect(text.contains("VERSION") && text.contains("UPTIME") && text.contains("MEM TREND")) }
        assertSnapshot(of: text, as: .lines, named: "\(screen.title.lowercased())-200x60")
    }

    @Test func helpAndTooSmall() {
        var m = Fixture.model(.fleet, 80, 24)
        _ = update(&m, .key(.char("?")))
        assertSnapshot(of: Fixture.render(m), as: .lines, named: "help-80x24")
        assertSnapshot(of: Fixture.render(Fixture.model(.overview, 60, 20)), as: .lines, named: "too-small-60x20")
    }

    @Test func filteredAndSorted() {
        var m = Fixture.model(.fleet, 120, 40)
        for key: Key in [.char("/"), .char("g"), .char("p"), .char("u"), .enter, .char("s"), .char("s"), .char("s"), .char("s"), .char("s")] {
            _ = update(&m, .key(key))
        }
        let text = Fixture.render(m)
        #expect(text.contains("match /gpu"))
        #expect(text.contains("CPU▼"), "a column of numbers sorts largest first")
        assertSnapshot(of: text, as: .lines, named: "fleet-gpu-by-cpu-desc-120x40")
    }

    @Test func fleetByRegion() {
        var m = Fixture.model(.fleet, 120, 40)
        _ = update(&m, .key(.function(5)))
        _ = update(&m, .key(.function(5)))
        assertSnapshot(of: Fixture.render(m), as: .lines, named: "fleet-by-region-120x40")
    }
}
