#if canImport(Glibc)
import Glibc
#endif

/// What a task's child may use: applied by the child to itself before it runs anything, so that an
/// allowed command it then executes inherits them.
public struct Limits: Sendable, Equatable {
    /// CPUs it may run on (sched_setaffinity); empty for no restriction.
    public var cpus: [Int]
    /// Its nice value (setpriority).
    public var nice: Int32
    /// A cgroup directory prepared for it (cpu.max, memory.max), which it joins; nil where none is writable.
    public var cgroup: String?

    public init(cpus: [Int], nice: Int32, cgroup: String?) { self.cpus = cpus; self.nice = nice; self.cgroup = cgroup }

    /// Applies the limits to the calling process; what could not be applied, as messages.
    /// On Linux nice and affinity belong to threads: they are set on every thread the process has
    /// (the runtime's threads made later inherit them from a thread that has them).
    public func apply() -> [String] {
        var problems: [String] = []
        if let cgroup, !writeText(cgroup + "/cgroup.procs", "0\n") { problems.append("cannot join cgroup \(cgroup)") }
        for thread in Self.threads() {
            if setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(thread), nice) != 0 {
                problems.append("cannot set nice \(nice)")
            }
            if !cpus.isEmpty, !Self.pin(cpus, thread: thread) { problems.append("cannot set CPU affinity \(cpus)") }
        }
        return Array(Set(problems)).sorted()
    }

    /// The ids of this process's threads (/proc/self/task), or just the caller's if unreadable.
    static func threads() -> [pid_t] {
        guard let dir = opendir("/proc/self/task") else { return [0] }
        defer { closedir(dir) }
        var ids: [pid_t] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if let id = pid_t(name) { ids.append(id) }
        }
        return ids.isEmpty ? [0] : ids
    }

    /// sched_setaffinity is a GNU extension the Glibc module does not import: it is looked up by name.
    /// The mask is 1,024 bits, the size of glibc's cpu_set_t.
    private static func pin(_ cpus: [Int], thread: pid_t) -> Bool {
        typealias SetAffinity = @convention(c) (pid_t, Int, UnsafeRawPointer) -> Int32
        guard let symbol = dlsym(nil, "sched_setaffinity") else { return false }
        let setAffinity = unsafeBitCast(symbol, to: SetAffinity.self)
        let bitsPerWord = UInt.bitWidth
        var mask = [UInt](repeating: 0, count: 1024 / bitsPerWord)
        for cpu in cpus where cpu >= 0 && cpu / bitsPerWord < mask.count {
            mask[cpu / bitsPerWord] |= 1 << UInt(cpu % bitsPerWord)
        }
        return mask.withUnsafeBytes { raw in raw.baseAddress.map { setAffinity(thread, raw.count, $0) } } == 0
    }

    /// Picks `count` CPUs, the least used first (`use[i]` is how many running tasks are pinned to CPU i).
    public static func pick(_ count: Int, use: [Int]) -> [Int] {
        let order = use.indices.sorted { (use[$0], $0) < (use[$1], $1) }
        return Array(order.prefix(max(1, min(count, use.count)))).sorted()
    }
}

/// Per-task cgroups (v2) under a directory delegated to the agent (`--cgroup DIR`): cpu.max from the
/// task's cpu, memory.max from its mem_gb. Without one, nice and CPU affinity are the limits.
struct CgroupSlots {
    let root: String?

    /// A directory for the task with its limits written, or nil (then the child runs without one).
    func make(task: String, cpu: Double, memGB: Double) -> String? {
        guard let root else { return nil }
        let name = "task-" + String(task.unicodeScalars.map { $0.properties.isAlphabetic || ("0"..."9").contains($0) ? Character($0) : "_" })
        let dir = root + "/" + name
        guard mkdir(dir, 0o755) == 0 || errno == EEXIST else { return nil }
        let period = 100_000
        let quota = Int(min(max(cpu, 0.01), 4096) * Double(period))
        writeText(dir + "/cpu.max", "\(quota) \(period)\n")
        if memGB > 0 { writeText(dir + "/memory.max", "\(Int64(min(memGB, 1e6) * 1_073_741_824))\n") }
        return dir
    }

    func remove(_ dir: String?) { if let dir { rmdir(dir) } }
}
