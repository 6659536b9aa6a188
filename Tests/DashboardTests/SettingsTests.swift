import Testing
@testable import Dashboard
@testable import UI

/// config.toml: read, written back, refused with one clear message, and saved when a sort or the scope changes.
@Suite struct SettingsTests {
    let sample = """
        theme = "light"
        refresh = "500ms"
        view = "fleet"
        operator = "op-3"

        [sort.fleet]
        column = "cpu"
        descending = true

        [sort.rewards]
        column = "rate/h"
        """

    @Test func aFileIsReadIntoSettings() throws {
        let s = try Settings.parse(sample)
        #expect(s.theme == "light")
        #expect(s.refreshMillis == 500)
        #expect(s.view == .fleet)
        #expect(s.operatorScope == "op-3")
        #expect(s.sorts[.fleet] == SortSetting(column: 5, descending: true))
        #expect(s.sorts[.rewards] == SortSetting(column: 4, descending: false))
        #expect(s.sorts[.tvl] == nil)
    }

    @Test func writtenSettingsReadBackTheSame() throws {
        let s = try Settings.parse(sample)
        let text = s.toml()
        #expect(text.contains("[sort.fleet]"))
        #expect(try Settings.parse(text) == s)
        #expect(try Settings.parse(Settings().toml()) == Settings())
    }

    @Test(arguments: [
        ("view = \"fleet", "line 1"),
        ("refresh = 5", "'refresh' must be a duration"),
        ("refresh = \"10ms\"", "at least 50ms"),
        ("view = \"wallet\"", "'view' must be one of"),
        ("theme = 3", "'theme' must be"),
        ("colour = \"red\"", "unknown key 'colour'"),
        ("[sort.fleet]\ncolumn = \"colour\"", "'column' must be one of \"node\""),
        ("[sort.overview]\ncolumn = \"x\"", "'overview' must be a view with a table"),
        ("[sort.fleet]\ncolumn = \"cpu\"\ndescending = \"yes\"", "'descending' must be true or false (line 3)"),
    ])
    func badInputGetsOneClearMessage(text: String, message: String) {
        #expect {
            _ = try Settings.parse(text)
        } throws: { error in
            (error as? Settings.ParseError)?.description.contains(message) ?? false
        }
    }

    @Test func appliedSettingsSortAndScopeTheViews() throws {
        var m = Fixture.model(.overview, 120, 40)
        m.apply(try Settings.parse(sample))
        #expect(m.screen == .fleet)
        #expect(m.lists[Screen.fleet.rawValue].sortColumn == 5 && m.lists[Screen.fleet.rawValue].descending)
        #expect(m.operatorScope == "op-3")
        #expect(m.refreshMillis == 500)
    }

    @Test func aSortChangeAsksForTheSettingsToBeSaved() {
        var m = Fixture.model(.fleet, 120, 40)
        guard case let .saveSettings(s)? = update(&m, .key(.char("s"))) else {
            Issue.record("no save effect"); return
        }
        #expect(s.sorts[.fleet] == SortSetting(column: m.list.sortColumn, descending: m.list.descending))
        #expect(s.sorts.count == 1)  // only the view whose sort changed
        guard case let .saveSettings(reversed)? = update(&m, .key(.char("S"))) else {
            Issue.record("no save effect on S"); return
        }
        #expect(reversed.sorts[.fleet]?.descending == m.list.descending)
    }

    @Test func aScopeChangeIsSavedAndSwitchingViewIsNot() {
        var m = Fixture.model(.rewards, 120, 40)
        #expect(update(&m, .key(.char("2"))) == nil)
        #expect(update(&m, .key(.char("3"))) == nil)
        guard case let .saveSettings(s)? = update(&m, .key(.char("o"))), let scope = m.operatorScope else {
            Issue.record("no save effect on o"); return
        }
        #expect(s.operatorScope == scope)
        #expect(s.view == nil)
        guard case let .saveSettings(everyone)? = update(&m, .key(.char("o"))) else {
            Issue.record("no save effect on the second o"); return
        }
        #expect(everyone.operatorScope == nil)
    }

    @Test func aNoticeShowsAboveTheStatusLineForTenSeconds() {
        var m = Fixture.model(.overview, 120, 40)
        m.notice = Notice("config x: line 1: bad", at: m.now)
        #expect(view(m).lines[38].contains("config x: line 1: bad"))
        m.notice = Notice(String(repeating: "reason ", count: 40) + "\nno theme 'x'", at: m.now)
        let rows = view(m).lines[35..<39]
        #expect(!rows[35].contains("reason") && rows[36].contains("reason") && rows[38].contains("…"), "\(rows)")
        m.now += 10_001
        #expect(!view(m).lines[36...38].joined().contains("reason"))
    }
}
