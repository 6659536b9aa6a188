import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the tests write their files: one directory per test process, removed when it exits, so that
/// runs of `swift test` do not leave their recordings, feeds and data directories behind in /tmp.
public enum Scratch {
    public static let directory: String = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ct-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        atexit { Scratch.removeAll() }
        return dir
    }()

    /// A path in the directory (nothing is created at it).
    public static func path(_ name: String) -> String { directory + "/" + name }

    /// A URL in the directory.
    public static func url(_ name: String) -> URL { URL(fileURLWithPath: path(name)) }

    private static func removeAll() { try? FileManager.default.removeItem(atPath: directory) }
}
