// swift-tools-version: 6.2

import PackageDescription

/// Settings every target shares: Swift 6 language mode plus the upcoming features the house style asks for.
let sharedSwiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Sluice",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sluice", targets: ["sluice"]),
        .library(name: "SluiceCore", targets: ["SluiceCore"]),
        .library(name: "SluiceCron", targets: ["SluiceCron"]),
        .library(name: "SluicePipeline", targets: ["SluicePipeline"]),
        .library(name: "SluiceSchema", targets: ["SluiceSchema"]),
        .library(name: "SluiceTemplates", targets: ["SluiceTemplates"]),
        .library(name: "SluiceStore", targets: ["SluiceStore"]),
        .library(name: "SluiceProviders", targets: ["SluiceProviders"]),
        .library(name: "SluiceEngine", targets: ["SluiceEngine"]),
        .library(name: "SluiceTraffic", targets: ["SluiceTraffic"]),
        .library(name: "SluiceHTTPClient", type: .dynamic, targets: ["SluiceHTTPClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        .target(
            name: "SluiceCore",
            swiftSettings: sharedSwiftSettings
        ),
        .target(
            name: "SluiceCron",
            dependencies: ["SluiceCore"],
            swiftSettings: sharedSwiftSettings
        ),
        .target(
            name: "SluicePipeline",
            dependencies: [
                "SluiceCore",
                "SluiceCron",
                "SluiceProviders",
                "SluiceSchema",
                "SluiceTemplates",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        .target(
            name: "SluiceSchema",
            dependencies: ["SluiceCore"],
            swiftSettings: sharedSwiftSettings
        ),
        .target(
            name: "SluiceStore",
            dependencies: [
                "SluiceCore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        .target(
            name: "SluiceProviders",
            dependencies: [
                "SluiceCore",
                "SluiceSchema",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        .target(
            name: "SluiceTraffic",
            dependencies: [
                "SluiceCore",
                "SluiceProviders",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        .target(
            name: "SluiceHTTPClient",
            swiftSettings: sharedSwiftSettings
        ),
        .target(
            name: "SluiceEngine",
            dependencies: [
                "SluiceCore",
                "SluiceTraffic",
                "SluicePipeline",
                "SluiceProviders",
                "SluiceSchema",
                "SluiceStore",
                "SluiceTemplates",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        .target(
            name: "SluiceTemplates",
            dependencies: ["SluiceCore"],
            swiftSettings: sharedSwiftSettings
        ),
        // `sluice-bench` (docs/performance.md): no test target depends on it, so `swift build
        // --build-tests` builds it alongside, never before, the tests.
        .executableTarget(
            name: "sluice-bench",
            dependencies: [
                "SluiceCore",
                "SluiceProviders",
                "SluiceSchema",
                "SluiceStore",
                "SluiceTemplates",
                "SluiceTestSupport",
                "SluiceTraffic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/SluiceBench",
            swiftSettings: sharedSwiftSettings
        ),
        // libFuzzer targets (docs/development.md, "Fuzzing"). A normal build compiles them as
        // executables that only say how to build them for fuzzing; `scripts/fuzz.sh` builds them
        // with `-sanitize=fuzzer,address -DFUZZING`.
        .target(name: "FuzzDriver", path: "Fuzz/Driver", swiftSettings: sharedSwiftSettings),
        .executableTarget(
            name: "fuzz-yaml", dependencies: ["FuzzDriver", "SluiceCore", "SluicePipeline"], path: "Fuzz/YAML",
            swiftSettings: sharedSwiftSettings),
        .executableTarget(
            name: "fuzz-template", dependencies: ["FuzzDriver", "SluiceCore", "SluiceTemplates"], path: "Fuzz/Template",
            swiftSettings: sharedSwiftSettings),
        .executableTarget(
            name: "fuzz-json", dependencies: ["FuzzDriver", "SluiceCore"], path: "Fuzz/JSON", swiftSettings: sharedSwiftSettings),
        .executableTarget(
            name: "fuzz-schema", dependencies: ["FuzzDriver", "SluiceCore", "SluiceSchema"], path: "Fuzz/Schema",
            swiftSettings: sharedSwiftSettings),
        .executableTarget(
            name: "fuzz-duration", dependencies: ["FuzzDriver", "SluiceCore"], path: "Fuzz/Duration",
            swiftSettings: sharedSwiftSettings),
        .executableTarget(
            name: "fuzz-sse", dependencies: ["FuzzDriver", "SluiceProviders"], path: "Fuzz/SSE",
            swiftSettings: sharedSwiftSettings),
        .executableTarget(
            name: "fuzz-provider-json", dependencies: ["FuzzDriver", "SluiceCore", "SluiceProviders"],
            path: "Fuzz/ProviderJSON", swiftSettings: sharedSwiftSettings),
        .executableTarget(
            name: "fuzz-cron", dependencies: ["FuzzDriver", "SluiceCore", "SluiceCron"], path: "Fuzz/Cron",
            swiftSettings: sharedSwiftSettings),
        .executableTarget(
            name: "sluice-mock-provider",
            dependencies: [
                "SluiceCore",
                "SluiceSchema",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "FlyingFox", package: "FlyingFox"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        .target(
            name: "SluiceTestSupport",
            dependencies: ["SluiceCore", "SluiceProviders", "SluiceEngine"],
            swiftSettings: sharedSwiftSettings
        ),
        .executableTarget(
            name: "sluice",
            dependencies: [
                "SluiceCore",
                "SluiceCron",
                "SluicePipeline",
                "SluiceSchema",
                "SluiceTemplates",
                "SluiceEngine",
                "SluiceProviders",
                "SluiceStore",
                "SluiceTraffic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "SluiceCoreTests",
            dependencies: ["SluiceCore", "SluiceTestSupport"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "SluiceCronTests",
            dependencies: ["SluiceCron", "SluiceCore", "SluiceTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "SluicePipelineTests",
            dependencies: ["SluicePipeline", "SluiceCore", "SluiceProviders", "SluiceTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "SluiceSchemaTests",
            dependencies: ["SluiceCore", "SluiceSchema", "SluiceTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "SluiceTemplatesTests",
            dependencies: ["SluiceTemplates", "SluiceCore", "SluiceTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "SluiceStoreTests",
            dependencies: [
                "SluiceStore", "SluiceCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                "SluiceTestSupport",
            ],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "SluiceEngineTests",
            dependencies: [
                "SluiceEngine", "SluiceCore", "SluicePipeline", "SluiceProviders", "SluiceSchema", "SluiceStore",
                "SluiceTestSupport", .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "SluiceTrafficTests",
            dependencies: ["SluiceTraffic", "SluiceCore", "SluiceProviders", "SluiceTestSupport"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "SluiceProvidersTests",
            dependencies: ["SluiceProviders", "SluiceCore", "SluiceSchema", "SluiceTestSupport"],
            swiftSettings: sharedSwiftSettings
        ),
    ]
)
