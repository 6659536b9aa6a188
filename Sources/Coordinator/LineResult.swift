/// The answer to one line of `POST /v1/records`: the seq it was given, or why it was refused.
public enum LineResult: Sendable, Equatable {
    case accepted(seq: Int64)
    case refused(String)
}

/// What the engine made of a request, and the ticket that says when it is durable.
public struct Outcome<Value: Sendable>: Sendable {
    public var value: Value
    public var ticket: Committer.Ticket?
}
