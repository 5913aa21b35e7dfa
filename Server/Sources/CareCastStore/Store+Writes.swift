import FluentKit
import FluentPostgresDriver
import Foundation
import SQLKit

/// One writer at a time, in turn: on deadline day many organisations upload at once, and every
/// change must wait its turn rather than fail.
///
/// The store's own writes queue at the gate (first come, first served): each is one short
/// transaction (checking a return happens before, outside it). SQLite waits out another
/// process's write with a busy timeout; on PostgreSQL every write is SERIALIZABLE, and one that
/// meets a serialisation failure, a deadlock or a clash on a unique key is run again. Only when
/// more writes wait than the gate holds, or retries run out, is the answer "busy": the web tier
/// says 503 with Retry-After.
actor WriteGate {
    private var writing = false
    private var waiting: [CheckedContinuation<Void, Never>] = []
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func enter() async throws {
        guard writing else {
            writing = true
            return
        }
        guard waiting.count < capacity else { throw StoreError.busy("\(waiting.count) changes are already waiting to be written") }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty { writing = false } else { waiting.removeFirst().resume() }
    }
}

extension Store {
    /// Writes waiting at the gate before the store answers busy.
    public static let writeQueueCapacity = 256
    /// How long a SQLite write waits for another process's (milliseconds).
    static let busyTimeoutMilliseconds = 15_000
    /// Tries of a PostgreSQL write that meets a serialisation failure, deadlock or key clash.
    static let writeAttempts = 6

    /// Runs `body` as one transaction, in turn with the store's other writes: the server's own
    /// writes queue at the gate whatever the database; on PostgreSQL each runs SERIALIZABLE
    /// too, so that a write from another process (an `admin` command, a second server) can
    /// never interleave into a wrong state, and one that meets a conflict is run again.
    func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await gate.enter()
        do {
            let value = try await transactionInTurn(body)
            await gate.leave()
            return value
        } catch {
            await gate.leave()
            throw error
        }
    }

    private func transactionInTurn<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        switch location {
        case .sqlite, .memory:
            // The transaction holds one connection: the busy timeout is set on it, for the
            // writes of another process (an `admin` command) that it may meet.
            return try await db.transaction { db in
                if let sql = db as? any SQLDatabase { try await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(Self.busyTimeoutMilliseconds))").run() }
                return try await body(db)
            }
        case .postgres:
            var attempt = 1
            while true {
                do {
                    return try await db.transaction { db in
                        if let sql = db as? any SQLDatabase { try await sql.raw("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE").run() }
                        return try await body(db)
                    }
                } catch let error as PSQLError where attempt < Self.writeAttempts && Self.retryable(error) {
                    // Back off a little, longer each time, with jitter so that clashing writers part.
                    try await Task.sleep(nanoseconds: UInt64(attempt) * 20_000_000 + UInt64.random(in: 0..<20_000_000))
                    attempt += 1
                } catch let error as PSQLError where Self.retryable(error) {
                    throw StoreError.busy("the change clashed with others \(attempt) times: \(error.serverInfo?[.message] ?? "")")
                }
            }
        }
    }

    /// Serialisation failure, deadlock, or a unique key taken by a concurrent write.
    static func retryable(_ error: PSQLError) -> Bool {
        guard let code = error.serverInfo?[.sqlState] else { return false }
        return code == "40001" || code == "40P01" || code == "23505"
    }
}
