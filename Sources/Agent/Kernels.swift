/// The built-in compute kinds. A unit is a fixed amount of real work, so that units paid are work done.
public enum Kernel: String, Sendable, CaseIterable {
    /// A unit is 256 MiB hashed with the standard library's `Hasher` (SipHash-1-3), chained: each 1 MiB
    /// block starts with the previous block's hash. (swift-crypto's SHA-256 would link all of
    /// Foundation into the agent, some 6 MB more resident memory: see docs/perf.md.)
    case hash
    /// A unit is 8 products of 128 × 128 double matrices.
    case matrix

    static let hashBytesPerUnit = 256 << 20
    static let matrixSize = 128
    static let productsPerUnit = 8

    /// Does `units` of work (a fraction of a unit counts, rounded up to a step) and returns a checksum.
    public func run(units: Double) -> String {
        switch self {
        case .hash: Self.hash(units: units)
        case .matrix: Self.matrix(units: units)
        }
    }

    static func steps(_ units: Double, per unit: Int) -> Int {
        guard units.isFinite, units > 0 else { return 0 }
        return Int(min((units * Double(unit)).rounded(.up), Double(Int32.max)))
    }

    static func hash(units: Double) -> String {
        let block = 1 << 20
        var buffer = [UInt8](repeating: 0x5A, count: block)
        var digest = 0
        for _ in 0..<steps(units, per: hashBytesPerUnit / block) {
            withUnsafeBytes(of: digest) { d in buffer.withUnsafeMutableBytes { $0.copyMemory(from: d) } }
            var hasher = Hasher()
            buffer.withUnsafeBytes { hasher.combine(bytes: $0) }
            digest = hasher.finalize()
        }
        return String(UInt(bitPattern: digest), radix: 16)
    }

    static func matrix(units: Double) -> String {
        let n = matrixSize
        var a = (0..<(n * n)).map { Double($0 % 17) / 17 }
        let b = (0..<(n * n)).map { Double($0 % 13) / 13 }
        var c = [Double](repeating: 0, count: n * n)
        for _ in 0..<steps(units, per: productsPerUnit) {
            multiply(a, b, into: &c, n: n)
            // Keep the values bounded so the next product does the same work on finite numbers.
            let scale = 1 / Double(n)
            for i in 0..<(n * n) { a[i] = c[i] * scale }
        }
        return String(a.reduce(0, +))
    }

    static func multiply(_ a: [Double], _ b: [Double], into c: inout [Double], n: Int) {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    for i in 0..<n {
                        for j in 0..<n { c[i * n + j] = 0 }
                        for k in 0..<n {
                            let aik = a[i * n + k]
                            for j in 0..<n { c[i * n + j] += aik * b[k * n + j] }
                        }
                    }
                }
            }
        }
    }
}
