import Foundation

// Swift Testing runs every test on the cooperative pool, which has one thread a core. A test that
// blocks one of them (a sleep in a poll, a wait for a child's exit) takes half of this 2-core machine's
// pool from every other test: a whole run had trivial unit tests take 144 s and an agent's wait for its
// node run out. So the tests' waits sleep with Task.sleep, and blocking work runs on a thread of its own.

/// Runs `body`, which blocks, on a thread of its own and returns what it returns.
public func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// Waits, without holding a thread of the pool, until `process` has exited; returns its status.
public func exitStatus(of process: Process) async -> Int32 {
    while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
    process.waitUntilExit()  // it has exited: this only collects the status
    return process.terminationStatus
}

/// Polls `condition` every `every` until it holds or `seconds` pass; true if it held.
public func poll(seconds: Double, every: Duration = .milliseconds(50), _ condition: () -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while !condition() {
        guard Date() < deadline else { return false }
        try? await Task.sleep(for: every)
    }
    return true
}
