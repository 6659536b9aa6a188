import Feed

#if canImport(Glibc)
import Glibc
#endif

/// A task whose child process runs.
struct RunningTask: Sendable {
    var assignment: CoordinatorAPI.Assignment
    var pid: pid_t
    var cpus: [Int]
    var cgroup: String?
}

extension NodeAgent {
    /// Asks for assigned work while there is room for more, and starts what comes.
    func askWork() async {
        nextWork = wallMillis() + config.heartbeatMillis
        let used = running.values.reduce(0) { $0 + $1.assignment.cpu }
        guard used < Double(host.cores) else { return }
        do {
            for assignment in try await api.work() where running[assignment.id] == nil {
                guard !pending.contains(where: { $0.event.id == assignment.id && $0.event.state != .running }) else { continue }
                start(assignment)
            }
        } catch {
            fail(error)
        }
    }

    /// Starts the task's child (this binary's hidden `work` command) with its limits, or reports it
    /// failed if it cannot run here: an unknown kind, a command not allowed, more than the host has.
    func start(_ a: CoordinatorAPI.Assignment) {
        let job = config.allowList.resolve(kind: a.kind)
        if case let .refused(reason) = job { return refuse(a, reason) }
        guard a.cpu <= Double(host.cores), a.memGB <= host.memory.totalGB, a.gpus <= host.gpus.count else {
            return refuse(a, "needs more than this host has")
        }
        let cpus = Limits.pick(Int(a.cpu.rounded(.up)), use: cpuUse)
        let cgroup = slots.make(task: a.id, cpu: a.cpu, memGB: a.memGB)
        var arguments = [selfPath, "work", "--nice", String(config.nice), "--cpus", cpus.map(String.init).joined(separator: ",")]
        if let cgroup { arguments += ["--cgroup", cgroup] }
        switch job {
        case let .kernel(kernel): arguments += ["--kernel", kernel.rawValue, "--units", String(a.units)]
        case let .command(command): arguments += ["--exec", command.path, "--"] + command.arguments
        case .refused: return
        }
        do {
            // The child's stdout goes to the agent's stderr (its log), never onto the agent's own stdout.
            let pid = try Spawn.start(selfPath, arguments, stdout: 2)
            for cpu in cpus { cpuUse[cpu] += 1 }
            running[a.id] = RunningTask(assignment: a, pid: pid, cpus: cpus, cgroup: cgroup)
            report(a, .running)
            logger.info("task \(a.id) (\(a.kind ?? "hash"), \(a.units) units, attempt \(a.attempt)) runs as pid \(pid) on CPUs \(cpus)")
        } catch {
            slots.remove(cgroup)
            refuse(a, error.description)
        }
    }

    private func refuse(_ a: CoordinatorAPI.Assignment, _ reason: String) {
        logger.warning("task \(a.id) not run: \(reason)")
        report(a, .failed)
    }

    func report(_ a: CoordinatorAPI.Assignment, _ state: TaskState) {
        pending.append((wallMillis(), TaskEvent(id: a.id, node: config.node, state: state, units: a.units, kind: a.kind)))
        nextReport = min(nextReport, wallMillis())
    }

    /// Children that ended: exit 0 is done, anything else failed.
    func reap() async {
        for (id, task) in running {
            guard let status = Spawn.reap(task.pid) else { continue }
            finished(id, task)
            logger.info("task \(id) \(status == 0 ? "done" : "failed (exit \(status))")")
            report(task.assignment, status == 0 ? .done : .failed)
            nextWork = wallMillis()
        }
    }

    func finished(_ id: String, _ task: RunningTask) {
        running[id] = nil
        for cpu in task.cpus where cpu < cpuUse.count { cpuUse[cpu] = max(0, cpuUse[cpu] - 1) }
        slots.remove(task.cgroup)
    }

    /// Sends the reports not yet answered, in order. The coordinator applies a report once: a retry
    /// of one it already has (its answer was lost) is refused, so it is never paid twice.
    func flushReports() async {
        guard !pending.isEmpty, wallMillis() >= nextReport else { return }
        let batch = pending
        do {
            let answers = try await api.post(batch.map { ($0.ts, .task($0.event)) })
            pending.removeFirst(batch.count)
            reportBackoff.succeeded()
            for (report, answer) in zip(batch, answers) { account(report.event, answer) }
        } catch {
            fail(error)
            if error.retryable {
                nextReport = wallMillis() + reportBackoff.next()
            } else {
                pending.removeFirst(batch.count)
                logger.error("reports dropped: \(error)")
            }
        }
    }

    private func account(_ event: TaskEvent, _ answer: CoordinatorAPI.LineAnswer) {
        switch (answer, event.state) {
        case (.accepted, .done):
            state.done += 1
            state.unitsDone += event.units
        case (.accepted, .failed): state.failed += 1
        case let (.refused(reason), _): logger.notice("report \(event.id) \(event.state.rawValue) refused: \(reason)")
        default: break
        }
    }
}
