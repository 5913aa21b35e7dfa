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
        .library(name: "CareCastHTML", targets: ["CareCastHTML"]),
        .library(name: "CareCastExplorer", targets: ["CareCastExplorer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
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
        // The components the report and the explorer share (tables, charts as SVG, notes),
        // built with Plot's typed HTML DSL; every attribute value escaped.
        .target(name: "CareCastHTML", dependencies: ["CareCastFormats", .product(name: "Plot", package: "Plot")], swiftSettings: strict),
        // The assessment: report, open data, scenarios, back-test, track record.
        .target(name: "CareCastReport", dependencies: ["CareCastModel", "CareCastFormats", "CareCastReturns", "CareCastBaselines", "CareCastHTML", .product(name: "ZIPFoundation", package: "ZIPFoundation")], swiftSettings: strict),
        // The public explorer without HTTP: an edition's prepared model, levers on it, runs
        // with their uncertainty, and the pages, tables and files that show them.
        .target(name: "CareCastExplorer", dependencies: ["CareCastModel", "CareCastFormats", "CareCastBaselines", "CareCastHTML", .product(name: "Plot", package: "Plot")], swiftSettings: strict),
        .executableTarget(
            name: "carecast",
            dependencies: [
                "CareCastModel", "CareCastFormats", "CareCastReturns", "CareCastBaselines", "CareCastReport", "CareCastExplorer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "CareCastModelTests", dependencies: ["CareCastModel"], swiftSettings: strict),
        .testTarget(name: "CareCastFormatsTests", dependencies: ["CareCastFormats", "CareCastModel"], swiftSettings: strict),
        .testTarget(name: "CareCastReturnsTests", dependencies: ["CareCastReturns", "CareCastFormats", "CareCastModel"], swiftSettings: strict),
        .testTarget(name: "CareCastBaselinesTests", dependencies: ["CareCastBaselines", "CareCastReturns", "CareCastFormats", "CareCastModel", "CareCastReport"], swiftSettings: strict),
        .testTarget(name: "CareCastReportTests", dependencies: ["CareCastReport", "CareCastBaselines", "CareCastReturns", "CareCastFormats", "CareCastModel"], swiftSettings: strict),
        .testTarget(name: "CareCastExplorerTests", dependencies: ["CareCastExplorer", "CareCastHTML", "CareCastBaselines", "CareCastFormats", "CareCastModel"], swiftSettings: strict),
        .testTarget(name: "CareCastCLITests", dependencies: ["carecast", "CareCastBaselines", "CareCastReturns", "CareCastFormats", "CareCastModel", "CareCastReport", "CareCastExplorer"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
