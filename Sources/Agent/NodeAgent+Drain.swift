import Feed

#if canImport(Glibc)
import Glibc
#endif

extension NodeAgent {
    /// After SIGTERM: draining (no new work), heartbeats while running tasks end or the drain time
    /// passes, the rest killed and handed back, reports sent, then offline with reason "left".
    func leave() async -> Int32 {
        state.phase = "draining"
        await setStatus(.draining, reason: "agent stopping", until: wallMillis() + 5_000)
        let deadline = wallMillis() + config.drainMillis
        while !running.isEmpty, !handBackNow, wallMillis() < deadline {
            await step()
            await nap(until: min(wakeTime(), deadline))
        }
        handBack()
        let last = wallMillis() + 10_000
        while !pending.isEmpty, wallMillis() < last {
            await flushReports()
            if !pending.isEmpty { await pause(until: min(nextReport, last)) }
        }
        let left = await setStatus(.offline, reason: "left", until: last)
        state.phase = "left"
        save()
        logger.info(left ? "left: the coordinator has the node offline, reason \"left\"" : "could not tell the coordinator it left")
        return left ? 0 : 1
    }

    /// Kills the children still running. Their tasks are not reported: going offline hands them back
    /// to the queue (a `failed` report would end them for good).
    func handBack() {
        for (id, task) in running {
            kill(task.pid, SIGKILL)
            var status: Int32 = 0
            waitpid(task.pid, &status, 0)
            finished(id, task)
            logger.notice("task \(id) handed back")
        }
    }

    /// Sets the node's status, retried until `deadline`; true once the coordinator has it.
    @discardableResult
    func setStatus(_ status: NodeStatus, reason: String, until deadline: Int64) async -> Bool {
        var backoff = Backoff(baseMillis: 100, capMillis: 2_000)
        while true {
            do {
                let change = NodeStatusChange(id: config.node, status: status, reason: reason)
                _ = try await api.post([(wallMillis(), .nodeStatus(change))])
                return true  // accepted, or refused as already so: either way the coordinator has it
            } catch {
                fail(error)
                guard error.retryable, wallMillis() < deadline else { return false }
                await pause(until: min(deadline, wallMillis() + backoff.next()))
            }
        }
    }

    /// A sleep that a second SIGTERM does not cut short (`nap` returns at once while draining).
    func pause(until time: Int64) async {
        let millis = time - wallMillis()
        if millis > 0 { try? await Task.sleep(for: .milliseconds(millis)) }
    }
}
