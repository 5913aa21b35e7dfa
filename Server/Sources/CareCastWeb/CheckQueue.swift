import Foundation

/// At most `limit` returns are checked at once; the rest wait their turn, first come first
/// served, so that many large uploads on deadline day queue rather than exhaust memory (each
/// check holds its file's findings and parts while it runs). Past `maxWaiting` in line the
/// answer is 503 with Retry-After.
public actor CheckQueue {
    public let limit: Int
    public let maxWaiting: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(limit: Int, maxWaiting: Int = 500) {
        self.limit = max(1, limit)
        self.maxWaiting = maxWaiting
    }

    /// Runs `body` when a place is free.
    public func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if running >= limit {
            guard waiting.count < maxWaiting else {
                throw Problem(status: .serviceUnavailable, title: "Busy", detail: "\(waiting.count) returns are waiting to be checked; try again in a few seconds")
            }
            await withCheckedContinuation { waiting.append($0) }
        } else {
            running += 1
        }
        defer { leave() }
        return try await body()
    }

    private func leave() {
        // The place passes straight to the next in line, if any.
        if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
    }
}
