#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Puts the terminal back even when the process is dying: the saved line settings and the
/// escape sequences that leave the alternate screen, show the cursor and stop mouse reports.
/// Only async-signal-safe calls (tcsetattr, write), so a crash handler may use it.
enum EmergencyRestore {
    nonisolated(unsafe) static var saved = termios()
    nonisolated(unsafe) static var armed = false
    nonisolated(unsafe) static var fd: Int32 = 0
    static let sequence: [UInt8] = Array("\u{1B}[0m\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1003l\u{1B}[?1006l\u{1B}[?25h\u{1B}[?1049l\r\n".utf8)

    static func save(fd: Int32) {
        EmergencyRestore.fd = fd
        if tcgetattr(fd, &saved) == 0 { armed = true }
    }

    static func run() {
        guard armed else { return }
        _ = tcsetattr(fd, TCSANOW, &saved)
        sequence.withUnsafeBufferPointer { p in _ = write(1, p.baseAddress, p.count) }
    }

    /// On a trap, a crash, or any other signal that ends the process (SIGQUIT, SIGUSR1, SIGALRM…;
    /// SIGINT, SIGTERM and SIGHUP are asked for by the program and leave its loop): restore, then die
    /// of the same signal so the exit status stays honest. Replacing the runtime's handlers also keeps
    /// its backtrace from being drawn over the screen.
    static func installCrashHandlers() {
        let crashes = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]
        let others = [SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ, SIGPWR, SIGSTKFLT]
        for sig in crashes + others {
            signal(sig) { s in
                EmergencyRestore.run()
                signal(s, SIG_DFL)
                raise(s)
            }
        }
    }
}
