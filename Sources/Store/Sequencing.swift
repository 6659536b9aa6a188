import Feed

/// A line whose seq jumped ahead of the position, not yet confirmed. One damaged digit must not
/// cost the rest of a file, and a source that lost records must still show a gap: the next line
/// with a seq decides. A keyframe is held until then (restoring it replaces the state); a record's
/// content was applied already, at the old position.
struct PendingJump: Sendable {
    var seq: Int64
    var line: Int
    var keyframe: Keyframe?
    var ts: Int64 = 0
}

/// Where a seq puts a line relative to the stream's position.
enum Placement { case inOrder, stale, jump }

extension Store {
    /// The largest seq a record may carry (the decoder's bound, 2^53): seq arithmetic stays far from overflow.
    static let largestSeq: Int64 = 1 << 53
    /// How far past a jump the next line may be and still confirm it (a source that lost records again).
    static let confirmingWindow: Int64 = 1_000

    /// Settles any pending jump against `seq`, then places `seq`: the next one moves the position, an
    /// old one is stale, one further ahead is a jump that waits for the next line.
    mutating func place(seq: Int64, line: Int) -> Placement {
        settle(by: seq)
        if seq <= input.lastSeq { return .stale }
        if seq == input.lastSeq + 1 {
            input.advance(to: seq)
            return .inOrder
        }
        pending = PendingJump(seq: seq, line: line)
        return .jump
    }

    /// A line that goes on from the jump (a seq at most `confirmingWindow` past it) confirms it: records
    /// were lost at the source, a gap. Any other seq shows the jump was damage (suspect), and the
    /// position stays, or moves by the one line the damaged record took. Two damaged lines in a row
    /// move it only if their seqs happen to be that close. `nil`: the input ended, and nothing
    /// contradicts the jump.
    mutating func settle(by seq: Int64?) {
        guard let jump = pending else { return }
        pending = nil
        if let seq, seq <= jump.seq || seq > jump.seq + Store.confirmingWindow {
            input.noteSuspect(line: jump.line)
            if jump.keyframe != nil { input.keyframes += 1 }  // passed over, as every unused keyframe is
            // The line after it is two ahead: the damaged line was the one in between, in its place.
            if jump.keyframe == nil, seq == input.lastSeq + 2 {
                input.advance(to: seq - 1)
                state.seq = seq - 1
            }
            return
        }
        input.advance(to: jump.seq)
        if let keyframe = jump.keyframe {
            restore(keyframe, seq: jump.seq, ts: jump.ts, line: jump.line)
        } else {
            state.seq = jump.seq
        }
    }

    /// The input has ended: a jump on its last line stands (nothing after it went stale).
    public mutating func finish() { settle(by: nil) }
}
