import Synchronization

/// Group commit: batches handed in while a commit is under way are written together in the next
/// one, so one fsync covers many requests. A waiter is resumed only after its batch is durable.
public final class Committer: Sendable {
    public typealias Ticket = Int64

    struct Pending {
        var batch = LogBatch()
        /// Tickets are batch numbers: a waiter's ticket is durable once `durable` reaches it.
        var issued: Ticket = 0
        var durable: Ticket = 0
        var waiters: [(Ticket, CheckedContinuation<Void, any Error>)] = []
        var failure: String?
    }

    private let storage: any EventLogStorage
    private let pending = Mutex(Pending())
    private let signal: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    /// Called after each commit with what it made durable, in order, before waiters resume.
    private let onDurable: @Sendable (LogBatch, Duration) -> Void

    public init(storage: any EventLogStorage, onDurable: @escaping @Sendable (LogBatch, Duration) -> Void) {
        self.storage = storage
        self.onDurable = onDurable
        (signal, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues a batch (in the order the caller produced it) and returns the ticket to wait on.
    public func enqueue(_ batch: LogBatch) -> Ticket {
        let ticket = pending.withLock { p -> Ticket in
            p.batch.merge(batch)
            p.issued += 1
            return p.issued
        }
        wake.yield()
        return ticket
    }

    /// Returns once the batch with this ticket is durable; throws if the log could not be written.
    public func waitDurable(_ ticket: Ticket) async throws {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            let outcome = pending.withLock { p -> Result<Bool, CommitError> in
                if let f = p.failure { return .failure(CommitError(reason: f)) }
                if p.durable >= ticket { return .success(true) }
                p.waiters.append((ticket, c))
                return .success(false)
            }
            switch outcome {
            case .success(true): c.resume()
            case .success(false): break
            case let .failure(e): c.resume(throwing: e)
            }
        }
    }

    /// Writes batches until cancelled; a failed write stops acknowledging (the state is ahead of the log).
    public func run() async {
        for await _ in signal {
            while let (batch, upTo) = take() {
                let start = ContinuousClock.now
                do {
                    try await storage.commit(batch)
                } catch {
                    fail("the event log could not be written: \(error)")
                    return
                }
                onDurable(batch, ContinuousClock.now - start)
                resume(through: upTo)
            }
        }
    }

    private func take() -> (LogBatch, Ticket)? {
        pending.withLock { p in
            guard p.issued > p.durable else { return nil }
            let batch = p.batch
            p.batch = LogBatch()
            return (batch, p.issued)
        }
    }

    private func resume(through ticket: Ticket) {
        let ready = pending.withLock { p -> [CheckedContinuation<Void, any Error>] in
            p.durable = ticket
            var ready: [CheckedContinuation<Void, any Error>] = []
            p.waiters.removeAll { w in
                guard w.0 <= ticket else { return false }
                ready.append(w.1)
                return true
            }
            return ready
        }
        for c in ready { c.resume() }
    }

    private func fail(_ reason: String) {
        let all = pending.withLock { p in
            p.failure = reason
            defer { p.waiters = [] }
            return p.waiters.map(\.1)
        }
        for c in all { c.resume(throwing: CommitError(reason: reason)) }
    }

    /// Why writes are refused, once the log has failed.
    public var failure: String? { pending.withLock { $0.failure } }

    /// Ends the run loop once everything queued is written.
    public func finish() { wake.finish() }
}

public struct CommitError: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}
