// swift-tools-version: 6.1
import PackageDescription
import class Foundation.ProcessInfo
import struct Foundation.URL

// A path dependency is named after its folder, which differs between clones (CI clones elsewhere).
let parent = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

// The benchmarks are a package of their own so that `swift test` at the top does not build the
// benchmark harness. Run them with `swift package benchmark` from this folder.
let package = Package(
    name: "chaintop-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ChaintopBenchmarks",
            dependencies: [
                .product(name: "ChaintopCore", package: parent),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ChaintopBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
