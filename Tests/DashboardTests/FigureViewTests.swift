import Testing
@testable import Dashboard
@testable import UI
import Analytics

@Suite struct AlertsViewTests {
    @Test func sevenAndBangOpenTheAlerts() {
        var m = Fixture.model(.overview, 120, 40)
        _ = update(&m, .key(.char("!")))
        #expect(m.screen == .alerts)
        _ = update(&m, .key(.char("1")))
        _ = update(&m, .key(.char("7")))
        #expect(m.screen == .alerts)
        let text = Fixture.render(m)
        #expect(text.contains("FRAX reserves 92% of supply"))
        #expect(m.derived.alertRows.count == Fixture.alerts.all.count)
    }

    @Test func theAlertsLineShowsTheNewestAndACount() {
        let text = Fixture.render(Fixture.model(.overview, 120, 40))
        let active = Fixture.alerts.all.filter { $0.until == nil }
        #expect(text.contains("ALERTS \(active.count) newest " + (active.first?.text ?? "?")))
        #expect(text.contains("(7 lists all \(active.count))"))
    }

    @Test func theShortTabsFitEightyColumnsAndTakeClicks() throws {
        let ranges = Layout.tabRanges(width: 80)
        #expect(try #require(ranges.last).1.upperBound <= 80)
        var m = Fixture.model(.overview, 80, 24)
        let (tab, range) = ranges[6]
        _ = update(&m, .mouse(.click(x: range.lowerBound + 1, y: 0)))
        #expect(tab == .alerts && m.screen == .alerts)
    }
}

@Suite struct RewardsViewTests {
    @Test func enterOpensTheOperator() {
        var m = Fixture.model(.rewards, 120, 40)
        let first = m.derived.operators.first?.id ?? "?"
        _ = update(&m, .key(.enter))
        #expect(m.detail == .operatorID(first))
        let text = Fixture.render(m)
        for part in ["Operator \(first)", "Rewards by basis", "Claims —", "Share over time", "Nodes "] {
            #expect(text.contains(part), "no \(part)")
        }
        _ = update(&m, .key(.escape))
        #expect(m.detail == nil)
    }

    @Test func theClaimFeeMarksOnlyClaimsWorthLess() {
        var m = Fixture.model(.rewards, 120, 40)
        m.claimFeeUSD = 1.0
        m.refresh(Fixture.data)
        let price = Fixture.store.state.rewards.priceUSD ?? 0
        for row in m.derived.operators {
            let worth = row.ledger.claimable.doubleValue * price
            #expect(row.belowFee == (worth > 0 && worth < 1), "\(row.id): $\(worth)")
        }
        #expect(Fixture.render(m).contains("⚠ below the $1.00 fee to claim"))
    }

    @Test func theLorenzCurveIsLabelledAtEverySize() {
        for (w, h) in [(80, 24), (100, 30), (120, 40), (200, 60)] {
            #expect(Fixture.render(Fixture.model(.rewards, w, h)).contains("Lorenz: "), "\(w)×\(h)")
        }
    }
}

@Suite struct ReserveViewTests {
    @Test func reservePartsDifferInEveryBundledTheme() throws {
        for name in Theme.bundledNames {
            let theme = try #require(Theme.bundled(name))
            let colours = reserveStyles.map { theme.color($0.fg) }
            for i in colours.indices {
                for j in colours.indices where j > i {
                    #expect(colours[i] != colours[j], "\(name): parts \(i) and \(j) share a colour")
                }
            }
        }
        #expect(Set(reserveGlyphs).count == reserveGlyphs.count && reserveGlyphs.count == reserveStyles.count)
        #expect(Set(asciiReserveGlyphs).count == reserveStyles.count && asciiReserveGlyphs.allSatisfy(\.isASCII))
    }

    @Test func theReserveBarFollowsItsLegendInASCIIToo() {
        var m = Fixture.model(.stablecoins, 120, 40)
        m.ascii = true
        _ = update(&m, .key(.enter))
        let lines = Fixture.render(m).split(separator: "\n").map(String.init)
        let bar = lines.first { $0.contains("##") } ?? ""
        let legend = lines.compactMap { line -> Character? in
            let cells = Array(line)
            return cells.count > 3 && cells[2] != " " && cells[3] == " " && asciiReserveGlyphs.contains(where: { Character($0) == cells[2] })
                && line.contains("$") ? cells[2] : nil
        }
        var order: [Character] = []
        for ch in bar.dropFirst(2) where asciiReserveGlyphs.contains(where: { Character($0) == ch }) && order.last != ch { order.append(ch) }
        // A part too small for a cell of its own (cash, 0.4%) is the only one the bar may leave out, at its end.
        #expect(legend.count >= 5 && order.count >= legend.count - 1 && legend.starts(with: order), "bar \(order), legend \(legend)")
    }

    @Test func theShortfallIsFlaggedWhereverTheRatioShows() {
        #expect(reserveText(0.92) == "⚠92%" && reserveText(1.04) == "104%" && reserveText(nil) == "–")
        #expect(reserveStyle(0.92).fg == .flag && reserveStyle(0.85).fg == .critical && reserveStyle(1).fg == .ok)
        let overview = Fixture.render(Fixture.model(.overview, 80, 24))
        #expect(overview.split(separator: "\n").contains { $0.contains("FRAX") && $0.contains("⚠92%") })
    }

    @Test func fewIssuersShowTopOneAndTopThree() {
        let text = Fixture.render(Fixture.model(.stablecoins, 120, 40))
        #expect(text.contains("top-1 ") && text.contains("top-3 ") && !text.contains("top-10"))
    }
}
