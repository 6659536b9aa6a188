#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Feed

/// A keyframe line read straight from a plain file at the place the index found it, for a seek. A
/// large fleet's keyframe is longer than a `FeedReader` holds (a million nodes make hundreds of MB):
/// here its state is read into one buffer by its known extent, and only the fields before it go
/// through the record decoder. The state is checked in full when it is restored.
enum KeyframeLine {
    /// The longest keyframe a seek reads this way (a 1,000,000-node keyframe of version 1 is about 1 GB).
    static let maxBytes = 4 << 30

    /// The keyframe as a record, or nil when the line is not one this way can read (it is then read as
    /// any line is, and a keyframe that long is passed over).
    static func read(path: String, _ k: RecordingIndex.Keyframe) -> FeedItem? {
        guard k.length > 0, k.length <= maxBytes else { return nil }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let head = bytes(fd, at: k.offset, count: min(k.length, 512))
        let tail = bytes(fd, at: k.offset + Int64(max(0, k.length - 16)), count: min(k.length, 16))
        guard let start = stateStart(head), let end = stateEnd(tail, lineLength: k.length), end > start else { return nil }
        var decoder = RecordDecoder()
        let stand = Array(head[..<start]) + Array("{}}".utf8)
        guard case var .record(record) = stand.withUnsafeBufferPointer({ decoder.decode($0) }),
              case let .snapshot(empty) = record.body else { return nil }
        let state = bytes(fd, at: k.offset + Int64(start), count: end - start)
        guard state.count == end - start else { return nil }
        record.body = .snapshot(Keyframe(json: state, digest: empty.digest, scheme: empty.scheme))
        return .record(record, line: k.line)
    }

    /// Where `"state":{` puts the state's brace in the line's first bytes.
    private static func stateStart(_ head: [UInt8]) -> Int? {
        let key = Array(#""state":"#.utf8)
        guard head.count > key.count else { return nil }
        for i in 0...(head.count - key.count) where head[i] == key[0] && head[i ..< i + key.count].elementsEqual(key) {
            var j = i + key.count
            while j < head.count, head[j] == 0x20 { j += 1 }
            return j < head.count && head[j] == 0x7B ? j : nil
        }
        return nil
    }

    /// Just past the state's closing brace: the line ends `}` `}` with only white space after each.
    private static func stateEnd(_ tail: [UInt8], lineLength: Int) -> Int? {
        var i = tail.count - 1
        func skipSpace() { while i >= 0, tail[i] == 0x20 || tail[i] == 0x09 || tail[i] == 0x0D { i -= 1 } }
        skipSpace()
        guard i >= 0, tail[i] == 0x7D else { return nil }
        i -= 1
        skipSpace()
        guard i >= 0, tail[i] == 0x7D else { return nil }
        return lineLength - tail.count + i + 1
    }

    private static func bytes(_ fd: Int32, at offset: Int64, count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialised in
            var done = 0
            while done < count {
                let n = pread(fd, buffer.baseAddress.map { $0 + done }, count - done, off_t(offset) + off_t(done))
                if n <= 0 { break }
                done += n
            }
            initialised = done
        }
    }
}
