import Store

/// A new sort of a million nodes, in two steps: the first page at once (the smallest keys, picked in
/// one pass on both cores), the whole order after the frame is drawn (`finish`, on the loop's next idle
/// moment). For keys whose order their 64-bit words settle: a column of numbers over the nodes a filter
/// lets through (all of them without one), or a column of text over the whole fleet.
public struct FleetSortJob: Sendable {
    let column: Int
    let descending: Bool
    let layout: UInt64
    /// The slots being sorted, in fleet order; nil for every slot.
    let rows: [Int32]?
    /// By position in `rows`: the key (a number, a rank of a name, the high half of an amount), or the
    /// first 8 bytes of a name with the next 8 (or the amount's low half) in `low`.
    let high: [UInt64]
    let low: [UInt64]?

    /// How many rows the whole order will have.
    var total: Int { high.count }

    /// The job for `list`'s column over what the filter and scope let through, or nil where a page
    /// cannot be picked from the words alone.
    /// A column of names is read from `text` (the flat names) when it describes the fleet.
    /// With `kept`, the nodes the last query let through, only those are tested where they hold all
    /// the new query can let through (a keystroke that adds to the query).
    static func start(_ state: ChainState, _ list: ListState, match: FleetMatch? = nil, text: FleetText? = nil,
                      kept: FleetCandidates? = nil) -> FleetSortJob? {
        let fleet = state.fleet, nodes = fleet.nodes
        let narrowed = match != nil
        if narrowed && FleetOrder.isText(list.sortColumn) { return nil }
        let among = kept.flatMap { $0.holdAll(of: list.filter, match, state) ? $0.rows : nil }
        let rows = narrowed ? Derived.candidates(nodes, among: among, match: match) : nil
        let column = list.sortColumn, d = list.descending
        func job(_ high: [UInt64], _ low: [UInt64]?) -> FleetSortJob {
            FleetSortJob(column: column, descending: d, layout: fleet.layout.value, rows: rows, high: high, low: low)
        }
        if let keys = Derived.numericKeys(column, descending: d, nodes, rows: rows) { return job(keys, nil) }
        if let keys = Derived.lookedUpKeys(column, descending: d, state, rows: rows) { return job(keys.high, keys.low) }
        guard !narrowed, FleetOrder.isText(column) else { return nil }
        if let keys = text?.nameKeys(column: column, descending: d) { return job(keys.high, keys.low) }
        // Two words settle the order of names that are ASCII and fit them; the rest sort as strings.
        let keys = TextKeys(nodes, column: column, descending: d)
        guard keys.ascii, keys.allExact else { return nil }
        return job(keys.hi, keys.lo)
    }

    /// The `page` slots that come first: smallest words, then first in fleet order.
    func firstPage(_ page: Int) -> [Int] {
        let high = high, low = low
        let parts = inHalves(high.count) { range in FleetSortJob.smallest(page, in: range, high, low) }
        // Both halves' bests, merged: their union holds the page.
        let merged = parts.joined().sorted { FleetSortJob.less($0, $1, high, low) }
        return merged.prefix(page).map { at in rows.map { Int($0[at]) } ?? at }
    }

    /// The whole order (and, for a column of names over the whole fleet, the order kept while the
    /// layout holds). Its words settle it: ties are equal keys, left in fleet order.
    func finish() -> (rows: [Int], order: FleetOrder?) {
        let sorted = radixSorted(rows ?? Array(0..<Int32(truncatingIfNeeded: high.count)), high: high, low: low)
        let keep = rows == nil && FleetOrder.isText(column)
        return (sorted.map(Int.init), keep ? FleetOrder(column: column, descending: descending, layout: layout, rows: sorted) : nil)
    }

    @inline(__always) static func less(_ a: Int, _ b: Int, _ high: [UInt64], _ low: [UInt64]?) -> Bool {
        if high[a] != high[b] { return high[a] < high[b] }
        if let low, low[a] != low[b] { return low[a] < low[b] }
        return a < b
    }

    /// The `k` smallest of a range, kept sorted in a small buffer; most slots are turned away by one
    /// comparison with its largest.
    static func smallest(_ k: Int, in range: Range<Int>, _ high: [UInt64], _ low: [UInt64]?) -> [Int] {
        var best: [Int] = []
        best.reserveCapacity(k + 1)
        for i in range {
            if best.count == k, let last = best.last, !less(i, last, high, low) { continue }
            var at = best.count
            while at > 0, less(i, best[at - 1], high, low) { at -= 1 }
            best.insert(i, at: at)
            if best.count > k { best.removeLast() }
        }
        return best
    }
}

/// The nodes a filter and scope let through (in fleet order), kept for the next keystroke: a query that
/// contains the last one lets through only nodes the last one did, so it tests those alone. Names hold
/// while the fleet's layout does; a status, only while no record has come since.
public struct FleetCandidates: Sendable {
    let query: String
    let scope: String?
    let layout: UInt64
    let seq: Int64
    let rows: [Int32]

    init(query: String, scope: String?, layout: UInt64, seq: Int64, rows: [Int32]) {
        self.query = query; self.scope = scope; self.layout = layout; self.seq = seq; self.rows = rows
    }

    init?(_ job: FleetSortJob?, _ list: ListState, scope: String?, _ state: ChainState) {
        guard let rows = job?.rows else { return nil }
        self.init(query: list.filter, scope: scope, layout: state.fleet.layout.value, seq: state.seq, rows: rows)
    }

    /// Whether every node that `query` (made ready as `match`) lets through over `state` is among these.
    func holdAll(of query: String, _ match: FleetMatch?, _ state: ChainState) -> Bool {
        guard let match, match.scope == scope, layout == state.fleet.layout.value, matches(query, self.query) else {
            return false
        }
        return match.filter?.anyStatus != true || seq == state.seq
    }
}
