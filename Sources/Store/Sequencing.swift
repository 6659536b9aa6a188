import Feed

/// Lines whose seq jumped ahead of the position, not yet confirmed: the jumped line and those that
/// went on from it. One damaged digit must not cost the rest of a file, and a source that lost
/// records must still show a gap: the lines after the jump decide. A keyframe is held until then
/// (restoring it replaces the state); a record's content was applied already, at the old position.
struct PendingJump: Sendable {
    var seq: Int64
    var line: Int
    var keyframe: Keyframe?
    var ts: Int64 = 0
    /// The last seq of the run that goes on from the jump, how many lines it has, and its own holes.
    var last: Int64
    var lines = 1
    var holes = 0
    var missing: Int64 = 0
    /// Lines that must go on from the jump before it is taken for real.
    var needed = 1

    init(seq: Int64, line: Int, from position: Int64, keyframe: Keyframe? = nil, ts: Int64 = 0) {
        self.seq = seq
        self.line = line
        self.keyframe = keyframe
        self.ts = ts
        last = seq
        // A keyframe must be restored before the records after it: one line decides for it.
        needed = keyframe == nil && seq - position > Store.largeJump ? 3 : 1
    }

    func goesOn(to seq: Int64) -> Bool { seq > last && seq <= last + Store.confirmingWindow }

    mutating func extend(to seq: Int64) {
        if seq > last + 1 {
            holes += 1
            missing += seq - last - 1
        }
        last = seq
        lines += 1
    }
}

/// Where a seq puts a line relative to the stream's position.
enum Placement { case inOrder, stale, jump }

extension Store {
    /// The largest seq a record may carry (the decoder's bound, 2^53): seq arithmetic stays far from overflow.
    static let largestSeq: Int64 = 1 << 53
    /// How far past the run's last seq a line may be and still go on from it (a source that lost records again).
    static let confirmingWindow: Int64 = 1_000
    /// A jump of more records than this is confirmed only by three lines that go on from it: two damaged
    /// lines in a row can have close seqs (the same damage twice), three hardly.
    static let largeJump: Int64 = 1_000_000

    /// Settles any pending jump against `seq`, then places `seq`: the next one moves the position, an
    /// old one is stale, one further ahead is a jump that waits for the lines after it.
    mutating func place(seq: Int64, line: Int) -> Placement {
        if var jump = pending, jump.keyframe == nil, jump.goesOn(to: seq) {
            jump.extend(to: seq)
            pending = jump
            guard jump.lines > jump.needed else { return .jump }
            confirm()
            input.advance(to: seq)
            return .inOrder
        }
        settle(by: seq)
        if seq <= input.lastSeq { return .stale }
        if seq == input.lastSeq + 1 {
            input.advance(to: seq)
            return .inOrder
        }
        pending = PendingJump(seq: seq, line: line, from: input.lastSeq)
        return .jump
    }

    /// A line that does not go on from the pending jump shows it was damage: its lines are suspect, and
    /// the position stays, or moves by the one line a damaged record took (the next line is two ahead).
    /// One that goes on from it (a keyframe carrying its seq included) confirms it. `nil`: the input
    /// ended, and nothing contradicts the jump.
    mutating func settle(by seq: Int64?) {
        guard let jump = pending else { return }
        if let seq, !jump.goesOn(to: seq) {
            pending = nil
            input.suspect += jump.lines
            if input.firstSuspectLine == nil { input.firstSuspectLine = jump.line }
            if jump.keyframe != nil { input.keyframes += 1 }  // passed over, as every unused keyframe is
            if jump.keyframe == nil, jump.lines == 1, seq == input.lastSeq + 2 {
                input.advance(to: seq - 1)
                state.seq = seq - 1
            }
            return
        }
        confirm()
    }

    /// The jump was real: records were lost at the source (a gap), and the position moves to the run's end.
    private mutating func confirm() {
        guard let jump = pending else { return }
        pending = nil
        input.advance(to: jump.seq)
        if let keyframe = jump.keyframe {
            restore(keyframe, seq: jump.seq, ts: jump.ts, line: jump.line)
            return
        }
        input.gaps += jump.holes
        input.missing += jump.missing
        input.lastSeq = jump.last
        state.seq = jump.last
    }

    /// The input has ended: a jump on its last lines stands (nothing after it went stale).
    public mutating func finish() { settle(by: nil) }
}
