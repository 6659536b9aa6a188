import Feed
import Testing
@testable import Engine

/// The engine's numbered tables: rows kept, given back and taken again, across pages.
@Suite struct TablesTests {
    @Test func pagedRowsKeepTheirElementsAcrossPagesAndReuseFreedRows() {
        var rows = PagedRows<Int>()
        let given = (0..<3000).map { rows.add($0) }
        #expect(given == (0..<3000).map { Int32($0) })
        #expect(rows[1023] == 1023 && rows[1024] == 1024 && rows[2999] == 2999)
        #expect(rows[3000] == nil && rows[-1] == nil, "rows never given out read as nil")
        #expect(rows.free(1500) == 1500 && rows.free(1500) == nil)
        #expect(rows[1500] == nil)
        #expect(rows.add(-7) == 1500, "a freed row is taken first")
        rows.update(1500) { $0 *= 2 }
        rows.update(5000) { $0 = 1 }
        #expect(rows[1500] == -14 && rows[5000] == nil)
    }

    @Test func aTaskTableFindsTasksByIdAndReplacesOneOfTheSameId() {
        var table = TaskTable()
        for k in 0..<2100 {
            table.insert(PlacedTask(spec: task("t\(k)"), node: "n\(k % 7)", state: .assigned, nodeRow: Int32(k % 7)))
        }
        #expect(table.count == 2100 && table["t2099"]?.node == "n6")
        table.insert(PlacedTask(spec: task("t5", cpu: 8), node: "n1", state: .running, nodeRow: 1))
        #expect(table.count == 2100 && table["t5"]?.state == .running && table["t5"]?.spec.resources.cpu == 8)
        #expect(table.remove("t7", if: { $0.state == .running }) == nil && table["t7"] != nil)
        #expect(table.remove("t7", if: { $0.state == .assigned })?.node == "n0" && table["t7"] == nil)
        #expect(table.remove("t8")?.spec.id == "t8" && table.remove("t8") == nil)
        if let r = table.row(of: "t9") { table.setState(row: r, .running) }
        #expect(table["t9"]?.state == .running && table.count == 2098)
        #expect(Set(table.ids).count == 2098 && !table.ids.contains("t7"))
    }

    @Test func aNodeJoiningAgainKeepsItsRowAndALeftRowIsTakenByTheNextToJoin() {
        var engine = Engine()
        engine.join(info("a")); engine.join(info("b")); engine.join(info("c"))
        let b = engine.nodes.row(of: "b")
        engine.submit(task("t1"))
        engine.schedule()
        engine.join(info("a", cores: 16))
        #expect(engine.nodes.row(of: "a") == 0 && engine.nodes["a"]?.info.cpuCores == 16)
        engine.leave("b")
        #expect(engine.nodes.row(of: "b") == nil && engine.nodes[row: b ?? -1] == nil)
        engine.join(info("d"))
        #expect(engine.nodes.row(of: "d") == b && engine.nodes.count == 3)
        #expect(engine.nodes.holds("d", atRow: b ?? -1) && !engine.nodes.holds("b", atRow: b ?? -1))
        #expect(engine.nodes.values.map(\.info.id) == ["a", "d", "c"], "rows in row order")
    }
}
