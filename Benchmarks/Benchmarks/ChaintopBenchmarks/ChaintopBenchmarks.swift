import Benchmark

let benchmarks: @Sendable () -> Void = {
    feedBenchmarks()
    stateBenchmarks()
    dashboardBenchmarks()
    replayBenchmarks()
    ingestBenchmarks()
    importBenchmarks()
    placementBenchmarks()
}
