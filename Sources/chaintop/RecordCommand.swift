import ArgumentParser
import Dashboard
import Feed
import Sources
import UI
import Simulation
import Recording
import Remote
import Analytics
import Store

struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Write a source's records to a feed v1 recording (JSON Lines), with keyframes.",
        discussion: "The recording starts with a header and carries a snapshot keyframe every --keyframe-every records.")

    @OptionGroup var sourceOptions: SourceOptions

    @Option(name: .long, help: "The recording to write (a name ending in .gz writes gzip).")
    var out: String

    @Option(name: .long, help: "Stop at this much event time after the first record (e.g. 10m).")
    var duration: String?

    @Option(name: .long, help: "Stop after this many records.")
    var records: Int?

    @Option(name: .long, help: ArgumentHelp("Records between snapshot keyframes (exactly, when given).",
                                            discussion: "Without --keyframe-every or --keyframe-interval a keyframe comes every 10,000 records, but only when the keyframes with it take no more bytes than the records before it (so they are at most half the file)."))
    var keyframeEvery: Int?

    @Option(name: .long, help: "Event time between snapshot keyframes, whichever comes first (e.g. 60s).")
    var keyframeInterval: String?

    func validate() throws {
        // A recording or a network source ends on its own or at Ctrl-C; the simulator never does.
        if duration == nil, records == nil, case .sim = try sourceOptions.spec() {
            throw ValidationError("the simulator never ends: give --duration or --records")
        }
        if let records, records < 1 { throw ValidationError("--records must be 1 or more") }
        if let keyframeEvery, keyframeEvery < 1 { throw ValidationError("--keyframe-every must be 1 or more") }
        _ = try parseDuration(duration, flag: "--duration")
        _ = try parseDuration(keyframeInterval, flag: "--keyframe-interval")
    }

    func run() throws {
        let source = try sourceOptions.open()
        let writer: FeedWriter
        // Every line goes out as it is written: a crash loses at most the line being written.
        do { writer = try FeedFiles.writer(out, flushThreshold: 0) } catch { throw Failure.output(error.description) }
        Interrupt.install(watchdog: true)
        var store = Store()
        let interval = try parseDuration(keyframeInterval, flag: "--keyframe-interval")
        var recorder = Recorder(writer: writer, keyframeEvery: keyframeEvery ?? 10_000, keyframeMillis: interval,
                                atMostHalf: keyframeEvery == nil && interval == nil)
        var pump = Pump(source: source, limit: Limit(eventMillis: try parseDuration(duration, flag: "--duration"),
                                                     records: records))
        var progress = Progress()
        while let item = pump.next() {
            store.ingest(item)
            recorder.take(item, state: store.state)
            if pump.count & 4095 == 0 {
                progress.report("chaintop: recording… \(span(store.state.ts - (pump.firstTs ?? store.state.ts))) of event time, "
                                + "\(writer.recordsWritten) lines (Ctrl-C finishes the file)")
            }
        }
        progress.finish()
        writer.close()
        if let failure = writer.failure { throw Failure.output("writing \(out) failed: \(failure)") }
        var err = StandardError()
        print("chaintop: wrote \(writer.recordsWritten) lines to \(out) (\(store.input.malformed) malformed lines skipped)",
              to: &err)
        if let failure = (source as? NetworkRecordStream)?.failure { throw Failure.input("\(source.name): \(failure)") }
        try Interrupt.exitIfSignalled()
    }
}

