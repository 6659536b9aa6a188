import Testing
@testable import Dashboard
@testable import UI
@testable import Store
@testable import Feed
import Analytics

@Suite struct OperatorScopeTests {
    @Test func oScopesFleetAndRewardsToTheSelectedOperator() throws {
        var m = Fixture.model(.rewards, 120, 40)
        _ = update(&m, .key(.down))
        let chosen = try #require(m.derived.operators.at(1)?.id)
        _ = update(&m, .key(.char("o")))
        #expect(m.operatorScope == chosen)
        #expect(m.derived.operators.map(\.id) == [chosen])
        _ = update(&m, .key(.char("2")))
        let nodes = Fixture.store.state.fleet.nodes
        let own = nodes.filter { $0.info.operatorID == chosen }
        #expect(m.derived.fleetRows.count == own.count)
        #expect(m.derived.fleetRows.allSatisfy { nodes[$0].info.operatorID == chosen })
        let text = Fixture.render(m)
        #expect(text.contains("\(chosen)'s fleet (o: all) — \(own.count) nodes: \(own.filter { $0.status == .online }.count) online"))
        _ = update(&m, .key(.char("o")))
        #expect(m.operatorScope == nil && m.derived.fleetRows.count == nodes.count)
    }
}

@Suite struct FleetGroupingTests {
    @Test func f5GroupsByOperatorThenRegionThenNot() throws {
        var m = Fixture.model(.fleet, 120, 40)
        let f = Fixture.store.state.fleet
        _ = update(&m, .key(.function(5)))
        #expect(m.fleetGrouping == .operator)
        #expect(m.derived.fleetGroups.count == f.nodesByOperator.count)
        #expect(m.derived.rowCount(.fleet) == f.nodesByOperator.count)
        _ = update(&m, .key(.function(5)))
        let groups = m.derived.fleetGroups
        #expect(groups.map(\.key).sorted() == f.nodesByRegion.keys.sorted())
        #expect(groups.reduce(0) { $0 + $1.nodes } == f.count)
        for s in NodeStatus.allCases { #expect(groups.reduce(0) { $0 + $1.count(s) } == f.count(s)) }
        #expect(groups.reduce(0) { $0 + $1.tasks } == f.activeByNode.filter { f.index[$0.key] != nil }.values.reduce(0, +))
        let g = try #require(groups.first)
        let live = f.nodes.filter { $0.info.region == g.key && $0.status != .offline }
        #expect(abs(g.meanCPU - live.reduce(0) { $0 + $1.cpu } / Double(live.count)) < 1e-9, "the mean leaves offline nodes out")
        let text = Fixture.render(m)
        #expect(text.contains("by region") && text.contains("▼OFFLINE"))
        // Enter on a group shows its nodes.
        _ = update(&m, .key(.enter))
        #expect(m.fleetGrouping == .none && m.list.filter == g.key && m.derived.fleetRows.count >= g.nodes)
        _ = update(&m, .key(.escape))
        _ = update(&m, .key(.function(5)))
        _ = update(&m, .key(.function(5)))
        _ = update(&m, .key(.function(5)))
        #expect(m.fleetGrouping == .none)
    }

    @Test func theOverviewSplitsRegionsOnlineAndOffline() throws {
        let lines = Fixture.render(Fixture.model(.overview, 120, 40)).split(separator: "\n")
        let down = Fixture.store.state.fleet.nodes.filter { $0.status == .offline }
        let worst = Dictionary(grouping: down, by: \.info.region).max { a, b in
            a.value.count != b.value.count ? a.value.count < b.value.count : a.key > b.key
        }
        let region = try #require(worst)
        #expect(lines.contains { $0.contains("│ \(region.key) ●") && $0.contains("▼\(region.value.count)") },
                "the region with the most nodes offline comes first")
    }
}
