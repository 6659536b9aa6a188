import Engine
import Feed

extension EngineDriver {
    /// One step of the wall clock: nodes that went quiet turn degraded then offline, what fits is
    /// placed, and an epoch that ended pays uptime. Everything decided goes to the log.
    @discardableResult
    public func tick(now: Int64) -> Committer.Ticket? {
        var batch = LogBatch()
        ticks += 1
        // A sweep of the fleet costs a pass over every node: a few times per interval is enough.
        if ticks % sweepEvery == 0 { sweep(now: now, into: &batch) }
        schedule(into: &batch, ts: now)
        closeEpochs(now: now, into: &batch)
        return enqueue(batch)
    }

    private var sweepEvery: Int {
        Int(max(1, min(4, config.heartbeatIntervalMillis / max(1, config.tickMillis) / 2)))
    }

    /// Silent past 1.5 intervals: degraded (a heartbeat missed); past 3: offline, its tasks lost and re-queued.
    func sweep(now: Int64, into batch: inout LogBatch) {
        let interval = config.heartbeatIntervalMillis
        for id in engine.nodeOrder {
            guard let node = engine.nodes[id], node.status != .offline else { continue }
            let silent = now - (heard[id] ?? now)
            if silent > 3 * interval {
                engine.setStatus(id, .offline, reason: "missed 3 heartbeats (none for \(seconds(silent)))")
            } else if silent > interval * 3 / 2, node.status == .online {
                engine.setStatus(id, .degraded, reason: "heartbeat late (none for \(seconds(silent)))")
            }
        }
        stamp(engine.drain(), ts: now, into: &batch)
    }

    /// Closes the epoch that just ended, paying uptime to the nodes online now. Epochs passed while
    /// the coordinator was down are not paid: nobody watched those nodes.
    func closeEpochs(now: Int64, into batch: inout LogBatch) {
        let ended = now / config.epochMillis - 1
        guard ended > closedEpoch else { return }
        engine.closeEpoch(ended)
        closedEpoch = ended
        batch.closedEpoch = ended
        stamp(engine.drain(), ts: now, into: &batch)
    }
}

func seconds(_ millis: Int64) -> String {
    millis % 1000 == 0 ? "\(millis / 1000) s" : "\(Double(millis) / 1000) s"
}
