import Benchmark

let benchmarks: @Sendable () -> Void = {
    feedBenchmarks()
    stateBenchmarks()
    dashboardBenchmarks()
    refreshBenchmarks()
    replayBenchmarks()
    ingestBenchmarks()
    importBenchmarks()
    placementBenchmarks()
}
