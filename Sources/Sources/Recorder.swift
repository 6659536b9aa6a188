import Feed
import Store

/// Writes what a source produces as a recording: a header first, then every record, and a
/// snapshot keyframe after every `keyframeEvery` records. The keyframe carries the seq of the
/// last record it includes, so the stream's numbering is untouched.
public struct Recorder {
    let writer: FeedWriter
    let keyframeEvery: Int
    private var wroteHeader = false
    private var sinceKeyframe = 0

    public init(writer: FeedWriter, keyframeEvery: Int) {
        self.writer = writer
        self.keyframeEvery = keyframeEvery
    }

    public mutating func take(_ item: FeedItem, state: ChainState) {
        guard case let .record(r, _) = item else { return }  // skipped lines are not copied
        if case .header = r.body {
            if !wroteHeader { writer.write(r); wroteHeader = true }
            return
        }
        if case .snapshot = r.body { return }  // keyframes are our own
        if !wroteHeader {
            writer.write(FeedRecord(seq: nil, ts: r.ts, body: .header(Header(source: "replay", created: r.ts))))
            wroteHeader = true
        }
        writer.write(r)
        sinceKeyframe += 1
        if sinceKeyframe >= keyframeEvery {
            writer.write(FeedRecord(seq: state.seq, ts: state.ts, body: .snapshot(state.snapshot())))
            sinceKeyframe = 0
        }
    }
}
