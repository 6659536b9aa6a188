import Feed
import Store

/// A Fleet filter as typed, made ready to test a million nodes: the query lowered once, and the
/// four statuses and four classes matched once each instead of once a node.
struct FleetFilter: Sendable {
    let needle: [UInt8]
    let statuses: [Bool]  // by NodeStatus.slot
    let classes: [Bool]  // by NodeClass.ordinal

    init(_ query: String) {
        needle = query.utf8.map(lower)
        statuses = NodeStatus.allCases.sorted { $0.slot < $1.slot }.map { matches($0.rawValue, query) }
        classes = NodeClass.allCases.map { matches($0.rawValue, query) }
    }

    func admits(_ n: borrowing NodeEntry) -> Bool {
        if statuses[n.status.slot] || classes[n.nodeClass.ordinal] { return true }
        return found(in: n.id) || found(in: n.operatorID) || found(in: n.region)
    }

    /// Case-insensitive ASCII substring search over the string's bytes.
    func found(in haystack: String) -> Bool {
        if needle.isEmpty { return true }
        var h = haystack
        return h.withUTF8 { contains($0) }
    }

    private func contains(_ h: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = needle.count
        guard n <= h.count, let first = needle.first else { return n == 0 }
        var start = 0
        while start + n <= h.count {
            if lower(h[start]) == first {
                var k = 1
                while k < n, lower(h[start + k]) == needle[k] { k += 1 }
                if k == n { return true }
            }
            start += 1
        }
        return false
    }
}

extension NodeClass {
    /// Its place in `allCases`, without a search.
    var ordinal: Int {
        switch self {
        case .gpu: 0
        case .server: 1
        case .desktop: 2
        case .phone: 3
        case .iot: 4
        }
    }
}
