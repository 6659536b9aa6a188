import Foundation
import Testing

/// What only a real terminal shows: an 8-colour TERM, a dumb one, a C locale, a click on a header.
@Suite(.ownThread, .serialized, .enabled(if: Tmux.available && Binary.url != nil, "needs tmux and the built binary"))
struct TerminalsEndToEndTests {
    /// TERM=screen has 8 colours: borders are drawn in the terminal's own colour (never black) and
    /// the selected row in reverse video.
    @Test func eightColoursDrawBordersAndTheSelectionVisibly() async {
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.launch("--source sim:51", environment: ["TERM=screen"])
        await tmux.wait(for: "USDT")
        tmux.type("2")
        await tmux.wait(for: "Fleet —")
        let styled = tmux.styledScreen()
        let lines = styled.split(separator: "\n").map(String.init)
        // No black ink or black background anywhere: on a dark terminal it would not show.
        #expect(!styled.contains("\u{1B}[30m") && !styled.contains(";30m") && !styled.contains("[40m") && !styled.contains(";40m"),
                "\(styled.debugDescription.prefix(600))")
        #expect(styled.range(of: #"\[3[1-7]m"#, options: .regularExpression) != nil, "drawn in colour at all")
        let selected = lines.first { $0.contains("node-") } ?? ""
        #expect(selected.contains("\u{1B}[7m") || selected.contains(";7m"), "the selection is reverse video: \(selected.debugDescription)")
        tmux.type("q")
        await tmux.expectRestored("after TERM=screen")
    }

    /// TERM=dumb cannot place the cursor: refused as an unknown TERM is, pointing at the text export,
    /// and keys typed afterwards reach the shell, not a recording.
    @Test func aDumbTerminalIsRefused() async {
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.launch("--source sim:52; echo status=$?", environment: ["TERM=dumb"])
        // The command line itself reads "status=$?": the answer is "status=" and a digit.
        let s = await tmux.waitUntil { $0.range(of: #"status=[0-9]"#, options: .regularExpression) != nil }
        #expect(s.contains("TERM=dumb cannot move the cursor") && s.contains("export --format text") && s.contains("status=2"), "\(s)")
        #expect(!s.contains("1 Overview"))
    }

    /// LANG=C: no UTF-8, so every glyph has an ASCII stand-in; nothing blank, nothing "?".
    @Test func aCLocaleDrawsInASCII() async {
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.launch("--source sim:53", environment: ["LANG=C"])
        var s = await tmux.wait(for: "USDT")
        let lines = s.split(separator: "\n").map(String.init)
        // "? help" in the tab bar is the one "?" that belongs there.
        func unknown(_ s: String) -> Bool { s.replacingOccurrences(of: "? help", with: "").contains("?") }
        #expect(lines.count > 2 && lines[1].hasPrefix("+ Fleet -") && lines[1].hasSuffix("+"), "\(s)")
        #expect(s.contains("nodes  up "), "status counts as words: \(s)")
        #expect(s.contains("####"), "bars are characters, not blanks: \(s)")
        #expect(s.unicodeScalars.allSatisfy(\.isASCII) && !unknown(s), "\(s)")
        tmux.type("5")
        s = await tmux.wait(for: "PROTOCOL")  // the TVL view's header, not the Overview's TVL card
        // The trend sparklines are level characters with their scale beside them.
        let lido = s.split(separator: "\n").first { $0.contains("Lido") }.map(String.init) ?? ""
        #expect(lido.range(of: #"[_.:=+*#-]{3,} ~[0-9.]+%"#, options: .regularExpression) != nil, "\(lido)")
        #expect(s.unicodeScalars.allSatisfy(\.isASCII) && !unknown(s), "\(s)")
        tmux.type("q")
        await tmux.expectRestored("after LANG=C")
    }

    /// A click on a header sorts by that column, largest first for numbers; a second click reverses.
    @Test func aClickOnAHeaderSorts() async {
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.launch("--source sim:54")
        await tmux.wait(for: "USDT")
        tmux.type("2")
        var s = await tmux.wait(for: "NODE▲")
        let lines = s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let y = lines.firstIndex(where: { $0.contains("NODE▲") }), let r = lines[y].range(of: "TASKS") else {
            Issue.record("no header: \(s)"); return
        }
        let x = lines[y].distance(from: lines[y].startIndex, to: r.lowerBound) + 1
        func click() {
            // X10 mouse encoding (what tmux-256color's kmous names): press, then release, 1-based.
            func cell(_ v: Int) -> String { String(UnicodeScalar(UInt8(32 + v))) }
            tmux.type("\u{1B}[M" + cell(0) + cell(x + 1) + cell(y + 1) + "\u{1B}[M" + cell(3) + cell(x + 1) + cell(y + 1))
        }
        click()
        s = await tmux.wait(for: "TASK▼")
        #expect(s.contains("TASK▼") && !s.contains("NODE▲"), "\(s)")
        let tasks = s.split(separator: "\n").filter { $0.contains("│ node-") }.compactMap { line in
            line.split(separator: " ", omittingEmptySubsequences: true).dropFirst(9).first.flatMap { Int($0) }
        }
        #expect(!tasks.isEmpty && tasks == tasks.sorted(by: >), "largest first: \(tasks)")
        click()
        s = await tmux.wait(for: "TASK▲")
        #expect(s.contains("TASK▲"), "\(s)")
        tmux.type("q")
        await tmux.expectRestored("after clicking a header")
    }
}
