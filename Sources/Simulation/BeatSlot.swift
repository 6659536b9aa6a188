import Engine
import Feed

/// What a heartbeat reports of a node: its size, what is allocated on it and whether it is offline,
/// as the engine last left them. Kept beside the node in its slot, so that a second's heartbeats are
/// a pass over an array instead of a registry lookup (a cache miss at scale) per node.
struct NodeReading: Equatable {
    var cpuCores: Int32
    var gpus: Int32
    var memGB: Double
    var allocatedCPU: Double = 0
    var allocatedMemGB: Double = 0
    var allocatedGPUs: Int32 = 0
    var tasks: Int32 = 0
    var offline = false

    /// A node that has just joined: online, nothing allocated.
    init(_ info: NodeInfo) {
        cpuCores = Int32(clamping: info.cpuCores)
        gpus = Int32(clamping: info.gpus)
        memGB = info.memGB
    }

    /// The engine's node as it stands (the tests' reference for the reading kept from `load(ofRow:id:)`).
    init(_ node: RegisteredNode) {
        self.init(node.info)
        allocatedCPU = node.allocatedCPU
        allocatedMemGB = node.allocatedMemGB
        allocatedGPUs = Int32(clamping: node.allocatedGPUs)
        tasks = Int32(clamping: node.tasks.count)
        offline = node.status == .offline
    }

    init(_ load: NodeLoad, status: NodeStatus, tasks: Int) {
        cpuCores = Int32(clamping: load.cpuCores)
        gpus = Int32(clamping: load.gpus)
        memGB = load.memGB
        allocatedCPU = load.allocatedCPU
        allocatedMemGB = load.allocatedMemGB
        allocatedGPUs = Int32(clamping: load.allocatedGPUs)
        self.tasks = Int32(clamping: tasks)
        offline = status == .offline
    }
}

/// The nodes that beat in one second of every ten, in join order. A node that leaves is marked, and
/// the slot is compacted once half of it is marks: removal without shifting the array each time.
struct BeatSlot {
    struct Beat {
        var id: String
        var drift: Double
        var reading: NodeReading
        var present = true
    }
    var beats: [Beat] = []
    private var absent = 0

    /// Adds a node; its place in the slot.
    mutating func append(_ id: String, drift: Double, reading: NodeReading) -> Int {
        beats.append(Beat(id: id, drift: drift, reading: reading))
        return beats.count - 1
    }

    mutating func remove(at place: Int) {
        guard beats.indices.contains(place), beats[place].present else { return }
        beats[place].present = false
        absent += 1
    }

    var needsCompacting: Bool { absent > 32 && absent * 2 > beats.count }

    /// Drops the marks; the new place of each node.
    mutating func compact() -> [(String, Int)] {
        beats.removeAll { !$0.present }
        absent = 0
        return beats.enumerated().map { ($1.id, $0) }
    }
}
