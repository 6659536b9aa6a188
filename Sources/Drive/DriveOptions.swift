#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What `chaintop sim --drive` was asked to do.
public struct DriveOptions: Sendable, Equatable {
    /// The coordinator, as `http://HOST:PORT` with no trailing slash (see `coordinatorBase`).
    public var base: String
    /// The admin token: it issues the node, operator and publisher tokens the fleet speaks with.
    public var token: String
    public var nodes = 200
    public var seed: UInt64 = 1
    /// Virtual seconds per real second (1: the simulator runs on the wall clock).
    public var speed = 1.0
    /// How often each node heartbeats and asks for work, in real time: the coordinator's
    /// `--heartbeat-interval` (a node silent 1.5 intervals turns degraded).
    public var heartbeatMillis: Int64 = 5_000
    /// Requests in flight at once.
    public var concurrency = 64
    /// Stop by itself after this much real time.
    public var durationMillis: Int64?

    public init(base: String, token: String) {
        self.base = base
        self.token = token
    }

    /// `text` as the base of the coordinator's URLs, or why it cannot be one.
    public static func coordinatorBase(_ text: String) -> Result<String, DriveFailure> {
        let bad = DriveFailure.usage("'\(text)' is not a coordinator URL: give http://HOST:PORT (e.g. http://127.0.0.1:7700)")
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil, url.user == nil
        else { return .failure(bad) }
        guard url.path.isEmpty || url.path == "/" else {
            return .failure(.usage("'\(text)' has a path: give the coordinator's address only, http://HOST:PORT"))
        }
        if let port = url.port, !(1...65535).contains(port) { return .failure(bad) }
        return .success(text.hasSuffix("/") ? String(text.dropLast()) : text)
    }
}

/// Why the driver could not start or had to stop: one line for the user.
public enum DriveFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// A bad option (exit 2).
    case usage(String)
    /// The coordinator refused the token, or something else that retrying will not mend (exit 1).
    case refused(String)

    public var description: String {
        switch self {
        case let .usage(m), let .refused(m): m
        }
    }
}
