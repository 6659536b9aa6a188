import Testing
@testable import Dashboard
@testable import UI
@testable import Feed

@Suite struct UpdateTests {
    @Test func keysSwitchViewsAndQuit() {
        var m = Fixture.model(.overview, 120, 40)
        for (key, screen) in [(Key.char("3"), Screen.rewards), (.tab, .stablecoins), (.backTab, .rewards), (.char("6"), .governance)] {
            _ = update(&m, .key(key))
            #expect(m.screen == screen)
        }
        #expect(update(&m, .key(.char("q"))) == .quit)
        #expect(update(&m, .key(.ctrlC)) == .quit)
    }

    @Test func navigationStaysInBounds() {
        var m = Fixture.model(.fleet, 120, 40)
        let count = m.derived.fleetRows.count
        _ = update(&m, .key(.end))
        #expect(m.list.selected == count - 1)
        _ = update(&m, .key(.down))
        #expect(m.list.selected == count - 1)
        _ = update(&m, .key(.pageUp))
        #expect(m.list.selected == count - 1 - m.pageRows)
        _ = update(&m, .key(.home))
        #expect(m.list.selected == 0 && m.list.offset == 0)
    }

    @Test func filterNarrowsAndEscClears() {
        var m = Fixture.model(.fleet, 120, 40)
        let all = m.derived.fleetRows.count
        for c in "/offline" { _ = update(&m, .key(.char(c))) }
        #expect(m.filtering)
        let offline = Fixture.store.state.fleet.nodes.filter { $0.status == .offline }.count
        #expect(m.derived.fleetRows.count == offline)
        _ = update(&m, .key(.backspace))
        _ = update(&m, .key(.escape))
        #expect(!m.filtering && m.list.filter.isEmpty && m.derived.fleetRows.count == all)
    }

    @Test func sortCyclesAndReverses() {
        var m = Fixture.model(.fleet, 120, 40)
        _ = update(&m, .key(.char("s")))
        #expect(m.list.sortColumn == 1)
        let nodes = Fixture.store.state.fleet.nodes
        let ops = m.derived.fleetRows.map { nodes[$0].info.operatorID }
        #expect(ops == ops.sorted())
        _ = update(&m, .key(.char("S")))
        let reversed = m.derived.fleetRows.map { nodes[$0].info.operatorID }
        #expect(reversed == ops.sorted(by: >))
    }

    @Test func mouseSelectsRowsAndTabs() {
        var m = Fixture.model(.fleet, 120, 40)
        _ = update(&m, .mouse(.click(x: 5, y: 6)))
        #expect(m.list.selected == 3)  // box top at 1, header at 2, rows from 3
        _ = update(&m, .mouse(.wheelDown(x: 5, y: 6)))
        #expect(m.list.selected == 6)
        let (tab, range) = Layout.tabRanges(width: 120)[4]
        _ = update(&m, .mouse(.click(x: range.lowerBound + 1, y: 0)))
        #expect(m.screen == tab)
    }

    @Test func escGoesBackFromADrillDown() {
        var m = Fixture.model(.governance, 120, 40)
        _ = update(&m, .key(.enter))
        guard case .proposal? = m.detail else { Issue.record("no proposal opened"); return }
        _ = update(&m, .key(.escape))
        #expect(m.detail == nil)
    }
}

@Suite struct ThemeTests {
    @Test func bundledThemesParse() {
        for name in ["dark", "light", "high-contrast"] {
            let theme = Theme.bundled(name)
            #expect(theme != nil, "\(name)")
            #expect(theme?.colors[.critical] != nil)
        }
    }

    @Test func badThemeNamesTheLine() {
        do {
            _ = try Theme.parse("name = \"x\"\n[colors]\ntext = \"#12345\"\n", name: "x")
            Issue.record("accepted a bad colour")
        } catch {
            #expect(error.description.contains("line 3"), "\(error.description)")
        }
        do {
            _ = try Theme.parse("name = \"x\"\n[colors\n", name: "x")
            Issue.record("accepted bad TOML")
        } catch {
            #expect(error.description.contains("line 2"), "\(error.description)")
        }
    }

    @Test func embeddedThemesMatchTheFiles() throws {
        let dir = URLPath.themes
        guard let dir else { return }
        for (name, toml) in BundledThemes.files {
            let text = try String(contentsOfFile: dir + "/\(name).toml", encoding: .utf8)
            #expect(text == toml + "\n" || text == toml, "Themes/\(name).toml changed: run scripts/embed-themes.sh")
        }
    }
}

import Foundation
enum URLPath {
    static let themes: String? = {
        var dir = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 {
            dir.deleteLastPathComponent()
            let candidate = dir.appendingPathComponent("Themes").path
            if FileManager.default.fileExists(atPath: candidate + "/dark.toml") { return candidate }
        }
        return nil
    }()
}
