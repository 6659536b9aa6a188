import Feed
import Store

/// A Fleet filter as typed, made ready to test a million nodes: the query lowered once, and the
/// four statuses and four classes matched once each instead of once a node; with the fleet's names
/// laid out flat (`FleetText`), each distinct operator and region is matched once too.
struct FleetFilter: Sendable {
    let needle: [UInt8]
    let statuses: [Bool]  // by NodeStatus.slot
    let classes: [Bool]  // by NodeClass.ordinal
    /// Some status matches: only then is a node's entry read for its status (88 bytes a node, where the
    /// flat names are a few).
    let anyStatus: Bool

    init(_ query: String) {
        needle = query.utf8.map(lower)
        statuses = NodeStatus.allCases.sorted { $0.slot < $1.slot }.map { matches($0.rawValue, query) }
        classes = NodeClass.allCases.map { matches($0.rawValue, query) }
        anyStatus = statuses.contains(true)
    }

    /// Inlined into the loops over a million nodes, where a call copied each entry and retained its strings.
    @inline(__always) func admits(_ n: borrowing NodeEntry) -> Bool {
        if statuses[n.status.slot] || classes[n.nodeClass.ordinal] { return true }
        return n.withNames { id, op, region in found(in: id) || found(in: op) || found(in: region) }
    }

    /// Case-insensitive ASCII substring search over the string's bytes, read in place.
    @inline(__always) func found(in haystack: borrowing String) -> Bool {
        if needle.isEmpty { return true }
        if let hit = haystack.utf8.withContiguousStorageIfAvailable({ found(in: $0) }) { return hit }
        var h = copy haystack
        return h.withUTF8 { found(in: $0) }
    }

    /// The same over bytes (a string's, or an id's in the flat names).
    @inline(__always) func found(in h: UnsafeBufferPointer<UInt8>) -> Bool {
        needle.withUnsafeBufferPointer { n in
            guard n.count <= h.count, let first = n.first else { return n.isEmpty }
            var start = 0
            while start + n.count <= h.count {
                if lower(h[start]) == first {
                    var k = 1
                    while k < n.count, lower(h[start + k]) == n[k] { k += 1 }
                    if k == n.count { return true }
                }
                start += 1
            }
            return false
        }
    }
}

/// What lets a node into the Fleet's rows: the operator scope and the filter, tested through the flat
/// names when they describe the fleet (the same answers, from contiguous arrays), else node by node.
struct FleetMatch: Sendable {
    let filter: FleetFilter?
    let scope: String?
    let text: FleetText?
    /// By ordinal in `text`: the operators and regions the query is found in.
    private let operatorHit: [Bool]
    private let regionHit: [Bool]
    /// The scope's operator in `text` (none: no node is in scope).
    private let scopeOrdinal: UInt32?

    /// The list's filter and the scope; nil when everything is let through.
    init?(_ list: ListState, scope: String?, text: FleetText? = nil) {
        let filter = list.filter.isEmpty ? nil : FleetFilter(list.filter)
        guard filter != nil || scope != nil else { return nil }
        self.filter = filter; self.scope = scope; self.text = text
        operatorHit = text.map { t in t.operators.map { filter?.found(in: $0) ?? true } } ?? []
        regionHit = text.map { t in t.regions.map { filter?.found(in: $0) ?? true } } ?? []
        scopeOrdinal = scope.flatMap { text?.operatorOrdinal($0) }
    }

    @inline(__always) func admits(_ nodes: UnsafeBufferPointer<NodeEntry>, _ slot: Int) -> Bool {
        guard let text else {
            return (scope == nil || nodes[slot].withNames { _, op, _ in op == scope }) && filter?.admits(nodes[slot]) != false
        }
        if scope != nil, text.operatorOf[slot] != scopeOrdinal { return false }
        guard let filter else { return true }
        if filter.classes[Int(text.classOf[slot])] || operatorHit[Int(text.operatorOf[slot])] || regionHit[Int(text.regionOf[slot])] {
            return true
        }
        return (filter.anyStatus && filter.statuses[nodes[slot].status.slot]) || text.idBytes(slot) { filter.found(in: $0) }
    }
}
