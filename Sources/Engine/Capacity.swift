/// What a node has and what is allocated on it: the part of a node the allocator needs.
struct Capacity {
    var allocatedCPU: Double
    var cpu: Double
    var allocatedMemGB: Double
    var memGB: Double
    var allocatedGPUs: Int
    var gpus: Int

    func fits(_ r: Resources) -> Bool {
        let (gpuSum, overflow) = allocatedGPUs.addingReportingOverflow(r.gpus)
        return allocatedCPU + r.cpu <= cpu + 1e-9 && allocatedMemGB + r.memGB <= memGB + 1e-9
            && (overflow ? r.gpus < 0 : gpuSum <= gpus)
    }

    /// Upper bounds on the request that `fits` accepts, one per resource: a subtree none of whose
    /// bounds is at least a request holds no node that fits it.
    var headroom: Room.Point {
        let (free, overflow) = gpus.subtractingReportingOverflow(allocatedGPUs)
        return Room.Point(bound: Capacity.headroom(allocatedCPU, cpu), Capacity.headroom(allocatedMemGB, memGB),
                          overflow ? (allocatedGPUs < 0 ? .max : .min) : free)
    }

    /// `fits` rounds `allocated + request` once; the bound allows for that rounding and for the
    /// subtraction's own, so pruning never drops a node that `fits` would take.
    private static func headroom(_ allocated: Double, _ capacity: Double) -> Double {
        let limit = capacity + 1e-9
        let free = limit - allocated
        if free.isNaN { return .infinity }  // never prune on it: `fits` decides
        guard free.isFinite else { return free }
        return free + 2 * max(limit.magnitude, allocated.magnitude).ulp
    }
}
