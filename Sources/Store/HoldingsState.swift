import Feed

/// One token's holders and their latest balances.
public struct TokenHoldings: Sendable, Equatable {
    public let token: String
    public private(set) var balances: [String: Double] = [:]
    /// Kept as balances change, so the total costs nothing to read (recounted from the balances when a
    /// replaced balance leaves a rounding residue below zero).
    public private(set) var total: Double = 0

    public init(token: String) { self.token = token }

    /// Holders with a balance above zero.
    public var holders: Int { balances.values.reduce(0) { $0 + ($1 > 0 ? 1 : 0) } }

    mutating func set(_ holder: String, _ balance: Double) {
        total += balance - (balances[holder] ?? 0)
        balances[holder] = balance
        if total < 0 { total = balances.values.sorted().reduce(0, +) }
    }
}

/// Token holdings by token, in the order tokens were first seen; a later balance replaces the earlier.
public struct HoldingsState: Sendable, Equatable {
    public private(set) var tokens: [TokenHoldings] = []
    public private(set) var index: [String: Int] = [:]

    public init() {}

    public subscript(token: String) -> TokenHoldings? { index[token].map { tokens[$0] } }

    mutating func apply(_ h: Holding) {
        if let i = index[h.token] {
            tokens[i].set(h.holder, h.balance)
        } else {
            var t = TokenHoldings(token: h.token)
            t.set(h.holder, h.balance)
            restore(t)
        }
    }

    mutating func restore(_ t: TokenHoldings) {
        index[t.token] = tokens.count
        tokens.append(t)
    }
}
