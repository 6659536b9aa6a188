/// The last `depth` utilisation samples (cpu, mem, gpu) of every node, quantised to a byte
/// (1/255 steps: plenty for a sparkline) in one flat array, so 100,000 nodes × 60 samples
/// cost 18 MB rather than a ring object per node. Within a budget: a fleet so large that the depth
/// asked for would pass it keeps fewer samples a node (the depth halves, keeping the newest), so a
/// million nodes hold 15 each (45 MB) instead of 60 (180 MB). The depth never grows back.
public struct UtilisationHistory: Sendable, Equatable {
    /// The depth asked for; `depth` is what the budget allows the fleet now.
    public let asked: Int
    public private(set) var depth: Int
    /// Samples per metric the history holds at most: 16 Mi by default, 48 MB for the three.
    public let budget: Int
    public static let standardBudget = 1 << 24
    static let smallestDepth = 8
    var cpu: [UInt8] = []
    var mem: [UInt8] = []
    var gpu: [UInt8] = []
    var head: [UInt16] = []   // next write position per node
    var filled: [UInt16] = [] // samples held per node

    public static let noGPU: UInt8 = 255  // a gpu sample of a node without one

    /// Equal when every node holds the same samples in the same order (ring positions may differ).
    public static func == (a: UtilisationHistory, b: UtilisationHistory) -> Bool {
        guard a.depth == b.depth, a.head.count == b.head.count else { return false }
        for i in a.head.indices {
            let x = a.raw(slot: i), y = b.raw(slot: i)
            guard x.cpu == y.cpu, x.mem == y.mem, x.gpu == y.gpu else { return false }
        }
        return true
    }

    public init(depth: Int, budget: Int = UtilisationHistory.standardBudget) {
        asked = max(1, min(depth, 4096))
        self.depth = asked
        self.budget = budget
    }

    /// `slots` empty slots at the depth that adding them one by one (`addSlot`) would leave, for a restore
    /// that fills them in bulk.
    init(restoring slots: Int, asked: Int, budget: Int) {
        self.init(depth: asked, budget: budget)
        depth = Self.depth(after: slots, from: self.asked, budget: budget)
        cpu = [UInt8](repeating: 0, count: slots * depth); mem = cpu; gpu = cpu
        head = [UInt16](repeating: 0, count: slots); filled = head
    }

    /// The depth `addSlot` leaves after `slots` slots added to an empty history: at the k-th it halves
    /// once if k × depth passes the budget.
    static func depth(after slots: Int, from asked: Int, budget: Int) -> Int {
        var depth = asked, k = 1
        while depth > smallestDepth {
            k = max(k, budget / depth + 1)  // the first k whose k × depth passes the budget
            guard k <= slots else { break }
            depth = max(smallestDepth, depth / 2)
            k += 1
        }
        return depth
    }

    mutating func addSlot() {
        if (head.count + 1) * depth > budget, depth > Self.smallestDepth {
            shrink(to: max(Self.smallestDepth, depth / 2))
        }
        cpu.append(contentsOf: repeatElement(0, count: depth))
        mem.append(contentsOf: repeatElement(0, count: depth))
        gpu.append(contentsOf: repeatElement(0, count: depth))
        head.append(0)
        filled.append(0)
    }

    /// Swap-removes slot `i` (the last slot moves into it), as the fleet does with its nodes.
    mutating func removeSlot(_ i: Int) {
        let last = head.count - 1
        if i != last {
            for k in 0..<depth {
                cpu[i * depth + k] = cpu[last * depth + k]
                mem[i * depth + k] = mem[last * depth + k]
                gpu[i * depth + k] = gpu[last * depth + k]
            }
            head[i] = head[last]
            filled[i] = filled[last]
        }
        cpu.removeLast(depth); mem.removeLast(depth); gpu.removeLast(depth)
        head.removeLast(); filled.removeLast()
    }

    static func quantise(_ f: Double) -> UInt8 { UInt8((min(max(f, 0), 1) * 254).rounded()) }
    public static func fraction(_ q: UInt8) -> Double { Double(q) / 254 }

    mutating func append(slot i: Int, cpu c: Double, mem m: Double, gpu g: Double?) {
        let at = i * depth + Int(head[i])
        cpu[at] = Self.quantise(c)
        mem[at] = Self.quantise(m)
        gpu[at] = g.map(Self.quantise) ?? Self.noGPU
        head[i] = UInt16((Int(head[i]) + 1) % depth)
        if Int(filled[i]) < depth { filled[i] += 1 }
    }

    public enum Metric: Sendable { case cpu, mem, gpu }

    /// Samples of one node, oldest first, as fractions (nil for a gpu sample without a gpu).
    public func samples(slot i: Int, _ metric: Metric) -> [Double?] {
        guard i >= 0, i < head.count else { return [] }
        let n = Int(filled[i])
        let source: [UInt8] = metric == .cpu ? cpu : metric == .mem ? mem : gpu
        let first = (Int(head[i]) - n + depth) % depth
        return (0..<n).map { k in
            let q = source[i * depth + (first + k) % depth]
            return metric == .gpu && q == Self.noGPU ? nil : Self.fraction(q)
        }
    }

    /// Raw samples for the snapshot (oldest first).
    func raw(slot i: Int) -> (cpu: [UInt8], mem: [UInt8], gpu: [UInt8]) {
        let n = Int(filled[i])
        let first = (Int(head[i]) - n + depth) % depth
        let base = i * depth
        func pick(_ a: [UInt8]) -> [UInt8] {
            // The ring's oldest samples run to the end of the slot, the rest wrap to its start.
            let run = min(n, depth - first)
            return Array(a[base + first ..< base + first + run]) + a[base ..< base + n - run]
        }
        return (pick(cpu), pick(mem), pick(gpu))
    }

    /// Fewer samples a node: each keeps its newest `smaller`, oldest first from the start of its slot.
    private mutating func shrink(to smaller: Int) {
        let slots = head.count
        var c = [UInt8](repeating: 0, count: slots * smaller), m = c, g = c
        for i in 0..<slots {
            let r = raw(slot: i)
            let n = min(r.cpu.count, smaller)
            for k in 0..<n {
                c[i * smaller + k] = r.cpu[r.cpu.count - n + k]; m[i * smaller + k] = r.mem[r.mem.count - n + k]
                g[i * smaller + k] = r.gpu[r.gpu.count - n + k]
            }
            filled[i] = UInt16(n)
            head[i] = UInt16(n % smaller)
        }
        cpu = c; mem = m; gpu = g
        depth = smaller
    }
}
