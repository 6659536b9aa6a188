import Feed
import Store

/// The names a Fleet filter looks through, laid out flat: every node's id lowered into one byte array,
/// and its operator, region and class as small numbers into tables of the distinct ones. A filter over a
/// million nodes then reads a few contiguous arrays instead of following each node to its description
/// (a cache miss a node, most of its cost). Built in steps at the loop's idle moments while a filter is
/// being typed or is set on a large fleet; valid while the fleet's layout holds (a node that joins,
/// leaves or is described anew moves it), dropped when the filter is cleared.
public struct FleetText: Sendable {
    let layout: UInt64
    private(set) var ids: [UInt8] = []
    /// Where each node's id ends in `ids` (it starts where the one before ends).
    private(set) var ends: [UInt32] = []
    private(set) var operatorOf: [UInt32] = []
    private(set) var regionOf: [UInt32] = []
    private(set) var classOf: [UInt8] = []
    private(set) var operators: [String] = []
    private(set) var regions: [String] = []
    private var operatorIndex: [String: UInt32] = [:]
    private var regionIndex: [String: UInt32] = [:]
    let count: Int
    /// Nodes added per idle step: a few milliseconds of work, so a key typed meanwhile waits little.
    static let step = 100_000

    init(layout: UInt64, count: Int) {
        self.layout = layout
        self.count = count
        ids.reserveCapacity(count * 12)
        ends.reserveCapacity(count); operatorOf.reserveCapacity(count)
        regionOf.reserveCapacity(count); classOf.reserveCapacity(count)
    }

    var complete: Bool { ends.count >= count }

    /// Whether it describes `fleet` as it is now, whole.
    func describes(_ fleet: FleetState) -> Bool { complete && layout == fleet.layout.value && count == fleet.count }

    /// Adds the next step's nodes. Ids past 4 GiB of text in all, which no fleet has, leave it incomplete.
    mutating func addStep(_ nodes: [NodeEntry]) {
        let end = min(count, nodes.count, ends.count + FleetText.step)
        guard ends.count < end else { return }
        nodes.withUnsafeBufferPointer { buf in
            for slot in ends.count..<end { add(buf[slot]) }
        }
    }

    private mutating func add(_ n: borrowing NodeEntry) {
        let (op, region) = n.withNames { id, op, region -> (String, String) in
            for b in id.utf8 { ids.append(lower(b)) }
            return (copy op, copy region)
        }
        guard let end = UInt32(exactly: ids.count) else { return }
        ends.append(end)
        operatorOf.append(Self.intern(op, &operators, &operatorIndex))
        regionOf.append(Self.intern(region, &regions, &regionIndex))
        classOf.append(UInt8(truncatingIfNeeded: n.nodeClass.ordinal))
    }

    private static func intern(_ s: String, _ names: inout [String], _ index: inout [String: UInt32]) -> UInt32 {
        if let k = index[s] { return k }
        let k = UInt32(truncatingIfNeeded: names.count)
        names.append(s)
        index[s] = k
        return k
    }

    /// The slot's id contains `needle` (lowered), ignoring ASCII case.
    @inline(__always) func id(_ slot: Int, contains needle: [UInt8]) -> Bool {
        let start = slot == 0 ? 0 : Int(ends[slot - 1])
        return ids.withUnsafeBufferPointer { all in
            needle.withUnsafeBufferPointer { n in
                guard let first = n.first else { return true }
                let stop = Int(ends[slot]) - n.count
                var at = start
                while at <= stop {
                    if all[at] == first {
                        var k = 1
                        while k < n.count, all[at + k] == n[k] { k += 1 }
                        if k == n.count { return true }
                    }
                    at += 1
                }
                return false
            }
        }
    }

    /// The ordinal of an operator, if any node has it.
    func operatorOrdinal(_ id: String) -> UInt32? { operatorIndex[id] }
}
