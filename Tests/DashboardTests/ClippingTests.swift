import Testing
@testable import Dashboard
@testable import UI
@testable import Feed
@testable import Store

/// Text that does not fit is cut visibly, never in a way that reads as another value.
@Suite struct ClippingTests {
    @Test func aCutTextEndsInAnEllipsis() {
        var c = Canvas(size: Size(width: 12, height: 1))
        let end = c.text(0, 0, "eu-west 31 nodes", maxX: 10)
        #expect(c.lines[0] == "eu-west 3…")
        #expect(end == 10)
        var ascii = Canvas(size: Size(width: 12, height: 1), ascii: true)
        ascii.text(0, 0, "eu-west 31 nodes", maxX: 10)
        #expect(ascii.lines[0] == "eu-west 3~")
    }

    @Test func aTextThatFitsIsUntouched() {
        var c = Canvas(size: Size(width: 10, height: 1))
        c.text(0, 0, "eu-west 31", maxX: 10)
        #expect(c.lines[0] == "eu-west 31")
    }

    @Test func aWideCharacterCutIsReplacedWhole() {
        var c = Canvas(size: Size(width: 6, height: 1))
        c.text(0, 0, "ab漢字cd", maxX: 6)
        #expect(c.lines[0] == "ab漢…")
    }

    @Test func listsKeepWholeEntries() {
        let parts = ["sa-east 34", "ap-south 30", "eu-central 30", "ap-northeast 29"]
        #expect(fitting(parts, width: 80) == parts.joined(separator: " · "))
        // 40 columns hold three entries but not the " …" that says a fourth is left out.
        #expect(fitting(parts, width: 42) == "sa-east 34 · ap-south 30 · eu-central 30 …")
        #expect(fitting(parts, width: 41) == "sa-east 34 · ap-south 30 …")
        #expect(fitting(parts, width: 20) == "sa-east 34 …")
        #expect(fitting(parts, width: 5) == "sa-e…")
        #expect(fitting([], width: 5) == "")
    }
}

/// The Overview's stablecoin card at its narrowest: a depegged coin's band is shown whole.
@Suite struct DepegLabelTests {
    @Test func aDepegIsNeverCutAt80Columns() {
        var store = Store()
        store.apply(FeedRecord(seq: 1, ts: 1_767_225_600_000, body: .stablecoin(Stablecoin(
            symbol: "USDe", issuer: "Ethena", peg: "USD", price: 0.8959, supply: 5.8e9))))
        let data = DataView(store: store, source: SourceStatus(name: "test"))
        var m = Model(size: Size(width: 80, height: 24), now: store.state.ts)
        m.show(data)
        let line = view(m).text.split(separator: "\n").first { $0.contains("USDe") } ?? ""
        #expect(line.contains("-10.41% depeg") && !line.contains("…"), "\(line)")
        #expect(line.contains("$5.8B"), "\(line)")
    }
}
