/// Upper bounds on what a node, or any node of a subtree, can still take: each resource alone, and
/// weighted sums of them. Per-resource maxima alone let a subtree pass where its free cpu is on one
/// node and its free memory on another (a fleet of cpu-heavy and memory-heavy nodes, half full,
/// passes nearly every subtree for a task that fits none); a node that fits a request has each of
/// the sums at least the request's, so a subtree's largest sums rule most of those out.
struct Room {
    var cpu: Double
    var memGB: Double
    var gpus: Int
    var sums: (Double, Double, Double, Double)

    init(cpu: Double, memGB: Double, gpus: Int) {
        self.cpu = cpu
        self.memGB = memGB
        self.gpus = gpus
        // A node with negative room fits no request without negative parts, which `admits` checks
        // alone: the sums count only room above zero, so they add no cancellation.
        sums = Room.sums(max(cpu, 0), max(memGB, 0), max(gpus, 0))
    }

    /// cpu plus memory counted at 1, 4 and 16 GB a core, and one with GPUs at 16 cores each.
    static func sums(_ cpu: Double, _ mem: Double, _ gpus: Int) -> (Double, Double, Double, Double) {
        (cpu + mem, cpu + mem / 4, cpu + mem / 16, cpu + mem / 8 + 16 * Double(gpus))
    }

    func larger(_ o: Room) -> Room {
        var r = self
        r.cpu = max(cpu, o.cpu); r.memGB = max(memGB, o.memGB); r.gpus = max(gpus, o.gpus)
        r.sums = (max(sums.0, o.sums.0), max(sums.1, o.sums.1), max(sums.2, o.sums.2), max(sums.3, o.sums.3))
        return r
    }

    /// Whether a node (or subtree) with this room might fit the request: false only when none can.
    func admits(_ q: Request) -> Bool {
        guard q.r.cpu <= cpu, q.r.memGB <= memGB, q.r.gpus <= gpus else { return false }
        guard let s = q.sums else { return true }
        // Both sides are sums of non-negative terms, each rounded: a relative allowance covers that.
        let slack = 1 + 1e-12
        return s.0 <= sums.0 * slack && s.1 <= sums.1 * slack && s.2 <= sums.2 * slack && s.3 <= sums.3 * slack
    }

    /// A request with its sums, computed once per search.
    struct Request {
        let r: Resources
        /// nil for a request with a negative part, which only the per-resource bounds judge.
        let sums: (Double, Double, Double, Double)?

        init(_ r: Resources) {
            self.r = r
            sums = r.cpu >= 0 && r.memGB >= 0 && r.gpus >= 0 ? Room.sums(r.cpu, r.memGB, r.gpus) : nil
        }
    }
}
