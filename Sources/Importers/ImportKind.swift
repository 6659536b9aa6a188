import Feed

/// What `chaintop import` reads.
public enum ImportKind: String, Sendable, CaseIterable {
    case defillamaProtocols = "defillama-protocols"
    case defillamaProtocol = "defillama-protocol"
    case defillamaStablecoins = "defillama-stablecoins"
    case defillamaStablecoincharts = "defillama-stablecoincharts"
    case defillamaChains = "defillama-chains"
    case snapshotProposals = "snapshot-proposals"
    case snapshotVotes = "snapshot-votes"
    case governorEvents = "governor-events"
    case votesCSV = "votes-csv"
    case holdersCSV = "holders-csv"
}

/// One input file: its name (for messages and as a fallback id) and its bytes.
public struct ImportFile: Sendable {
    public var name: String
    public var bytes: [UInt8]
    /// When the file was last changed (ms): the event time of data that carries none of its own.
    public var modified: Int64?
    public init(name: String, bytes: [UInt8], modified: Int64? = nil) {
        self.name = name; self.bytes = bytes; self.modified = modified
    }

    /// The name without folders and extensions ("votes.json" → "votes").
    var stem: String {
        let base = name.split(separator: "/").last.map(String.init) ?? name
        return base.split(separator: ".").first.map(String.init) ?? base
    }
}

public struct ImportOptions: Sendable {
    /// Column map of votes-csv and holders-csv: feed field → CSV column.
    public var map: [String: String] = [:]
    /// Decimals of raw token amounts (governor-events: 18 unless given; votes-csv: 0).
    public var decimals: Int?
    /// The event time of data that carries none (a /protocols list): given, or else the file's.
    public var time: Int64?
    /// snapshot-votes and votes-csv: the proposal when a vote does not name one.
    public var proposal: String?
    /// snapshot-votes: proposals to take types and choices from (and to import alongside).
    public var proposals: [ImportFile] = []
    /// Vote kinds: holder lists (holders-csv's default columns) imported alongside, so that a proposal's
    /// token shows how concentrated its holders are.
    public var holders: [ImportFile] = []
    /// holders-csv and governor-events: the token when the file does not name it.
    public var token: String?
    /// governor-events: the space when the file names no contract.
    public var space: String?
    public init() {}
}

/// A row that could not be imported, or was imported in part (a vote whose choice is unknown).
public struct RowProblem: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// The line the row starts on (CSV), or its position in the list from 1 (JSON).
    public var row: Int
    public var message: String
    public var description: String { "\(file):\(row): \(message)" }
}

/// What an import gives: the records in event-time order, the rows that went wrong, and notes.
public struct ImportResult: Sendable {
    public var records: [FeedRecord] = []
    public var problems: [RowProblem] = []
    public var notes: [String] = []
    /// Rows (or list entries) read.
    public var rows = 0

    public init() {}

    mutating func add(_ ts: Int64, _ body: RecordBody) { records.append(FeedRecord(seq: nil, ts: ts, body: body)) }

    mutating func problem(_ file: ImportFile, _ row: Int, _ message: String) {
        problems.append(RowProblem(file: file.name, row: row, message: message))
    }

    mutating func note(_ text: String) { if !notes.contains(text) { notes.append(text) } }

    mutating func merge(_ other: ImportResult) {
        records += other.records; problems += other.problems; rows += other.rows
        for n in other.notes { note(n) }
    }

    /// Orders the records by event time (stable: records of one time keep the order the data gave)
    /// and numbers them from 1.
    mutating func finish() {
        let order = records.indices.sorted { records[$0].ts != records[$1].ts ? records[$0].ts < records[$1].ts : $0 < $1 }
        records = order.enumerated().map { n, i in
            var r = records[i]
            r.seq = Int64(n + 1)
            return r
        }
    }
}

/// Why a whole file cannot be imported (not JSON, not the shape asked for): the command's I/O error.
public struct ImportError: Error, Sendable, CustomStringConvertible {
    public let description: String
    /// The command line asked for what the file cannot give (a --map column it lacks): exit 2, not 1.
    public let isUsage: Bool
    init(_ description: String, usage: Bool = false) { self.description = description; isUsage = usage }
}

public enum Importer {
    /// Turns the files into feed records; bad rows are counted in the result, never thrown.
    public static func run(_ kind: ImportKind, _ files: [ImportFile], options: ImportOptions = ImportOptions()) throws(ImportError) -> ImportResult {
        var result = ImportResult()
        switch kind {
        case .snapshotVotes:
            result = try SnapshotVotes(options: options).run(files)
        default:
            for file in files { result.merge(try runOne(kind, file, options)) }
        }
        var plain = options
        plain.map = [:]
        plain.decimals = nil
        for file in options.holders { result.merge(try MappedCSV.holders(file, plain)) }
        result.finish()
        return result
    }

    static func runOne(_ kind: ImportKind, _ file: ImportFile, _ o: ImportOptions) throws(ImportError) -> ImportResult {
        switch kind {
        case .defillamaProtocols: try DefiLlamaTVL.protocols(file, o)
        case .defillamaProtocol: try DefiLlamaTVL.protocolHistory(file, o)
        case .defillamaChains: try DefiLlamaTVL.chains(file, o)
        case .defillamaStablecoins: try DefiLlamaStablecoins.current(file, o)
        case .defillamaStablecoincharts: try DefiLlamaStablecoins.history(file, o)
        case .snapshotProposals: try SnapshotProposals.run(file, o).result
        case .snapshotVotes: try SnapshotVotes(options: o).run([file])
        case .governorEvents: try GovernorEvents.run(file, o)
        case .votesCSV: try MappedCSV.votes(file, o)
        case .holdersCSV: try MappedCSV.holders(file, o)
        }
    }

    static func json(_ file: ImportFile) throws(ImportError) -> JSONNode {
        do { return try JSONNode.parse(file.bytes) } catch { throw ImportError("\(file.name) is not JSON: \(error)") }
    }

    /// The time of data without one: --time, else the file's modification time (said in a note).
    static func undatedTime(_ file: ImportFile, _ o: ImportOptions, _ result: inout ImportResult) throws(ImportError) -> Int64 {
        if let t = o.time { return t }
        guard let m = file.modified else { throw ImportError("\(file.name) carries no event time: give --time") }
        result.note("\(file.name) carries no event time: its records are dated by the file's modification time (--time sets one)")
        return m
    }
}

extension Importer {
    /// An event time as the importers read one (unix seconds or an ISO 8601 date), in milliseconds.
    public static func time(_ text: String) -> Int64? { parseTime(text) }

    /// `voter=VOTER,weight=VOTES`: feed field → column. Nil when a pair has no `=` or a side is empty.
    public static func columnMap(_ text: String) -> [String: String]? {
        var map: [String: String] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
            map[parts[0]] = parts[1]
        }
        return map
    }

    /// The fields --map may name, by kind.
    public static func mappableFields(_ kind: ImportKind) -> [String] {
        switch kind {
        case .votesCSV: ["voter", "weight", "proposal", "choice", "support", "time", "reason"]
        case .holdersCSV: ["holder", "balance", "token", "time"]
        default: []
        }
    }
}
