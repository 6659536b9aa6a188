import Testing
@testable import Dashboard

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
