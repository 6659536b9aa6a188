import Testing
@testable import Feed
@testable import Store

/// An exact signed integer in base 10⁹ limbs (little-endian): the reference the ledger's sums are
/// checked against, with no bound to overflow.
struct BigInt: Equatable, Comparable {
    var negative = false
    var limbs: [UInt64] = []  // no trailing zero limbs; zero is []

    static let base: UInt64 = 1_000_000_000

    /// From a decimal amount ("-12.5"), in atoms of 10⁻¹⁸.
    init(amount text: String) {
        var t = Substring(text)
        negative = t.hasPrefix("-")
        if negative { t = t.dropFirst() }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        let digits = String(parts[0]) + fraction + String(repeating: "0", count: 18 - fraction.count)
        var chars = Array(digits.utf8)
        while !chars.isEmpty {
            let chunk = chars.suffix(9)
            chars.removeLast(chunk.count)
            limbs.append(chunk.reduce(0) { $0 * 10 + UInt64($1 - 0x30) })
        }
        normalise()
    }

    init() {}

    mutating func normalise() {
        while limbs.last == 0 { limbs.removeLast() }
        if limbs.isEmpty { negative = false }
    }

    static func compareMagnitude(_ a: [UInt64], _ b: [UInt64]) -> Int {
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        for i in stride(from: a.count - 1, through: 0, by: -1) where a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
        return 0
    }

    static func + (a: BigInt, b: BigInt) -> BigInt {
        var r = BigInt()
        if a.negative == b.negative {
            r.negative = a.negative
            var carry: UInt64 = 0
            for i in 0..<max(a.limbs.count, b.limbs.count) {
                let s = (i < a.limbs.count ? a.limbs[i] : 0) + (i < b.limbs.count ? b.limbs[i] : 0) + carry
                r.limbs.append(s % base)
                carry = s / base
            }
            if carry > 0 { r.limbs.append(carry) }
        } else {
            let aBigger = compareMagnitude(a.limbs, b.limbs) >= 0
            let (big, small) = aBigger ? (a, b) : (b, a)
            r.negative = big.negative
            var borrow: UInt64 = 0
            for i in 0..<big.limbs.count {
                let sub = (i < small.limbs.count ? small.limbs[i] : 0) + borrow
                if big.limbs[i] >= sub { r.limbs.append(big.limbs[i] - sub); borrow = 0 } else {
                    r.limbs.append(big.limbs[i] + base - sub); borrow = 1
                }
            }
        }
        r.normalise()
        return r
    }

    static prefix func - (a: BigInt) -> BigInt {
        var r = a
        r.negative.toggle()
        r.normalise()
        return r
    }

    static func - (a: BigInt, b: BigInt) -> BigInt { a + -b }

    static func < (a: BigInt, b: BigInt) -> Bool {
        if a.negative != b.negative { return a.negative }
        let c = compareMagnitude(a.limbs, b.limbs)
        return a.negative ? c > 0 : c < 0
    }
}

/// The reference ledger: the same rule as the store (a record whose totals would reach 10^19 tokens
/// is refused whole), computed without any bound.
struct ReferenceLedger {
    var accrued = BigInt(), claimed = BigInt(), penalties = BigInt()
    var opAccrued: [String: BigInt] = [:], opClaimed: [String: BigInt] = [:], opPenalties: [String: BigInt] = [:]
    var byNode: [String: BigInt] = [:]
    var refused = 0
    static let limit = BigInt(amount: "10000000000000000000")  // 10^19 tokens

    static func inRange(_ values: BigInt...) -> Bool { values.allSatisfy { $0 < limit && -limit < $0 } }

    mutating func reward(node: String, op: String, amount: BigInt) {
        let penalty = amount.negative ? -amount : BigInt()
        let t = (accrued + amount, (byNode[node] ?? BigInt()) + amount, (opAccrued[op] ?? BigInt()) + amount,
                 penalties + penalty, (opPenalties[op] ?? BigInt()) + penalty)
        guard Self.inRange(t.0, t.1, t.2, t.3, t.4) else { refused += 1; return }
        accrued = t.0; byNode[node] = t.1; opAccrued[op] = t.2; penalties = t.3; opPenalties[op] = t.4
    }

    mutating func claim(op: String, amount: BigInt) {
        let t = (claimed + amount, (opClaimed[op] ?? BigInt()) + amount)
        guard Self.inRange(t.0, t.1) else { refused += 1; return }
        claimed = t.0; opClaimed[op] = t.1
    }
}

@Suite struct LedgerRangeTests {
    /// Amounts at and beyond the edges of the range, and ordinary ones.
    static let edges = [
        "999999999999999999.999999999999999999", "-999999999999999999.999999999999999999", "999999999999999999",
        "-999999999999999999", "0.000000000000000001", "-0.000000000000000001", "0", "500000000000000000.5",
        "1000000000000000000", "-1000000000000000000", "99999999999999999999", "12.000345", "-0.02",
    ]

    static func inRange(_ amount: String) -> Bool {
        let whole = amount.drop { $0 == "-" }.prefix { $0 != "." }
        return whole.count <= 18
    }

    func line(_ seq: Int, _ rng: inout SplitMix, _ reference: inout ReferenceLedger) -> String {
        let op = "op-\(rng.below(3))", node = "n-\(rng.below(4))", amount = rng.amount()
        let valid = Self.inRange(amount)
        if rng.below(3) == 0 {
            if valid { reference.claim(op: op, amount: BigInt(amount: amount)) }
            return #"{"type":"claim","seq":\#(seq),"ts":\#(seq),"operator":"\#(op)","amount":"\#(amount)","token":"T"}"#
        }
        if valid { reference.reward(node: node, op: op, amount: BigInt(amount: amount)) }
        let basis = amount.hasPrefix("-") ? "penalty" : "task"
        return #"{"type":"reward","seq":\#(seq),"ts":\#(seq),"node":"\#(node)","operator":"\#(op)","amount":"\#(amount)","token":"T","epoch":1,"basis":"\#(basis)"}"#
    }

    /// Random streams of rewards, claims and penalties at the edges never trap, and every total is
    /// the exact sum (or the record was refused, by the same rule as the reference).
    @Test(arguments: 1...12)
    func totalsAreExactAndNeverTrap(seed: UInt64) throws {
        var rng = SplitMix(state: seed)
        var reference = ReferenceLedger()
        var store = Store()
        var decoder = RecordDecoder()
        var outOfRange = 0
        for seq in 1...3_000 {
            let text = line(seq, &rng, &reference)
            switch decoder.decode(text) {
            case let .record(r): store.ingest(.record(r, line: seq))
            case let .malformed(reason): outOfRange += 1; store.ingest(.malformed(reason: reason, line: seq))
            case .unknown: Issue.record("unknown: \(text)")
            }
        }
        let r = store.state.rewards
        #expect(store.input.malformed == outOfRange + reference.refused)
        #expect(store.input.records + store.input.malformed == 3_000)
        #expect(BigInt(amount: r.accrued.description) == reference.accrued)
        #expect(BigInt(amount: r.claimed.description) == reference.claimed)
        #expect(BigInt(amount: r.penalties.description) == reference.penalties)
        for (op, ledger) in r.operators {
            #expect(BigInt(amount: ledger.accrued.description) == reference.opAccrued[op] ?? BigInt())
            #expect(BigInt(amount: ledger.claimed.description) == reference.opClaimed[op] ?? BigInt())
            #expect(BigInt(amount: ledger.penalties.description) == reference.opPenalties[op] ?? BigInt())
            let claimable = (reference.opAccrued[op] ?? BigInt()) - (reference.opClaimed[op] ?? BigInt())
            #expect(BigInt(amount: ledger.claimable.description) == claimable)
        }
        for (node, total) in r.byNode { #expect(BigInt(amount: total.description) == reference.byNode[node]) }
        #expect(reference.refused > 0, "the stream reached the edge of the range")
    }

    /// The crash of issue 8: two rewards of 10^20 - 1 tokens are malformed lines, not a trap.
    @Test func amountsBeyondTheRangeAreMalformed() {
        var decoder = RecordDecoder()
        for amount in ["99999999999999999999", "1000000000000000000", "-1000000000000000000.5"] {
            let text = #"{"type":"reward","seq":1,"ts":1,"node":"n","operator":"o","amount":"\#(amount)","token":"T","epoch":1,"basis":"task"}"#
            guard case .malformed = decoder.decode(text) else { Issue.record("accepted \(amount)"); continue }
        }
        #expect(TokenAmount(total: "9999999999999999999.999999999999999999") != nil)
        #expect(TokenAmount(total: "10000000000000000000") == nil)
        #expect(TokenAmount(atoms: .min).description.hasPrefix("-170141183460469231731"))
    }
}

extension SplitMix {
    /// A token amount as text: mostly the edges of the range (and beyond), else random digits.
    mutating func amount() -> String {
        if below(3) > 0 { return LedgerRangeTests.edges[below(LedgerRangeTests.edges.count)] }
        let digits = (0..<(1 + below(18))).map { _ in String(below(10)) }.joined()
        return (below(2) == 0 ? "-" : "") + digits + "." + String(below(1_000_000))
    }
}
