import Testing
@testable import Engine

/// The id → row table against a dictionary, on random inserts, replacements and removals, with hashes
/// that collide on purpose (so probes run long and removals move slots back).
@Suite struct RowIndexTests {
    /// Rows that hold ids by number: row r holds `ids[r]`.
    struct Rows: RowIDs {
        var ids: [String] = []
        func row(_ r: Int32, holds id: String) -> Bool { ids.indices.contains(Int(r)) && ids[Int(r)] == id }
    }

    @Test(arguments: [0, 3, 60])  // bits of the hash kept: none (every id collides), a few, nearly all
    func agreesWithADictionary(keptBits: Int) {
        var rows = Rows(), index = RowIndex(), reference: [String: Int32] = [:]
        var rng = SystemRandomNumberGenerator()
        func hash(_ id: String) -> UInt64 {
            let full = RowIndex.hash(id)
            return keptBits == 0 ? 1 : (full & ((1 << UInt64(keptBits)) - 1)) | 1
        }
        for _ in 0..<(keptBits == 0 ? 600 : 6000) {
            let id = "t\(Int.random(in: 0..<400, using: &rng))"
            if Bool.random(using: &rng) {
                let r = Int32(rows.ids.count)
                rows.ids.append(id)
                #expect(index.set(id, hash: hash(id), row: r, in: rows) == reference.updateValue(r, forKey: id))
            } else {
                #expect(index.remove(id, hash: hash(id), in: rows) == reference.removeValue(forKey: id))
            }
            #expect(index.count == reference.count)
        }
        for (id, r) in reference { #expect(index.row(of: id, hash: hash(id), in: rows) == r) }
        #expect(index.row(of: "absent", hash: hash("absent"), in: rows) == nil)
        #expect(Set(index.rows) == Set(reference.values))
    }

    @Test func hashesAreNeverTheEmptyMark() {
        for k in 0..<1000 { #expect(RowIndex.hash("t\(k)") & 1 == 1) }
    }
}
