import UI
import Analytics
import Feed
import Store

/// Selection, scroll, sort and filter of one list screen.
public struct ListState: Sendable, Equatable {
    public var selected = 0
    public var offset = 0
    public var sortColumn = 0
    public var descending = false
    public var filter = ""
    public init() {}
}

/// What Enter opened.
public enum Detail: Sendable, Equatable {
    case node(String)
    case stablecoin(String)
    case protocolTVL(String)
    case proposal(String)
    case operatorID(String)
}

/// The dashboard's whole model (bubbletea's Model): pure data, changed only by `update`.
public struct Model: Sendable {
    public var screen: Screen = .overview
    public var size: Size
    public var now: Int64
    public var utcOffsetSeconds = 0
    public var paused: Bool { frozen != nil }
    /// The data as it was when the view was paused; the source keeps being read meanwhile.
    public internal(set) var frozen: DataView?
    public var showHelp = false
    /// d, c and v act through the coordinator: only with an operator's token and not `--readonly`.
    public var actionsEnabled = false
    public internal(set) var pendingAction: PendingAction?
    /// The last action's outcome (the coordinator's answer, or "cancelled"), shown in the status line.
    public internal(set) var actionNote: String?
    public var filtering = false
    /// Typing a time to jump to (`g` in a replay).
    public var jumping = false
    public var jumpText = ""
    public var lists: [ListState] = Array(repeating: ListState(), count: Screen.allCases.count)
    public var detail: Detail?
    /// How the voters inside a proposal are sorted (by rank, the heaviest first, until asked).
    public var voterSort = ListState()
    public var detailOffset = 0
    /// The status line marks data older than this as stale.
    public var staleAfterMillis: Int64 = 10_000
    public var refreshMillis: Int64 = 1000
    /// Draw with ASCII stand-ins (no UTF-8 locale).
    public var ascii = false
    public var themeName = "dark"
    /// The last data received (`Message.data`).
    public internal(set) var live = DataView(state: ChainState(), input: InputStats(), source: SourceStatus(name: ""))
    /// Rows, figures and alerts derived from the data at the last refresh.
    public internal(set) var derived = Derived()
    /// The alerts seen at each refresh, with when each started and ended.
    public var alertLog = AlertLog()
    /// The fee to claim in USD (`--claim-fee`); nil: the median fee of recent claims.
    public var claimFeeUSD: Double?
    /// The one operator Fleet and Rewards show (`--operator`, or `o` on a row); nil: everyone.
    public var operatorScope: String?
    /// How the Fleet view groups its nodes (F5).
    public var fleetGrouping = FleetGrouping.none
    /// The settings file as read and as changed here (written back through `Effect.saveSettings`).
    public internal(set) var settings = Settings()
    /// A message shown in the status line for 10 s from `at` (a bad settings or theme file).
    public var notice: Notice?

    public init(size: Size, now: Int64) {
        self.size = size
        self.now = now
        // Sensible first sorts: busiest nodes, biggest earners, largest protocols, newest proposals.
        lists[Screen.fleet.rawValue].sortColumn = 0
        lists[Screen.rewards.rawValue].sortColumn = 1
        lists[Screen.rewards.rawValue].descending = true
        lists[Screen.stablecoins.rawValue].sortColumn = 4
        lists[Screen.stablecoins.rawValue].descending = true
        lists[Screen.tvl.rawValue].sortColumn = 3
        lists[Screen.tvl.rawValue].descending = true
    }

    public var list: ListState {
        get { lists[screen.rawValue] }
        set { lists[screen.rawValue] = newValue }
    }

    /// The smallest terminal every screen fits.
    public static let minimumSize = Size(width: 80, height: 24)
    public var tooSmall: Bool { size.width < Model.minimumSize.width || size.height < Model.minimumSize.height }
}

/// A message for the status line, from a wall-clock time.
public struct Notice: Sendable, Equatable {
    public var text: String
    public var at: Int64
    public init(_ text: String, at: Int64) { self.text = text; self.at = at }
}

/// What `view` draws from: the state, the input counts and the source's status, borrowed for one frame.
public struct DataView: Sendable {
    public let state: ChainState
    public let input: InputStats
    public let source: SourceStatus

    public init(state: ChainState, input: InputStats, source: SourceStatus) {
        self.state = state; self.input = input; self.source = source
    }

    public init(store: Store, source: SourceStatus) {
        self.init(state: store.state, input: store.input, source: source)
    }

    /// The same source and counts without the state: what the program keeps between frames, so that
    /// it holds no reference to the store's buffers and the reader's next write copies nothing.
    public var withoutState: DataView { DataView(state: DataView.noState, input: input, source: source) }
    static let noState = ChainState()
}
