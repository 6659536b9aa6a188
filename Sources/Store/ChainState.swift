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

    public init(historyDepth: Int = ChainState.standardHistoryDepth) { fleet = FleetState(historyDepth: historyDepth) }

    /// Samples of utilisation history per node, as the dashboard and the recorder keep them.
    public static let standardHistoryDepth = 60

    /// Applies one record. Keyframes (`snapshot`) are the store's to handle: it checks them against
    /// this state or restores one in its place (`Store.apply`); here they change nothing.
    public mutating func apply(_ record: FeedRecord) {
        if case .snapshot = record.body { return }
        if let s = record.seq { seq = s }
        if case let .header(h) = record.body {
            header = h
            return
        }
        ts = record.ts
        if firstTs == nil { firstTs = record.ts }
        applyBody(record.body, ts: record.ts)
    }

    /// The state a keyframe holds, with this state's header (keyframes leave it out).
    func restored(_ keyframe: Keyframe) throws(SnapshotError) -> ChainState {
        var state = try ChainState(keyframe: keyframe, historyDepth: fleet.history.depth)
        state.header = header
        return state
    }

    mutating func applyBody(_ body: RecordBody, ts: Int64) {
        switch body {
        case let .node(n): fleet.apply(n, ts: ts)
        case let .heartbeat(h): fleet.apply(h, ts: ts)
        case let .nodeStatus(s): fleet.apply(s, ts: ts)
        case let .nodeLeft(l): fleet.apply(l)
        case let .task(t): fleet.apply(t, ts: ts)
        case let .reward(r): rewards.apply(r, ts: ts)
        case let .claim(c): rewards.apply(c, ts: ts)
        case let .price(p): rewards.apply(p, ts: ts)
        case let .stablecoin(s): stablecoins.apply(s, ts: ts)
        case let .tvl(t): tvl.apply(t, ts: ts)
        case let .proposal(p): governance.apply(p)
        case let .vote(v): governance.apply(v)
        case .header, .snapshot, .bookmark: break
        }
    }
}

/// The state and the counts of what was read to build it.
public struct Store: Sendable {
    public var state: ChainState
    public var input = InputStats()

    public init(historyDepth: Int = ChainState.standardHistoryDepth) { state = ChainState(historyDepth: historyDepth) }

    /// A keyframe's digest speaks for a state kept to the standard history depth.
    private var digestApplies: Bool { state.fleet.history.depth == ChainState.standardHistoryDepth }

    /// Whether a keyframe's state is the state we built. With a digest this is one hash of our state;
    /// without one (another writer) the keyframe is parsed and compared in full.
    func agrees(_ keyframe: Keyframe) -> Bool {
        if let digest = keyframe.digest, digestApplies { return digest == state.digest }
        guard let theirs = try? state.restored(keyframe) else { return false }
        return theirs == state
    }

    /// Whether a keyframe read as the first record (a seek) holds the state its digest names.
    func isSound(_ restored: ChainState, _ keyframe: Keyframe) -> Bool {
        guard let digest = keyframe.digest, digestApplies else { return true }
        return restored.digest == digest
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
        case let .unknown(_, seq, _):
            input.unknown += 1
            _ = input.accept(seq: seq)
        case let .malformed(reason, line):
            input.noteMalformed(line: line, reason: reason)
        }
    }

    public mutating func apply(_ record: FeedRecord, line: Int = 0) {
        if case .header = record.body { input.noteFirst(isHeader: true) } else { input.noteFirst(isHeader: false) }
        if case let .snapshot(keyframe) = record.body {
            // A keyframe carries the seq of the last record it includes (the decoder requires one):
            // read from the start it repeats what we have (and must agree with it); read as the first
            // record (a seek) it is where we start, if it holds what its digest says.
            guard let seq = record.seq else { return }
            if input.lastSeq > 0, seq <= input.lastSeq {
                input.keyframes += 1
                if seq == input.lastSeq, !agrees(keyframe) { noteMismatch(line: line) }
                return
            }
            restore(keyframe, seq: seq, ts: record.ts, line: line)
            return
        }
        guard input.accept(seq: record.seq) else { return }
        state.apply(record)
        input.records += 1
        input.lastTs = state.ts
        if input.firstTs == nil, record.seq != nil { input.firstTs = record.ts }
    }

    private mutating func restore(_ keyframe: Keyframe, seq: Int64, ts: Int64, line: Int) {
        do {
            var restored = try state.restored(keyframe)
            guard isSound(restored, keyframe) else {
                noteMismatch(line: line)
                return
            }
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
