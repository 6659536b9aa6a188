import Foundation
import Testing

/// A test that waits on the real clock (a child process, a server, a terminal) runs on a thread of its
/// own. Swift Testing runs every test on the cooperative pool, one thread a core: on this 2-core machine
/// two CPU-bound unit tests (a simulator's hour in a debug build) hold the whole pool, and a waiting
/// test's next poll or timer is not run until one ends. A whole run had a coordinator that printed its
/// port within a second be "not started" 30 s later, and an agent's node "not online" after 120 s.
public struct OwnThread: TestTrait, SuiteTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        guard testCase != nil else { return try await function() }  // the suite itself: its tests get one each
        let executor = ThreadExecutor(name: test.name)
        defer { executor.finish() }
        try await ThreadExecutor.$current.withValue(executor) {
            try await withTaskExecutorPreference(executor) { try await function() }
        }
    }
}

extension Trait where Self == OwnThread {
    /// Runs each test on a thread of its own (see OwnThread).
    public static var ownThread: Self { OwnThread() }
}

/// A task executor with one thread. After `finish`, the thread ends once its queue is empty, and a
/// job that still comes (a task the test left running) goes to the global executor.
public final class ThreadExecutor: TaskExecutor, @unchecked Sendable {
    /// The running test's executor: a task the test starts (`Task {}` does not inherit the preference)
    /// runs there with `Task(executorPreference: ThreadExecutor.current)`.
    @TaskLocal public static var current: ThreadExecutor?

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []  // guarded by `condition`
    private var finished = false  // guarded by `condition`

    public init(name: String) {
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        defer { condition.unlock() }
        guard !finished else { return globalConcurrentExecutor.enqueue(job) }
        jobs.append(job)
        condition.signal()
    }

    public func finish() {
        condition.lock()
        finished = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while let job = next() { job.runSynchronously(on: asUnownedTaskExecutor()) }
    }

    private func next() -> UnownedJob? {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty {
            if finished { return nil }
            condition.wait()
        }
        return jobs.removeFirst()
    }
}
