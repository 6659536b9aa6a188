import Feed

/// Reading what a voter chose, in Snapshot's encodings, and what it means for/against/abstain.
enum Choices {
    /// An integer (single-choice, basic), an array (approval, ranked-choice) or an object of weights
    /// (weighted, quadratic); nil when it is none of these, or a choice below 1.
    static func read(_ node: JSONNode) -> VoteChoice? {
        switch node.kind {
        case .number, .string:
            guard let d = node.number, d == d.rounded(), d >= 1, d <= Double(VoteChoice.maxChoice) else { return nil }
            return .index(Int(d))
        case .array:
            var list: [Int] = []
            for item in node.array ?? [] {
                guard let d = item.number, d == d.rounded(), d >= 1, d <= Double(VoteChoice.maxChoice) else { return nil }
                list.append(Int(d))
            }
            return list.isEmpty ? nil : .indices(list)
        case .object:
            var list: [ChoiceWeight] = []
            for (key, value) in node.members ?? [] {
                guard let i = Int(key), i >= 1, let w = value.number, w >= 0 else { return nil }
                list.append(ChoiceWeight(choice: i, weight: w))
            }
            return list.isEmpty ? nil : .weights(list.sorted { $0.choice < $1.choice })
        default: return nil
        }
    }

    /// The choice written as text in a CSV cell: "2", "[1,3]" or `{"1":2,"3":1}`.
    static func read(text: String) -> VoteChoice? {
        if let first = text.utf8.first, first == 0x5B || first == 0x7B {
            return (try? JSONNode.parse(Array(text.utf8))).flatMap(read)
        }
        guard let d = parseNumber(text), d == d.rounded(), d >= 1, d <= Double(VoteChoice.maxChoice) else { return nil }
        return .index(Int(d))
    }

    /// Whether a choice fits the proposal: its shape matches the voting type, and every index is one of
    /// the proposal's choices (when they are known). The reason when it does not.
    static func check(_ c: VoteChoice, voting: String?, count: Int?) -> String? {
        let shapeFits: Bool
        switch (c, voting) {
        case (_, nil): shapeFits = true
        case (.index, "single-choice"?), (.index, "basic"?): shapeFits = true
        case (.indices, "approval"?), (.indices, "ranked-choice"?): shapeFits = true
        case (.weights, "weighted"?), (.weights, "quadratic"?): shapeFits = true
        default: shapeFits = !["single-choice", "basic", "approval", "ranked-choice", "weighted", "quadratic"].contains(voting ?? "")
        }
        if !shapeFits { return "a \(shapeName(c)) on a \(voting ?? "") proposal" }
        if let count, let high = highest(c), high > count { return "choice \(high) of \(count)" }
        return nil
    }

    static func shapeName(_ c: VoteChoice) -> String {
        switch c {
        case .index: "single choice"
        case .indices: "list of choices"
        case .weights: "set of weights"
        }
    }

    static func highest(_ c: VoteChoice) -> Int? {
        switch c {
        case let .index(i): i
        case let .indices(l): l.max()
        case let .weights(l): l.map(\.choice).max()
        }
    }

    /// For/against/abstain where the choice means one: basic's 1, 2, 3, or a label that says so.
    static func support(_ c: VoteChoice?, voting: String?, labels: [String]?) -> Support? {
        guard case let .index(i)? = c else { return nil }
        if let labels, i <= labels.count { return support(label: labels[i - 1]) }
        guard voting == "basic" else { return nil }
        return i == 1 ? .for : i == 2 ? .against : i == 3 ? .abstain : nil
    }

    static func support(label: String) -> Support? {
        let l = label.lowercased().trimmingSpaces
        if ["for", "yes", "yae", "yay", "approve", "in favor", "in favour"].contains(where: { l == $0 || l.hasPrefix($0 + " ") || l.hasPrefix($0 + ",") }) { return .for }
        if ["against", "no", "nay", "reject"].contains(where: { l == $0 || l.hasPrefix($0 + " ") || l.hasPrefix($0 + ",") }) { return .against }
        if l.hasPrefix("abstain") { return .abstain }
        return nil
    }

    /// A Governor's `support`: 0 against, 1 for, 2 abstain (Bravo, OpenZeppelin); true/false (Alpha);
    /// or the word itself.
    static func governorSupport(_ text: String) -> Support? {
        switch text.lowercased().trimmingSpaces {
        case "0", "0.0", "against", "false": .against
        case "1", "1.0", "for", "true": .for
        case "2", "2.0", "abstain": .abstain
        default: nil
        }
    }
}
