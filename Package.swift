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
        .library(name: "CareCastFormats", targets: ["CareCastFormats"]),
        .library(name: "CareCastReturns", targets: ["CareCastReturns"]),
        .library(name: "CareCastBaselines", targets: ["CareCastBaselines"]),
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
        // Formats: model-input and result JSON (with JSON paths in every message), CSV, EES and
        // ONS files, published long tables, streaming CSV and XML readers.
        .target(name: "CareCastFormats", dependencies: ["CareCastModel"], swiftSettings: strict),
        // Returns: the census and the other returns checked against the rule registry, and
        // summed; no model inputs.
        .target(
            name: "CareCastReturns",
            dependencies: ["CareCastModel", "CareCastFormats"],
            resources: [.copy("Resources/csww_rules.csv")],
            swiftSettings: strict
        ),
        // Baselines: each workforce's model input built from the data bundle (a folder each:
        // SocialWork, Placements, ChildrensHomes, FosterCare), on the bundle, its reporting
        // units and the assumptions files (Bundle).
        .target(
            name: "CareCastBaselines",
            dependencies: ["CareCastModel", "CareCastFormats", "CareCastReturns", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        // Views on a result: the summary table now, the report later.
        .target(name: "CareCastReport", dependencies: ["CareCastModel", "CareCastFormats", "CareCastReturns", "CareCastBaselines", .product(name: "ZIPFoundation", package: "ZIPFoundation")], swiftSettings: strict),
        .executableTarget(
            name: "carecast",
            dependencies: [
                "CareCastModel", "CareCastFormats", "CareCastReturns", "CareCastBaselines", "CareCastReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "CareCastModelTests", dependencies: ["CareCastModel"], swiftSettings: strict),
        .testTarget(name: "CareCastFormatsTests", dependencies: ["CareCastFormats", "CareCastModel"], swiftSettings: strict),
        .testTarget(name: "CareCastReturnsTests", dependencies: ["CareCastReturns", "CareCastFormats", "CareCastModel"], swiftSettings: strict),
        .testTarget(name: "CareCastBaselinesTests", dependencies: ["CareCastBaselines", "CareCastReturns", "CareCastFormats", "CareCastModel", "CareCastReport"], swiftSettings: strict),
        .testTarget(name: "CareCastReportTests", dependencies: ["CareCastReport", "CareCastBaselines", "CareCastReturns", "CareCastFormats", "CareCastModel"], swiftSettings: strict),
        .testTarget(name: "CareCastCLITests", dependencies: ["carecast", "CareCastBaselines", "CareCastReturns", "CareCastFormats", "CareCastModel"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
