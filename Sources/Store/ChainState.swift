import Feed

/// Everything the five panes show, as of the last record applied. A pure value: the same
/// records in the same order always give an equal state.
public struct ChainState: Sendable, Equatable {
    public var seq: Int64 = 0
    public var ts: Int64 = 0
    public var firstTs: Int64?
    public var header: Header?
    public var fleet: FleetState
    public var rewards = RewardsState()
    public var stablecoins = StablecoinState()
    public var tvl = TVLState()
    public var governance = GovernanceState()
    public var holdings = HoldingsState()

    public init(historyDepth: Int = ChainState.standardHistoryDepth) { fleet = FleetState(historyDepth: historyDepth) }

    /// Samples of utilisation history per node, as the dashboard and the recorder keep them.
    public static let standardHistoryDepth = 60

    /// Applies one record. Keyframes (`snapshot`) are the store's to handle: it checks them against
    /// this state or restores one in its place (`Store.apply`); here they change nothing. False when
    /// the record was refused: a reward or claim that would take a ledger total out of its range.
    @discardableResult
    public mutating func apply(_ record: FeedRecord) -> Bool {
        if case .snapshot = record.body { return true }
        if let s = record.seq { seq = s }
        if case let .header(h) = record.body {
            header = h
            return true
        }
        ts = record.ts
        if firstTs == nil { firstTs = record.ts }
        return applyBody(record.body, ts: record.ts)
    }

    /// The state a keyframe holds, with this state's header (keyframes leave it out), and the hashes of
    /// its node blocks when it has a node table.
    func restored(_ keyframe: Keyframe) throws(SnapshotError) -> (state: ChainState, blocks: [UInt64]?) {
        var restored = try ChainState.restoring(keyframe, historyDepth: fleet.history.asked)
        restored.state.header = header
        return restored
    }

    mutating func applyBody(_ body: RecordBody, ts: Int64) -> Bool {
        switch body {
        case let .reward(r): return rewards.apply(r, ts: ts)
        case let .claim(c): return rewards.apply(c, ts: ts)
        case let .node(n): fleet.apply(n, ts: ts)
        case let .heartbeat(h): fleet.apply(h, ts: ts)
        case let .nodeStatus(s): fleet.apply(s, ts: ts)
        case let .nodeLeft(l): fleet.apply(l)
        case let .task(t): fleet.apply(t, ts: ts)
        case let .price(p): rewards.apply(p, ts: ts)
        case let .stablecoin(s): stablecoins.apply(s, ts: ts)
        case let .tvl(t): tvl.apply(t, ts: ts)
        case let .proposal(p): governance.apply(p)
        case let .vote(v): governance.apply(v, ts: ts)
        case let .holding(h): holdings.apply(h)
        case .header, .snapshot, .bookmark: break
        }
        return true
    }
}

/// The state and the counts of what was read to build it.
public struct Store: Sendable {
    public var state: ChainState
    public var input = InputStats()
    /// A forward jump in seq that the next line has yet to confirm (Sequencing.swift).
    var pending: PendingJump?

    public init(historyDepth: Int = ChainState.standardHistoryDepth) { state = ChainState(historyDepth: historyDepth) }

    /// A keyframe's digest speaks for a state kept to the standard history depth (as the budget allows it
    /// for the fleet's size, which the writer's state followed too).
    private var digestApplies: Bool { state.fleet.history.asked == ChainState.standardHistoryDepth }

    /// Whether a keyframe's state is the state we built. With a digest this is one hash of our state;
    /// without one (another writer) the keyframe is parsed and compared in full.
    func agrees(_ keyframe: Keyframe) -> Bool {
        if let digest = keyframe.digest, digestApplies { return digest == state.digest(keyframe.scheme) }
        guard let theirs = try? state.restored(keyframe) else { return false }
        return theirs.state == state
    }

    /// Whether a keyframe read as the first record (a seek) holds the state its digest names.
    func isSound(_ restored: (state: ChainState, blocks: [UInt64]?), _ keyframe: Keyframe) -> Bool {
        guard let digest = keyframe.digest, digestApplies else { return true }
        return restored.state.digest(keyframe.scheme, blocks: keyframe.scheme == .sd2 ? restored.blocks : nil) == digest
    }

    private mutating func noteMismatch(line: Int) {
        input.keyframeMismatches += 1
        if input.firstMismatchLine == nil { input.firstMismatchLine = line }
    }

    /// Takes one item from a reader or source: applies records, counts everything else.
    public mutating func ingest(_ item: FeedItem) {
        switch item {
        case let .record(record, line):
            apply(record, line: line)
        case let .unknown(_, seq, line):
            input.unknown += 1
            // An unknown type's seq is not range-checked by the decoder: beyond a record's it is damage.
            if let seq, seq > 0, seq <= Store.largestSeq { _ = place(seq: seq, line: line) } else if seq != nil {
                input.noteSuspect(line: line)
            }
        case let .malformed(reason, line):
            input.noteMalformed(line: line, reason: reason)
        }
    }

    public mutating func apply(_ record: FeedRecord, line: Int = 0) {
        if case .header = record.body { input.noteFirst(isHeader: true) } else { input.noteFirst(isHeader: false) }
        if case let .snapshot(keyframe) = record.body {
            // The decoder requires a seq on a keyframe: it is the last record the keyframe includes.
            if let seq = record.seq { take(keyframe, seq: seq, ts: record.ts, line: line) }
            return
        }
        guard let seq = record.seq else { return applyContent(record, line: line) }
        switch place(seq: seq, line: line) {
        case .inOrder: applyContent(record, line: line)
        case .stale: input.stale += 1
        case .jump:
            // Applied, but at the position we had: the seq is taken only once a later line confirms it.
            var content = record
            content.seq = nil
            applyContent(content, line: line)
        }
    }

    /// Applies a record's content and counts it; a refused one (a ledger total out of range) is malformed.
    private mutating func applyContent(_ record: FeedRecord, line: Int) {
        guard state.apply(record) else {
            input.noteMalformed(line: line, reason: "amount would take a ledger total beyond \(TokenAmount.totalDigits) digits: refused")
            return
        }
        input.records += 1
        input.lastTs = state.ts
        if input.firstTs == nil, record.seq != nil { input.firstTs = record.ts }
    }

    /// A keyframe read from the start repeats what we have (and must agree with it); read as the
    /// first record (a seek) it is where we start, if it holds what its digest says. One whose seq
    /// is ahead of ours waits for the next line to say whether records were lost or its seq is damaged.
    private mutating func take(_ keyframe: Keyframe, seq: Int64, ts: Int64, line: Int) {
        settle(by: seq + 1)  // it carries the seq of the record before it: it goes on as that record's next would
        if input.lastSeq > 0, seq <= input.lastSeq {
            input.keyframes += 1
            if seq == input.lastSeq, !agrees(keyframe) { noteMismatch(line: line) }
        } else if input.lastSeq > 0 {
            pending = PendingJump(seq: seq, line: line, from: input.lastSeq, keyframe: keyframe, ts: ts)
        } else {
            restore(keyframe, seq: seq, ts: ts, line: line)
        }
    }

    mutating func restore(_ keyframe: Keyframe, seq: Int64, ts: Int64, line: Int) {
        do {
            let checked = try state.restored(keyframe)
            guard isSound(checked, keyframe) else {
                input.keyframes += 1
                noteMismatch(line: line)
                return
            }
            var restored = checked.state
            restored.seq = seq
            restored.ts = ts
            state = restored
            input.lastSeq = seq
            input.records += 1
            input.lastTs = ts
            if input.firstTs == nil { input.firstTs = ts }
        } catch {
            input.noteMalformed(line: line, reason: "unreadable snapshot: \(error.message)")
        }
    }
}
