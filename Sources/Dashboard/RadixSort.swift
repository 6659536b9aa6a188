import Feed

/// Row indices sorted by a 64-bit key that orders as the column does: a stable least-significant-
/// digit radix sort, 16 bits a pass, skipping a pass where every key has the same digit (loads in
/// [0, 1] share their top bits). A million rows sort in a few passes over two flat arrays instead of
/// twenty million comparisons through closures. Ties keep the order the rows came in.
func radixSorted(_ rows: [Int32], keys: [UInt64]) -> [Int32] {
    let n = rows.count
    guard n > 1 else { return rows }
    var keys = keys, idx = rows
    var keys2 = [UInt64](repeating: 0, count: n), idx2 = [Int32](repeating: 0, count: n)
    var counts = [Int](repeating: 0, count: 1 << 16)
    for shift in stride(from: UInt64(0), to: 64, by: 16) {
        counts.withUnsafeMutableBufferPointer { c in
            for i in c.indices { c[i] = 0 }
            keys.withUnsafeBufferPointer { k in for key in k { c[Int((key >> shift) & 0xFFFF)] += 1 } }
        }
        if counts.contains(n) { continue }  // one digit for all: this pass would change nothing
        var sum = 0
        for d in counts.indices { let c = counts[d]; counts[d] = sum; sum += c }
        keys.withUnsafeBufferPointer { k in
            idx.withUnsafeBufferPointer { r in
                keys2.withUnsafeMutableBufferPointer { k2 in
                    idx2.withUnsafeMutableBufferPointer { r2 in
                        counts.withUnsafeMutableBufferPointer { c in
                            for i in 0..<n {
                                let d = Int((k[i] >> shift) & 0xFFFF)
                                let to = c[d]
                                c[d] = to + 1
                                k2[to] = k[i]; r2[to] = r[i]
                            }
                        }
                    }
                }
            }
        }
        swap(&keys, &keys2); swap(&idx, &idx2)
    }
    return idx
}

/// Row indices sorted by a 128-bit key given as two words: by the low word, then stably by the high.
func radixSorted(_ rows: [Int32], high: [UInt64], low: [UInt64]?) -> [Int32] {
    guard let low else { return radixSorted(rows, keys: high) }
    let byLow = radixSorted(Array(0..<Int32(truncatingIfNeeded: rows.count)), keys: low)
    let positions = radixSorted(byLow, keys: byLow.map { high[Int($0)] })
    return positions.map { rows[Int($0)] }
}

/// Keys that sort as the amounts do (ascending), and reversed for a descending sort.
@inline(__always) func orderKeys(_ a: TokenAmount, descending: Bool) -> (high: UInt64, low: UInt64) {
    let key = UInt128(bitPattern: a.atoms) ^ (1 << 127)
    let high = UInt64(truncatingIfNeeded: key >> 64), low = UInt64(truncatingIfNeeded: key)
    return descending ? (~high, ~low) : (high, low)
}

/// Keys that sort as the numbers do (ascending), and reversed for a descending sort.
@inline(__always) func orderKey(_ v: Double, descending: Bool) -> UInt64 {
    let v = v == 0 ? 0 : v  // -0 and 0 are one key
    let bits = v.bitPattern
    let key = bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    return descending ? ~key : key
}

@inline(__always) func orderKey(_ v: Int64, descending: Bool) -> UInt64 {
    let key = UInt64(bitPattern: v) ^ (1 << 63)
    return descending ? ~key : key
}
