/// An exact token amount: a decimal with 18 fractional digits (the precision of ERC-20 tokens),
/// held as a 128-bit integer so that ledger sums never round. Written as a decimal string.
///
/// Ranges (docs/feed.md): an amount in a record has at most 18 whole digits (|a| < 10^18 tokens); a
/// total stays below 10^19 tokens, so that the difference of two totals (claimable) fits too. Both
/// are far inside Int128 (1.7 × 10^20 tokens), which is what makes the checked sums below cheap.
public struct TokenAmount: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let scale = 18
    static let unit: Int128 = power(scale)
    /// Whole digits a record's amount may have.
    public static let amountDigits = 18
    /// Whole digits a total (a ledger sum, or a snapshot's figure) may have.
    public static let totalDigits = 19
    /// The bound a total stays strictly within, in atoms (10^19 tokens).
    public static let totalLimit: Int128 = power(scale + totalDigits)

    static func power(_ n: Int) -> Int128 {
        var u: Int128 = 1
        for _ in 0..<n { u *= 10 }
        return u
    }

    /// The amount in units of 10⁻¹⁸ token.
    public var atoms: Int128

    public init(atoms: Int128) { self.atoms = atoms }
    public static let zero = TokenAmount(atoms: 0)

    public init(whole: Int) { atoms = Int128(whole) * TokenAmount.unit }

    /// Parses `-?digits(.digits)?` with at most 18 fractional digits and `wholeDigits` whole ones
    /// (a record's amount by default; a total allows one more digit); nil otherwise.
    public init?(_ text: String, wholeDigits: Int = TokenAmount.amountDigits) {
        var utf8 = text.utf8[...]
        let negative = utf8.first == UInt8(ascii: "-")
        if negative { utf8 = utf8.dropFirst() }
        var whole: Int128 = 0
        var fraction: Int128 = 0
        var fractionDigits = 0
        var seenDot = false
        var digits = 0
        for b in utf8 {
            if b == UInt8(ascii: ".") {
                guard !seenDot, digits > 0 else { return nil }
                seenDot = true
                continue
            }
            guard isDigit(b) else { return nil }
            let d = Int128(b - 0x30)
            if seenDot {
                fractionDigits += 1
                guard fractionDigits <= TokenAmount.scale else { return nil }
                fraction = fraction * 10 + d
            } else {
                digits += 1
                guard digits <= wholeDigits, digits <= TokenAmount.totalDigits + 1 else { return nil }
                whole = whole * 10 + d
            }
        }
        guard digits > 0, !seenDot || fractionDigits > 0 else { return nil }
        for _ in fractionDigits..<TokenAmount.scale { fraction *= 10 }
        let magnitude = whole * TokenAmount.unit + fraction
        atoms = negative ? -magnitude : magnitude
    }

    /// Shortest exact decimal: "12.000345", "-3", "0".
    public var description: String {
        let negative = atoms < 0
        let magnitude = atoms.magnitude  // unsigned: Int128.min has no positive counterpart
        let unit = TokenAmount.unit.magnitude
        let whole = magnitude / unit
        var fraction = magnitude % unit
        var text = (negative ? "-" : "") + String(whole)
        guard fraction != 0 else { return text }
        var digits = Array(repeating: UInt8(ascii: "0"), count: TokenAmount.scale)
        for i in stride(from: TokenAmount.scale - 1, through: 0, by: -1) {
            digits[i] = UInt8(ascii: "0") + UInt8(fraction % 10)
            fraction /= 10
        }
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        text += "." + String(decoding: digits, as: UTF8.self)
        return text
    }

    /// `self + other`, or nil when the result would leave the range of a total.
    public func adding(_ other: TokenAmount) -> TokenAmount? {
        let (sum, overflow) = atoms.addingReportingOverflow(other.atoms)
        guard !overflow, sum > -TokenAmount.totalLimit, sum < TokenAmount.totalLimit else { return nil }
        return TokenAmount(atoms: sum)
    }

    /// `self - other`, or nil when the result would leave the range of a total.
    public func subtracting(_ other: TokenAmount) -> TokenAmount? {
        let (negated, overflow) = Int128(0).subtractingReportingOverflow(other.atoms)
        return overflow ? nil : adding(TokenAmount(atoms: negated))
    }

    /// A total as text (a snapshot's figures): nil when it is beyond the range sums are kept in.
    public init?(total text: String) {
        guard let a = TokenAmount(text, wholeDigits: TokenAmount.totalDigits), a.isTotal else { return nil }
        self = a
    }

    /// Whether this is a total a ledger may hold (a snapshot's figures are checked with it).
    public var isTotal: Bool { atoms > -TokenAmount.totalLimit && atoms < TokenAmount.totalLimit }

    /// Approximate value, for display and concentration metrics only.
    /// For display and rates, from the two 64-bit halves (128-bit division, remainder and even
    /// Int128 → Double are slow generic routines, and were most of the cost of applying a reward).
    public var doubleValue: Double {
        let high = Double(Int64(truncatingIfNeeded: atoms >> 64))
        let low = Double(UInt64(truncatingIfNeeded: atoms))
        return (high * 18_446_744_073_709_551_616.0 + low) / 1e18
    }

    /// Rounds a double to 6 decimal places, the precision the simulator writes.
    public init(approximately value: Double) {
        let micro = (value * 1_000_000).rounded()
        // Beyond an amount's range (10^18 tokens = 10^24 micro-tokens) the product below would trap.
        guard micro.isFinite, abs(micro) < 1e24 else { atoms = 0; return }
        atoms = Int128(micro) * (TokenAmount.unit / 1_000_000)
    }

    public static func + (a: TokenAmount, b: TokenAmount) -> TokenAmount { TokenAmount(atoms: a.atoms + b.atoms) }
    public static func - (a: TokenAmount, b: TokenAmount) -> TokenAmount { TokenAmount(atoms: a.atoms - b.atoms) }
    public static func += (a: inout TokenAmount, b: TokenAmount) { a.atoms += b.atoms }
    public static func -= (a: inout TokenAmount, b: TokenAmount) { a.atoms -= b.atoms }
    public static prefix func - (a: TokenAmount) -> TokenAmount { TokenAmount(atoms: -a.atoms) }
    public static func < (a: TokenAmount, b: TokenAmount) -> Bool { a.atoms < b.atoms }
}
