import Simulation
import Feed

/// A seeded stream of damaged feed lines, made as the reader asks for bytes (so that ten million lines
/// need no file and no memory): each line is a real recording's line, mutated in one of the ways
/// issue 8 lists, or left sound. It counts the lines it wrote (newlines inside a mutation included).
final class FuzzFeed: ByteSource {
    private let base: [[UInt8]]
    private var rng: SplitMix
    private let total: Int
    private(set) var made = 0
    private(set) var lines = 0
    private var pending: [UInt8] = []
    private var at = 0

    init(base: [[UInt8]], seed: UInt64, lines: Int) {
        self.base = base
        rng = SplitMix(state: seed)
        total = lines
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        var n = 0
        while n < buffer.count {
            if at == pending.count {
                guard made < total else { break }
                pending = nextLine()
                at = 0
                made += 1
            }
            let take = min(buffer.count - n, pending.count - at)
            pending.withUnsafeBytes { from in
                guard let source = from.baseAddress, let target = buffer.baseAddress else { return }
                (target + n).copyMemory(from: source + at, byteCount: take)
            }
            n += take
            at += take
        }
        return n
    }

    /// The recording is walked in order, again and again, its seqs moved on by a lap each time round
    /// so that sequence checks see a stream, not shuffled lines.
    private var next = 0
    private var lap: Int64 = 0

    private func nextLine() -> [UInt8] {
        if next == base.count { next = 1; lap += 1 }  // line 0 is the header: once
        var line = base[next]
        next += 1
        if lap > 0 { line = renumber(line) }
        for _ in 0..<(1 + rng.below(3)) { line = mutate(line) }  // every line is damaged, some thrice
        line.append(0x0A)
        lines += line.withUnsafeBufferPointer { p in p.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
        return line
    }

    static let numbers = ["1e400", "-1e400", "1e-400", "-0", "0", "99999999999999999999999999", "-9223372036854775809",
                          "9223372036854775807", "9007199254740993", "9007199254740992", "18446744073709551616",
                          "4611686018427387904", "1.7976931348623157e308", "0.1e1", "01", "1.", ".5", "NaN", "Infinity",
                          "-", "1e", "0x10", "true", "null", "\"1\"", "[]", "{}"]
    static let fragments: [[UInt8]] = [
        [0x00], [0xC3, 0x28], [0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x0D],
        Array(#"\ud800"#.utf8), Array(#"\udc00\ud800"#.utf8), Array(#"\u0000"#.utf8), Array(#"\"#.utf8),
        Array(#"","seq":1,""#.utf8), Array(#","type":"reward""#.utf8), [0x0A], Array("\u{2028}".utf8), [0x22], [0x7D],
    ]

    private func mutate(_ line: [UInt8]) -> [UInt8] {
        var l = line
        switch rng.below(14) {
        case 0: if !l.isEmpty { l[rng.below(l.count)] ^= UInt8(1 << rng.below(8)) }  // a bit flip
        case 1: l = Array(l.prefix(rng.below(l.count + 1)))  // truncated
        case 2: l = replaceNumber(l, with: Array(Self.numbers[rng.below(Self.numbers.count)].utf8))
        case 3: insert(&l, Array(repeating: UInt8(ascii: "["), count: 1 + rng.below(200)))  // deep nesting
        case 4: insert(&l, Self.fragments[rng.below(Self.fragments.count)])
        case 5: l.append(0x0D)  // CRLF
        case 6: l = [0xEF, 0xBB, 0xBF] + l  // BOM
        case 7: l = duplicateKey(l)
        case 8: l = replaceValue(l, key: #""seq":"#, with: extremeSeq())
        case 9: l = replaceValue(l, key: #""ts":"#, with: ["-1", "0", "253402300800000", "253402300799999", "1e15"][rng.below(5)])
        case 10:  // a huge id; now and then one longer than the reader holds
            let length = rng.below(20) == 0 ? 1 + rng.below(400_000) : 1 + rng.below(2_000)
            l = replaceValue(l, key: #""id":"#, with: "\"" + String(repeating: "n", count: length) + "\"")
        case 11: l = Array(l.prefix(rng.below(l.count + 1))) + base[rng.below(base.count)].dropFirst(rng.below(40))  // spliced
        case 12: l = rng.below(2) == 0 ? [] : [0x20, 0x09, 0x20]  // blank
        default: l = replaceValue(l, key: #""amount":"#, with: "\"" + ["999999999999999999.999999999999999999",
                     "-999999999999999999.999999999999999999", "1000000000000000000", "1e5", "0.0000000000000000001",
                     "-0", ""][rng.below(7)] + "\"")
        }
        return l
    }

    private func extremeSeq() -> String {
        ["0", "-1", "1", "9099999", "9007199254740992", "9007199254740993", "9223372036854775807", "18446744073709551615",
         "4611686018427387904", "2", "35000"][rng.below(11)]
    }

    /// `"seq":N` at the start of a line (where chaintop writes it) becomes N + lap × the recording's length.
    private func renumber(_ l: [UInt8]) -> [UInt8] {
        let key = Array(#""seq":"#.utf8)
        guard let at = (0..<min(40, max(0, l.count - key.count))).first(where: { l[$0..<($0 + key.count)].elementsEqual(key) })
        else { return l }
        var end = at + key.count, n: Int64 = 0
        while end < l.count, (0x30...0x39).contains(l[end]) { n = n * 10 + Int64(l[end] - 0x30); end += 1 }
        return Array(l[..<(at + key.count)]) + Array(String(n + lap * Int64(base.count)).utf8) + l[end...]
    }

    private func insert(_ l: inout [UInt8], _ bytes: [UInt8]) { l.insert(contentsOf: bytes, at: rng.below(l.count + 1)) }

    private func duplicateKey(_ l: [UInt8]) -> [UInt8] {
        guard l.last == 0x7D else { return l }
        return l.dropLast() + Array(#","type":"bookmark","seq":3}"#.utf8)
    }

    /// The first number in the line after a colon, replaced.
    private func replaceNumber(_ l: [UInt8], with value: [UInt8]) -> [UInt8] {
        guard let colon = l.indices.first(where: { l[$0] == 0x3A && $0 + 1 < l.count && (l[$0 + 1] == 0x2D || (0x30...0x39).contains(l[$0 + 1])) })
        else { return l }
        var end = colon + 1
        while end < l.count, l[end] != 0x2C, l[end] != 0x7D { end += 1 }
        return Array(l[...colon]) + value + l[end...]
    }

    /// The value after `key` (up to the next comma or brace), replaced.
    private func replaceValue(_ l: [UInt8], key: String, with value: String) -> [UInt8] {
        let k = Array(key.utf8)
        guard l.count > k.count, let at = (0...(l.count - k.count)).first(where: { l[$0..<($0 + k.count)].elementsEqual(k) }) else {
            return l
        }
        var end = at + k.count
        if end < l.count, l[end] == 0x22 { end += 1; while end < l.count, l[end] != 0x22 { end += 1 }; end += 1 }
        while end < l.count, l[end] != 0x2C, l[end] != 0x7D { end += 1 }
        return Array(l[..<(at + k.count)]) + Array(value.utf8) + l[min(end, l.count)...]
    }
}

/// The simulator's seeded generator (SplitMix64: small, seeded, the same on every machine).
typealias SplitMix = SeededRandom
extension SeededRandom {
    init(state: UInt64) { self.init(seed: state) }
    /// Draws even for n == 1, as the fuzzer's streams were made with.
    mutating func below(_ n: Int) -> Int { n > 0 ? Int(next() % UInt64(n)) : 0 }
}
