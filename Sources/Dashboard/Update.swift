import UI
/// The one place the model changes (bubbletea's Update). The data arrives as a message too; a sort,
/// filter or refresh recomputes the derived rows from the last data received.
public func update(_ m: inout Model, _ message: Message) -> Effect? {
    let live = m.live
    // While paused, everything works on the frozen data; the status line still shows the live source.
    let data = m.frozen ?? live
    switch message {
    case let .data(d):
        m.live = d
    case let .resize(size):
        m.size = size
        m.clampSelection()
    case let .tick(now):
        m.now = now
        if data.state.seq != m.derived.seq { m.refresh(data) }
    case let .mouse(mouse):
        let before = m.persisted
        m.handle(mouse, data)
        return m.saveIfChanged(since: before)
    case let .actionResult(text):
        m.actionNote = text
    case .idle:
        m.derived.continueFleetWork(data.state)
        m.clampSelection()
    case let .key(key):
        let before = m.persisted
        return m.handle(key, m.paused && key != .char("p") && key != .char(" ") ? data : live) ?? m.saveIfChanged(since: before)
    }
    return nil
}

extension Model {
    /// Takes `data` as the live data and recomputes everything from it at once (a headless render,
    /// a test): what a `.data` message followed by a `.tick` does.
    public mutating func show(_ data: DataView) {
        live = data
        refresh(data)
    }

    /// Recomputes the rows and figures from `data`.
    public mutating func refresh(_ data: DataView) {
        alertLog.observe(data.state)
        derived = Derived.compute(data, lists: lists, screen: screen, alerts: alertLog, claimFee: claimFeeUSD,
                                  scope: operatorScope, grouping: fleetGrouping, reuse: derived.fleetOrder,
                                  reuseID: derived.idOrder, candidates: derived.fleetCandidates,
                                  text: derived.fleetText, page: firstRows, rates: derived.rewardRates,
                                  figures: derived.figures)
        derived.keepFleetText(wantsFleetText, data.state.fleet)
        clampSelection()
    }

    /// The Fleet is on show (its filters and sorts by name read the flat names of a large fleet).
    var wantsFleetText: Bool { screen == .fleet }

    /// Recomputes only the current screen's rows (a sort or filter changed; the data did not).
    /// The rows up to the last one on the page: what a filter finds first (the count follows, `.idle`).
    var firstRows: Int { max(list.selected, list.offset + pageRows) + 1 }

    /// Recomputes only the current screen's rows (a sort or filter changed). The figures wait for the
    /// next refresh: the rows' indices hold while the fleet's layout does.
    mutating func refreshRows(_ data: DataView) {
        guard derived.layout == data.state.fleet.layout.value, derived.scope == operatorScope else { refresh(data); return }
        derived.grouping = fleetGrouping
        derived.recomputeRows(screen, data, lists[screen.rawValue], page: firstRows)
        derived.keepFleetText(wantsFleetText, data.state.fleet)
        clampSelection()
    }

    mutating func handle(_ key: Key, _ data: DataView) -> Effect? {
        // Ctrl-C and F10 (htop's quit) leave from anywhere; F1 is help, as in htop.
        if key == .ctrlC || key == .function(10) { return .quit }
        if key == .function(1) { showHelp = !showHelp; return nil }
        if let pending = pendingAction { return answerAction(key, pending) }
        if case let .alt(c) = key {
            // Esc and the next key arrive in one burst when typed fast or over a slow link, and read as
            // Alt-key: both count. Only q and R stay unbound, so no chord meant elsewhere quits or records.
            _ = handle(.escape, data)
            return c == "q" || c == "R" ? nil : handle(.char(c), data)
        }
        if filtering { editFilter(key, data); return nil }
        if jumping { return editJump(key) }
        if !showHelp, data.source.replay != nil, let command = replayCommand(key) { return .replay(command) }
        if showHelp {
            if key == .char("q") { return .quit }
            showHelp = false
            return nil
        }
        if actionKey(key, data) { return nil }
        switch key {
        case .char("q"): return .quit
        case .char("R"): return .toggleRecording
        case .char("?"), .char("h"): showHelp = true
        case let .char(c) where c.wholeNumberValue.map({ (1...Screen.allCases.count).contains($0) }) ?? false:
            switchTo(Screen(rawValue: (c.wholeNumberValue ?? 1) - 1) ?? .overview, data)
        case .char("!"): switchTo(.alerts, data)
        case .tab: switchTo(Screen(rawValue: (screen.rawValue + 1) % Screen.allCases.count) ?? .overview, data)
        case .backTab:
            let n = Screen.allCases.count
            switchTo(Screen(rawValue: (screen.rawValue + n - 1) % n) ?? .overview, data)
        case .char("p"), .char(" "):
            if paused {
                frozen = nil
                refresh(data)
            } else {
                frozen = data
                refresh(data)
            }
        case .char("/") where screen != .overview && detail == nil:
            filtering = true
            derived.keepFleetText(wantsFleetText, data.state.fleet)
        case .function(5) where screen == .fleet && detail == nil:
            fleetGrouping = fleetGrouping.next
            list.selected = 0
            list.offset = 0
            refreshRows(data)
        case .char("o") where detail == nil: toggleScope(data)
        case .char("s"): cycleSort(data)
        case .char("S"): reverseSort(data)
        case .enter: drillDown(data)
        case .escape:
            if detail != nil { detail = nil; detailOffset = 0 } else if !list.filter.isEmpty { list.filter = ""; refreshRows(data) }
        case .up, .char("k"): move(by: -1)
        case .down, .char("j"): move(by: 1)
        case .pageUp: move(by: -pageRows)
        case .pageDown: move(by: pageRows)
        case .home, .char("g"): move(by: -Int.max / 2)
        case .end, .char("G"): move(by: Int.max / 2)
        default: break
        }
        return nil
    }

    mutating func switchTo(_ s: Screen, _ data: DataView) {
        screen = s
        detail = nil
        detailOffset = 0
        refreshRows(data)
    }

    /// Keys that drive a replay: space plays and pauses, + and - change speed, arrows and < > seek,
    /// . steps, g asks for a time.
    mutating func replayCommand(_ key: Key) -> ReplayCommand? {
        switch key {
        case .char(" "): return .togglePlay
        case .char("+"), .char("="): return .faster
        case .char("-"): return .slower
        case .left: return .seek(by: -10_000)
        case .right: return .seek(by: 10_000)
        case .char("<"), .char(","): return .seek(by: -60_000)
        case .char(">"): return .seek(by: 60_000)
        case .char("."): return .step
        case .char("g") where detail == nil && screen == .overview:
            jumping = true
            jumpText = ""
            return nil
        default: return nil
        }
    }

    mutating func editJump(_ key: Key) -> Effect? {
        switch key {
        case .escape: jumping = false
        case .backspace: if !jumpText.isEmpty { jumpText.removeLast() }
        case let .char(c) where jumpText.count < 16: jumpText.append(c)
        case .enter:
            jumping = false
            if let d = DurationSpec(jumpText) { return .replay(.seekTo(offset: d.millis)) }
            if jumpText == "0" { return .replay(.seekTo(offset: 0)) }
        default: break
        }
        return nil
    }

    mutating func editFilter(_ key: Key, _ data: DataView) {
        switch key {
        case .enter: filtering = false
        case .escape:
            filtering = false
            list.filter = ""
        case .backspace:
            if !list.filter.isEmpty { list.filter.removeLast() }
        case let .char(c) where !c.isNewline && list.filter.count < 64:
            list.filter.append(c)
        default: return
        }
        list.selected = 0
        list.offset = 0
        refreshRows(data)
    }

    mutating func move(by delta: Int) {
        if detail != nil {
            detailOffset = max(0, detailOffset + (delta > 1_000_000 ? 1_000_000 : delta < -1_000_000 ? -1_000_000 : delta))
            return
        }
        let count = derived.rowCount(screen)
        guard count > 0 else { return }
        let target = delta > 0 ? min(count - 1, list.selected &+ min(delta, count)) : max(0, list.selected - min(-delta, count))
        list.selected = target
        list.offset = scrollOffset(selected: target, current: list.offset, visible: pageRows, count: count)
    }

    /// Keeps the current screen's selection on a row that exists and on screen (only that screen's
    /// rows are built; the others keep their place until they are shown again).
    mutating func clampSelection() {
        let count = derived.rowCount(screen)
        var l = list
        l.selected = max(0, min(l.selected, count - 1))
        l.offset = scrollOffset(selected: l.selected, current: l.offset, visible: pageRows, count: count)
        list = l
    }

    mutating func drillDown(_ data: DataView) {
        let i = list.selected
        let s = data.state
        switch screen {
        case .fleet where fleetGrouping != .none:
            // A group opens as the nodes it holds: the plain table, filtered to it.
            guard let g = derived.fleetGroups.at(i) else { return }
            fleetGrouping = .none
            list.filter = g.key
            list.selected = 0
            list.offset = 0
            refreshRows(data)
        case .fleet:
            if let k = derived.fleetRows.at(i), let n = s.fleet.nodes.at(k) { detail = .node(n.info.id) }
        case .stablecoins:
            if let k = derived.coinRows.at(i), let c = s.stablecoins.coins.at(k) { detail = .stablecoin(c.coin.symbol) }
        case .tvl:
            if let k = derived.protocolRows.at(i), let p = s.tvl.protocols.at(k) { detail = .protocolTVL(p.name) }
        case .governance:
            if let k = derived.proposalRows.at(i), let p = s.governance.proposals.at(k) { detail = .proposal(p.proposal.id) }
        case .rewards:
            if let row = derived.operators.at(i) { detail = .operatorID(row.id) }
        case .overview, .alerts: break
        }
        detailOffset = 0
    }

    /// `o`: scope Fleet and Rewards to the selected row's operator, or, when scoped, to everyone again.
    mutating func toggleScope(_ data: DataView) {
        if operatorScope != nil {
            operatorScope = nil
        } else {
            let i = list.selected
            switch screen {
            case .rewards: operatorScope = derived.operators.at(i)?.id
            case .fleet where fleetGrouping == .operator: operatorScope = derived.fleetGroups.at(i)?.key
            case .fleet where fleetGrouping == .none:
                operatorScope = derived.fleetRows.at(i).flatMap { data.state.fleet.nodes.at($0)?.info.operatorID }
            default: return
            }
        }
        for s in [Screen.fleet, .rewards] {
            lists[s.rawValue].selected = 0
            lists[s.rawValue].offset = 0
        }
        refresh(data)
    }

    /// Rows a page moves: the visible height of the current list.
    var pageRows: Int { pageRows(for: screen) }

    func pageRows(for s: Screen) -> Int { max(1, Layout(size: size, screen: s, ascii: ascii).tableRows) }
}

extension Model {
    mutating func handle(_ mouse: Mouse, _ data: DataView) {
        switch mouse {
        case let .click(x, y):
            if y == 0, let s = Layout.tab(at: x, width: size.width) { switchTo(s, data); return }
            if clickHeader(x: x, y: y, data) { return }
            let layout = Layout(size: size, screen: screen, ascii: ascii)
            guard detail == nil, layout.table.contains(x: x, y: y) else { return }
            let row = list.offset + (y - layout.table.y - 1)
            if y > layout.table.y, row < derived.rowCount(screen) {
                if row == list.selected { drillDown(data) } else { list.selected = row }
            }
        case .wheelUp: move(by: -3)
        case .wheelDown: move(by: 3)
        }
    }
}

extension Array {
    /// The element at `i`, or nil when out of range (rows can go stale between refreshes).
    func at(_ i: Int) -> Element? { i >= 0 && i < count ? self[i] : nil }
}
