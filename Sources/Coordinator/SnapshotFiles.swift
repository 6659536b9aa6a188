import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Snapshots as files `snapshot-SEQ.jsonl` in the data directory, each written whole (to a temporary
/// name, synced, renamed, the directory synced) so that a crash leaves the previous one or the new one.
struct SnapshotFiles: Sendable {
    let directory: String

    func path(_ seq: Int64) -> String { "\(directory)/snapshot-\(seq).jsonl" }

    /// The seqs of the snapshots present, newest first.
    func seqs() -> [Int64] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.compactMap { name -> Int64? in
            guard name.hasPrefix("snapshot-"), name.hasSuffix(".jsonl") else { return nil }
            return Int64(name.dropFirst("snapshot-".count).dropLast(".jsonl".count))
        }.sorted(by: >)
    }

    func latest() throws -> LoggedRecord? {
        guard let seq = seqs().first else { return nil }
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(seq))))
        while bytes.last == 0x0A { bytes.removeLast() }
        return LoggedRecord(seq: seq, line: bytes)
    }

    /// Writes the snapshot durably, then removes the older ones.
    func write(_ snapshot: LoggedRecord) throws {
        let final = path(snapshot.seq)
        let temporary = final + ".tmp"
        try DataDirectory.writeSynced(snapshot.line + [0x0A], to: temporary)
        guard rename(temporary, final) == 0 else {
            throw DataDirectory.Failure(description: "cannot rename \(temporary): \(String(cString: strerror(errno)))")
        }
        try DataDirectory.syncDirectory(directory)
        for old in seqs() where old < snapshot.seq { unlink(path(old)) }
    }
}
