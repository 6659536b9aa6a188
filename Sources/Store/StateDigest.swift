import Feed

/// chaintop's digest of a state: a 64-bit hash of the token stream a snapshot writes (so it covers
/// exactly what a keyframe holds). A reader playing a recording compares it with the digest the
/// keyframe carries instead of parsing the keyframe; a seek that restores a keyframe checks the
/// restored state against it. Stable across runs and machines, unlike Swift's seeded `Hasher`.
/// It guards against damage and mistakes, not against someone forging a recording.
struct StateDigest: JSONSink {
    private(set) var value: UInt64 = 0x6368_6169_6E74_6F70  // "chaintop"

    @inline(__always) private mutating func mix(_ x: UInt64) {
        value = (value ^ x) &* 0x9E37_79B9_7F4A_7C15
        value ^= value >> 29
    }

    private mutating func mix(bytes: UnsafeRawBufferPointer) {
        mix(UInt64(bytes.count))
        var i = 0
        while i + 8 <= bytes.count {
            mix(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        mix(tail)
    }

    private mutating func mix(text: String) {
        var s = text
        s.withUTF8 { mix(bytes: UnsafeRawBufferPointer($0)) }
    }

    mutating func beginObject() { mix(1) }
    mutating func endObject() { mix(2) }
    mutating func beginArray() { mix(3) }
    mutating func endArray() { mix(4) }
    /// Keys are not hashed: both sides of a comparison are walked by the same code, so only the
    /// values can differ (and hashing every key was a fifth of the cost).
    mutating func key(_ name: String) { mix(5) }
    mutating func string(_ s: String) { mix(6); mix(text: s) }
    mutating func int(_ v: Int64) { mix(7); mix(UInt64(bitPattern: v)) }
    /// As the text would read back: -0 is written "0", a non-finite number null.
    mutating func number(_ v: Double) {
        guard v.isFinite else { null(); return }
        mix(8)
        mix(v == 0 ? 0 : v.bitPattern)
    }
    mutating func amount(_ a: TokenAmount) {
        mix(13)
        mix(UInt64(truncatingIfNeeded: a.atoms))
        mix(UInt64(truncatingIfNeeded: a.atoms >> 64))
    }
    mutating func bool(_ v: Bool) { mix(v ? 9 : 10) }
    mutating func null() { mix(11) }
    mutating func byteArray(_ values: [UInt8]) {
        mix(12)
        values.withUnsafeBytes { mix(bytes: $0) }
    }
}

extension StateDigest: NodeRowSink {
    /// A row's history samples, hashed as the bytes they are (the text has them as base64).
    mutating func samples(_ bytes: UnsafeBufferPointer<UInt8>) {
        mix(12)
        mix(bytes: UnsafeRawBufferPointer(bytes))
    }
}

extension ChainState {
    /// The digest a keyframe of this state carries (`sd2`, the scheme chaintop writes).
    public var digest: UInt64 { digest(.sd2) }

    /// The digest of this state in a scheme: `sd1` walks every node in one chain; `sd2` hashes the
    /// nodes in blocks side by side (or takes the blocks' hashes already made, `blocks`).
    public func digest(_ scheme: Keyframe.DigestScheme) -> UInt64 { digest(scheme, blocks: nil) }

    func digest(_ scheme: Keyframe.DigestScheme, blocks: [UInt64]?) -> UInt64 {
        switch scheme {
        case .sd1:
            var d = StateDigest()
            write(to: &d)
            return d.value
        case .sd2:
            var d = BlockDigest(count: fleet.count, hashes: blocks ?? NodeTable.write(fleet, text: false).blocks.map(\.hash))
            write(to: &d)
            return d.base.value
        }
    }
}
