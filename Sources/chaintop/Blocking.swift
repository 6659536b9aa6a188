import Dispatch
import Synchronization

/// Runs async work from a synchronous command and waits for it (the batch commands are synchronous;
/// the HTTP client is async). The work runs on the concurrency pool, never on this thread.
func runBlocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let result = BlockingResult<T>()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        do { result.set(.success(try await work())) } catch { result.set(.failure(error)) }
        done.signal()
    }
    done.wait()
    return try result.get()
}

final class BlockingResult<T: Sendable>: Sendable {
    private let value = Mutex<Result<T, any Error>?>(nil)
    func set(_ r: Result<T, any Error>) { value.withLock { $0 = r } }
    func get() throws -> T {
        guard let r = value.withLock({ $0 }) else { throw Failure.input("the work ended without a result") }
        return try r.get()
    }
}
