#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Recording
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

    /// Written to by the handler (write is async-signal-safe) to wake the watchdog.
    nonisolated(unsafe) static var wakeFD: Int32 = -1
    /// Set when the command has finished on its own after a signal.
    static let finished = Atomic<Bool>(false)

    /// `watchdog`: for the batch commands, whose read of a stalled pipe or FIFO cannot see the flag;
    /// one second after a signal that the command has not acted on, the process exits with the
    /// signal's status (every line written so far is already flushed).
    static func install(watchdog: Bool = false) {
        var wanted = sigset_t()
        sigemptyset(&wanted)
        if watchdog { startWatchdog() }
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { s in
                Interrupt.received.store(s, ordering: .relaxed)
                var byte = UInt8(truncatingIfNeeded: s)
                if Interrupt.wakeFD >= 0 { _ = write(Interrupt.wakeFD, &byte, 1) }
            }
            sigaddset(&wanted, sig)
        }
        // A parent may start us with these blocked (a program spawning from a worker thread passes its
        // thread's mask on): the handlers would then never run and nothing but SIGKILL would stop us.
        // Threads started after this inherit the unblocked mask.
        pthread_sigmask(SIG_UNBLOCK, &wanted, nil)
        signal(SIGPIPE, SIG_IGN)
    }

    private static func startWatchdog() {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return }
        let readEnd = fds[0]
        wakeFD = fds[1]
        startThread {
            var byte: UInt8 = 0
            while read(readEnd, &byte, 1) < 0, errno == EINTR {}
            var none = pollfd()
            _ = poll(&none, 0, 1000)
            guard !Interrupt.finished.load(ordering: .relaxed) else { return }
            _exit(128 + Interrupt.received.load(ordering: .relaxed))
        }
    }

    /// After a command finished: a signal that stopped it gives the shell's status for it.
    static func exitIfSignalled() throws {
        finished.store(true, ordering: .relaxed)
        if let sig = pending { throw ExitCode(128 + sig) }
    }
}
