import Testing
@testable import Dashboard
@testable import UI

/// An offline node's load figures are its last report: drawn muted, never in the colours of live load.
@Suite struct StaleLoadTests {
    /// The style of the first figure after the status word on each row that has it.
    func loadStyles(status: String) -> [Role] {
        var m = Fixture.model(.fleet, 120, 40)
        m.list.selected = 0
        let canvas = view(m)
        let lines = canvas.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var roles: [Role] = []
        for (y, line) in lines.enumerated() {
            guard line.contains("│ node-"), let r = line.range(of: " \(status) ") else { continue }
            var x = line.distance(from: line.startIndex, to: r.upperBound)
            while x < canvas.size.width, canvas[x, y].scalar == " " { x += 1 }
            roles.append(canvas[x, y].style.fg)
        }
        return roles
    }

    @Test func offlineRowsAreMutedAndOnlineRowsAreNot() {
        let offline = loadStyles(status: "offline")
        let online = loadStyles(status: "online")
        #expect(!offline.isEmpty && offline.allSatisfy { $0 == .muted }, "\(offline)")
        #expect(!online.isEmpty && online.allSatisfy { $0 != .muted }, "\(online)")
    }
}
