/// One record of feed v1: the envelope (`seq`, `ts`) and its typed body.
public struct FeedRecord: Sendable, Equatable {
    /// Position in the stream, from 1; nil only on a header.
    public var seq: Int64?
    /// Event time, milliseconds since the Unix epoch.
    public var ts: Int64
    public var body: RecordBody

    public init(seq: Int64?, ts: Int64, body: RecordBody) {
        self.seq = seq
        self.ts = ts
        self.body = body
    }
}

/// The rare, large payloads are boxed (`indirect`) so that every item handed along the read path
/// is as small as a heartbeat's, not as large as a node description's.
public enum RecordBody: Sendable, Equatable {
    indirect case header(Header)
    indirect case node(NodeInfo)
    case heartbeat(Heartbeat)
    case nodeStatus(NodeStatusChange)
    case nodeLeft(NodeLeft)
    case task(TaskEvent)
    indirect case reward(Reward)
    case claim(Claim)
    case price(Price)
    indirect case stablecoin(Stablecoin)
    case tvl(TVL)
    indirect case proposal(Proposal)
    indirect case vote(Vote)
    case holding(Holding)
    case snapshot(Keyframe)
    case bookmark

    /// The `type` field this body is written with.
    public var typeName: String {
        switch self {
        case .header: "header"
        case .node: "node"
        case .heartbeat: "heartbeat"
        case .nodeStatus: "node_status"
        case .nodeLeft: "node_left"
        case .task: "task"
        case .reward: "reward"
        case .claim: "claim"
        case .price: "price"
        case .stablecoin: "stablecoin"
        case .tvl: "tvl"
        case .proposal: "proposal"
        case .vote: "vote"
        case .holding: "holding"
        case .snapshot: "snapshot"
        case .bookmark: "bookmark"
        }
    }
}

public struct Header: Sendable, Equatable {
    public var version: Int
    public var source: String
    public var created: Int64
    public var seed: UInt64?
    public var note: String?
    public init(version: Int = 1, source: String, created: Int64, seed: UInt64? = nil, note: String? = nil) {
        self.version = version; self.source = source; self.created = created; self.seed = seed; self.note = note
    }
}

public enum NodeClass: String, Sendable, CaseIterable {
    case gpu, server, desktop, phone, iot

    /// Its place in `allCases`, without a search (counts and tables by class are arrays).
    public var ordinal: Int {
        switch self {
        case .gpu: 0
        case .server: 1
        case .desktop: 2
        case .phone: 3
        case .iot: 4
        }
    }
}

public struct NodeInfo: Sendable, Equatable {
    public var id: String
    public var operatorID: String
    public var region: String
    public var nodeClass: NodeClass
    public var cpuCores: Int
    public var memGB: Double
    public var gpus: Int
    public var gpuModel: String?
    public var version: String
    public init(id: String, operatorID: String, region: String, nodeClass: NodeClass, cpuCores: Int,
                memGB: Double, gpus: Int, gpuModel: String? = nil, version: String) {
        self.id = id; self.operatorID = operatorID; self.region = region; self.nodeClass = nodeClass
        self.cpuCores = cpuCores; self.memGB = memGB; self.gpus = gpus; self.gpuModel = gpuModel; self.version = version
    }
}

public struct Heartbeat: Sendable, Equatable {
    public var id: String
    public var cpu: Double
    public var mem: Double
    public var gpu: Double?
    public var tasks: Int
    public init(id: String, cpu: Double, mem: Double, gpu: Double? = nil, tasks: Int) {
        self.id = id; self.cpu = cpu; self.mem = mem; self.gpu = gpu; self.tasks = tasks
    }
}

public enum NodeStatus: String, Sendable, CaseIterable { case online, degraded, offline, draining }

public struct NodeStatusChange: Sendable, Equatable {
    public var id: String
    public var status: NodeStatus
    public var reason: String?
    public init(id: String, status: NodeStatus, reason: String? = nil) { self.id = id; self.status = status; self.reason = reason }
}

public struct NodeLeft: Sendable, Equatable {
    public var id: String
    public var reason: String?
    public init(id: String, reason: String? = nil) { self.id = id; self.reason = reason }
}

public enum TaskState: String, Sendable, CaseIterable { case assigned, running, done, failed, lost }

public struct TaskEvent: Sendable, Equatable {
    public var id: String
    public var node: String
    public var state: TaskState
    public var units: Double
    public var kind: String?
    public init(id: String, node: String, state: TaskState, units: Double, kind: String? = nil) {
        self.id = id; self.node = node; self.state = state; self.units = units; self.kind = kind
    }
}

public enum RewardBasis: String, Sendable, CaseIterable { case task, uptime, stake, penalty }

public struct Reward: Sendable, Equatable {
    public var node: String
    public var operatorID: String
    public var amount: TokenAmount
    public var token: String
    public var epoch: Int64
    public var basis: RewardBasis
    /// Why a penalty was applied (a chaintop extension; optional).
    public var reason: String?
    public init(node: String, operatorID: String, amount: TokenAmount, token: String, epoch: Int64, basis: RewardBasis,
                reason: String? = nil) {
        self.node = node; self.operatorID = operatorID; self.amount = amount; self.token = token
        self.epoch = epoch; self.basis = basis; self.reason = reason
    }
}

public struct Claim: Sendable, Equatable {
    public var operatorID: String
    public var amount: TokenAmount
    public var token: String
    public var feeUSD: Double?
    public init(operatorID: String, amount: TokenAmount, token: String, feeUSD: Double? = nil) {
        self.operatorID = operatorID; self.amount = amount; self.token = token; self.feeUSD = feeUSD
    }
}

public struct Price: Sendable, Equatable {
    public var symbol: String
    public var usd: Double
    public init(symbol: String, usd: Double) { self.symbol = symbol; self.usd = usd }
}

/// One reserve category of a stablecoin and its USD value.
public struct ReserveEntry: Sendable, Equatable {
    public var category: String
    public var usd: Double
    public init(category: String, usd: Double) { self.category = category; self.usd = usd }
}

public struct Stablecoin: Sendable, Equatable {
    public var symbol: String
    public var issuer: String
    public var peg: String
    public var price: Double?
    public var supply: Double
    public var reserves: [ReserveEntry]?
    public var mechanism: String?
    public init(symbol: String, issuer: String, peg: String, price: Double?, supply: Double,
                reserves: [ReserveEntry]? = nil, mechanism: String? = nil) {
        self.symbol = symbol; self.issuer = issuer; self.peg = peg; self.price = price; self.supply = supply
        self.reserves = reserves; self.mechanism = mechanism
    }
}

public struct TVL: Sendable, Equatable {
    public var protocolName: String
    public var chain: String
    public var category: String?
    public var usd: Double
    public init(protocolName: String, chain: String, category: String? = nil, usd: Double) {
        self.protocolName = protocolName; self.chain = chain; self.category = category; self.usd = usd
    }
}

extension TVL {
    /// DefiLlama's TVL by chain (/v2/chains) is filed as one entry of this category: a different measure
    /// of the same money, listed beside the protocols but never added to them.
    public static let chainTotalsCategory = "chain totals"
}

public enum ProposalState: String, Sendable, CaseIterable { case pending, active, succeeded, defeated, executed, canceled }

public struct Proposal: Sendable, Equatable {
    public var id: String
    public var space: String
    public var title: String
    public var state: ProposalState
    public var start: Int64?
    public var end: Int64?
    public var quorum: Double?
    /// The labels of a multi-choice proposal, choice 1 first (a chaintop extension; optional).
    public var choices: [String]?
    /// How choices are counted: Snapshot's type ("basic", "single-choice", "approval", "ranked-choice",
    /// "weighted", "quadratic"); nil for a for/against/abstain vote.
    public var voting: String?
    /// The token whose holders vote (its `holding` records show how concentrated it is).
    public var token: String?
    public init(id: String, space: String, title: String, state: ProposalState, start: Int64? = nil,
                end: Int64? = nil, quorum: Double? = nil, choices: [String]? = nil, voting: String? = nil,
                token: String? = nil) {
        self.id = id; self.space = space; self.title = title; self.state = state
        self.start = start; self.end = end; self.quorum = quorum
        self.choices = choices; self.voting = voting; self.token = token
    }
}

public enum Support: String, Sendable, CaseIterable { case `for`, against, abstain }

/// What a voter chose on a multi-choice proposal. Choices are numbered from 1, as Snapshot numbers them.
public enum VoteChoice: Sendable, Equatable {
    /// One choice (single-choice, basic).
    case index(Int)
    /// Several: the approved ones (approval), or an order of preference (ranked-choice).
    case indices([Int])
    /// The voter's weight split over choices in proportion to these (weighted, quadratic).
    case weights([ChoiceWeight])
}

extension VoteChoice {
    /// The highest choice number read: a proposal with more choices than this is not one people vote on,
    /// and per-choice results are an array of this many at most.
    public static let maxChoice = 10_000
}

public struct ChoiceWeight: Sendable, Equatable {
    public var choice: Int
    public var weight: Double
    public init(choice: Int, weight: Double) { self.choice = choice; self.weight = weight }
}

public struct Vote: Sendable, Equatable {
    public var proposal: String
    public var voter: String
    /// nil on a multi-choice vote that is not for, against or abstain, or whose choice is unknown.
    public var support: Support?
    public var weight: Double
    public var reason: String?
    /// nil on a plain for/against/abstain vote, and on a vote whose choice could not be read.
    public var choice: VoteChoice?
    public init(proposal: String, voter: String, support: Support?, weight: Double, reason: String? = nil,
                choice: VoteChoice? = nil) {
        self.proposal = proposal; self.voter = voter; self.support = support; self.weight = weight; self.reason = reason
        self.choice = choice
    }
}

/// A holder's balance of a token; a later one for the same pair replaces it.
public struct Holding: Sendable, Equatable {
    public var token: String
    public var holder: String
    public var balance: Double
    public init(token: String, holder: String, balance: Double) {
        self.token = token; self.holder = holder; self.balance = balance
    }
}
