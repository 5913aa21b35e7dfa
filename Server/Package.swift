// swift-tools-version:6.2
// The returns service: its own package so that `carecast` and its tests never build Vapor.
// It uses the engine and the formats from the package one folder up.
import PackageDescription

let strict: [SwiftSetting] = [
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "CareCastServer",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "carecast-server", targets: ["carecast-server"]),
    ],
    dependencies: [
        .package(name: "CareCast", path: ".."),
        .package(url: "https://github.com/vapor/vapor", from: "4.110.0"),
        .package(url: "https://github.com/vapor/fluent-kit", from: "1.50.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver", from: "4.8.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver", from: "2.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
    ],
    targets: [
        // FluentKit models, numbered migrations and a Store API that speaks model values. No Vapor.
        .target(
            name: "CareCastStore",
            dependencies: [
                .product(name: "CareCastFormats", package: "CareCast"),
                .product(name: "CareCastReturns", package: "CareCast"),
                .product(name: "CareCastBaselines", package: "CareCast"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // Vapor: configure(_:config:), routes, pages, API DTOs.
        .target(
            name: "CareCastWeb",
            dependencies: [
                "CareCastStore",
                .product(name: "CareCastExplorer", package: "CareCast"),
                .product(name: "CareCastHTML", package: "CareCast"),
                .product(name: "CareCastFormats", package: "CareCast"),
                .product(name: "CareCastReturns", package: "CareCast"),
                .product(name: "CareCastBaselines", package: "CareCast"),
                .product(name: "Vapor", package: "vapor"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "carecast-server",
            dependencies: [
                "CareCastWeb", "CareCastStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "CareCastStoreTests", dependencies: ["CareCastStore"], swiftSettings: strict),
        .testTarget(
            name: "CareCastWebTests",
            dependencies: ["CareCastWeb", "CareCastStore", "carecast-server", .product(name: "VaporTesting", package: "vapor")],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
