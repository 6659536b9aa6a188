import Dispatch
import Feed

/// A block of nodes read from a keyframe (a version 2 table's block, or a version 1 keyframe's node
/// objects): their entries, every row's history samples in one buffer, and what the block adds to the
/// fleet's counts, all made by the thread that parsed it.
struct RowBlock: Sendable {
    var entries: [NodeEntry] = []
    /// Each row's samples, oldest first: `held` cpu, `held` mem, then `held` gpu unless the row has none.
    var samples: [UInt8] = []
    /// Each row's `held`, with `hasGPU` set when its gpu samples are in `samples`.
    var shapes: [UInt16] = []
    /// Each row's `NodeIndex.hash` of its id, made here so that the one thread building the index only probes.
    var idHashes: [UInt32] = []
    var tally = FleetTally()
    var hash: UInt64 = 0
    static let hasGPU: UInt16 = 0x8000

    mutating func reserve(_ rows: Int) {
        entries.reserveCapacity(rows)
        shapes.reserveCapacity(rows)
        idHashes.reserveCapacity(rows)
    }

    /// A row: `s` holds `held` cpu and `held` mem samples, and `held` gpu samples when it has 3 × held.
    mutating func append(_ entry: NodeEntry, samples s: UnsafeBufferPointer<UInt8>, held: Int) {
        tally.add(entry)
        idHashes.append(NodeIndex.hash(entry.id))
        entries.append(entry)
        samples.append(contentsOf: s)
        shapes.append(UInt16(held) | (s.count == 3 * held ? Self.hasGPU : 0))
    }

    /// A version 1 node: its three lists may differ in length; the newest of each, as many as the shortest has.
    mutating func append(_ entry: NodeEntry, cpu: [UInt8], mem: [UInt8], gpu: [UInt8]) {
        let held = min(cpu.count, mem.count, gpu.count, 4096)
        let s = cpu.suffix(held) + mem.suffix(held) + gpu.suffix(held)
        s.withUnsafeBufferPointer { append(entry, samples: $0, held: held) }
    }
}

/// The counts by status, operator, class and region that `FleetState` keeps as nodes join, for a block
/// of nodes at once: two lookups a node (its operator, its region) in tables of names, the rest counted in
/// arrays; made into the fleet's dictionaries once, after the blocks are merged.
struct FleetTally: Sendable {
    private var operators = NameCounts(width: 1)
    /// Region → its nodes by status (`NodeStatus.slot` order); the counts by region and by status are their sums.
    private var regions = NameCounts(width: 4)
    private var classCounts = [Int](repeating: 0, count: NodeClass.allCases.count)

    mutating func add(_ e: NodeEntry) {
        operators.add(e.operatorID, counter: 0)
        regions.add(e.region, counter: e.status.slot)
        classCounts[e.nodeClass.ordinal] += 1
    }

    mutating func merge(_ o: FleetTally) {
        operators.merge(o.operators)
        regions.merge(o.regions)
        for k in classCounts.indices { classCounts[k] += o.classCounts[k] }
    }

    var byOperator: [String: Int] {
        var out = [String: Int](minimumCapacity: operators.names.count)
        operators.each { name, c in out[name] = c.first }
        return out
    }
    var statusByRegion: [String: [Int]] {
        var out = [String: [Int]](minimumCapacity: regions.names.count)
        regions.each { name, c in out[name] = Array(c) }
        return out
    }
    var byRegion: [String: Int] { statusByRegion.mapValues { $0.reduce(0, +) } }
    var statusCounts: [Int] { statusByRegion.values.reduce(into: [0, 0, 0, 0]) { sum, c in for k in c.indices { sum[k] += c[k] } } }
    var byClass: [NodeClass: Int] {
        var out: [NodeClass: Int] = [:]
        for c in NodeClass.allCases where classCounts[c.ordinal] > 0 { out[c] = classCounts[c.ordinal] }
        return out
    }
}

/// A restored fleet's nodes, id index, history and counts, built in bulk from its blocks: the index (one
/// dictionary, so one thread) beside the rest, instead of inserting the nodes one by one (which grew the
/// history through every halving of its depth and copied a region's counts per node).
struct RestoredFleet {
    var nodes: [NodeEntry] = []
    var index = NodeIndex()
    var history: UtilisationHistory
    var tally = FleetTally()

    private enum Part { case index(NodeIndex), rest([NodeEntry], UtilisationHistory, FleetTally) }

    init(_ blocks: [RowBlock], asked: Int, budget: Int) {
        let count = blocks.reduce(0) { $0 + $1.entries.count }
        history = UtilisationHistory(restoring: count, asked: asked, budget: budget)
        let empty = history
        var parts = [Part?](repeating: nil, count: 2)
        parts.withUnsafeMutableBufferPointer { out in
            let out = UnsafeSendable(out)
            DispatchQueue.concurrentPerform(iterations: 2) { k in
                out.value[k] = k == 0 ? .index(Self.index(blocks, count)) : Self.rest(blocks, count, empty)
            }
        }
        for case let part? in parts {
            switch part {
            case let .index(i): index = i
            case let .rest(n, h, t): nodes = n; history = h; tally = t
            }
        }
    }

    private static func index(_ blocks: [RowBlock], _ count: Int) -> NodeIndex {
        var index = NodeIndex(minimumCapacity: count)
        var slot = 0
        for block in blocks {
            block.entries.withUnsafeBufferPointer { entries in
                for i in entries.indices {
                    index.set(entries[i].id, hash: block.idHashes[i], row: slot)
                    slot += 1
                }
            }
        }
        return index
    }

    private static func rest(_ blocks: [RowBlock], _ count: Int, _ empty: UtilisationHistory) -> Part {
        var nodes: [NodeEntry] = []
        nodes.reserveCapacity(count)
        var history = empty
        var tally = FleetTally()
        for block in blocks {
            history.fill(from: nodes.count, block)
            nodes.append(contentsOf: block.entries)
            tally.merge(block.tally)
        }
        return .rest(nodes, history, tally)
    }
}

extension UtilisationHistory {
    /// Slots `first…` take a block's samples: each keeps its newest `depth` (as `restore(slot:…)` does),
    /// oldest first from the start of its slot; a row without gpu samples reads as no GPU.
    mutating func fill(from first: Int, _ block: RowBlock) {
        let d = depth
        var at = 0
        for (r, shape) in block.shapes.enumerated() {
            let held = Int(shape & ~RowBlock.hasGPU), n = min(held, d), skip = held - n
            let slot = first + r, base = slot * d
            for k in 0..<n {
                cpu[base + k] = block.samples[at + skip + k]
                mem[base + k] = block.samples[at + held + skip + k]
            }
            if shape & RowBlock.hasGPU != 0 {
                for k in 0..<n { gpu[base + k] = block.samples[at + 2 * held + skip + k] }
                at += 3 * held
            } else {
                for k in 0..<n { gpu[base + k] = UtilisationHistory.noGPU }
                at += 2 * held
            }
            filled[slot] = UInt16(n)
            head[slot] = UInt16(n % d)
        }
    }
}
