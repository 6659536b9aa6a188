/// A node's place in allocator order, as the capacity index stores it: the score, then the id's
/// words (`IDKey`), then the id itself where the words tie or are not exact. The handle names the
/// node whose id settles a tie; an index keeps every key it stores naming a node it holds.
struct IndexKey {
    var score: Double
    var high: UInt64
    var low: UInt64
    var handle: Int32
    var ascii: Bool

    init(_ key: IDKey, score: Double, handle: Int32) {
        self.score = score
        high = key.high
        low = key.low
        self.handle = handle
        ascii = key.ascii
    }

    /// A key no comparison reads: the first of an empty leaf.
    static let placeholder = IndexKey(IDKey(""), score: -.infinity, handle: -1)
}
