import Feed

/// Identifies one ledger entry so that a replayed credit never counts twice.
public struct LedgerKey: Hashable, Sendable {
    public var node: String
    public var epoch: Int64
    public var source: String
    public init(node: String, epoch: Int64, source: String) { self.node = node; self.epoch = epoch; self.source = source }
}

/// The reward ledger: credits and penalties per node and epoch, balances per operator, claims.
public struct Ledger: Sendable {
    public private(set) var balances: [String: TokenAmount] = [:]  // operator → claimable
    public private(set) var accrued: [String: TokenAmount] = [:]   // operator → net accrued
    private var seen: Set<LedgerKey> = []
    /// Epochs whose book is closed: late entries for them are refused.
    public private(set) var closedThrough: Int64 = -1
    public private(set) var refused = 0

    public init() {}

    /// A ledger rebuilt from the log: what each operator may claim, its net accrued, the last closed epoch.
    /// Keys of the open epoch are not in the log; the callers' own guards (a finished task is not
    /// finished twice, a closed epoch is not paid twice) keep a retried report from paying twice.
    public init(balances: [String: TokenAmount], accrued: [String: TokenAmount], closedThrough: Int64) {
        self.balances = balances; self.accrued = accrued; self.closedThrough = closedThrough
    }

    /// Books an entry once; false if its key was already booked or its epoch is closed.
    public mutating func book(_ key: LedgerKey, operatorID: String, amount: TokenAmount) -> Bool {
        guard key.epoch > closedThrough, seen.insert(key).inserted else { refused += 1; return false }
        balances[operatorID, default: .zero] += amount
        accrued[operatorID, default: .zero] += amount
        return true
    }

    /// Closes every epoch up to `epoch` and forgets their keys (memory stays bounded).
    public mutating func close(through epoch: Int64) {
        guard epoch > closedThrough else { return }
        closedThrough = epoch
        // Kept at its size: a set filtered to the open epoch's few keys grew again, rehashing at each doubling.
        var open = Set<LedgerKey>(minimumCapacity: seen.count)
        for key in seen where key.epoch > epoch { open.insert(key) }
        seen = open
    }

    /// Pays out the operator's positive balance; the amount claimed, or nil if nothing is due.
    public mutating func claim(_ operatorID: String) -> TokenAmount? {
        guard let due = balances[operatorID], due > .zero else { return nil }
        balances[operatorID] = .zero
        return due
    }

    public func balance(_ operatorID: String) -> TokenAmount { balances[operatorID] ?? .zero }
}
