/// The hash of a name's bytes that the store's own tables probe with (the fleet's ids, a keyframe
/// block's operators and regions): FNV-1a, mixed so that the low bits (the slot) depend on every byte.
/// Cheaper than the standard library's hash of a `String`, which was two thirds of indexing a million
/// ids. Seeded once a process: the names come from feeds and recordings that others write, and a fixed
/// hash would let a writer choose ids that all probe the same run of slots.
enum NameHash {
    static let seed = UInt64.random(in: 1 ... .max)

    static func of(_ name: String) -> UInt64 {
        var copy = name
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        copy.withUTF8 { for b in $0 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 } }
        let mixed = (h ^ seed ^ (h >> 29)) &* 0xbf58_476d_1ce4_e5b9
        return mixed ^ (mixed >> 32)
    }
}
