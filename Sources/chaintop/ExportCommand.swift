import ArgumentParser
import Export
import Sources
import Store

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Run a source headless and print its state and concentration analytics.",
        discussion: """
            The simulator runs in virtual time as fast as it can (10 minutes of event time unless --at or \
            --records says otherwise); a replay is read to its end unless limited.
            """)

    @OptionGroup var sourceOptions: SourceOptions

    @Option(name: .long, help: "Stop at this much event time after the first record (e.g. 10m, 1h).")
    var at: String?

    @Option(name: .long, help: "Stop after this many records.")
    var records: Int?

    @Option(name: .long, help: "Output format: json or csv.")
    var format: Format = .json

    @Option(name: .long, help: "CSV only: one view (\(ExportView.allCases.map(\.rawValue).joined(separator: ", "))).")
    var view: ExportView?

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, csv }

    func validate() throws {
        if let records, records < 0 { throw ValidationError("--records must be 0 or more") }
        _ = try parseDuration(at, flag: "--at")
    }

    func run() throws {
        let source = try sourceOptions.open()
        var limit = Limit(eventMillis: try parseDuration(at, flag: "--at"), records: records)
        if case .sim = try sourceOptions.spec(), limit.eventMillis == nil, limit.records == nil {
            limit.eventMillis = 600_000  // the simulator never ends on its own
        }
        Interrupt.install()
        var store = Store()
        var pump = Pump(source: source, limit: limit)
        while let item = pump.next() { store.ingest(item) }
        let report = Report(store: store)
        switch format {
        case .json: print(report.json())
        case .csv: print(report.csv(view: view), terminator: "")
        }
    }
}

extension ExportView: ExpressibleByArgument {}
