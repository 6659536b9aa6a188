/// A node id's place in `String` order, compared as two integers where that is exact.
///
/// The allocator breaks ties by id, and reorders a node on every allocation change: comparing the
/// strings each time costs more than the rest of a placement. For an ASCII id the first 16 bytes,
/// big-endian, order the same way as the string; only ids that agree on them, or that are not ASCII
/// (where `String` compares normalised scalars), fall back to comparing the strings.
struct IDKey {
    let id: String
    let high: UInt64
    let low: UInt64
    let ascii: Bool

    init(_ id: String) {
        self.id = id
        var words: (UInt64, UInt64) = (0, 0)
        var ascii = true
        for (k, byte) in id.utf8.enumerated() {
            if byte >= 0x80 { ascii = false }
            if k < 8 {
                words.0 |= UInt64(byte) << UInt64(8 * (7 - k))
            } else if k < 16 {
                words.1 |= UInt64(byte) << UInt64(8 * (15 - k))
            }
        }
        high = words.0
        low = words.1
        self.ascii = ascii
    }

    static func < (a: IDKey, b: IDKey) -> Bool {
        guard a.ascii, b.ascii else { return a.id < b.id }
        if a.high != b.high { return a.high < b.high }
        if a.low != b.low { return a.low < b.low }
        return a.id < b.id
    }
}
