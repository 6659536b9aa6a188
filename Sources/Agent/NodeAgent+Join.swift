import Feed
import NIOCore

extension NodeAgent {
    /// The node record: this host as /proc and nvidia-smi describe it.
    var nodeInfo: NodeInfo {
        let nodeClass = config.nodeClass ?? (host.gpus.count > 0 ? .gpu : .server)
        return NodeInfo(id: config.node, operatorID: state.operatorID, region: config.region, nodeClass: nodeClass,
                        cpuCores: host.cores, memGB: host.memory.totalGB, gpus: host.gpus.count,
                        gpuModel: host.gpus.model, version: AgentVersion.current)
    }

    /// A node token, then the node record, each retried with backoff; false if a drain came first.
    func connect() async -> Bool {
        while !draining {
            do {
                try await obtainToken()
                try await join(restarted: true)
                return true
            } catch {
                fail(error)
                save()
                await nap(until: wallMillis() + beatBackoff.next())
            }
        }
        return false
    }

    /// Issues the node's own token with the token given; a node token (refused the right to issue)
    /// is used as it is.
    func obtainToken() async throws(CoordinatorAPI.Failure) {
        guard state.token.isEmpty else { return }
        do {
            let issued = try await api.issueNodeToken(node: config.node, operatorID: config.operatorID)
            state.token = issued.token
            state.operatorID = issued.operatorID ?? config.operatorID ?? ""
        } catch let .refused(status, message) where status == 403 && config.operatorID != nil {
            logger.info("using the token given as the node's own (\(message))")
            state.token = config.token
        }
        api.token = state.token
    }

    /// Sends the node record. At the agent's start a node the coordinator still holds as up is first
    /// set offline ("agent restarted"): tasks an earlier run of the agent had are handed back, not
    /// left running on the coordinator's books with nobody doing them.
    func join(restarted: Bool) async throws(CoordinatorAPI.Failure) {
        let now = wallMillis()
        if restarted {
            do {
                // Refused when the node is new or offline already: nothing to hand back then.
                _ = try await api.post([(now, .nodeStatus(NodeStatusChange(id: config.node, status: .offline, reason: "agent restarted")))])
            } catch let .refused(status, message) {
                logger.debug("not set offline at start (\(status)): \(message)")
            }
        }
        let answers = try await api.post([(now, .node(nodeInfo))])
        if case let .refused(reason) = answers.first {
            throw .refused(status: 200, message: "node record refused: \(reason)")
        }
        connected = true
        beatBackoff.succeeded()
        state.phase = draining ? "draining" : "online"
        state.lastError = nil
        state.lastAccepted = now
        nextBeat = now + config.heartbeatMillis
        nextWork = now
        logger.info("joined as \(config.node) (operator \(state.operatorID), \(host.cores) cores, \(host.memory.totalGB) GB, \(host.gpus.count) GPUs)")
    }

    /// A heartbeat with the load now. None is made up for time the coordinator could not be reached:
    /// a failed one is dropped and the next carries a fresh reading.
    func beat(_ now: Int64) async {
        let cpu = sampler.sample() ?? 0
        let (mem, gpu) = host.load()
        let heartbeat = Heartbeat(id: config.node, cpu: cpu, mem: mem ?? 0, gpu: gpu, tasks: running.count)
        state.lastSent = now
        do {
            // Within one interval: a heartbeat delivered late would speak for a time already past.
            let within = TimeAmount.milliseconds(min(10_000, max(500, config.heartbeatMillis)))
            let answers = try await api.post([(now, .heartbeat(heartbeat))], within: within)
            if case let .refused(reason) = answers.first {
                // Offline (missed heartbeats while cut off) or unknown (a new coordinator): join again.
                logger.notice("heartbeat refused: \(reason); joining again")
                try await join(restarted: false)
                return
            }
            if !connected { logger.notice("coordinator reachable again") }
            connected = true
            beatBackoff.succeeded()
            state.lastAccepted = now
            state.lastError = nil
            if state.phase == "reconnecting" { state.phase = draining ? "draining" : "online" }
            nextBeat = now + config.heartbeatMillis
        } catch {
            fail(error)
            nextBeat = wallMillis() + beatBackoff.next()
        }
    }
}
