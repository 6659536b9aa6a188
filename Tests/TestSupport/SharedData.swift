import Foundation

/// The public data in ../shared/realdata (see its SOURCES.md), found from this file upwards; nil in a
/// user's own clone, where the tests that need it skip with a message.
public enum SharedData {
    public static let directory: URL? = {
        var dir = URL(fileURLWithPath: #filePath)
        for _ in 0..<6 {
            dir.deleteLastPathComponent()
            let candidate = dir.appendingPathComponent("shared/realdata")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("SOURCES.md").path) { return candidate }
        }
        return nil
    }()

    /// The path of a file in it, if the folder is there.
    public static func path(_ name: String) -> String? { directory?.appendingPathComponent(name).path }
}
