import Store

/// A filter's walk through a kept order of the fleet (or the rows a shorter query left), in two steps: the first page of matches at once
/// (they are near the front when the query is broad), the rest after the frame is drawn, a chunk at a
/// time on both cores, until the count is complete. Valid while the fleet's layout holds.
public struct FleetScan: Sendable {
    /// What is walked: a kept order of the fleet (slots), or the rows a shorter query left (walked as
    /// they are: a million of them made into slots would cost milliseconds before the first match).
    enum Order: Sendable {
        case slots([Int32])
        case rows([Int])
    }

    let order: Order
    let match: FleetMatch
    private(set) var position = 0
    /// Nodes looked at per step after the first page: about 5 ms of work on this kind of machine.
    static let chunk = 200_000

    init(order: [Int32], match: FleetMatch) { self.order = .slots(order); self.match = match }
    init(rows: [Int], match: FleetMatch) { order = .rows(rows); self.match = match }

    var count: Int {
        switch order {
        case let .slots(o): o.count
        case let .rows(o): o.count
        }
    }

    var done: Bool { position >= count }

    /// Nodes looked at one at a time before a sparse query goes on in chunks on both cores.
    static let serialWalk = 20_000

    /// The matches from where it stopped until at least `wanted` are found or the order ends: one node at
    /// a time at first (a broad query fills its page at once), then a chunk at a time on both cores (a
    /// query that few or no nodes match would otherwise walk a million nodes on one).
    mutating func next(_ nodes: [NodeEntry], until wanted: Int) -> [Int] {
        let stop = min(count, position + FleetScan.serialWalk)
        var (out, end) = switch order {
        case let .slots(o): FleetScan.walk(o, position..<stop, nodes, match, until: wanted)
        case let .rows(o): FleetScan.walk(o, position..<stop, nodes, match, until: wanted)
        }
        position = end
        while out.count < wanted, !done { out += nextChunk(nodes) }
        return out
    }

    /// The matches in the next chunk, looked through on both cores.
    mutating func nextChunk(_ nodes: [NodeEntry]) -> [Int] {
        let end = min(count, position + FleetScan.chunk)
        let start = position, order = order, match = match
        position = end
        let parts = inHalves(end - start, serialBelow: 20_000) { range in
            let at = start + range.lowerBound..<start + range.upperBound
            return switch order {
            case let .slots(o): FleetScan.walk(o, at, nodes, match).matches
            case let .rows(o): FleetScan.walk(o, at, nodes, match).matches
            }
        }
        return concatenated(parts)
    }

    /// The slots in `range` of `order` that `match` admits, up to `wanted` of them, and where the walk
    /// stopped (the range's end, or just past the last match wanted).
    @inline(__always)
    static func walk<T: BinaryInteger>(_ order: [T], _ range: Range<Int>, _ nodes: [NodeEntry], _ match: FleetMatch,
                                       until wanted: Int = .max) -> (matches: [Int], end: Int) {
        var out: [Int] = []
        var k = range.lowerBound
        nodes.withUnsafeBufferPointer { buf in
            order.withUnsafeBufferPointer { o in
                while k < range.upperBound, out.count < wanted {
                    let slot = Int(truncatingIfNeeded: o[k])
                    if match.admits(buf, slot) { out.append(slot) }
                    k += 1
                }
            }
        }
        return (out, k)
    }
}

extension Derived {
    /// One more step of the work left for later: a sort's whole order, a chunk of a filter's walk (the
    /// rows grow, in order, until it is done), or a step of the names laid out for filters. Dropped if the
    /// fleet's layout moved meanwhile (the names are started again).
    mutating func continueFleetWork(_ s: ChainState) {
        guard layout == s.fleet.layout.value else {
            // The rows stay short of whole: nothing may narrow them.
            fleetScan = nil; fleetSort = nil; fleetRowsBasis = nil
            return
        }
        if let text = fleetText, !text.isFor(s.fleet) { fleetText = FleetText(layout: layout, count: s.fleet.count) }
        if let job = fleetSort {
            let done = job.finish()
            fleetRows = done.rows
            if let order = done.order { fleetOrder = order; keepIDOrder() }
            fleetSort = nil
        } else if var scan = fleetScan {
            fleetRows += scan.nextChunk(s.fleet.nodes)
            fleetScan = scan.done ? nil : scan
        } else if fleetText?.complete == false {
            fleetText?.addStep(s.fleet.nodes)
        }
    }

    /// Starts laying out the names for filters and sorts on a large fleet (`wanted`: the Fleet is on
    /// show), or lets them go (their memory with them).
    mutating func keepFleetText(_ wanted: Bool, _ fleet: FleetState, above: Int = FleetScan.chunk) {
        guard wanted, fleet.count > above else { fleetText = nil; return }
        if fleetText?.isFor(fleet) != true {
            fleetText = FleetText(layout: fleet.layout.value, count: fleet.count)
        }
    }
}
