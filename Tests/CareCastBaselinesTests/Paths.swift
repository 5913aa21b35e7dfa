import Foundation

/// Where the repository and the shared specification are, for tests that read them.
enum Paths {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The shared specification's worked example (`../shared/spec/examples/tiny.json`).
    static let tiny = packageRoot.path + "/../shared/spec/examples/tiny.json"
}
