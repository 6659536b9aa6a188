/// This machine: what it has (for the node record) and how loaded it is (for heartbeats).
public struct Host: Sendable {
    public var cores: Int
    public var memory: ProcText.Memory
    public var gpus: ProcText.GPUs
    let nvidiaSMI: String?

    public struct Unreadable: Error, CustomStringConvertible { public let description: String }

    /// Reads /proc/cpuinfo and /proc/meminfo, and asks nvidia-smi for GPUs if it is installed.
    public static func probe() throws(Unreadable) -> Host {
        guard let cpuinfo = readText("/proc/cpuinfo") else { throw Unreadable(description: "cannot read /proc/cpuinfo") }
        let cores = ProcText.cores(cpuinfo: cpuinfo)
        guard cores > 0 else { throw Unreadable(description: "/proc/cpuinfo lists no processor") }
        guard let memory = readText("/proc/meminfo").flatMap(ProcText.memory) else {
            throw Unreadable(description: "cannot read MemTotal and MemAvailable from /proc/meminfo")
        }
        let smi = Spawn.which("nvidia-smi")
        let gpus = smi.flatMap(Self.queryGPUs) ?? ProcText.GPUs(count: 0, model: nil, utilisation: nil)
        return Host(cores: cores, memory: memory, gpus: gpus, nvidiaSMI: smi)
    }

    static func queryGPUs(_ smi: String) -> ProcText.GPUs? {
        Spawn.output(smi, [smi, "--query-gpu=name,utilization.gpu", "--format=csv,noheader,nounits"]).map(ProcText.gpus)
    }

    /// Memory in use now, and the GPUs' utilisation if there are any.
    func load() -> (mem: Double?, gpu: Double?) {
        let mem = readText("/proc/meminfo").flatMap(ProcText.memory)?.used
        let gpu = gpus.count > 0 ? nvidiaSMI.flatMap(Self.queryGPUs)?.utilisation : nil
        return (mem, gpu)
    }
}

/// CPU utilisation as the difference of two /proc/stat readings: the share busy since the last one.
struct CPUSampler {
    private var last: ProcText.CPUTimes? = readText("/proc/stat").flatMap(ProcText.cpuTimes)

    /// The busy share since the previous call (or since start); nil if /proc/stat cannot be read.
    mutating func sample() -> Double? {
        guard let now = readText("/proc/stat").flatMap(ProcText.cpuTimes) else { return nil }
        defer { last = now }
        return last.flatMap { now.utilisation(since: $0) }
    }
}
