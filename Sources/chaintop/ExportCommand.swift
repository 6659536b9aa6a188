import ArgumentParser
import Dashboard
import Export
import Sources
import UI
import Simulation
import Recording
import Remote
import Analytics
import Feed
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
    @OptionGroup var figureOptions: FigureOptions

    @Option(name: .long, help: "Add this operator's fleet and rewards to the JSON, and limit the fleet and rewards tables and views to it.")
    var `operator`: String?

    @Option(name: .long, help: "Stop at this much event time after the first record (e.g. 10m, 1h).")
    var at: String?

    @Option(name: .long, help: "Stop after this many records.")
    var records: Int?

    @Option(name: .long, help: "Output format: json, csv, or text (the screen a view would show).")
    var format: Format = .json

    @Option(name: .long, help: "One view (\(ExportView.allCases.map(\.rawValue).joined(separator: ", "))): a CSV table, or the screen for text.")
    var view: ExportView?

    @Option(name: .long, help: "Text only: screen width in columns.")
    var width: Int = 120

    @Option(name: .long, help: "Text only: screen height in rows.")
    var height: Int = 40

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, csv, text }

    func validate() throws {
        if let records, records < 0 { throw ValidationError("--records must be 0 or more") }
        guard (1...1000).contains(width), (1...1000).contains(height) else {
            throw ValidationError("--width and --height must be between 1 and 1000")
        }
        let least = Model.minimumSize
        if format == .text, width < least.width || height < least.height {
            // The dashboard would show "enlarge it": as an export that is an empty answer, not a screen.
            throw ValidationError("--format text needs at least \(least.width)×\(least.height), the smallest screen the views fit; got \(width)×\(height)")
        }
        _ = try parseDuration(at, flag: "--at")
    }

    func run() throws {
        let source = try sourceOptions.open(untilCaughtUp: true)
        var limit = Limit(eventMillis: try parseDuration(at, flag: "--at"), records: records)
        if case .sim = try sourceOptions.spec(), limit.eventMillis == nil, limit.records == nil {
            limit.eventMillis = 600_000  // the simulator never ends on its own
        }
        Interrupt.install(watchdog: true)
        var store = Store()
        var pump = Pump(source: source, limit: limit)
        // The alerts are watched as the records are read, as the dashboard watches them, so each has its times.
        var alerts = AlertLog()
        while let item = pump.next() {
            store.ingest(item)
            if alerts.wantsObservation(at: store.state.ts, seq: store.state.seq, minStep: AlertLog.streamStepMillis) {
                alerts.observe(store.state, minStep: AlertLog.streamStepMillis)
            }
        }
        store.finish()
        // A network source that failed has no state worth printing: nothing of it was caught up with.
        if let failure = (source as? NetworkRecordStream)?.failure { throw Failure.input("\(source.name): \(failure)") }
        alerts.observe(store.state)
        let failure = (source as? ReplaySession)?.failure
        if let failure {
            var err = StandardError()
            print("chaintop: \(sourceOptions.source): \(failure)", to: &err)
        }
        let report = Report(store: store, alerts: alerts, claimFee: figureOptions.claimFee, operator: self.operator)
        if let op = self.operator, report.state.rewards.operators[op] == nil, report.state.fleet.nodesByOperator[op] == nil {
            var err = StandardError()
            print("chaintop: no operator \(op) in the data: its fleet and rewards are empty", to: &err)
        }
        switch format {
        case .json: print(report.json())
        case .csv: print(report.csv(view: view), terminator: "")
        case .text: print(screenText(store: store, source: source.name, alerts: alerts))
        }
        try Interrupt.exitIfSignalled()
        // What decoded is printed; a file that broke is still an input failure.
        if failure != nil { throw ExitCode(1) }
    }
}

extension ExportView: ExpressibleByArgument {}

extension ExportCommand {
    /// Exactly what the dashboard would draw for this view at this size, as text.
    func screenText(store: Store, source: String, alerts: AlertLog) -> String {
        let state = store.state
        let data = DataView(store: store, source: SourceStatus(name: source, lastRecordAt: state.ts))
        var model = Model(size: Size(width: width, height: height), now: state.ts)
        model.screen = Screen(name: (view ?? .overview).rawValue) ?? .overview
        model.alertLog = alerts
        model.claimFeeUSD = figureOptions.claimFee
        model.operatorScope = self.operator
        model.show(data)
        return Dashboard.view(model).text
    }
}
