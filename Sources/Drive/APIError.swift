/// Why a request to the coordinator did not get the answer it wanted, sorted by what to do next.
public enum APIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No answer at all (refused, reset, timed out): the coordinator is down or restarting; try again.
    case unreachable(String)
    /// 429: this token sent too much; try again a little later.
    case throttled
    /// 5xx: the coordinator could not do it now (a log it cannot write); try again.
    case unavailable(status: Int, message: String)
    /// 401: the coordinator does not know the token.
    case unauthorized(String)
    /// 403: the token may not do this.
    case forbidden(String)
    /// 404: what the request is about is not registered (a node not joined yet).
    case notFound(String)
    /// Any other refusal (400, 413): the request itself is wrong; sending it again will not help.
    case rejected(status: Int, message: String)
    /// An answer this driver does not understand.
    case unreadable(String)

    /// Whether the same request may succeed later as it is.
    public var isTransient: Bool {
        switch self {
        case .unreachable, .throttled, .unavailable: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case let .unreachable(why): "no answer: \(why)"
        case .throttled: "429 too many requests"
        case let .unavailable(status, message): "\(status) \(message)"
        case let .unauthorized(message): "401 \(message)"
        case let .forbidden(message): "403 \(message)"
        case let .notFound(message): "404 \(message)"
        case let .rejected(status, message): "\(status) \(message)"
        case let .unreadable(why): "an answer not understood: \(why)"
        }
    }

    /// The error for a status that is not a success, with the coordinator's `error` message.
    static func status(_ code: Int, _ message: String) -> APIError {
        switch code {
        case 401: .unauthorized(message)
        case 403: .forbidden(message)
        case 404: .notFound(message)
        case 429: .throttled
        case 500...: .unavailable(status: code, message: message)
        default: .rejected(status: code, message: message)
        }
    }

    /// A connection error in a few words: "connection refused" rather than NIO's whole description.
    static func unreachable(from error: any Error) -> APIError {
        let text = String(describing: error)
        let lower = text.lowercased()
        for (needle, short) in [("refused", "connection refused"), ("reset", "connection reset"),
                                ("timeout", "timed out"), ("timedout", "timed out"), ("closed", "connection closed"),
                                ("unreachable", "host unreachable"), ("lookup", "host not found")]
        where lower.contains(needle) {
            return .unreachable(short)
        }
        return .unreachable(text.count > 120 ? String(text.prefix(120)) + "…" : text)
    }
}
