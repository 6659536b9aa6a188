import Foundation
import SnapshotTesting
import Testing
@testable import Dashboard
@testable import UI

/// Every view as a terminal without UTF-8 (LANG=C) and one with 16 colours draws it, and what an
/// 8-colour terminal (TERM=screen) is told for borders and the selection.
@Suite struct TerminalLookTests {
    func model(_ screen: Screen, ascii: Bool = false, detail: Bool = false) -> Model {
        var m = Fixture.model(screen, 120, 40)
        m.ascii = ascii
        if detail { _ = update(&m, .key(.enter)) }
        return m
    }

    @Test(arguments: Screen.allCases)
    func asciiGoldens(_ screen: Screen) {
        assertSnapshot(of: view(model(screen, ascii: true)).text, as: .lines, named: "\(screen.title.lowercased())-ascii-120x40")
        if screen != .overview, screen != .rewards {
            assertSnapshot(of: view(model(screen, ascii: true, detail: true)).text, as: .lines,
                           named: "\(screen.title.lowercased())-detail-ascii-120x40")
        }
    }

    /// `cat` one of these in a terminal to see it in colour.
    @Test(arguments: Screen.allCases)
    func sixteenColourGoldens(_ screen: Screen) {
        let palette = Palette(theme: .standard, capability: .basic16)
        assertSnapshot(of: view(model(screen)).sgrLines(palette).joined(separator: "\n"), as: .lines,
                       named: "\(screen.title.lowercased())-16colour-120x40")
    }

    /// Whatever a UTF-8 screen shows, the ASCII one shows as ASCII: nothing drawn goes blank, and no
    /// glyph of ours becomes "?".
    @Test(arguments: Screen.allCases)
    func asciiLeavesNothingBlankOrUnknown(_ screen: Screen) {
        for detail in [false, true] {
            let wide = view(model(screen, detail: detail)), narrow = view(model(screen, ascii: true, detail: detail))
            // The Fleet card's status counts are words in ASCII ("up 176"), so that row is laid out differently.
            for y in 0..<wide.size.height where !narrow.lines[y].contains("nodes  up ") {
                for x in 0..<wide.size.width {
                    let u = wide[x, y].scalar, a = narrow[x, y].scalar ?? " "
                    #expect(a.isASCII, "\(screen) (\(x), \(y)): \(a)")
                    #expect(a != "?" || u == "?", "\(screen) (\(x), \(y)): \(String(describing: u)) became ?")
                    if let u, u != " ", u != "\u{2800}" { #expect(a != " ", "\(screen) (\(x), \(y)): \(u) became blank") }
                }
            }
        }
    }

    /// Every character the dashboard's own code draws has an ASCII stand-in (read from its sources, so
    /// that a glyph added later without one fails here).
    @Test func everyGlyphInTheSourcesHasAStandIn() throws {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        var missing: Set<String> = []
        for module in ["Dashboard", "UI"] {
            let dir = root.appendingPathComponent("Sources/\(module)")
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".swift") {
                let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
                for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                    for s in line.unicodeScalars where !s.isASCII && asciiFallback(s) == "?" { missing.insert("\(s) in \(name)") }
                }
            }
        }
        #expect(missing.isEmpty, "\(missing.sorted())")
        var help = model(.fleet, ascii: true)
        _ = update(&help, .key(.char("?")))
        let shown = view(help).text.replacingOccurrences(of: "? help", with: "").replacingOccurrences(of: "? F1", with: "")
        #expect(!shown.contains("?"), "the key ? itself aside: \(shown)")
    }

    /// TERM=screen: 8 colours. The theme's greys would be black on a dark terminal, so borders and
    /// greys are the terminal's own ink and the selection is reverse video.
    @Test func eightColoursUseTheTerminalsInkAndReverseVideo() {
        let canvas = view(model(.fleet))
        for theme in Theme.bundledNames.compactMap(Theme.bundled) {
            let palette = Palette(theme: theme, capability: .basic8)
            var sawSelection = false
            for y in 0..<canvas.size.height {
                for x in 0..<canvas.size.width {
                    let cell = canvas[x, y]
                    let paint = palette.paint(cell.style)
                    #expect(paint.fg != 0 && paint.fg != 7, "\(theme.name): black or white ink at (\(x), \(y))")
                    if cell.style.fg == .border { #expect(paint.fg == -1, "\(theme.name): border at (\(x), \(y))") }
                    if cell.style.bg == .selection {
                        sawSelection = true
                        #expect(paint.reverse && paint.bg == -1, "\(theme.name): selection at (\(x), \(y))")
                    }
                }
            }
            #expect(sawSelection)
        }
        // 8 and 16 colours keep a theme's hues: ok is green, critical red, the greys stay grey.
        let dark = Theme.standard
        for capability in [ColorCapability.basic8, .basic16] {
            let p = Palette(theme: dark, capability: capability)
            #expect(p.number(dark.color(.ok)) % 8 == 2, "\(capability)")
            #expect(p.number(dark.color(.critical)) % 8 == 1, "\(capability)")
            #expect([0, 7, 8, 15].contains(p.number(dark.color(.text))), "\(capability)")
        }
        // With 16 colours and more the selection keeps its own background.
        let rich = Palette(theme: .standard, capability: .basic16).paint(Style(.text, bg: .selection, reverse: true))
        #expect(!rich.reverse && rich.bg != -1)
    }
}
