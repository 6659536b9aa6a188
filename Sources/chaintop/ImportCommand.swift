#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Feed
import Importers
import Recording
import Remote
import Store

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn real data (DefiLlama, Snapshot, Governor events, CSV exports) into a feed v1 recording.",
        discussion: """
            Event times come from the data; data without any (a /protocols list) is dated by --time or else by \
            the file's modification time. Rows that cannot be read are counted and listed with their row numbers, \
            and the import goes on. Importing the same files twice gives the same bytes.
            """)

    @Argument(help: "What the files are: \(ImportKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kindName: String

    /// Checked in validate(): an unknown kind is one line, not ArgumentParser's list.
    var kind: ImportKind { ImportKind(rawValue: kindName) ?? .votesCSV }

    @Argument(help: "The files to read (a JSON response or export, or a CSV file).")
    var files: [String]

    @Option(name: .long, help: "The recording to write (a name ending in .gz writes gzip).")
    var out: String?

    @Option(name: .long, help: "Also (or instead) post the records to a coordinator as a publisher: http://HOST:PORT.")
    var publish: String?

    @Option(name: .long, help: "--publish: a publisher (or admin) token (default: $CHAINTOP_TOKEN).")
    var token: String?

    @Option(name: .long, help: "votes-csv, holders-csv: feed field=CSV column, comma-separated (e.g. voter=VOTER,weight=VOTES).")
    var map: String?

    @Option(name: .long, help: "Decimals of raw token amounts (governor-events: 18 by default; 0 reads weights as tokens).")
    var decimals: Int?

    @Option(name: .long, help: "Event time of data that carries none: unix seconds or an ISO date (2026-04-01T12:00:00Z).")
    var time: String?

    @Option(name: .long, help: "snapshot-votes, votes-csv: the proposal of votes that name none.")
    var proposal: String?

    @Option(name: .long, help: "snapshot-votes: a proposals file (JSON or CSV) giving types and choices; imported too. Repeatable.")
    var proposals: [String] = []

    @Option(name: .long, help: "Vote kinds: a holder list (address,balance,token) to import alongside. Repeatable.")
    var holders: [String] = []

    @Option(name: .long, help: "holders-csv, governor-events, snapshot: the token's symbol, when the file names none.")
    var symbol: String?

    @Option(name: .long, help: "governor-events: the space, when the file names no contract.")
    var space: String?

    func validate() throws {
        guard ImportKind(rawValue: kindName) != nil else {
            throw ValidationError("unknown kind '\(kindName)': use one of \(ImportKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if !holders.isEmpty, ![.snapshotVotes, .governorEvents, .votesCSV].contains(kind) {
            throw ValidationError("--holders applies to snapshot-votes, governor-events and votes-csv")
        }
        if files.isEmpty { throw ValidationError("give at least one file to import") }
        if out == nil, publish == nil { throw ValidationError("give --out FILE, --publish URL, or both") }
        if let publish, !(publish.hasPrefix("http://") || publish.hasPrefix("https://")) {
            throw ValidationError("--publish must be the coordinator's URL, http://HOST:PORT")
        }
        if let decimals, !(0...36).contains(decimals) { throw ValidationError("--decimals must be between 0 and 36") }
        if let time, Importer.time(time) == nil { throw ValidationError("bad --time '\(time)': use unix seconds or an ISO date") }
        if let map {
            guard let m = Importer.columnMap(map) else { throw ValidationError("bad --map '\(map)': use field=COLUMN,…") }
            let allowed = Importer.mappableFields(kind)
            if allowed.isEmpty { throw ValidationError("--map applies to votes-csv and holders-csv only") }
            if let bad = m.keys.sorted().first(where: { !allowed.contains($0) }) {
                throw ValidationError("--map: \(kind.rawValue) has no field '\(bad)' (fields: \(allowed.joined(separator: ", ")))")
            }
        }
        if !proposals.isEmpty, kind != .snapshotVotes { throw ValidationError("--proposals applies to snapshot-votes only") }
    }

    func run() throws {
        var options = ImportOptions()
        options.map = map.flatMap(Importer.columnMap) ?? [:]
        options.decimals = decimals
        options.time = time.flatMap(Importer.time)
        options.proposal = proposal
        options.token = symbol
        options.space = space
        let result: ImportResult
        do {
            options.proposals = try proposals.map(ImportFiles.read)
            options.holders = try holders.map(ImportFiles.read)
            result = try Importer.run(kind, try files.map(ImportFiles.read), options: options)
        } catch let e as ImportError where e.isUsage {
            throw ValidationError(e.description)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure.input("\(error)")
        }
        if let out { try write(result, to: out) }
        report(result)
        if let publish { try post(result, to: publish) }
    }

    /// Posts the records to the coordinator and says what it took.
    func post(_ result: ImportResult, to url: String) throws {
        let bearer = token ?? environment()["CHAINTOP_TOKEN"]
        let publisher = Publisher(base: url, token: bearer?.isEmpty == false ? bearer : nil)
        let records = result.records
        let outcome: Publisher.Outcome
        do { outcome = try runBlocking { try await publisher.publish(records) } } catch {
            throw Failure.output("publishing to \(url): \(error)")
        }
        var err = StandardError()
        print("chaintop: published \(outcome.accepted) records to \(url)" + (outcome.lastSeq.map { " (last seq \($0))" } ?? "")
              + (outcome.refused.isEmpty ? "" : "; \(outcome.refused.count) refused, first: \(outcome.refused[0])"), to: &err)
        if !outcome.refused.isEmpty { throw ExitCode(1) }
    }

    func write(_ result: ImportResult, to out: String) throws {
        let writer: FeedWriter
        do { writer = try FeedFiles.writer(out) } catch { throw Failure.output(error.description) }
        // The header's time is the data's, so that importing twice gives the same bytes.
        let created = result.records.first?.ts ?? 0
        let names = files.map { $0.split(separator: "/").last.map(String.init) ?? $0 }
        let header = Header(source: "import", created: created, note: "\(kind.rawValue): \(names.joined(separator: ", "))")
        var store = Store()
        var recorder = Recorder(writer: writer, keyframeEvery: 10_000, header: header, atMostHalf: true)
        for record in result.records {
            let item = FeedItem.record(record, line: 0)
            store.ingest(item)
            recorder.take(item, state: store.state)
        }
        if result.records.isEmpty { writer.write(FeedRecord(seq: nil, ts: created, body: .header(header))) }
        writer.close()
        if let failure = writer.failure { throw Failure.output("writing \(out) failed: \(failure)") }
    }

    func report(_ result: ImportResult) {
        var err = StandardError()
        for note in result.notes { print("chaintop: \(note)", to: &err) }
        let shown = result.problems.prefix(20)
        for p in shown { print("chaintop: bad row \(p)", to: &err) }
        if result.problems.count > shown.count { print("chaintop: … and \(result.problems.count - shown.count) more bad rows", to: &err) }
        print("chaintop: imported \(result.records.count) records from \(result.rows) rows" + (out.map { " to \($0)" } ?? "")
              + " (\(result.problems.count) bad rows)",
              to: &err)
    }
}

enum ImportFiles {
    /// A file's bytes and modification time; a file that cannot be read ends the import (a Failure: exit 1).
    static func read(_ path: String) throws -> ImportFile {
        let file: FileStream
        do { file = try FileStream.open(reading: path) } catch { throw Failure.input(error.description) }
        var info = stat()
        let modified: Int64? = fstat(file.fd, &info) == 0 ? Int64(info.st_mtim.tv_sec) * 1000 : nil
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { file.read(into: $0) }
            if n < 0 { throw Failure.input("cannot read \(path): \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[..<n])
        }
        return ImportFile(name: path, bytes: bytes, modified: modified)
    }
}
