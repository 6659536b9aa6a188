/// Upper bounds on what the nodes of a subtree can still take: up to eight points of free capacity
/// (cpu, memory, GPUs) such that every node's free capacity lies below one of them. A request fits
/// no node of the subtree unless some point is at least the request in every resource.
///
/// Per-resource maxima (one point) let a subtree pass where its free cpu is on one node and its free
/// memory on another, and so do weighted sums of them: a request between the two lies inside their
/// convex hull. The undominated points themselves (a staircase) rule that out exactly while there are
/// at most eight of them; past eight, the two nearest points are replaced by the smallest point above
/// both, so the bound stays sound and loosens where the points were closest.
///
/// Values are `Float`, bounds rounded up and requests rounded down, so the eight points of a resource
/// are one SIMD vector and `admits` is three comparisons of eight lanes. Unused lanes hold -∞ (a real
/// point's -∞ becomes the least finite value, so a lane is unused exactly when its cpu is -∞).
struct Stair: Equatable {
    var cpu: SIMD8<Float>
    var mem: SIMD8<Float>
    var gpu: SIMD8<Float>

    /// One node's free capacity, or a request, in the stair's terms.
    struct Point: Equatable {
        var cpu: Float
        var mem: Float
        var gpu: Float

        init(cpu: Float, mem: Float, gpu: Float) { self.cpu = cpu; self.mem = mem; self.gpu = gpu }

        /// Upper bounds: a node whose headroom is (cpu, mem, gpus) gives at least those.
        init(bound cpu: Double, _ mem: Double, _ gpus: Int) {
            self.cpu = Stair.up(cpu)
            self.mem = Stair.up(mem)
            gpu = gpus > Stair.exactInt ? .infinity : Float(max(gpus, -Stair.exactInt))
        }

        /// A request, rounded down, so that a bound at least the request stays at least this.
        init(request r: Resources) {
            cpu = Stair.down(r.cpu)
            mem = Stair.down(r.memGB)
            gpu = r.gpus < -Stair.exactInt ? -.infinity : Float(min(r.gpus, Stair.exactInt))
        }

        /// At least `q` in every resource.
        func covers(_ q: Point) -> Bool { cpu >= q.cpu && mem >= q.mem && gpu >= q.gpu }
    }

    static let empty = Stair(cpu: SIMD8(repeating: -.infinity), mem: SIMD8(repeating: -.infinity),
                             gpu: SIMD8(repeating: -.infinity))

    init(cpu: SIMD8<Float>, mem: SIMD8<Float>, gpu: SIMD8<Float>) { self.cpu = cpu; self.mem = mem; self.gpu = gpu }

    init(_ p: Point) {
        self = .empty
        set(0, p)
    }

    /// Whether some node below might fit the request: false only when none can.
    func admits(_ q: Point) -> Bool { any((cpu .>= q.cpu) .& (mem .>= q.mem) .& (gpu .>= q.gpu)) }

    /// Makes the stair cover `p` too.
    mutating func add(_ p: Point) {
        guard !admits(p) else { return }
        clear((cpu .<= p.cpu) .& (mem .<= p.mem) .& (gpu .<= p.gpu))
        for lane in 0..<8 where cpu[lane] == -.infinity {
            set(lane, p)
            return
        }
        coarsen(adding: p)
    }

    /// Makes the stair cover every point of `other`.
    mutating func add(_ other: Stair) {
        for lane in 0..<8 where other.cpu[lane] != -.infinity { add(other.point(lane)) }
    }

    func point(_ lane: Int) -> Point { Point(cpu: cpu[lane], mem: mem[lane], gpu: gpu[lane]) }

    private mutating func set(_ lane: Int, _ p: Point) {
        cpu[lane] = p.cpu
        mem[lane] = p.mem
        gpu[lane] = p.gpu
    }

    private mutating func clear(_ lanes: SIMDMask<SIMD8<Int32>>) {
        cpu.replace(with: -.infinity, where: lanes)
        mem.replace(with: -.infinity, where: lanes)
        gpu.replace(with: -.infinity, where: lanes)
    }

    /// All eight lanes are taken and none covers `p`: of the nine points, the two nearest become the
    /// smallest point above both, which frees a lane (or absorbs `p`).
    private mutating func coarsen(adding p: Point) {
        var best = (distance: Float.infinity, a: -1, b: 0)  // a == -1: p itself
        let toP = distances(to: p)
        for lane in 0..<8 where toP[lane] < best.distance { best = (toP[lane], -1, lane) }
        for a in 0..<7 {
            let d = distances(to: point(a))
            for b in (a + 1)..<8 where d[b] < best.distance { best = (d[b], a, b) }
        }
        let merged: Int
        if best.a < 0 {
            merged = best.b
            set(merged, Stair.join(point(merged), p))
        } else {
            merged = best.a
            set(merged, Stair.join(point(best.a), point(best.b)))
            set(best.b, p)
        }
        let m = point(merged)
        var below = (cpu .<= m.cpu) .& (mem .<= m.mem) .& (gpu .<= m.gpu)
        below[merged] = false
        clear(below)
    }

    /// How far each lane is from `p`, with memory counted at 4 GB a core and a GPU at 16 cores (the
    /// lanes nearest in these terms are the cheapest to merge); never NaN.
    private func distances(to p: Point) -> SIMD8<Float> {
        let dc = cpu - p.cpu, dm = mem - p.mem, dg = gpu - p.gpu
        var d = pointwiseMax(dc, -dc) + pointwiseMax(dm, -dm) * 0.25 + pointwiseMax(dg, -dg) * 16
        d.replace(with: .infinity, where: .!(d .== d))
        return d
    }

    private static func join(_ a: Point, _ b: Point) -> Point {
        Point(cpu: max(a.cpu, b.cpu), mem: max(a.mem, b.mem), gpu: max(a.gpu, b.gpu))
    }

    /// Integers up to this are exact in `Float`; beyond it a bound is ∞ and a request this.
    static let exactInt = 1 << 24

    static func up(_ x: Double) -> Float {
        guard !x.isNaN else { return .infinity }  // never prune on it: `fits` decides
        let f = Float(x)
        return Double(f) < x || f == -.infinity ? f.nextUp : f
    }

    static func down(_ x: Double) -> Float {
        let f = Float(x)  // NaN stays NaN: no lane admits it, and `fits` takes no NaN request
        return Double(f) > x ? f.nextDown : f
    }
}
