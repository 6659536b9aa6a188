import Foundation
import TestSupport
import Testing
import Dashboard
import Feed
import Program
import Recording
import Simulation
import Sources
import Store
import UI

/// The live simulator through the whole program: refresh, resize, record and quit.
@Suite struct ProgramPilotTests {
    static let wallStart: Int64 = 1_800_000_000_000

    func livePilot(refresh: Int64 = 1000, directory: String = ".") throws -> Pilot {
        let driver = try SourceSpec.sim(seed: 3).openLive(nodes: 50, wallNow: Self.wallStart, warmupMillis: 300_000)
        return Pilot(driver: driver, refreshMillis: refresh, wallStart: Self.wallStart, recordingDirectory: directory)
    }

    @Test func theWarmupArrivesAtOnceAndTheRestAsItHappens() throws {
        let p = try livePilot()
        let opened = p.state.ts
        #expect(opened >= Self.wallStart - 1000 && opened <= Self.wallStart, "history up to now: \(opened)")
        // The fleet wanders around the size asked for: some fifty nodes, listed with their statuses.
        let count = p.screen.split(separator: "\n").lazy.compactMap { line in
            line.firstRange(of: " nodes  ").flatMap { Int(line[..<$0.lowerBound].split(separator: " ").last ?? "") }
        }.first
        #expect(p.screen.contains("Fleet") && (40...60).contains(count ?? 0), "\(p.screen)")
        p.advance(by: 10_000)
        let later = p.state.ts
        #expect(later >= Self.wallStart + 9_000 && later <= Self.wallStart + 10_000, "paced by event time: \(later)")
    }

    @Test func viewsKeysResizeAndQuit() throws {
        let p = try livePilot()
        p.press(.char("2"))
        #expect(p.screen.split(separator: "\n").first?.contains("2 Fleet") == true)
        p.send(.resize(Size(width: 80, height: 24)))
        #expect(p.screen.split(separator: "\n").count == 24)
        p.send(.resize(Size(width: 60, height: 20)))
        #expect(p.screen.contains("chaintop needs 80×24"), "\(p.screen)")
        p.send(.resize(Size(width: 120, height: 40)))
        // Keys that mean nothing here are ignored; F1 is help, F10 quits.
        p.press(.function(2), .function(5), .char("\u{1}"))
        #expect(p.exit == nil)
        p.press(.function(1))
        #expect(p.model.showHelp)
        p.press(.function(1))
        p.press(.function(10))
        #expect(p.exit == .quit)
    }

    @Test func endOfInputStopsTheProgram() throws {
        let p = try livePilot()
        p.send(.endOfInput)
        #expect(p.exit == .endOfInput)
    }

    @Test func pauseFreezesTheViewWhileDataArrives() throws {
        let p = try livePilot()
        p.press(.char("p"))
        let frozen = p.screen.split(separator: "\n").dropLast().joined(separator: "\n")
        p.advance(by: 5_000)
        #expect(p.screen.split(separator: "\n").dropLast().joined(separator: "\n") == frozen)
        #expect(p.statusLine.contains("PAUSED"), "\(p.statusLine)")
        #expect(p.program.ingest.snapshot().state.ts > p.model.frozen?.state.ts ?? .max, "the source is read meanwhile")
    }

    @Test func recordingFromTheDashboardReplaysWhatWasShown() throws {
        let dir = Scratch.path("rec-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let p = try livePilot(directory: dir)
        p.press(.char("R"))
        #expect(p.statusLine.contains("REC"), "\(p.statusLine)")
        p.advance(by: 20_000)
        p.press(.char("R"))
        p.program.ingest.finishRecordings()
        let files = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(files.count == 1)
        // Stopping says which file was written, for a while.
        #expect(p.statusLine.contains("saved " + dir + "/" + (files.first ?? "?")), "\(p.statusLine)")
        p.advance(by: 11_000)
        #expect(!p.statusLine.contains("saved "), "\(p.statusLine)")
        let session = try ReplaySession(path: dir + "/" + (files.first ?? ""))
        var store = Store()
        while let item = session.next() { store.ingest(item) }
        let shown = p.state
        #expect(store.state.seq > 0 && store.state.seq <= shown.seq)
        #expect(store.input.malformed == 0 && store.input.gaps == 0)
    }
}

/// The program draws from the ingest's data in place and keeps none of it between frames, and the
/// live simulator says when its warm-up is in.
@Suite struct BorrowedDataTests {
    @Test func theProgramKeepsNoStateBetweenFrames() throws {
        let driver = try SourceSpec.sim(seed: 3).openLive(nodes: 50, wallNow: ProgramPilotTests.wallStart, warmupMillis: 300_000)
        let p = Pilot(driver: driver, wallStart: ProgramPilotTests.wallStart)
        #expect(p.state.fleet.count > 40 && p.screen.contains("nodes"), "\(p.screen)")
        #expect(p.model.live.state.fleet.count == 0 && p.model.live.state.seq == 0, "a reference kept would make the next write copy")
        // The rows were built from the data drawn: a key between two refreshes acts on the data as it is then.
        p.advance(by: 500)
        p.press(.char("2"))
        #expect(p.model.derived.seq == p.state.seq)
    }

    @Test func theWarmupSaysOnceWhenItIsIn() throws {
        let driver = try SourceSpec.sim(seed: 3).openLive(nodes: 20, wallNow: 1_000_000, warmupMillis: 60_000)
        var settled = 0, records = 0
        for now in stride(from: Int64(0), through: 3_000, by: 100) {
            let poll = driver.poll(now: now, budget: 4096)
            for event in poll.events {
                if case .settled = event { settled += 1; #expect(records > 0, "after the warm-up's records") }
                if case let .items(items) = event { records += items.count }
            }
        }
        #expect(settled == 1)
    }
}
