/// An exact token amount: a decimal with 18 fractional digits (the precision of ERC-20 tokens),
/// held as a 128-bit integer so that ledger sums never round. Written as a decimal string.
public struct TokenAmount: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let scale = 18
    static let unit: Int128 = {
        var u: Int128 = 1
        for _ in 0..<scale { u *= 10 }
        return u
    }()

    /// The amount in units of 10⁻¹⁸ token.
    public var atoms: Int128

    public init(atoms: Int128) { self.atoms = atoms }
    public static let zero = TokenAmount(atoms: 0)

    public init(whole: Int) { atoms = Int128(whole) * TokenAmount.unit }

    /// Parses `-?digits(.digits)?` with at most 18 fractional digits; nil otherwise.
    public init?(_ text: String) {
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
                guard digits <= 20 else { return nil }
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
        let magnitude = negative ? -atoms : atoms
        let whole = magnitude / TokenAmount.unit
        var fraction = magnitude % TokenAmount.unit
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
        guard micro.isFinite, abs(micro) < 1e30 else { atoms = 0; return }
        atoms = Int128(micro) * (TokenAmount.unit / 1_000_000)
    }

    public static func + (a: TokenAmount, b: TokenAmount) -> TokenAmount { TokenAmount(atoms: a.atoms + b.atoms) }
    public static func - (a: TokenAmount, b: TokenAmount) -> TokenAmount { TokenAmount(atoms: a.atoms - b.atoms) }
    public static func += (a: inout TokenAmount, b: TokenAmount) { a.atoms += b.atoms }
    public static func -= (a: inout TokenAmount, b: TokenAmount) { a.atoms -= b.atoms }
    public static prefix func - (a: TokenAmount) -> TokenAmount { TokenAmount(atoms: -a.atoms) }
    public static func < (a: TokenAmount, b: TokenAmount) -> Bool { a.atoms < b.atoms }
}
