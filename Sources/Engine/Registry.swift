import Feed

/// A node as the engine knows it: its description, status and what is allocated on it.
public struct RegisteredNode: Sendable, Equatable {
    public var info: NodeInfo
    public var status: NodeStatus
    public var allocatedCPU: Double = 0
    public var allocatedMemGB: Double = 0
    public var allocatedGPUs: Int = 0
    public var tasks = TaskIDs()
    /// The node's row in the engine's `NodeTable` (-1 outside one).
    var row: Int32 = -1
    /// The node's place in the allocator's index (-1: not in it), and its id's sort key.
    var slot: Int32 = -1
    let key: IDKey

    public var cpuCapacity: Double { Double(info.cpuCores) }

    public var schedulable: Bool { status == .online || status == .degraded }

    /// Mean of the cpu and memory fractions allocated (the allocator's score).
    public var allocatedFraction: Double {
        let c = info.cpuCores > 0 ? allocatedCPU / Double(info.cpuCores) : 1
        let m = info.memGB > 0 ? allocatedMemGB / info.memGB : 1
        return (c + m) / 2
    }

    public init(info: NodeInfo, status: NodeStatus) {
        self.info = info
        self.status = status
        key = IDKey(info.id)
    }

    var capacity: Capacity {
        Capacity(allocatedCPU: allocatedCPU, cpu: cpuCapacity, allocatedMemGB: allocatedMemGB, memGB: info.memGB,
                 allocatedGPUs: allocatedGPUs, gpus: info.gpus)
    }

    public func fits(_ r: Resources) -> Bool { capacity.fits(r) }

    public static func == (a: RegisteredNode, b: RegisteredNode) -> Bool {
        a.info == b.info && a.status == b.status && a.allocatedCPU == b.allocatedCPU
            && a.allocatedMemGB == b.allocatedMemGB && a.allocatedGPUs == b.allocatedGPUs && a.tasks == b.tasks
    }
}

/// A node's size and what is allocated on it, as a heartbeat reports it.
public struct NodeLoad: Sendable {
    public var cpuCores: Int
    public var memGB: Double
    public var gpus: Int
    public var allocatedCPU: Double
    public var allocatedMemGB: Double
    public var allocatedGPUs: Int
}

/// What a task asks of a node.
public struct Resources: Sendable, Equatable {
    public var cpu: Double
    public var memGB: Double
    public var gpus: Int
    public init(cpu: Double, memGB: Double, gpus: Int = 0) { self.cpu = cpu; self.memGB = memGB; self.gpus = gpus }

    /// At least as much as `other` of everything: wherever this fits, `other` fits too.
    func covers(_ other: Resources) -> Bool { cpu >= other.cpu && memGB >= other.memGB && gpus >= other.gpus }
}
