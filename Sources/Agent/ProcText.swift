/// The host's description and load as Linux states them in /proc, parsed from text so that the
/// parsing can be tested on fixed input.
public enum ProcText {
    /// Logical CPUs: the `processor` lines of /proc/cpuinfo.
    public static func cores(cpuinfo: String) -> Int {
        cpuinfo.split(separator: "\n").count { line in
            guard let colon = line.firstIndex(of: ":") else { return false }
            return line[..<colon].trimmingCharacters() == "processor"
        }
    }

    /// `MemTotal` and `MemAvailable` of /proc/meminfo, in kB; nil when either is missing.
    public static func memory(meminfo: String) -> Memory? {
        var total: Int64?
        var available: Int64?
        for line in meminfo.split(separator: "\n") {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == ":" })
            guard parts.count >= 2, let kB = Int64(parts[1]) else { continue }
            if parts[0] == "MemTotal" { total = kB } else if parts[0] == "MemAvailable" { available = kB }
        }
        guard let total, total > 0, let available else { return nil }
        return Memory(totalKB: total, availableKB: min(max(0, available), total))
    }

    /// The aggregate `cpu` line of /proc/stat: busy and total jiffies since boot.
    public static func cpuTimes(stat: String) -> CPUTimes? {
        guard let line = stat.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return nil }
        // user nice system idle iowait irq softirq steal (guest time is already in user and nice).
        let fields = line.split(separator: " ").dropFirst().prefix(8).compactMap { UInt64($0) }
        guard fields.count >= 4 else { return nil }
        let total = fields.reduce(0, &+)
        let idle = fields[3] &+ (fields.count > 4 ? fields[4] : 0)
        return CPUTimes(busy: total &- idle, total: total)
    }

    /// `nvidia-smi --query-gpu=name,utilization.gpu --format=csv,noheader,nounits`: one line per GPU.
    public static func gpus(nvidiaSMI: String) -> GPUs {
        var names: [String] = []
        var utilisation: [Double] = []
        for line in nvidiaSMI.split(separator: "\n") {
            let parts = line.split(separator: ",").map { $0.trimmingCharacters() }
            guard let name = parts.first, !name.isEmpty else { continue }
            names.append(name)
            if parts.count > 1, let u = Double(parts[1]), u >= 0, u <= 100 { utilisation.append(u / 100) }
        }
        let mean = utilisation.isEmpty ? nil : utilisation.reduce(0, +) / Double(utilisation.count)
        return GPUs(count: names.count, model: names.first, utilisation: mean)
    }

    /// `VmRSS` of /proc/PID/status, in kB.
    public static func residentKB(status: String) -> Int64? {
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return line.split(separator: " ").dropFirst().first.flatMap { Int64($0) }
        }
        return nil
    }

    public struct Memory: Sendable, Equatable {
        public var totalKB: Int64
        public var availableKB: Int64
        /// Gigabytes as the node record states memory (GiB, to one decimal).
        public var totalGB: Double { (Double(totalKB) / 1_048_576 * 10).rounded() / 10 }
        /// The share in use: what is not available.
        public var used: Double { 1 - Double(availableKB) / Double(totalKB) }
    }

    public struct CPUTimes: Sendable, Equatable {
        public var busy: UInt64
        public var total: UInt64
        /// The busy share between `earlier` and this reading; nil when no time passed.
        public func utilisation(since earlier: CPUTimes) -> Double? {
            guard total > earlier.total, busy >= earlier.busy else { return nil }
            return min(1, Double(busy - earlier.busy) / Double(total - earlier.total))
        }
    }

    public struct GPUs: Sendable, Equatable {
        public var count: Int
        public var model: String?
        public var utilisation: Double?
    }
}

extension Substring {
    func trimmingCharacters() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" }).reversed())
    }
}

extension String {
    func trimmingCharacters() -> String { self[...].trimmingCharacters() }
}
