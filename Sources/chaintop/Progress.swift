#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One line of progress on standard error while a long batch command runs, redrawn in place at most
/// four times a second, and only when standard error is a terminal (never in a pipe or a log).
struct Progress {
    private let enabled = isatty(2) == 1
    private var lastDraw: Int64 = 0
    private let started = wallMillis()

    /// Draws `text` if a quarter second has passed since the last line; waits a second before the
    /// first, so short runs print nothing.
    mutating func report(_ text: @autoclosure () -> String) {
        guard enabled else { return }
        let now = wallMillis()
        guard now - started >= 1000, now - lastDraw >= 250 else { return }
        lastDraw = now
        emit("\r\u{1B}[K" + text())
    }

    /// Clears the line, so the command's last message starts on a clean line.
    func finish() {
        if enabled, lastDraw > 0 { emit("\r\u{1B}[K") }
    }

    private func emit(_ s: String) {
        var err = StandardError()
        err.write(s)
    }
}
