import Testing
@testable import Dashboard
import Store
@testable import Feed
import Simulation

/// The Fleet's rows at scale: the radix sort by a number and the filter on both cores give the rows
/// that a plain comparison sort and a plain filter give, ties in fleet order, either direction.
@Suite struct FleetRowsTests {
    /// A fleet with many ties (loads on a coarse grid, shared heartbeat times, some without a GPU),
    /// large enough that the filter runs on both cores.
    static let state: ChainState = {
        var store = Store()
        var rng = SeededRandom(seed: 11)
        var seq: Int64 = 0
        let statuses: [NodeStatus] = [.online, .degraded, .offline, .draining]
        for i in 0..<60_000 {
            seq += 1
            store.apply(FeedRecord(seq: seq, ts: Int64(i % 50), body: .node(NodeInfo(
                id: "n-\(rng.index(100_000))-\(i)", operatorID: "op-\(rng.index(40))", region: ["eu", "us", "ap"][i % 3],
                nodeClass: i % 7 == 0 ? .gpu : .server, cpuCores: 8, memGB: 32, gpus: i % 7 == 0 ? 1 : 0, version: "1"))))
        }
        let ids = store.state.fleet.nodes.map(\.info.id)
        for (i, id) in ids.enumerated() where i % 3 != 0 {
            seq += 1
            store.apply(FeedRecord(seq: seq, ts: 1000 + Int64(i % 5), body: .heartbeat(Heartbeat(
                id: id, cpu: Double(rng.index(5)) / 4, mem: Double(rng.index(3)) / 2, gpu: i % 7 == 0 ? 0.5 : nil, tasks: 1))))
            if i % 11 == 0 {
                seq += 1
                store.apply(FeedRecord(seq: seq, ts: 2000 + Int64(i % 4), body: .nodeStatus(NodeStatusChange(id: id, status: statuses[i % 4]))))
            }
        }
        // Running tasks (up to three a node) and rewards (amounts past 64 bits of atoms, some negative,
        // many equal) on some nodes: the TASKS and ACCRUED columns.
        for (i, id) in ids.enumerated() where i % 13 == 0 {
            for t in 0..<(i % 4) {
                seq += 1
                store.apply(FeedRecord(seq: seq, ts: 3000, body: .task(TaskEvent(id: "t-\(i)-\(t)", node: id, state: .running, units: 1))))
            }
            seq += 1
            let atoms = Int128(rng.index(7) - 2) * 7_000_000_000_000_000_000 + Int128(i % 3)
            store.apply(FeedRecord(seq: seq, ts: 3000, body: .reward(Reward(
                node: id, operatorID: "op-0", amount: TokenAmount(atoms: atoms), token: "TOK", epoch: 1, basis: .task))))
        }
        return store.state
    }()

    /// The plain filter: the query against each field, one node at a time.
    static func matchesNode(_ n: NodeEntry, _ f: String) -> Bool {
        matches(n.info.id, f) || matches(n.info.operatorID, f) || matches(n.info.region, f)
            || matches(n.status.rawValue, f) || matches(n.info.nodeClass.rawValue, f)
    }

    /// The plain way: filter node by node, sort (key, index) pairs by comparison.
    func reference<K: Comparable>(_ list: ListState, _ key: (NodeEntry) -> K) -> [Int] {
        let nodes = Self.state.fleet.nodes
        let rows = nodes.indices.filter { list.filter.isEmpty || Self.matchesNode(nodes[$0], list.filter) }
        let pairs: [(key: K, index: Int)] = rows.map { (key(nodes[$0]), $0) }
        let sorted = pairs.sorted { a, b in
            if a.key != b.key { return list.descending ? a.key > b.key : a.key < b.key }
            return a.index < b.index
        }
        return sorted.map(\.index)
    }

    @Test(arguments: [4, 5, 6, 7, 8, 9, 10, 12, 13], [false, true])
    func aColumnOfNumbersSortsAsAComparisonSortDoes(column: Int, descending: Bool) {
        #expect(Self.state.fleet.activeByNode.count > 2000 && Set(Self.state.rewards.byNode.values).count == 21)
        for filter in ["", "op-1", "offline"] {
            var list = ListState()
            list.sortColumn = column; list.descending = descending; list.filter = filter
            let got = Derived.fleetRows(Self.state, list)
            let want: [Int] = switch column {
            case 4: reference(list) { $0.status.slot }
            case 5: reference(list) { $0.cpu }
            case 6: reference(list) { $0.gpu ?? -1 }
            case 7: reference(list) { $0.mem }
            case 8: reference(list) { Self.state.fleet.tasksRunning(on: $0.id) }
            case 9: reference(list) { -($0.lastHeartbeat ?? 0) }
            case 10: reference(list) { Self.state.rewards.byNode[$0.id] ?? .zero }
            case 12: reference(list) { -$0.joined }
            default: reference(list) { -($0.statusSince ?? .max) }
            }
            #expect(got == want, "column \(column) \(descending ? "desc" : "asc") /\(filter)")
        }
    }

    @Test(arguments: [0, 1, 2, 3, 11], [false, true])
    func aColumnOfTextSortsAsStringsDo(column: Int, descending: Bool) {
        for filter in ["", "op-1", "degraded"] {
            var list = ListState()
            list.sortColumn = column; list.descending = descending; list.filter = filter
            let want: [Int] = switch column {
            case 0: reference(list) { $0.info.id }
            case 1: reference(list) { $0.info.operatorID }
            case 2: reference(list) { $0.info.region }
            case 3: reference(list) { $0.info.nodeClass.rawValue }
            default: reference(list) { $0.info.version }
            }
            #expect(Derived.fleetRows(Self.state, list) == want, "column \(column) \(descending ? "desc" : "asc") /\(filter)")
        }
    }

    /// Keys longer than the 16 bytes compared as words, one a prefix of another, the same key twice,
    /// and keys beyond ASCII (which `String` orders its own way).
    @Test func textKeysThatShareTheirFirstBytesOrNeedUnicodeStillSortAsStrings() {
        for ids in [["node-eu-west-000000001-b", "node-eu-west-000000001", "node-eu-west-000000001-a", "a", "node-eu-west-000000001"],
                    ["é-1", "e-2", "z", "É", "e\u{301}-0", "ä"]] {
            var store = Store()
            for (k, id) in ids.enumerated() {
                store.apply(FeedRecord(seq: Int64(k + 1), ts: 0, body: .node(NodeInfo(
                    id: id, operatorID: "o", region: "r", nodeClass: .server, cpuCores: 1, memGB: 1, gpus: 0, version: "1"))))
            }
            let nodes = store.state.fleet.nodes
            for descending in [false, true] {
                var list = ListState()
                list.descending = descending
                let got = Derived.fleetRows(store.state, list).map { nodes[$0].info.id }
                let want = nodes.indices.sorted { a, b in
                    let x = nodes[a].info.id, y = nodes[b].info.id
                    return x != y ? (descending ? x > y : x < y) : a < b
                }.map { nodes[$0].info.id }
                #expect(got == want)
            }
        }
    }

    @Test func aTextOrderIsKeptWhileTheLayoutHoldsAndRebuiltWhenItMoves() {
        var store = Store()
        for k in 0..<5 {
            store.apply(FeedRecord(seq: Int64(k + 1), ts: 0, body: .node(NodeInfo(
                id: "n\(5 - k)", operatorID: "o", region: "r", nodeClass: .server, cpuCores: 1, memGB: 1, gpus: 0, version: "1"))))
        }
        var order: FleetOrder?
        var scan: FleetScan?
        let list = ListState()
        let first = Derived.fleetRows(store.state, list, order: &order, scan: &scan)
        store.apply(FeedRecord(seq: 6, ts: 1, body: .heartbeat(Heartbeat(id: "n3", cpu: 0.5, mem: 0.5, gpu: nil, tasks: 0))))
        let kept = order?.layout
        #expect(Derived.fleetRows(store.state, list, order: &order, scan: &scan) == first && order?.layout == kept, "a heartbeat moves nothing")
        store.apply(FeedRecord(seq: 7, ts: 2, body: .nodeLeft(NodeLeft(id: "n5"))))
        store.apply(FeedRecord(seq: 8, ts: 2, body: .node(NodeInfo(
            id: "n0", operatorID: "o", region: "r", nodeClass: .server, cpuCores: 1, memGB: 1, gpus: 0, version: "1"))))
        let nodes = store.state.fleet.nodes
        #expect(Derived.fleetRows(store.state, list, order: &order, scan: &scan).map { nodes[$0].info.id } == ["n0", "n1", "n2", "n3", "n4"])
        #expect(order?.layout != kept)
    }

    /// A filter over a kept order finds its first page at once, and the rest in steps, to the same rows.
    @Test func aFilterFindsItsFirstPageFirstAndTheRestInSteps() {
        // Broad queries fill the page in the first nodes; sparse ones (one node, none) walk on in chunks.
        let last = Self.state.fleet.nodes[Self.state.fleet.count - 1].id
        for (filter, scope) in [("op-1", nil), ("1", nil), ("us", "op-7"), ("zzz", nil), (last, nil)] as [(String, String?)] {
            var list = ListState()
            list.filter = filter
            var order: FleetOrder?
            var scan: FleetScan?
            var d = Derived()
            d.layout = Self.state.fleet.layout.value
            d.fleetRows = Derived.fleetRows(Self.state, list, scope: scope, order: &order, page: 40, scan: &scan)
            d.fleetScan = scan
            let all = Derived.fleetRows(Self.state, list, scope: scope)
            #expect(all.starts(with: d.fleetRows) && d.fleetRows.count >= min(40, all.count), "/\(filter) in \(scope ?? "all")")
            var steps = 0
            while d.fleetScan != nil, steps < 100 { d.continueFleetWork(Self.state); steps += 1 }
            #expect(d.fleetRows == all && steps <= Self.state.fleet.count / FleetScan.chunk + 1)
        }
    }

    /// The id order is kept beside another column's: coming back to the id sort, either way, takes it
    /// (or its reverse) and gives the rows a full sort gives, with no work left for later.
    @Test func theIDOrderIsKeptThroughOtherSorts() {
        let data = DataView(state: Self.state, input: InputStats(), source: SourceStatus(name: "test"))
        var d = Derived()
        d.layout = Self.state.fleet.layout.value
        func show(_ column: Int, _ descending: Bool) {
            var list = ListState()
            list.sortColumn = column; list.descending = descending
            d.recomputeRows(.fleet, data, list, page: 40)
            while d.hasLaterWork { d.continueFleetWork(Self.state) }
        }
        show(0, false)
        let kept = d.idOrder?.rows
        #expect(kept != nil)
        for (column, descending) in [(1, false), (5, true), (0, true), (2, false), (0, false)] {
            show(column, descending)
            var list = ListState()
            list.sortColumn = column; list.descending = descending
            #expect(d.fleetRows == Derived.fleetRows(Self.state, list), "column \(column), descending \(descending)")
            #expect(d.idOrder?.rows == kept)
        }
        var list = ListState()
        list.descending = true
        show(1, false)
        d.recomputeRows(.fleet, data, list, page: 40)
        #expect(!d.hasLaterWork && d.fleetRows == Derived.fleetRows(Self.state, list), "the reverse at once")
    }

    /// A new sort draws its first page from one pass, then makes the whole order: both as the full sort.
    @Test(arguments: [0, 1, 2, 3, 5, 8, 9, 10, 12], [false, true])
    func aSortsFirstPageAndItsWholeOrderAreTheFullSorts(column: Int, descending: Bool) {
        var list = ListState()
        list.sortColumn = column; list.descending = descending
        let full = Derived.fleetRows(Self.state, list)
        // Names read from the nodes, and from the flat names (ids' bytes, ranks of operators, regions, classes).
        for text in [nil, Self.text] {
            guard let job = FleetSortJob.start(Self.state, list, text: text) else { Issue.record("no job for \(column)"); return }
            for page in [1, 37, 100] { #expect(job.firstPage(page) == Array(full.prefix(page)), "page \(page)") }
            let done = job.finish()
            #expect(done.rows == full, "flat names: \(text != nil)")
            #expect((done.order != nil) == FleetOrder.isText(column))
        }
    }

    /// Under a filter or a scope, a sort by a number also draws its first page first, from the nodes let
    /// through; a column of text is left to its kept order.
    @Test(arguments: [4, 5, 8, 9, 10, 13], [false, true])
    func aFilteredSortsFirstPageAndWholeOrderAreTheFullSorts(column: Int, descending: Bool) {
        for (filter, scope) in [("op-1", nil), ("us", "op-7"), ("", "op-3"), ("zzz", nil)] as [(String, String?)] {
            var list = ListState()
            list.sortColumn = column; list.descending = descending; list.filter = filter
            let full = Derived.fleetRows(Self.state, list, scope: scope)
            guard let job = FleetSortJob.start(Self.state, list, match: FleetMatch(list, scope: scope, text: Self.text)) else {
                Issue.record("no job for \(column)"); return
            }
            #expect(job.total == full.count)
            for page in [1, 37] { #expect(job.firstPage(page) == Array(full.prefix(page)), "/\(filter) page \(page)") }
            #expect(job.finish().rows == full, "/\(filter) in \(scope ?? "all")")
        }
        var list = ListState()
        list.sortColumn = 0; list.filter = "op-1"
        #expect(FleetSortJob.start(Self.state, list, match: FleetMatch(list, scope: nil)) == nil)
    }

    /// A keystroke that adds to the query tests only the nodes the last query let through, and gives the
    /// rows a full filter gives; a query that a status may match is not narrowed once records have come.
    @Test func aGrowingQueryIsNarrowedFromTheLastMatches() throws {
        var list = ListState()
        list.sortColumn = 5; list.descending = true
        var rows: [[Int]] = []
        var kept: FleetCandidates?
        for query in ["o", "op", "op-", "op-1", "op-12", "1op-12"] {
            list.filter = query
            let job = try #require(FleetSortJob.start(Self.state, list, match: FleetMatch(list, scope: nil, text: Self.text),
                                                      text: Self.text, kept: kept))
            #expect(job.finish().rows == Derived.fleetRows(Self.state, list), "/\(query)")
            kept = FleetCandidates(job, list, scope: nil, Self.state)
            rows.append(job.finish().rows)
        }
        // Kept candidates are all that is tested: a few of them stand for the last query's matches.
        list.filter = "op-1"
        let some = try #require(FleetSortJob.start(Self.state, list, match: FleetMatch(list, scope: nil))).rows?.prefix(50)
        let few = FleetCandidates(query: "op-1", scope: nil, layout: Self.state.fleet.layout.value, seq: Self.state.seq,
                                  rows: Array(some ?? []))
        list.filter = "op-12"
        let narrowed = try #require(FleetSortJob.start(Self.state, list, match: FleetMatch(list, scope: nil), kept: few))
        #expect(Set(narrowed.rows ?? []).isSubset(of: Set(some ?? [])) && (narrowed.rows?.count ?? 0) < rows[4].count)
        // Not from another scope, a query that does not contain the last one, or a status query after new records.
        let otherScope = FleetCandidates(query: "op-1", scope: "op-3", layout: few.layout, seq: few.seq, rows: few.rows)
        #expect(FleetSortJob.start(Self.state, list, match: FleetMatch(list, scope: nil), kept: otherScope)?.rows?.count == rows[4].count)
        list.filter = "p-12"
        #expect(FleetSortJob.start(Self.state, list, match: FleetMatch(list, scope: nil), kept: few)?.rows
            == Derived.candidates(Self.state.fleet.nodes, match: FleetMatch(list, scope: nil)))
        list.filter = "online"
        let before = FleetCandidates(query: "onl", scope: nil, layout: few.layout, seq: few.seq - 1, rows: few.rows)
        #expect(FleetSortJob.start(Self.state, list, match: FleetMatch(list, scope: nil), kept: before)?.rows
            == Derived.candidates(Self.state.fleet.nodes, match: FleetMatch(list, scope: nil)))
    }

    /// A keystroke that adds to the query walks the rows the last query left, in their order, under
    /// any sort: the first page at once and the rest in steps, or all at once on a small fleet, to the
    /// rows a full filter and sort give. Not once a record has come (a heartbeat moves the cpu order).
    @Test(arguments: [(5, true), (0, false), (1, true), (10, false)], [1_000, FleetScan.chunk])
    func aGrowingQueryWalksTheRowsItNarrows(sort: (column: Int, descending: Bool), pageAbove: Int) throws {
        var list = ListState()
        list.sortColumn = sort.column; list.descending = sort.descending
        var d = Derived()
        d.layout = Self.state.fleet.layout.value
        func type(_ query: String, _ state: ChainState = Self.state) {
            list.filter = query
            d.recomputeRows(.fleet, DataView(state: state, input: InputStats(), source: SourceStatus(name: "test")), list,
                            page: 40, pageAbove: pageAbove)
        }
        for query in ["", "o", "op", "op-", "op-1", "op-12", "1op-12", "1op-12x"] {
            type(query)
            let sorted = d.fleetSort != nil
            if query.count > 1 { #expect(!sorted, "/\(query) is walked, not sorted") }
            while d.hasLaterWork { d.continueFleetWork(Self.state) }
            #expect(d.fleetRows == Derived.fleetRows(Self.state, list), "/\(query)")
        }
        type("op-1")
        while d.hasLaterWork { d.continueFleetWork(Self.state) }
        var moved = Self.state
        let top = try #require(d.fleetRows.last.map { moved.fleet.nodes[$0].id })
        moved.apply(FeedRecord(seq: moved.seq + 1, ts: 5000, body: .heartbeat(Heartbeat(id: top, cpu: 0.99, mem: 0, gpu: nil, tasks: 0))))
        type("op-12", moved)
        while d.hasLaterWork { d.continueFleetWork(moved) }
        #expect(d.fleetRows == Derived.fleetRows(moved, list), "after a heartbeat")
    }

    /// The fleet's names laid out flat, built in steps as the loop does.
    static let text: FleetText = {
        var t = FleetText(layout: state.fleet.layout.value, count: state.fleet.count)
        while !t.complete { t.addStep(state.fleet.nodes) }
        return t
    }()

    /// A filter through the flat names lets through the same nodes as one node by node: ids, operators,
    /// regions, statuses and classes, any case, with and without a scope (one no node has, too).
    @Test func theFlatNamesAdmitWhatTheNodesDo() {
        #expect(Self.text.describes(Self.state.fleet))
        for filter in ["", "eu", "OP-3", "degraded", "GPU", "n-9", "-1", "zzz", "n", "é"] {
            for scope in [nil, "op-7", "op-none"] as [String?] {
                var list = ListState()
                list.filter = filter
                var order: FleetOrder?
                var scan: FleetScan?
                let flat = Derived.fleetRows(Self.state, list, scope: scope, order: &order, scan: &scan, text: Self.text)
                #expect(flat == Derived.fleetRows(Self.state, list, scope: scope), "/\(filter) in \(scope ?? "all")")
            }
        }
    }

    /// The names are laid out in steps at idle moments once a filter is wanted, used once whole, started
    /// again when the layout moves, and let go when no filter is wanted.
    @Test func theFlatNamesAreBuiltInStepsAndLetGo() {
        var d = Derived()
        d.layout = Self.state.fleet.layout.value
        d.keepFleetText(true, Self.state.fleet, above: 0)
        #expect(d.hasLaterWork && d.fleetText?.complete == false)
        var steps = 0
        while d.hasLaterWork, steps < 100 { d.continueFleetWork(Self.state); steps += 1 }
        #expect(steps == (Self.state.fleet.count + FleetText.step - 1) / FleetText.step)
        #expect(d.fleetText?.describes(Self.state.fleet) == true)
        var list = ListState()
        list.filter = "op-3"
        d.recomputeRows(.fleet, DataView(state: Self.state, input: InputStats(), source: SourceStatus(name: "test")), list)
        #expect(d.fleetRows == Derived.fleetRows(Self.state, list))
        d.keepFleetText(true, Self.state.fleet, above: 0)
        #expect(d.fleetText?.complete == true)
        d.keepFleetText(false, Self.state.fleet, above: 0)
        #expect(d.fleetText == nil && !d.hasLaterWork)
    }

    /// A fleet past the flat names' limits (more regions than 65,536, as a hostile feed may send) is
    /// laid out no further and described by none: filters read the nodes, and the idle work ends.
    @Test func pastItsLimitsTheFlatNamesDescribeNoFleet() {
        var store = Store()
        for i in 0..<65_600 {
            store.apply(FeedRecord(seq: Int64(i + 1), ts: 0, body: .node(NodeInfo(
                id: "n\(i)", operatorID: "op", region: "r\(i)", nodeClass: .server, cpuCores: 1, memGB: 1, gpus: 0, version: "1"))))
        }
        let s = store.state
        var d = Derived()
        d.layout = s.fleet.layout.value
        d.keepFleetText(true, s.fleet, above: 0)
        var steps = 0
        while d.hasLaterWork, steps < 100 { d.continueFleetWork(s); steps += 1 }
        #expect(!d.hasLaterWork && d.fleetText?.describes(s.fleet) == false)
        var list = ListState()
        list.filter = "r655"
        d.recomputeRows(.fleet, DataView(state: s, input: InputStats(), source: SourceStatus(name: "test")), list)
        #expect(d.fleetRows.count == 111 && d.fleetRows == Derived.fleetRows(s, list))  // r655, r6550…r6559, r65500…r65599
    }

    @Test func theFilterAndTheScopeMatchNodeByNode() {
        for filter in ["", "eu", "OP-3", "degraded", "n-9", "zzz", "-"] {
            var list = ListState()
            list.filter = filter
            #expect(Derived.fleetRows(Self.state, list) == reference(list) { $0.info.id }, "/\(filter)")
        }
        var list = ListState()
        list.filter = "us"
        let scoped = Derived.fleetRows(Self.state, list, scope: "op-7")
        #expect(!scoped.isEmpty && scoped == reference(list) { $0.info.id }.filter { Self.state.fleet.nodes[$0].info.operatorID == "op-7" })
    }

    @Test func radixKeysOrderAsTheirNumbers() {
        let values: [Double] = [-.infinity, -2.5, -1, -0.0, 0, 1e-300, 0.25, 1, 3e8, .infinity]
        let keys = values.map { orderKey($0, descending: false) }
        #expect(keys == keys.sorted() && orderKey(Double(-0.0), descending: false) == orderKey(Double(0), descending: false))
        let ints: [Int64] = [.min, -5, -1, 0, 1, .max]
        let intKeys: [UInt64] = ints.map { (v: Int64) -> UInt64 in orderKey(v, descending: false) }
        #expect(intKeys == intKeys.sorted())
        #expect(radixSorted([0, 1, 2, 3, 4], keys: [5, 1, 5, 0, 1 << 40]) == [3, 1, 0, 2, 4])
    }
}
