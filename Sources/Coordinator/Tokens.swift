import Crypto
import Synchronization

/// Bearer tokens: random, handed out once, kept only as SHA-256 hashes.
public final class Tokens: Sendable {
    private let byHash: Mutex<[String: Principal]>

    public init(_ stored: [StoredToken]) {
        byHash = Mutex(Dictionary(stored.map { ($0.hash, $0.principal) }, uniquingKeysWith: { _, last in last }))
    }

    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// A new token (32 random bytes, hex) and the row that stores its hash.
    public static func make(for principal: Principal, now: Int64) -> (token: String, stored: StoredToken) {
        let token = "ct_" + randomHex(words: 4)
        return (token, StoredToken(hash: hash(token), principal: principal, created: now))
    }

    /// `words` × 64 random bits as hex, from getrandom(2) (fit for secrets).
    static func randomHex(words: Int) -> String {
        var rng = SystemRandomNumberGenerator()
        return (0..<words).map { _ in
            let hex = String(rng.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    public func principal(for token: String) -> Principal? {
        let h = Self.hash(token)
        return byHash.withLock { $0[h] }
    }

    /// Makes a stored token usable (after its row is durable).
    public func add(_ stored: StoredToken) { byHash.withLock { $0[stored.hash] = stored.principal } }

    public var count: Int { byHash.withLock { $0.count } }
}
