/// The record types of feed v1 and how each is read from its fields.
enum RecordKind: String, CaseIterable {
    case header, node, heartbeat, node_status, node_left, task, reward, claim, price
    case stablecoin, tvl, proposal, vote, holding, snapshot, bookmark

    static let fraction: ClosedRange<Double> = 0...1
    /// 9999-12-31T23:59:59.999Z in milliseconds.
    static let latestTime: Int64 = 253_402_300_799_999
    /// Sequence numbers stay far from overflow (2^53, as exact in a double).
    static let largestSeq: Int64 = 1 << 53
    static let nonNegative: ClosedRange<Double> = 0...Double.greatestFiniteMagnitude

    func decode(_ f: FieldView) throws -> FeedRecord {
        if self == .header {
            let created = try f.time("created")
            let seed = try f.optionalInt("seed")
            let header = Header(version: Int(try f.int("v")), source: try f.string("source"), created: created,
                                seed: seed.map { UInt64(bitPattern: $0) }, note: try f.optionalString("note"))
            return FeedRecord(seq: nil, ts: try f.optionalTime("ts") ?? created, body: .header(header))
        }
        let seq = try f.int("seq", min: 1, max: Self.largestSeq)
        let ts = try f.time("ts")
        return FeedRecord(seq: seq, ts: ts, body: try body(f))
    }

    func body(_ f: FieldView) throws -> RecordBody {
        switch self {
        case .header: throw FieldError(message: "header decoded as body")
        case .node:
            return .node(NodeInfo(
                id: try f.string("id"), operatorID: try f.string("operator"), region: try f.string("region"),
                nodeClass: try f.choice("class", NodeClass.self), cpuCores: Int(try f.int("cpu_cores", min: 0)),
                memGB: try f.double("mem_gb", in: Self.nonNegative), gpus: Int(try f.int("gpus", min: 0)),
                gpuModel: try f.optionalString("gpu_model"), version: try f.string("version")))
        case .heartbeat:
            return .heartbeat(Heartbeat(
                id: try f.string("id"), cpu: try f.double("cpu", in: Self.fraction),
                mem: try f.double("mem", in: Self.fraction), gpu: try f.optionalDouble("gpu", in: Self.fraction),
                tasks: Int(try f.int("tasks", min: 0))))
        case .node_status:
            return .nodeStatus(NodeStatusChange(id: try f.string("id"), status: try f.choice("status", NodeStatus.self),
                                                reason: try f.optionalString("reason")))
        case .node_left:
            return .nodeLeft(NodeLeft(id: try f.string("id"), reason: try f.optionalString("reason")))
        case .task:
            return .task(TaskEvent(id: try f.string("id"), node: try f.string("node"),
                                   state: try f.choice("state", TaskState.self),
                                   units: try f.double("units", in: Self.nonNegative), kind: try f.optionalString("kind")))
        case .reward:
            return .reward(Reward(node: try f.string("node"), operatorID: try f.string("operator"),
                                  amount: try f.amount("amount"), token: try f.string("token"),
                                  epoch: try f.int("epoch", min: -Self.largestSeq, max: Self.largestSeq), basis: try f.choice("basis", RewardBasis.self),
                                  reason: try f.optionalString("reason")))
        case .claim:
            return .claim(Claim(operatorID: try f.string("operator"), amount: try f.amount("amount"),
                                token: try f.string("token"), feeUSD: try f.optionalDouble("fee_usd", in: Self.nonNegative)))
        case .price:
            return .price(Price(symbol: try f.string("symbol"), usd: try f.double("usd", in: Self.nonNegative)))
        case .stablecoin:
            return .stablecoin(Stablecoin(
                symbol: try f.string("symbol"), issuer: try f.string("issuer"), peg: try f.string("peg"),
                price: try f.nullableDouble("price"), supply: try f.double("supply", in: Self.nonNegative),
                reserves: try reserves(f.nested("reserves")), mechanism: try f.optionalString("mechanism")))
        case .tvl:
            return .tvl(TVL(protocolName: try f.string("protocol"), chain: try f.string("chain"),
                            category: try f.optionalString("category"), usd: try f.double("usd", in: Self.nonNegative)))
        case .proposal:
            return .proposal(Proposal(
                id: try f.string("id"), space: try f.string("space"), title: try f.string("title"),
                state: try f.choice("state", ProposalState.self), start: try f.optionalTime("start"),
                end: try f.optionalTime("end"), quorum: try f.optionalDouble("quorum", in: Self.nonNegative),
                choices: try choices(f.nested("choices")), voting: try f.optionalString("voting"),
                token: try f.optionalString("token")))
        case .vote:
            let choice = try voteChoice(f)
            // Only a vote with a `choice` (null: one that could not be read) may leave out support;
            // feed v1 requires it on plain votes.
            let support = f.find("choice") == nil ? try f.choice("support", Support.self)
                : try f.optionalString("support").map { _ in try f.choice("support", Support.self) }
            return .vote(Vote(proposal: try f.string("proposal"), voter: try f.string("voter"), support: support,
                              weight: try f.double("weight", in: Self.nonNegative), reason: try f.optionalString("reason"),
                              choice: choice))
        case .holding:
            return .holding(Holding(token: try f.string("token"), holder: try f.string("holder"),
                                    balance: try f.double("balance", in: Self.nonNegative)))
        case .snapshot:
            var digest: UInt64?
            var scheme = Keyframe.DigestScheme.sd1
            if let text = try f.optionalString("digest") {
                switch Keyframe.digest(text: text) {
                case let .known(d, s): digest = d; scheme = s
                case .otherScheme: digest = nil  // compared in full, as a keyframe without one
                case .malformed: throw FieldError(message: "field 'digest' must be its scheme (sd1:, sd2:) and 16 hex digits")
                }
            }
            guard let state = f.skimmed("state") else { throw FieldError(message: "field 'state' must be an object") }
            return .snapshot(Keyframe(json: state, digest: digest, scheme: scheme))
        case .bookmark:
            return .bookmark
        }
    }

    func choices(_ value: JSONValue?) throws -> [String]? {
        guard let value else { return nil }
        guard let list = value.array else { throw FieldError(message: "field 'choices' must be an array of strings") }
        return try list.map {
            guard let label = $0.string else { throw FieldError(message: "field 'choices' must be an array of strings") }
            return label
        }
    }

    func voteChoice(_ f: FieldView) throws -> VoteChoice? {
        let bad = FieldError(message: "field 'choice' must be a choice from 1 to \(VoteChoice.maxChoice), a list of them, or an object of weights")
        let top = VoteChoice.maxChoice
        switch f.find("choice") {
        case nil, .null?: return nil
        case .number?:
            guard let i = try f.optionalInt("choice"), i >= 1, i <= Int64(top) else { throw bad }
            return .index(Int(i))
        default: break
        }
        switch try f.nested("choice") {
        case let .array(items)?:
            return .indices(try items.map { item in
                guard let i = item.int, i >= 1, i <= top else { throw bad }
                return i
            })
        case let .object(pairs)?:
            return .weights(try pairs.map { key, value in
                guard let i = Int(key), i >= 1, i <= top, let w = value.double, w >= 0 else { throw bad }
                return ChoiceWeight(choice: i, weight: w)
            })
        default: throw bad
        }
    }

    func reserves(_ value: JSONValue?) throws -> [ReserveEntry]? {
        guard let value else { return nil }
        guard case let .object(pairs) = value else { throw FieldError(message: "field 'reserves' must be an object") }
        return try pairs.map { key, amount in
            guard let usd = amount.double, usd >= 0 else {
                throw FieldError(message: "reserve '\(key)' must be a non-negative number")
            }
            return ReserveEntry(category: key, usd: usd)
        }
    }
}
