import Testing
@testable import Dashboard
@testable import UI
@testable import Store
@testable import Feed

/// Sorting as htop sorts: s and S, a click on a header, numbers largest first, the mark always shown.
@Suite struct SortingTests {
    /// The header row of the table on show.
    func header(_ m: Model) -> String { view(m).lines[Layout(size: m.size, screen: m.screen, ascii: false).table.y] }

    /// Column x of the header cell titled `title`.
    func x(of title: String, in m: Model) -> Int {
        let line = header(m)
        guard let r = line.range(of: title) else { return -1 }
        return line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: r.lowerBound.samePosition(in: line.unicodeScalars) ?? line.unicodeScalars.startIndex)
    }

    @Test func aNumericColumnSortsLargestFirstOnTheFirstPress() {
        var m = Fixture.model(.fleet, 120, 40)
        for _ in 0..<5 { _ = update(&m, .key(.char("s"))) }  // NODE → … → CPU
        #expect(m.list.sortColumn == 5 && m.list.descending)
        let nodes = Fixture.store.state.fleet.nodes
        let cpu = m.derived.fleetRows.map { nodes[$0].cpu }
        #expect(cpu == cpu.sorted(by: >))
        #expect(header(m).contains("CPU▼"))
    }

    @Test func clickingAHeaderSortsByItAndAgainReverses() {
        var m = Fixture.model(.fleet, 120, 40)
        let y = Layout(size: m.size, screen: .fleet, ascii: false).table.y
        let tasks = x(of: "TASKS", in: m)
        _ = update(&m, .mouse(.click(x: tasks + 1, y: y)))
        let nodes = Fixture.store.state.fleet.nodes
        #expect(m.list.sortColumn == 8 && m.list.descending)
        // TASKS is the tasks running by the task events (the export's count), not the last heartbeat's figure.
        let running = m.derived.fleetRows.map { Fixture.store.state.fleet.tasksRunning(on: nodes[$0].info.id) }
        #expect(running == running.sorted(by: >))
        _ = update(&m, .mouse(.click(x: tasks + 1, y: y)))
        #expect(m.list.sortColumn == 8 && !m.list.descending)
        #expect(header(m).contains("TASK▲"))
        // A text column starts A to Z.
        _ = update(&m, .mouse(.click(x: x(of: "REGION", in: m), y: y)))
        #expect(m.list.sortColumn == 2 && !m.list.descending)
    }

    @Test(arguments: [Screen.fleet, .rewards, .stablecoins, .tvl, .governance])
    func everyHeaderTitleThatSortsKeepsItsMark(_ screen: Screen) {
        for width in [80, 120, 200] {
            var m = Fixture.model(screen, width, 40)
            let columns = tableColumns(Layout(size: m.size, screen: screen, ascii: false))
            for col in columns where col.sort != nil {
                var l = m.list
                l.sortColumn = col.sort ?? 0
                m.list = l
                m.refresh(m.live)
                let line = header(m)
                #expect(line.contains("▲") || line.contains("▼"), "\(screen) at \(width) sorted by \(col.title): \(line)")
            }
        }
    }

    @Test func proposalsSortByQuorumProgressAndNakamoto() {
        var m = Fixture.model(.governance, 120, 40)
        let y = Layout(size: m.size, screen: .governance, ascii: false).table.y
        let ps = Fixture.store.state.governance.proposals
        _ = update(&m, .mouse(.click(x: x(of: "QUORUM", in: m), y: y)))
        let progress = m.derived.proposalRows.map { ps[$0].quorumWeight / (ps[$0].proposal.quorum ?? 1) }
        #expect(m.list.sortColumn == 4 && progress == progress.sorted(by: >), "\(progress)")
        _ = update(&m, .mouse(.click(x: x(of: "NAKAMOTO", in: m), y: y)))
        let n = m.derived.proposalRows.map { m.derived.proposalConcentration[ps[$0].proposal.id]?.nakamoto50 ?? -1 }
        #expect(m.list.sortColumn == 5 && n == n.sorted(by: >), "\(n)")
    }

    @Test func theVoterListSortsByClickAndByKey() {
        var m = Fixture.model(.governance, 120, 40)
        _ = update(&m, .key(.enter))
        let r = Layout(size: m.size, screen: .governance, ascii: false).voterTable
        guard case let .proposal(id)? = m.detail, let i = Fixture.store.state.governance.index[id] else {
            Issue.record("no proposal opened"); return
        }
        let p = Fixture.store.state.governance.proposals[i]
        let headerLine = view(m).lines[r.y]
        #expect(headerLine.contains("#▲"), "\(headerLine)")
        let voterX = headerLine.unicodeScalars.firstIndex(of: "V").map { headerLine.unicodeScalars.distance(from: headerLine.unicodeScalars.startIndex, to: $0) } ?? 0
        _ = update(&m, .mouse(.click(x: voterX, y: r.y)))
        #expect(m.voterSort.sortColumn == 1 && !m.voterSort.descending)
        let names = voterRows(p, m.voterSort).map(\.voter)
        #expect(names == names.sorted())
        #expect(view(m).lines[r.y].contains("VOTER▲"))
        _ = update(&m, .key(.char("S")))
        #expect(voterRows(p, m.voterSort).map(\.voter) == names.sorted(by: >))
        _ = update(&m, .key(.char("s")))  // VOTE
        _ = update(&m, .key(.char("s")))  // WEIGHT: heaviest first
        #expect(m.voterSort.sortColumn == 3 && m.voterSort.descending)
        let weights = voterRows(p, m.voterSort).map(\.ballot.weight)
        #expect(weights == weights.sorted(by: >))
    }
}

/// Small things: Esc in a burst with a key, help, quorum, scales, borders.
@Suite struct LayoutTests {
    @Test func anEscInTheSameBurstAsAKeyKeepsTheKey() {
        var m = Fixture.model(.fleet, 120, 40)
        _ = update(&m, .key(.enter))
        #expect(m.detail != nil)
        _ = update(&m, .key(.alt("3")))  // Esc then 3, read together
        #expect(m.detail == nil && m.screen == .rewards)
        #expect(update(&m, .key(.alt("q"))) == nil, "Alt-q still does not quit")
    }

    @Test func helpListsEveryKeyOnceWithItsViews() {
        let keys = helpLines.flatMap { $0.keys.split(separator: " ") }.filter { !["", "Tab"].contains($0) }
        #expect(Set(keys).count == keys.count, "\(keys)")
        #expect(helpLines.allSatisfy { !$0.views.isEmpty })
        // Opaque at every size: over two different views the box and its margin read the same.
        for (w, h) in [(80, 24), (100, 30), (120, 40), (200, 60)] {
            var shots: [[String]] = []
            for screen in [Screen.fleet, .tvl] {
                var m = Fixture.model(screen, w, h)
                _ = update(&m, .key(.char("?")))
                let c = view(m)
                let width = min(w - 4, 84), height = min(h - 2, helpLines.count + 4)
                let x0 = (w - width) / 2 - 1, y0 = (h - height) / 2
                shots.append((y0..<(y0 + height)).map { y in
                    String(String.UnicodeScalarView((x0..<(x0 + width + 2)).map { c[$0, y].scalar ?? " " }))
                })
            }
            #expect(shots[0] == shots[1], "\(w)x\(h)")
            #expect(shots[0].allSatisfy { $0.hasPrefix(" ") && $0.hasSuffix(" ") }, "\(w)x\(h): a clear margin")
        }
    }

    @Test func quorumReadsAsProgressThenAMultiple() {
        for (weight, text) in [(36.0, "72%"), (265.0, "✓ 5.3×"), (50.0, "✓ 1.0×"), (600.0, "✓ 12×")] {
            var p = ProposalEntry(proposal: Proposal(id: "p", space: "s", title: "t", state: .active, quorum: 50))
            p.cast(Vote(proposal: "p", voter: "a", support: .for, weight: weight))
            #expect(quorumProgress(p) == text)
        }
    }

    @Test func aTinySwingIsNotDrawnFullHeight() {
        var c = Canvas(size: Size(width: 10, height: 1))
        sparkline(&c, x: 0, y: 0, width: 10, [100, 100.1, 100.05, 100.1, 100])
        let drawn = c.lines[0].unicodeScalars.filter { $0 != " " }
        #expect(!drawn.contains("▁") && !drawn.contains("█"), "\(c.lines[0])")
        #expect(swingLabel([100, 100.1], width: 10) == "±0.05%")
        var full = Canvas(size: Size(width: 10, height: 1))
        sparkline(&full, x: 0, y: 0, width: 10, [100, 150, 200])
        #expect(full.lines[0].hasSuffix("▁▅█"))
    }

    /// No figure touches the border it sits in: the cell beside every vertical border is blank or a border.
    @Test(arguments: Screen.allCases)
    func nothingTouchesABorder(_ screen: Screen) {
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            let canvas = view(Fixture.model(screen, w, h))
            for y in 1..<(h - 2) {
                for x in 1..<(w - 1) where canvas[x, y].scalar == "│" {
                    for n in [x - 1, x + 1] {
                        let s = canvas[n, y].scalar ?? " "
                        #expect(s == " " || s == "│" || s == "┐" || s == "┌" || s == "└" || s == "┘",
                                "\(screen) \(w)x\(h) (\(n), \(y)): \(canvas.lines[y])")
                    }
                }
            }
        }
    }
}
