// swift-tools-version: 6.1
import PackageDescription

// One module per step of the data path (docs/architecture.md):
// Feed → Store → Analytics; Engine → Simulation; Recording; → Sources → Program → chaintop;
// UI (what a frame is) → Dashboard (the app) and Terminal (ncursesw).
// The coordinator (server) is a product of its own: the dashboard links none of its libraries.
let package = Package(
    name: "chaintop",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "chaintop", targets: ["chaintop"]),
        .executable(name: "chaintop-coordinator", targets: ["chaintop-coordinator"]),
        .executable(name: "chaintop-agent", targets: ["chaintop-agent"]),
        .library(name: "ChaintopCore", targets: [
            "Feed", "Store", "Analytics", "Engine", "Simulation", "Recording", "Sources", "Export", "UI", "Dashboard",
            "Program", "Importers",
        ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-async-algorithms.git", from: "1.1.4"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing.git", from: "1.19.7"),
        // The coordinator's server (chaintop-coordinator links it; the dashboard does not), and the
        // importers' tests check the live poller against a local one.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    ],
    targets: [
        .target(name: "Feed"),
        .target(name: "Analytics", dependencies: ["Feed", "Store"]),
        .target(name: "Store", dependencies: ["Feed"]),
        .target(name: "Engine", dependencies: [
            "Feed", .product(name: "HeapModule", package: "swift-collections"),
            .product(name: "DequeModule", package: "swift-collections"),
        ]),
        .target(name: "Simulation", dependencies: [
            "Feed", "Engine", .product(name: "DequeModule", package: "swift-collections"),
        ]),
        .target(name: "Recording", dependencies: [
            "Feed", "Store", .product(name: "CompressNIO", package: "compress-nio"),
        ]),
        .target(name: "Sources", dependencies: [
            "Feed", "Store", "Simulation", "Recording",
            .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
        ]),
        .target(name: "Export", dependencies: ["Feed", "Store", "Analytics"]),
        // `chaintop sim --drive`: the simulator's fleet as agents of a real coordinator (HTTP client only).
        .target(name: "Drive", dependencies: [
            "Feed", "Engine", "Simulation", .product(name: "DequeModule", package: "swift-collections"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        // Real data (DefiLlama, Snapshot, Governor events, CSV exports) as feed records.
        .target(name: "Importers", dependencies: ["Feed"]),
        // The live sources' network side (DefiLlama, the coordinator's feed): async-http-client, no server.
        .target(name: "Remote", dependencies: [
            "Feed", "Store", "Sources", "Simulation", "Importers",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        // No pkgConfig: its -D_XOPEN_SOURCE flags are refused by SwiftPM with a warning, and the
        // header defines what the wide API needs itself. Debian puts the headers in /usr/include.
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"])]),
        .target(name: "UI"),
        .target(name: "Dashboard", dependencies: ["Feed", "Store", "Analytics", "UI", "TOMLKit"]),
        // glibc's malloc_trim, which the Glibc module does not export.
        .target(name: "CMalloc"),
        .target(name: "Program", dependencies: [
            "Feed", "Store", "Analytics", "Sources", "Recording", "Dashboard", "UI", "CMalloc",
            .product(name: "DequeModule", package: "swift-collections"),
        ]),
        .target(name: "Terminal", dependencies: ["CNcursesw", "UI"]),
        .executableTarget(
            name: "chaintop",
            dependencies: [
                "Feed", "Store", "Analytics", "Sources", "Simulation", "Recording", "Export", "Dashboard", "UI",
                "Program", "Terminal", "Importers", "Remote", "Drive",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The coordinator: HTTP server, event log, streams. Only chaintop-coordinator links it.
        .target(name: "Coordinator", dependencies: [
            "Feed", "Store", "Engine",
            .product(name: "DequeModule", package: "swift-collections"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .executableTarget(name: "chaintop-coordinator", dependencies: [
            "Coordinator",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // The node agent (docs/agent.md): Feed and an HTTP client; no ncurses, no server libraries.
        .target(name: "Agent", dependencies: [
            "Feed", .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "chaintop-agent", dependencies: [
            "Agent", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Load generator for docs/perf.md (loopback only, bounded in count and time); not a product.
        .executableTarget(name: "coordinator-load", dependencies: [
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "FeedTests", dependencies: ["Feed", "TestSupport"]),
        .testTarget(name: "AnalyticsTests", dependencies: ["Analytics", "TestSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Feed", "Sources", "Simulation"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Feed", "Simulation"]),
        .testTarget(name: "SourcesTests", dependencies: ["Sources", "Simulation", "Recording", "Feed", "Store", "Analytics", "TestSupport"]),
        .testTarget(name: "ExportTests", dependencies: ["Export", "Analytics", "Sources", "Simulation", "Store", "Feed"]),
        .testTarget(name: "ProgramTests", dependencies: [
            "Program", "Dashboard", "UI", "Sources", "Simulation", "Recording", "Store", "Feed", "TestSupport",
        ]),
        // What the end-to-end tests share: the built binaries, tmux, a coordinator on loopback.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "ChaintopTests", dependencies: ["chaintop", "TestSupport"]),
        .testTarget(name: "RemoteTests", dependencies: ["Remote", "Feed"]),
        .testTarget(name: "ImportersTests", dependencies: ["Importers", "Feed", "Store", "Analytics", "Export", "TestSupport"]),
        .testTarget(name: "ImportersLiveTests", dependencies: [
            "Importers", "Remote", "Feed", "Store", "Sources", "TestSupport", "chaintop", .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        // Depends on the executable so that the end-to-end tests find it built.
        .testTarget(name: "CoordinatorTests", dependencies: [
            "Coordinator", "Feed", "Store", "Sources", "Remote", "chaintop-coordinator", "chaintop", "TestSupport",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        // Depends on both executables so that the end-to-end tests find them built.
        .testTarget(name: "AgentTests", dependencies: [
            "Agent", "Feed", "TestSupport", "chaintop-agent", "chaintop-coordinator",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        .testTarget(name: "DashboardTests", dependencies: [
            "Dashboard", "UI", "Analytics", "Export", "Sources", "Simulation", "Store", "Feed",
            .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
        ], exclude: ["__Snapshots__"]),
    ],
    swiftLanguageModes: [.v6]
)
