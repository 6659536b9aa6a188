// swift-tools-version: 6.1
import PackageDescription

// One module per step of the data path (docs/architecture.md):
// Feed → Store → Analytics; Engine → Simulation; Recording; → Sources → Program → chaintop;
// UI (what a frame is) → Dashboard (the app) and Terminal (ncursesw).
let package = Package(
    name: "chaintop",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "chaintop", targets: ["chaintop"]),
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
        // Tests only: the live poller is checked against a local server (no product links it).
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
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
        // Real data (DefiLlama, Snapshot, Governor events, CSV exports) as feed records.
        .target(name: "Importers", dependencies: ["Feed"]),
        // No pkgConfig: its -D_XOPEN_SOURCE flags are refused by SwiftPM with a warning, and the
        // header defines what the wide API needs itself. Debian puts the headers in /usr/include.
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"])]),
        .target(name: "UI"),
        .target(name: "Dashboard", dependencies: ["Feed", "Store", "Analytics", "UI", "TOMLKit"]),
        .target(name: "Program", dependencies: [
            "Feed", "Store", "Analytics", "Sources", "Recording", "Dashboard", "UI",
            .product(name: "DequeModule", package: "swift-collections"),
        ]),
        .target(name: "Terminal", dependencies: ["CNcursesw", "UI"]),
        .executableTarget(
            name: "chaintop",
            dependencies: [
                "Feed", "Store", "Analytics", "Sources", "Simulation", "Recording", "Export", "Dashboard", "UI",
                "Program", "Terminal", "Importers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "FeedTests", dependencies: ["Feed"]),
        .testTarget(name: "AnalyticsTests", dependencies: ["Analytics"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Feed", "Sources", "Simulation"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Feed"]),
        .testTarget(name: "SourcesTests", dependencies: ["Sources", "Simulation", "Recording", "Feed", "Store", "Analytics"]),
        .testTarget(name: "ExportTests", dependencies: ["Export", "Analytics", "Sources", "Simulation", "Store", "Feed"]),
        .testTarget(name: "ProgramTests", dependencies: [
            "Program", "Dashboard", "UI", "Sources", "Simulation", "Recording", "Store", "Feed",
        ]),
        .testTarget(name: "ChaintopTests", dependencies: ["chaintop"]),
        .testTarget(name: "ImportersTests", dependencies: ["Importers", "Feed", "Store", "Analytics", "Export"]),
        .testTarget(name: "ImportersLiveTests", dependencies: [
            "Importers", "Feed", .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        .testTarget(name: "DashboardTests", dependencies: [
            "Dashboard", "UI", "Analytics", "Sources", "Simulation", "Store", "Feed",
            .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
        ], exclude: ["__Snapshots__"]),
    ],
    swiftLanguageModes: [.v6]
)
