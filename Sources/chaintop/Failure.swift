/// A command's failure, by what failed: each maps to an exit status, and says one line.
/// Usage errors (a bad flag, a bad source spec) are ArgumentParser's ValidationError and exit 2.
enum Failure: Error, CustomStringConvertible {
    /// A file that cannot be opened or read, a source that went away.
    case input(String)
    /// A file that cannot be written (a full disk, a missing folder).
    case output(String)

    var description: String {
        switch self {
        case let .input(m), let .output(m): m
        }
    }

    /// Input and output failures exit 1, as cp and curl do; usage errors exit 2.
    var exitStatus: Int32 { 1 }
}
