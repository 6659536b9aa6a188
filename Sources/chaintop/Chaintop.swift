#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser

struct Chaintop: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chaintop",
        abstract: "A terminal dashboard for DePIN fleets and DeFi protocol state, and how concentrated they are.",
        version: "0.1.0",
        subcommands: [DashboardCommand.self, ExportCommand.self, RecordCommand.self, ImportCommand.self, SimCommand.self],
        defaultSubcommand: DashboardCommand.self)
}

/// stderr as a TextOutputStream, for messages that must not mix with exported data.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var bytes = Array(string.utf8)
        bytes.withUnsafeMutableBytes { p in
            guard let base = p.baseAddress else { return }
            _ = Glibc.write(2, base, p.count)
        }
    }
}
