// swift-tools-version:6.2
import PackageDescription

let strict: [SwiftSetting] = [
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "CareCast",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "carecast", targets: ["carecast"]),
        .library(name: "CareCastModel", targets: ["CareCastModel"]),
        .library(name: "CareCastData", targets: ["CareCastData"]),
        .library(name: "CareCastReport", targets: ["CareCastReport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
    ],
    targets: [
        // Pure: the projection model of MODEL.md. Standard library only, no I/O.
        .target(name: "CareCastModel", dependencies: [.product(name: "RealModule", package: "swift-numerics")], swiftSettings: strict),
        // Formats: model-input JSON (with JSON paths in every message), result JSON.
        .target(
            name: "CareCastData",
            dependencies: ["CareCastModel", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Resources/csww_rules.csv")],
            swiftSettings: strict
        ),
        // Views on a result: the summary table now, the report later.
        .target(name: "CareCastReport", dependencies: ["CareCastModel", "CareCastData", .product(name: "ZIPFoundation", package: "ZIPFoundation")], swiftSettings: strict),
        .executableTarget(
            name: "carecast",
            dependencies: [
                "CareCastModel", "CareCastData", "CareCastReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "CareCastModelTests", dependencies: ["CareCastModel"], swiftSettings: strict),
        .testTarget(name: "CareCastDataTests", dependencies: ["CareCastData", "CareCastModel", "CareCastReport"], swiftSettings: strict),
        .testTarget(name: "CareCastReportTests", dependencies: ["CareCastReport", "CareCastData", "CareCastModel"], swiftSettings: strict),
        .testTarget(name: "CareCastCLITests", dependencies: ["carecast", "CareCastData", "CareCastModel"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
