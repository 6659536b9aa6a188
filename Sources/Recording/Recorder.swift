import Feed
import Store

/// Writes what a source produces as a recording: a header first, then every record, and a
/// snapshot keyframe after every `keyframeEvery` records or `keyframeMillis` of event time,
/// whichever comes first. The keyframe carries the seq of the last record it includes, so the
/// stream's numbering is untouched.
public struct Recorder {
    public let output: any RecordingOutput
    let keyframeEvery: Int
    let keyframeMillis: Int64?
    private var wroteHeader = false
    private var sinceKeyframe = 0
    private var lastKeyframeTs: Int64?
    private let header: Header?
    /// Keyframes may take at most half the file: the next one waits until the keyframes with it would
    /// weigh no more than the records before it (its size estimated from the last one's, per node). A
    /// keyframe grows with the fleet (tens of MB at 100,000 nodes), so a fixed spacing would write mostly
    /// keyframes for a large one.
    let atMostHalf: Bool
    private var keyframesAsked = 0
    private var lastKeyframeNodes = 0

    /// `header` is written first when the source does not bring its own (recording mid-stream).
    public init(writer output: any RecordingOutput, keyframeEvery: Int, keyframeMillis: Int64? = nil, header: Header? = nil,
                atMostHalf: Bool = false) {
        self.output = output
        self.keyframeEvery = keyframeEvery
        self.keyframeMillis = keyframeMillis
        self.header = header
        self.atMostHalf = atMostHalf
    }

    /// Starts a recording from a state already built (the dashboard's R): header, then a keyframe,
    /// so the file is playable from its first line.
    public mutating func begin(with state: ChainState) {
        guard !wroteHeader else { return }
        output.write(FeedRecord(seq: nil, ts: state.ts, body: .header(header ?? Header(source: "replay", created: state.ts))))
        wroteHeader = true
        if state.seq > 0 { keyframe(state) }
    }

    private mutating func keyframe(_ state: ChainState) {
        output.writeKeyframe(of: state)
        keyframesAsked += 1
        lastKeyframeNodes = state.fleet.count
        sinceKeyframe = 0
        lastKeyframeTs = state.ts
    }

    public mutating func take(_ item: FeedItem, state: ChainState) {
        guard case let .record(r, _) = item else { return }  // skipped lines are not copied
        if case .header = r.body {
            if !wroteHeader { output.write(r); wroteHeader = true }
            return
        }
        if case .snapshot = r.body {
            // Keyframes are our own, but one the input starts from (the coordinator's snapshot, a recording
            // made with R) is the state everything after builds on: the recording starts from it too.
            if lastKeyframeTs == nil, keyframesAsked == 0, state.seq > 0, state.seq == r.seq {
                if wroteHeader { keyframe(state) } else { begin(with: state) }
            }
            return
        }
        if !wroteHeader {
            output.write(FeedRecord(seq: nil, ts: r.ts, body: .header(header ?? Header(source: "replay", created: r.ts))))
            wroteHeader = true
        }
        output.write(r)
        sinceKeyframe += 1
        if lastKeyframeTs == nil { lastKeyframeTs = r.ts }
        let due = keyframeMillis.map { r.ts - (lastKeyframeTs ?? r.ts) >= $0 } ?? false
        if sinceKeyframe >= keyframeEvery || due, !atMostHalf || roomy(nodes: state.fleet.count) { keyframe(state) }
    }

    /// The last keyframe is written (an output on another thread may still be at it), and all the
    /// keyframes with the next one take no more bytes than the records written so far. The next one's
    /// size is estimated as the last one's, scaled by the fleet's, and a quarter more (the nodes'
    /// histories may have grown since).
    private func roomy(nodes: Int) -> Bool {
        let k = output.keyframes
        guard k.count >= keyframesAsked else { return false }
        let next = 1.25 * Double(k.lastBytes) * Double(nodes + 1) / Double(lastKeyframeNodes + 1)
        return Double(k.total) + next <= Double(output.bytesWritten - k.total)
    }
}
