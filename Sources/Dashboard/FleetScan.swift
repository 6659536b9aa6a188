import Store

/// A filter's walk through a kept order of the fleet, in two steps: the first page of matches at once
/// (they are near the front when the query is broad), the rest after the frame is drawn, a chunk at a
/// time on both cores, until the count is complete. Valid while the fleet's layout holds.
public struct FleetScan: Sendable {
    let order: [Int32]
    let match: FleetMatch
    private(set) var position = 0
    /// Nodes looked at per step after the first page: about 5 ms of work on this kind of machine.
    static let chunk = 200_000

    var done: Bool { position >= order.count }

    /// Nodes looked at one at a time before a sparse query goes on in chunks on both cores.
    static let serialWalk = 20_000

    /// The matches from where it stopped until at least `wanted` are found or the order ends: one node at
    /// a time at first (a broad query fills its page at once), then a chunk at a time on both cores (a
    /// query that few or no nodes match would otherwise walk a million nodes on one).
    mutating func next(_ nodes: [NodeEntry], until wanted: Int) -> [Int] {
        var out: [Int] = []
        let stop = min(order.count, position + FleetScan.serialWalk)
        nodes.withUnsafeBufferPointer { buf in
            while position < stop, out.count < wanted {
                let slot = Int(order[position])
                if match.admits(buf, slot) { out.append(slot) }
                position += 1
            }
        }
        while out.count < wanted, !done { out += nextChunk(nodes) }
        return out
    }

    /// The matches in the next chunk, looked through on both cores.
    mutating func nextChunk(_ nodes: [NodeEntry]) -> [Int] {
        let end = min(order.count, position + FleetScan.chunk)
        let start = position, order = order, match = match
        position = end
        let parts = inHalves(end - start, serialBelow: 20_000) { range in
            var out: [Int] = []
            nodes.withUnsafeBufferPointer { buf in
                for k in range {
                    let slot = Int(order[start + k])
                    if match.admits(buf, slot) { out.append(slot) }
                }
            }
            return out
        }
        return concatenated(parts)
    }
}

extension Derived {
    /// One more step of the work left for later: a sort's whole order, a chunk of a filter's walk (the
    /// rows grow, in order, until it is done), or a step of the names laid out for filters. Dropped if the
    /// fleet's layout moved meanwhile (the names are started again).
    mutating func continueFleetWork(_ s: ChainState) {
        guard layout == s.fleet.layout.value else { fleetScan = nil; fleetSort = nil; return }
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
