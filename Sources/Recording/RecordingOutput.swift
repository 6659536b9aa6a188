import Feed
import Store

/// Where a `Recorder` puts what it records: a `FeedWriter` writes at once; the dashboard hands the
/// work to a thread of its own, because a keyframe of a large fleet takes a third of a second to write.
public protocol RecordingOutput: AnyObject {
    func write(_ record: FeedRecord)
    /// A keyframe of `state` (a copy: the caller goes on changing its own).
    func writeKeyframe(of state: ChainState)
    /// Bytes written so far, and the keyframes among them, as far as they are written yet.
    var bytesWritten: Int64 { get }
    var keyframes: KeyframesWritten { get }
}

extension FeedWriter: RecordingOutput {
    public func writeKeyframe(of state: ChainState) {
        write(FeedRecord(seq: state.seq, ts: state.ts, body: .snapshot(state.keyframe())))
    }
}
