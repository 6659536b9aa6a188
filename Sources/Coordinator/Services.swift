import ServiceLifecycle

/// Runs the group committer; on shutdown it writes what is queued, then stops.
struct CommitService: Service {
    let committer: Committer

    func run() async throws {
        await withGracefulShutdownHandler {
            await committer.run()
        } onGracefulShutdown: {
            committer.finish()
        }
    }
}

/// Drives the engine on the wall clock and wakes quiet streams for their bookmarks.
struct TickService: Service {
    let server: CoordinatorServer

    func run() async throws {
        await cancelWhenGracefulShutdown { await loop() }
    }

    private func loop() async {
        let interval = Duration.milliseconds(server.config.tickMillis)
        var lastWake = ContinuousClock.now
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            await server.driver.tick(now: CoordinatorServer.wallClock())
            if ContinuousClock.now - lastWake >= .seconds(1) {
                server.tail.wakeAll()
                await server.storage.maintain()
                lastWake = .now
            }
        }
    }
}
