#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// SIGINT, SIGTERM and SIGHUP, for every command: the signal only sets a flag; the batch commands
/// finish the current record and flush, the dashboard leaves its loop and restores the terminal.
enum Interrupt {
    static let received = Atomic<Int32>(0)
    static var requested: Bool { received.load(ordering: .relaxed) != 0 }
    /// The signal that asked to stop, if one did.
    static var pending: Int32? {
        let s = received.load(ordering: .relaxed)
        return s == 0 ? nil : s
    }

    static func install() {
        var wanted = sigset_t()
        sigemptyset(&wanted)
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { s in Interrupt.received.store(s, ordering: .relaxed) }
            sigaddset(&wanted, sig)
        }
        // A parent may start us with these blocked (a program spawning from a worker thread passes its
        // thread's mask on): the handlers would then never run and nothing but SIGKILL would stop us.
        // Threads started after this inherit the unblocked mask.
        pthread_sigmask(SIG_UNBLOCK, &wanted, nil)
        signal(SIGPIPE, SIG_IGN)
    }
}
