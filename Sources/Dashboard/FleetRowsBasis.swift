import Feed
import Store

/// What the Fleet's rows were made for: the query, the scope, the sort and the state. A keystroke
/// that adds to the query, with nothing else changed, lets through only rows already there, in the
/// order they are already in: the new rows are the old ones that match, found by walking them, with no
/// sort (a million rows under a sort by cpu otherwise cost a filter, their keys and a pick of the page).
struct FleetRowsBasis: Sendable, Equatable {
    let query: String
    let scope: String?
    let column: Int
    let descending: Bool
    let layout: UInt64
    /// A record since moves a heartbeat's numbers (and a status): the order no longer holds.
    let seq: Int64

    init(_ list: ListState, scope: String?, _ state: ChainState) {
        query = list.filter; self.scope = scope
        column = list.sortColumn; descending = list.descending
        layout = state.fleet.layout.value; seq = state.seq
    }

    /// Whether the rows made for `self` hold every row `next` lets through, in `next`'s order.
    func narrows(to next: FleetRowsBasis) -> Bool {
        scope == next.scope && column == next.column && descending == next.descending && layout == next.layout
            && seq == next.seq && query != next.query && matches(next.query, query)
    }
}

extension Derived {
    /// The rows for `basis` from the rows now kept, when they are whole and `basis` narrows them: all
    /// of them at once, or with `page` the first page, the rest left to `fleetScan`. False otherwise.
    mutating func narrowRows(to basis: FleetRowsBasis, _ s: ChainState, _ list: ListState, text: FleetText?,
                             page: Int?) -> Bool {
        guard fleetScan == nil, fleetSort == nil, let kept = fleetRowsBasis, kept.narrows(to: basis),
              let match = FleetMatch(list, scope: basis.scope, text: text) else { return false }
        // A kept order of text as long as the rows is walked instead: the same slots in 4 bytes, not 8.
        if fleetRows.count >= s.fleet.count, fleetOrder?.holds(s.fleet, list) == true { return false }
        var scan = FleetScan(rows: fleetRows, match: match)
        guard let page else {
            var rows: [Int] = []
            while !scan.done { rows += scan.nextChunk(s.fleet.nodes) }
            fleetRows = rows
            return true
        }
        fleetRows = scan.next(s.fleet.nodes, until: page)
        fleetScan = scan.done ? nil : scan
        return true
    }
}
