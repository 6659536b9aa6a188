import Synchronization

/// Commands for a running source, sent from any thread. A source waiting for its next record's
/// time wakes at once when one arrives, so a key takes effect without waiting out a pause.
public final class SourceControl: Sendable {
    private struct State {
        var commands: [SourceCommand] = []
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    public init() {}

    public func send(_ command: SourceCommand) {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.commands.append(command)
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }

    /// The commands sent since the last call, oldest first.
    public func take() -> [SourceCommand] {
        state.withLock { s in
            defer { s.commands.removeAll() }
            return s.commands
        }
    }

    /// Returns at `deadline` (never, if nil), when a command is waiting, or when the task is cancelled.
    func wait<C: Clock>(until deadline: C.Instant?, clock: C) async {
        guard let deadline else { return await arrival() }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await clock.sleep(until: deadline, tolerance: nil) }
            group.addTask { await self.arrival() }
            await group.next()
            group.cancelAll()
        }
    }

    /// Returns once a command is waiting (or the task is cancelled).
    private func arrival() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                // Cancellation sets its flag before its handler runs, and both take the lock: either
                // the handler finds this waiter, or this sees the flag.
                let now = state.withLock { s -> Bool in
                    if !s.commands.isEmpty || Task.isCancelled { return true }
                    s.waiter = c
                    return false
                }
                if now { c.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
                defer { s.waiter = nil }
                return s.waiter
            }
            waiter?.resume()
        }
    }
}
