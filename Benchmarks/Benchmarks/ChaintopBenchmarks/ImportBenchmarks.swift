import Benchmark
import Feed
import Foundation
import Importers

/// The real files of ../shared/realdata, when this clone has them.
enum RealFiles {
    static let directory: URL? = {
        var dir = URL(fileURLWithPath: #filePath)
        for _ in 0..<7 {
            dir.deleteLastPathComponent()
            let candidate = dir.appendingPathComponent("shared/realdata")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("SOURCES.md").path) { return candidate }
        }
        return nil
    }()

    static func file(_ name: String) -> ImportFile? {
        guard let dir = directory, let data = try? Data(contentsOf: dir.appendingPathComponent(name)) else { return nil }
        return ImportFile(name: name, bytes: Array(data), modified: 0)
    }
}

/// Imports and encodes every record as a feed line, as `chaintop import` does before writing.
func importAndEncode(_ kind: ImportKind, _ files: [ImportFile], _ options: ImportOptions = ImportOptions()) -> Int {
    guard let result = try? Importer.run(kind, files, options: options) else { return -1 }
    var w = JSONWriter(capacity: 1 << 20)
    for r in result.records { w.reset(); w.record(r) }
    return result.records.count + w.bytes.count
}

func importBenchmarks() {
    guard let votes = RealFiles.file("snapshot_votes_2025-2026.csv"), let proposals = RealFiles.file("snapshot_proposals_2025-2026.csv"),
          let charts = RealFiles.file("defillama_stablecoincharts_all.json") else {
        print("../shared/realdata is absent: import benchmarks skipped")
        return
    }
    let config = Benchmark.Configuration(metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident], maxDuration: .seconds(10),
                                         maxIterations: 30)
    Benchmark("Import: 19,772-vote Snapshot CSV with its proposals", configuration: config) { benchmark in
        var o = ImportOptions()
        o.proposals = [proposals]
        blackHole(importAndEncode(.snapshotVotes, [votes], o))
    }
    Benchmark("Import: 3,187-day stablecoin history (stablecoincharts/all)", configuration: config) { benchmark in
        blackHole(importAndEncode(.defillamaStablecoincharts, [charts]))
    }
    // Baselines in the same run: only parsing the same bytes with Foundation, building nothing.
    Benchmark("Import baseline: JSONSerialization of the stablecoin history", configuration: config) { benchmark in
        blackHole((try? JSONSerialization.jsonObject(with: Data(charts.bytes))) != nil)
    }
    Benchmark("Import baseline: split the Snapshot CSV into lines and fields", configuration: config) { benchmark in
        let text = String(decoding: votes.bytes, as: UTF8.self)
        blackHole(text.split(separator: "\n").reduce(0) { $0 + $1.split(separator: ",", omittingEmptySubsequences: false).count })
    }
}
