/// The commands an operator allows for real jobs (`--allow-exec FILE`): one a line, `NAME /absolute/path [ARG…]`,
/// `#` starts a comment. A task of kind `exec:NAME` runs that command; no other command is ever run.
public struct AllowList: Sendable, Equatable {
    public struct Command: Sendable, Equatable {
        public var path: String
        public var arguments: [String]
    }
    public private(set) var commands: [String: Command] = [:]

    public struct Problem: Error, Equatable, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    public init() {}

    public init(text: String) throws(Problem) {
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.prefix { $0 != "#" }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            guard let name = words.first else { continue }
            guard words.count >= 2, words[1].hasPrefix("/") else {
                throw Problem(line: i + 1, reason: "expected 'NAME /absolute/path [ARG…]'")
            }
            guard commands[name] == nil else { throw Problem(line: i + 1, reason: "'\(name)' is listed twice") }
            commands[name] = Command(path: words[1], arguments: Array(words.dropFirst(2)))
        }
    }

    public static let execPrefix = "exec:"

    /// What a task's kind asks to run: a built-in kernel, an allowed command, or why it is refused.
    public func resolve(kind: String?) -> Job {
        let kind = kind ?? Kernel.hash.rawValue
        if let kernel = Kernel(rawValue: kind) { return .kernel(kernel) }
        guard kind.hasPrefix(Self.execPrefix) else {
            return .refused("unknown kind '\(kind)': built in are \(Kernel.allCases.map(\.rawValue).joined(separator: ", ")), or exec:NAME")
        }
        let name = String(kind.dropFirst(Self.execPrefix.count))
        guard let command = commands[name] else { return .refused("command '\(name)' is not in this agent's --allow-exec list") }
        return .command(command)
    }

    public enum Job: Sendable, Equatable {
        case kernel(Kernel)
        case command(Command)
        case refused(String)
    }
}
