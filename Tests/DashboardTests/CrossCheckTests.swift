import Foundation
import Testing
@testable import Dashboard
@testable import UI
@testable import Feed
@testable import Store
import Analytics
import Export
import Simulation

/// A run watched as the dashboard and the export watch it: the store, the alerts, and (kept apart from
/// the store's own bookkeeping) each task's last state from the records themselves.
struct Watched {
    var store = Store()
    var alerts = AlertLog()
    var lastState: [String: (node: String, state: TaskState)] = [:]

    init(seed: UInt64, nodes: Int, minutes: Int64, scenario: Scenario? = nil) {
        var options = SimulatorOptions(seed: seed, nodes: nodes)
        options.scenario = scenario
        let sim = Simulator(options: options)
        while sim.now <= options.start + minutes * 60_000, let item = sim.next() {
            if case let .record(r, _) = item, case let .task(t) = r.body { lastState[t.id] = (t.node, t.state) }
            store.ingest(item)
            alerts.observe(store.state, minStep: AlertLog.streamStepMillis)
        }
        alerts.observe(store.state)
    }

    var report: Report { Report(store: store, alerts: alerts) }

    func render(_ screen: Screen, keys: [Key] = []) -> [String] {
        var m = Model(size: Size(width: 120, height: 40), now: store.state.ts)
        m.screen = screen
        m.alertLog = alerts
        m.show(DataView(store: store, source: SourceStatus(name: "sim", lastRecordAt: store.state.ts)))
        for k in keys { _ = update(&m, .key(k)) }
        return view(m).text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Tasks assigned or running on a node by its records' last word on each.
    func running(on node: String) -> Int {
        lastState.values.filter { $0.node == node && ($0.state == .assigned || $0.state == .running) }.count
    }
}

/// The cells of a table drawn in a box: the header's titles give each column's span.
struct DrawnTable {
    var header: [Character]
    var rows: [[Character]]

    init?(_ lines: [String], headerContaining title: String) {
        guard let h = lines.firstIndex(where: { $0.contains(title) }) else { return nil }
        header = Array(lines[h])
        // Rows run until the box's bottom edge or its first empty row.
        rows = Array(lines[(h + 1)...].map { Array($0) }.prefix { row in
            row.first == "│" && row.dropFirst().prefix(while: { $0 != "│" }).contains { $0 != " " }
        })
    }

    /// Column `title`'s cell in each row, trimmed: from the title's start to the next title's start.
    func column(_ title: String) -> [String] {
        let text = String(header)
        guard let r = text.range(of: title) else { return [] }
        let start = text.distance(from: text.startIndex, to: r.lowerBound)
        var end = start + title.count
        while end < header.count, header[end] == "▲" || header[end] == "▼" { end += 1 }
        // A right-aligned column ends where its title (and sort mark) does: its value is the last word before.
        return rows.map { row in
            let lo = max(0, start - 10), hi = min(row.count, end)
            guard lo < hi else { return "" }
            let cell = String(row[lo..<hi])
            return cell.split(separator: " ").last.map(String.init) ?? ""
        }
    }
}

func number(_ s: String) -> Double? { Double(s.filter { $0.isNumber || $0 == "." || $0 == "-" }) }

func capture(_ lines: [String], _ pattern: String) -> [String]? {
    guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
    for line in lines {
        let ns = line as NSString
        if let m = regex.firstMatch(in: line, range: NSRange(location: 0, length: ns.length)) {
            return (1..<m.numberOfRanges).map { ns.substring(with: m.range(at: $0)) }
        }
    }
    return nil
}

/// Every figure shown in two places (a view at 120×40 and the JSON export, or two views) says the same.
@Suite struct CrossCheckTests {
    static let runs: [(seed: UInt64, nodes: Int, minutes: Int64, scenario: Scenario?)] = [
        (3, 30, 4, nil), (11, 30, 12, nil), (42, 28, 25, .outage), (5, 30, 20, .markets),
    ]

    @Test(arguments: 0..<CrossCheckTests.runs.count)
    func figuresAgree(_ k: Int) throws {
        let r = Self.runs[k]
        let w = Watched(seed: r.seed, nodes: r.nodes, minutes: r.minutes, scenario: r.scenario)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(w.report.json().utf8)) as? [String: Any])
        try fleet(w, json)
        try rewards(w, json)
        try governance(w, json)
        try stablecoins(w, json)
        try alerts(w, json)
    }

    func fleet(_ w: Watched, _ json: [String: Any]) throws {
        let f = try #require(json["fleet"] as? [String: Any])
        let overview = w.render(.overview)
        let tasks = try #require(capture(overview, #"tasks (\d+) run · (\d+) done · (\d+) failed · (\d+) lost"#))
        #expect(tasks == ["tasks_running", "tasks_done", "tasks_failed", "tasks_lost"].map { "\(f[$0] as? Int ?? -1)" })
        let counts = try #require(capture(overview, #"(\d+) nodes  ●(\d+) ◐(\d+) ▼(\d+) ⇣(\d+)"#))
        #expect(counts == ["nodes", "online", "degraded", "offline", "draining"].map { "\(f[$0] as? Int ?? -1)" })
        // The Overview's regions, online and offline, as the export has them (those shown before the line is cut).
        let regions = try #require(f["regions"] as? [String: [String: Int]])
        let line = try #require(overview.first { $0.contains(" ●") && !$0.contains("nodes") })
        let regionPattern = try #require(try? NSRegularExpression(pattern: #"([a-z][a-z-]+) ●(\d+)( ▼(\d+))?"#))
        let ns = line as NSString
        let matches = regionPattern.matches(in: line, range: NSRange(location: 0, length: ns.length))
        #expect(!matches.isEmpty)
        for m in matches {
            let region = ns.substring(with: m.range(at: 1))
            let offline = m.range(at: 4).location == NSNotFound ? 0 : Int(ns.substring(with: m.range(at: 4))) ?? -1
            #expect(regions[region]?["online"] == Int(ns.substring(with: m.range(at: 2))), "\(region) online")
            #expect(regions[region]?["offline"] == offline, "\(region) offline")
        }
        #expect(regions.values.reduce(0) { $0 + ($1["offline"] ?? 0) } == f["offline"] as? Int)
        // Each node's TASKS in the Fleet table, its drill-down, the CSV export and the records agree.
        let lines = w.render(.fleet)
        let table = try #require(DrawnTable(lines, headerContaining: "TASKS"))
        let ids = table.rows.map { String($0.dropFirst().prefix(12)).trimmingCharacters(in: .whitespaces) }
        #expect(ids.count == w.store.state.fleet.count, "the whole fleet fits at 120×40")
        let shown = table.column("TASKS").map { Int($0) ?? -1 }
        let csv = w.report.table(.fleet)
        let csvTasks = Dictionary(uniqueKeysWithValues: csv.rows.map { ($0[0], Int($0[8]) ?? -1) })
        for (id, n) in zip(ids, shown) {
            #expect(n == w.running(on: id), "\(id): the table says \(n) running")
            #expect(csvTasks[id] == n, "\(id): the CSV says \(csvTasks[id] ?? -1), the table \(n)")
        }
        #expect(shown.reduce(0, +) <= f["tasks_running"] as? Int ?? -1)
        // An offline node's drill-down counts as the table does, never its last heartbeat's figure.
        if w.store.state.fleet.count(.offline) > 0 {
            // Sorted by status (the fifth column), offline nodes come first: Enter opens one.
            let detail = w.render(.fleet, keys: [.char("s"), .char("s"), .char("s"), .char("s"), .enter])
            let id = try #require(capture(detail, #"Node (node-\d+)"#)?.first)
            #expect(w.store.state.fleet.node(id)?.status == .offline)
            let running = try #require(capture(detail, #"tasks running +(\d+)"#)?.first)
            #expect(Int(running) == w.running(on: id), "\(id) shows \(running) running")
        }
    }

    func rewards(_ w: Watched, _ json: [String: Any]) throws {
        let rj = try #require(json["rewards"] as? [String: Any])
        let lines = w.render(.rewards)
        let table = try #require(DrawnTable(lines, headerContaining: "RATE/H"))
        #expect(table.rows.count == rj["operators"] as? Int)
        let rates = table.column("RATE/H").compactMap(number)
        let total = try #require(rj["rate_per_hour"] as? Double)
        // Each rate is rounded to 0.005 on screen: the column adds up to the total within that.
        #expect(abs(rates.reduce(0, +) - total) <= 0.005 * Double(rates.count) + 1e-9,
                "RATE/H adds up to \(rates.reduce(0, +)), the total is \(total)")
        // The export rounds to 9 decimals and the screen to 2 from the unrounded total: where the total
        // lies on a rounding boundary (x.xx5 to 9 decimals) either side is the same figure.
        let shownAs = Set([formatFixed(total - 1e-9, 2), formatFixed(total + 1e-9, 2)])
        let box = try #require(capture(lines, #"rate +([0-9.]+)/h"#)?.first)
        #expect(shownAs.contains(box), "the box shows \(box), the export says \(total)")
        let card = try #require(capture(w.render(.overview), #"rate ([0-9.]+)/h"#)?.first)
        #expect(shownAs.contains(card), "the card shows \(card), the export says \(total)")
        let marked = table.column("CLAIM $").filter { $0.hasPrefix("⚠") }.count
        #expect(marked == rj["operators_below_claim_fee"] as? Int)
        let accrued = try #require(capture(lines, #"Rewards by operator — ([0-9.]+)"#)?.first)
        #expect(Double(accrued).map { formatFixed($0, 2) } == (rj["accrued"] as? String).flatMap(Double.init).map { formatFixed($0, 2) })
    }

    func governance(_ w: Watched, _ json: [String: Any]) throws {
        let gj = try #require(json["governance"] as? [[String: Any]])
        let lines = w.render(.governance)
        let voters = try #require(capture(lines, #"proposals, (\d+) voters?"#)?.first)
        #expect(Int(voters) == gj.reduce(0) { $0 + ($1["voters"] as? Int ?? 0) })
        let table = try #require(DrawnTable(lines, headerContaining: "VOTERS"))
        let byID = Dictionary(uniqueKeysWithValues: gj.map { ($0["id"] as? String ?? "", $0["voters"] as? Int ?? -1) })
        let column = table.column("VOTERS")
        #expect(column.reduce(0) { $0 + (Int($1) ?? 0) } == Int(voters))
        for (row, v) in zip(table.rows, column) {
            let id = String(row.dropFirst().prefix(8)).trimmingCharacters(in: .whitespaces)
            #expect(byID[id] == Int(v), "\(id): the table says \(v) voters")
        }
    }

    func stablecoins(_ w: Watched, _ json: [String: Any]) throws {
        let coins = try #require(json["stablecoins"] as? [[String: Any]])
        let lines = w.render(.stablecoins)
        let table = try #require(DrawnTable(lines, headerContaining: "RATIO"))
        let symbols = table.rows.map { String($0.dropFirst().prefix(7)).trimmingCharacters(in: .whitespaces) }
        let shownRatio = Dictionary(uniqueKeysWithValues: zip(symbols, table.column("RATIO")))
        let alertsJSON = try #require(json["alerts"] as? [[String: Any]])
        let short = Set(alertsJSON.filter { $0["kind"] as? String == "reserves" && $0["until"] is NSNull }.compactMap { $0["subject"] as? String })
        for c in coins {
            let symbol = try #require(c["symbol"] as? String)
            let shown = try #require(shownRatio[symbol], "\(symbol) not in the table")
            guard let ratio = c["reserve_ratio"] as? Double else {
                #expect(shown == "–")
                continue
            }
            #expect(shown.hasPrefix("⚠") == (ratio < 0.9995), "\(symbol) \(ratio) shown as \(shown)")
            #expect(short.contains(symbol) == (ratio < 0.9995), "\(symbol) \(ratio): an alert iff the reserves are short")
            if ratio < 0.9995 { #expect(capture(w.render(.overview), "\(symbol) .*⚠") != nil, "the Overview card flags \(symbol)") }
        }
    }

    func alerts(_ w: Watched, _ json: [String: Any]) throws {
        let aj = try #require(json["alerts"] as? [[String: Any]])
        let active = aj.filter { $0["until"] is NSNull }
        let lines = w.render(.alerts)
        let counts = try #require(capture(lines, #"Alerts — (\d+) under way, (\d+) ended"#))
        #expect(counts == ["\(active.count)", "\(aj.count - active.count)"])
        let overview = w.render(.overview)
        if active.isEmpty {
            #expect(overview.contains { $0.contains("no alerts") })
        } else {
            #expect(capture(overview, #"ALERTS (\d+) "#)?.first == "\(active.count)")
            let newest = try #require(active.first?["text"] as? String)
            #expect(overview.contains { $0.contains("newest " + newest.prefix(30)) }, "the alerts line shows \(newest)")
        }
        let table = try #require(DrawnTable(lines, headerContaining: "SUBJECT"))
        #expect(table.rows.count == min(aj.count, 36))
        for (row, a) in zip(table.rows, aj) {
            let text = String(row)
            #expect(text.contains(a["subject"] as? String ?? "?"), "row \(text) is not \(a)")
        }
    }
}
