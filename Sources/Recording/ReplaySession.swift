#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Feed
import Store

/// A recording opened for playback: its keyframe index, and a reader that can be moved to any
/// moment. Seeking lands on the exact state: the nearest keyframe at or before the target, then
/// the records after it up to the target. Opened `streaming`, it only reads front to back (export,
/// record, and inputs that cannot be read twice such as a pipe): no index, no seeking.
public final class ReplaySession: RecordStream {
    public let path: String
    public private(set) var index: RecordingIndex
    private var reader: FeedReader
    /// An item read past a seek target, handed out first afterwards so nothing is skipped.
    private var pending: FeedItem?
    /// The dashboard's status line has little room: the file name only. A streaming read (export's
    /// text view) names the path as given.
    public let name: String

    /// The recording's header, if its first line is one (a seek past a keyframe applies it first).
    public private(set) var header: FeedRecord?

    /// False when opened streaming: there is no index to seek with.
    public let seekable: Bool

    public init(path: String) throws(FeedFileError) {
        self.path = path
        index = try RecordingIndex.build(path: path)
        reader = try FeedFiles.reader(path)
        header = try Self.readHeader(path)
        followedSize = Self.size(path)
        seekable = true
        name = "replay:" + (path.split(separator: "/").last.map(String.init) ?? path)
    }

    /// Reads the file once, front to back, without indexing it first.
    public init(streaming path: String) throws(FeedFileError) {
        self.path = path
        index = RecordingIndex()
        reader = try FeedFiles.reader(path)
        header = nil
        followedSize = nil
        seekable = false
        name = "replay:" + path
    }

    private static func readHeader(_ path: String) throws(FeedFileError) -> FeedRecord? {
        if case let .record(r, _)? = try FeedFiles.reader(path).next(), case .header = r.body { return r }
        return nil
    }

    private static func size(_ path: String) -> Int64? {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : nil
    }

    public func next() -> FeedItem? {
        if let p = pending {
            pending = nil
            return p
        }
        return reader.next()
    }

    public var atEnd: Bool { pending == nil && reader.atEnd }

    /// Why the recording broke off before its end (it is also one malformed item), if it did.
    public var failure: String? { reader.failure }

    /// Goes back to the first line (for --loop).
    public func rewind() throws(FeedFileError) {
        reader = try FeedFiles.reader(path)
        pending = nil
    }

    /// What `follow` found.
    public enum FollowResult: Equatable {
        case same
        /// The file is shorter than when last looked at: it was truncated or replaced (a recorder
        /// started over), so the session starts again from its first line, as `tail -F` does.
        case startedOver
    }

    /// For --follow: pick up lines written since the end was reached. When the file has grown, the
    /// keyframe index is extended over the new bytes only, so following costs a stat per poll and a
    /// scan of what was appended, however long the recording already is.
    /// A file that can no longer be read (removed, unreadable) throws; the caller says so and tries again later.
    @discardableResult
    public func follow() throws(FeedFileError) -> FollowResult {
        let size = Self.size(path)
        if let size, let before = followedSize, size < before {
            followedSize = size
            try startOver()
            return .startedOver
        }
        followedSize = size ?? followedSize
        reader.resumeAfterEnd()
        // A gzip stream is indexed again from its start: do that only every tenth poll.
        followCalls += 1
        if FeedFiles.isGzip(path), followCalls % 10 != 1 { return .same }
        guard let size, size != index.bytes else { return .same }
        try index.extend(path: path)
        // A file that was empty when opened (or started over) gets its header now.
        if header == nil { header = try Self.readHeader(path) }
        return .same
    }

    private func startOver() throws(FeedFileError) {
        index = try RecordingIndex.build(path: path)
        header = try Self.readHeader(path)
        try rewind()
    }

    private var followCalls = 0
    private var followedSize: Int64?

    /// The state at event time `ts` (clamped to the recording), built from the nearest keyframe; the
    /// session then continues from there. `historyDepth` matches the store being replaced. A keyframe
    /// that cannot be restored, or whose state is not the one its digest names, is reported in the
    /// store's input counts and passed over for the one before it (or the start of the file).
    public func seek(to ts: Int64, historyDepth: Int = ChainState.standardHistoryDepth) throws(FeedFileError) -> Store {
        var candidate = index.position(atOrBefore: ts)
        var rejected = InputStats()
        while true {
            let keyframe = candidate.map { index.keyframes[$0] }
            var store = try start(at: keyframe, historyDepth: historyDepth)
            if let c = candidate, store.state.seq == 0 {
                rejected.merge(rejection: store.input)
                candidate = c > 0 ? c - 1 : nil
                continue
            }
            read(into: &store, until: ts)
            store.input.merge(rejection: rejected)
            return store
        }
    }

    /// A fresh store fed the keyframe (with the header first), or only positioned at the top.
    private func start(at keyframe: RecordingIndex.Keyframe?, historyDepth: Int) throws(FeedFileError) -> Store {
        pending = nil
        var store = Store(historyDepth: historyDepth)
        // A plain file's keyframe is read straight from its place, whatever its length; the reader then
        // starts on the line after it.
        if let keyframe, !FeedFiles.isGzip(path), let item = KeyframeLine.read(path: path, keyframe) {
            reader = try FeedFiles.reader(path, offset: keyframe.offset + Int64(keyframe.length) + 1, firstLine: keyframe.line + 1)
            if let header { store.apply(header) }
            store.ingest(item)
            return store
        }
        // Without a keyframe before the target, start from the top (header included). A gzip reader
        // already before the keyframe goes forward from where it is, rather than decompress from the
        // start again (seeking on through a long gzip recording).
        let offset = keyframe?.offset ?? 0, line = keyframe?.line ?? 1
        let forward = FeedFiles.isGzip(path) && offset > 0 && reader.offset <= offset
        if !(forward && reader.skip(to: offset) && reader.lineNumber == line - 1) {
            reader = try FeedFiles.reader(path, offset: offset, firstLine: line)
        }
        guard keyframe != nil else { return store }
        if let header { store.apply(header) }
        if let item = reader.next() { store.ingest(item) }
        return store
    }

    /// Applies the records up to `ts`, two batches at a time: the next one decoded beside the current one
    /// applied (a million nodes' seek reads up to a keyframe's worth of records after it). Items are
    /// applied in the order read, so the state is the one reading them one by one reaches.
    private func read(into store: inout Store, until ts: Int64) {
        var current = batch(until: ts)
        while !current.last {
            var next = Batch()
            withUnsafeMutablePointer(to: &store) { s in
                withUnsafeMutablePointer(to: &next) { n in
                    let shared = Shared(session: self, store: s, next: n, current: current.items)
                    DispatchQueue.concurrentPerform(iterations: 2) { k in
                        if k == 0 {
                            shared.next.pointee = shared.session.batch(until: ts)
                        } else {
                            for item in shared.current { shared.store.pointee.ingest(item) }
                        }
                    }
                }
            }
            current = next
        }
        for item in current.items { store.ingest(item) }
    }

    private static let batchSize = 4096

    private struct Batch {
        var items: [FeedItem] = []
        /// Nothing comes after it: the reader is at the end, or at the first record past the target (kept as `pending`).
        var last = false
    }

    /// What the two halves of a step share; each touches only its own part (the reader and `pending`, or the store).
    private struct Shared: @unchecked Sendable {
        let session: ReplaySession
        let store: UnsafeMutablePointer<Store>
        let next: UnsafeMutablePointer<Batch>
        let current: [FeedItem]
    }

    private func batch(until ts: Int64) -> Batch {
        var b = Batch()
        b.items.reserveCapacity(Self.batchSize)
        while b.items.count < Self.batchSize {
            guard let item = reader.next() else {
                b.last = true
                break
            }
            if case let .record(r, _) = item, r.seq != nil, r.ts > ts {
                if case .snapshot = r.body {} else {
                    pending = item
                    b.last = true
                    break
                }
            }
            b.items.append(item)
        }
        return b
    }
}
