/// Upper bounds on what the nodes of a subtree can still take, as profiles over a few request sizes:
/// for each of eight cpu sizes, the most free memory on a node with at least that much free cpu; for
/// each of eight memory sizes, the most free cpu on a node with at least that much free memory; and
/// the first profile again among nodes with a GPU free.
///
/// Per-resource maxima, or weighted sums of them, let a subtree pass where its free cpu is on one node
/// and its free memory on another: a request between the two lies inside their convex hull, and a
/// saturated fleet is made of such nodes. A profile does not mix nodes: for a request whose cpu (or
/// memory) is one of the sizes, "the most free memory on a node with that much cpu" answers exactly
/// whether some node below has both (for a GPU request, one whose cpu is a size). A request between
/// sizes is judged at the size below it: still sound, looser. The bounds of a subtree are the lane-wise maxima of its nodes', so a subtree's room
/// is computed from its children's in a few vector instructions, and changes only when a maximum does.
///
/// Values are `Float`, bounds rounded up and requests rounded down; an empty lane holds -∞.
struct Room: Equatable {
    var memAtCPU: SIMD8<Float>
    var cpuAtMem: SIMD8<Float>
    var memAtCPUWithGPU: SIMD8<Float>
    var gpus: Float

    static let cpuSizes = SIMD8<Float>(-.infinity, 0.5, 1, 2, 4, 8, 16, 32)
    static let memSizes = SIMD8<Float>(-.infinity, 1, 2, 4, 8, 16, 32, 128)
    private static let nothing = SIMD8<Float>(repeating: -.infinity)
    static let none = Room(memAtCPU: nothing, cpuAtMem: nothing, memAtCPUWithGPU: nothing, gpus: -.infinity)

    init(memAtCPU: SIMD8<Float>, cpuAtMem: SIMD8<Float>, memAtCPUWithGPU: SIMD8<Float>, gpus: Float) {
        self.memAtCPU = memAtCPU; self.cpuAtMem = cpuAtMem; self.memAtCPUWithGPU = memAtCPUWithGPU; self.gpus = gpus
    }

    /// One node's room, from its free capacity.
    @inline(__always)
    init(_ p: Point) {
        memAtCPU = Room.nothing.replacing(with: p.mem, where: Room.cpuSizes .<= p.cpu)
        cpuAtMem = Room.nothing.replacing(with: p.cpu, where: Room.memSizes .<= p.mem)
        memAtCPUWithGPU = p.gpu >= 1 ? memAtCPU : Room.nothing
        gpus = p.gpu
    }

    /// The room of a subtree with this one and `o` in it.
    @inline(__always)
    func larger(_ o: Room) -> Room {
        Room(memAtCPU: Room.lanewiseMax(memAtCPU, o.memAtCPU), cpuAtMem: Room.lanewiseMax(cpuAtMem, o.cpuAtMem),
             memAtCPUWithGPU: Room.lanewiseMax(memAtCPUWithGPU, o.memAtCPUWithGPU), gpus: Swift.max(gpus, o.gpus))
    }

    /// Lane-wise maximum (the standard library's `pointwiseMax` is not inlined here, and is a call per lane).
    @inline(__always)
    private static func lanewiseMax(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
        a.replacing(with: b, where: a .< b)
    }

    /// Whether every bound here is below o's, or empty: a set of nodes with o's room keeps it
    /// without a node whose room this is.
    @inline(__always)
    func isStrictlyBelow(_ o: Room) -> Bool {
        let none = Room.nothing
        let a = (memAtCPU .< o.memAtCPU) .| (memAtCPU .== none)
        let b = (cpuAtMem .< o.cpuAtMem) .| (cpuAtMem .== none)
        let c = (memAtCPUWithGPU .< o.memAtCPUWithGPU) .| (memAtCPUWithGPU .== none)
        return all(a .& b .& c) && (gpus < o.gpus || gpus == -.infinity)
    }

    /// Whether some node below might fit the request: false only when none can.
    @inline(__always)
    func admits(_ q: Request) -> Bool {
        guard gpus >= q.p.gpu, memAtCPU[q.cpuLane] >= q.p.mem, cpuAtMem[q.memLane] >= q.p.cpu else { return false }
        return q.p.gpu < 1 || memAtCPUWithGPU[q.cpuLane] >= q.p.mem
    }

    /// A request, with the lanes of the sizes at or below it, found once per search.
    struct Request {
        let p: Point
        let cpuLane: Int
        let memLane: Int

        init(_ r: Resources) {
            p = Point(request: r)
            cpuLane = Request.lane(p.cpu, Room.cpuSizes)
            memLane = Request.lane(p.mem, Room.memSizes)
        }

        /// The last size at or below x (lane 0, -∞, for a NaN, which no bound is at least anyway).
        private static func lane(_ x: Float, _ sizes: SIMD8<Float>) -> Int {
            var k = 0
            for i in 1..<8 where sizes[i] <= x { k = i }
            return k
        }
    }

    /// One node's free capacity, or a request, in `Float`.
    struct Point: Equatable {
        var cpu: Float
        var mem: Float
        var gpu: Float

        init(cpu: Float, mem: Float, gpu: Float) { self.cpu = cpu; self.mem = mem; self.gpu = gpu }

        /// Upper bounds: a node whose headroom is (cpu, mem, gpus) gives at least those.
        init(bound cpu: Double, _ mem: Double, _ gpus: Int) {
            self.cpu = Room.up(cpu)
            self.mem = Room.up(mem)
            gpu = gpus > Room.exactInt ? .infinity : Float(max(gpus, -Room.exactInt))
        }

        /// A request, rounded down, so that a bound at least the request stays at least this.
        init(request r: Resources) {
            cpu = Room.down(r.cpu)
            mem = Room.down(r.memGB)
            gpu = r.gpus < -Room.exactInt ? -.infinity : Float(min(r.gpus, Room.exactInt))
        }

        /// At least `q` in every resource.
        func covers(_ q: Point) -> Bool { cpu >= q.cpu && mem >= q.mem && gpu >= q.gpu }
    }

    /// Integers up to this are exact in `Float`; beyond it a bound is ∞ and a request this.
    static let exactInt = 1 << 24

    static func up(_ x: Double) -> Float {
        guard !x.isNaN else { return .infinity }  // never prune on it: `fits` decides
        let f = Float(x)
        return Double(f) < x ? f.nextUp : f
    }

    static func down(_ x: Double) -> Float {
        let f = Float(x)  // NaN stays NaN: no bound admits it, and `fits` takes no NaN request
        return Double(f) > x ? f.nextDown : f
    }
}
