// swift-tools-version: 6.1
import PackageDescription

// One module per step of the data path (see docs/architecture in README):
// Feed → Store → Analytics, Engine → Sources → chaintop.
let package = Package(
    name: "chaintop",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "chaintop", targets: ["chaintop"]),
        .library(name: "ChaintopCore", targets: ["Feed", "Store", "Analytics", "Engine", "Sources", "Export", "Dashboard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing.git", from: "1.19.7"),
    ],
    targets: [
        .target(name: "Feed"),
        .target(name: "Analytics"),
        .target(name: "Store", dependencies: ["Feed"]),
        .target(name: "Engine", dependencies: [
            "Feed", .product(name: "HeapModule", package: "swift-collections"),
            .product(name: "DequeModule", package: "swift-collections"),
        ]),
        .target(name: "Sources", dependencies: [
            "Feed", "Engine", "Store", .product(name: "DequeModule", package: "swift-collections"),
            .product(name: "CompressNIO", package: "compress-nio"),
        ]),
        .target(name: "Export", dependencies: ["Feed", "Store", "Analytics"]),
        // No pkgConfig: its -D_XOPEN_SOURCE flags are refused by SwiftPM with a warning, and the
        // header defines what the wide API needs itself. Debian puts the headers in /usr/include.
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"])]),
        .target(name: "Dashboard", dependencies: ["Feed", "Store", "Analytics", "Export", "TOMLKit"]),
        .target(name: "Terminal", dependencies: ["CNcursesw", "Dashboard"]),
        .executableTarget(
            name: "chaintop",
            dependencies: [
                "Feed", "Store", "Analytics", "Engine", "Sources", "Export", "Dashboard", "Terminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "FeedTests", dependencies: ["Feed"]),
        .testTarget(name: "AnalyticsTests", dependencies: ["Analytics"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Feed", "Sources"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Feed"]),
        .testTarget(name: "SourcesTests", dependencies: ["Sources", "Feed", "Store", "Analytics"]),
        .testTarget(name: "ExportTests", dependencies: ["Export", "Sources", "Store", "Feed"]),
        .testTarget(name: "ChaintopTests", dependencies: ["chaintop"]),
        .testTarget(name: "DashboardTests", dependencies: [
            "Dashboard", "Sources", "Store", "Feed",
            .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
        ], exclude: ["__Snapshots__"]),
    ],
    swiftLanguageModes: [.v6]
)
