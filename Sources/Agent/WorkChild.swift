#if canImport(Glibc)
import Glibc
#endif

/// The child side of a task (`chaintop-agent work`): limits itself, then runs a kernel or executes an
/// allowed command (which inherits the limits). The parent resolved the command from its allow list.
public enum WorkChild {
    public enum Job: Sendable {
        case kernel(Kernel, units: Double)
        case exec(path: String, arguments: [String])
    }

    /// The exit status: 0 done, 1 limits could not be applied, 127 the command could not be executed.
    public static func run(_ job: Job, limits: Limits) -> Int32 {
        let problems = limits.apply()
        // Nice and affinity are the promise made for the task: without them it must not run.
        if problems.contains(where: { !$0.contains("cgroup") }) {
            printError("chaintop-agent work: \(problems.joined(separator: "; "))")
            return 1
        }
        for problem in problems { printError("chaintop-agent work: \(problem); nice and CPU affinity apply") }
        switch job {
        case let .kernel(kernel, units):
            print("\(kernel.rawValue) \(units) units: \(kernel.run(units: units))")
            return 0
        case let .exec(path, arguments):
            var argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
            execv(path, &argv)
            printError("chaintop-agent work: cannot execute \(path): \(String(cString: strerror(errno)))")
            for p in argv { free(p) }
            return 127
        }
    }
}

func printError(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}
