import CareCastBaselines
import CareCastFormats
import CareCastReturns
import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix

/// The one type that owns the schema and the transactions. Every method is one
/// intention ("record a checked return", "accept a return") and one transaction, and speaks
/// plain values: the Fluent models never leave this module.
public final class Store: Sendable {
    let databases: Databases
    let logger: Logger
    public let location: StoreLocation
    /// Writes take turns here on SQLite (see `write`).
    let gate = WriteGate(capacity: Store.writeQueueCapacity)

    /// Opens (creating if need be) the store and brings its schema up to date.
    public static func open(_ location: StoreLocation, logger: Logger = Logger(label: "carecast.store")) async throws -> Store {
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
        switch location {
        case .sqlite(let path):
            databases.use(.sqlite(.file(path), sqlLogLevel: .trace), as: .sqlite)
        case .memory:
            databases.use(.sqlite(.memory, sqlLogLevel: .trace), as: .sqlite)
        case .postgres(let url, let schema):
            var configuration = try SQLPostgresConfiguration(url: url)
            if let schema {
                // Create the schema with a plain connection first, then put it on the search path.
                let setup = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
                setup.use(.postgres(configuration: configuration, sqlLogLevel: .trace), as: .psql)
                do {
                    let sql = setup.database(logger: logger, on: setup.eventLoopGroup.any()) as! any SQLDatabase
                    try await sql.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
                } catch {
                    await setup.shutdownAsync()
                    await databases.shutdownAsync()
                    throw error
                }
                await setup.shutdownAsync()
                configuration.searchPath = [schema]
            }
            databases.use(.postgres(configuration: configuration, sqlLogLevel: .trace), as: .psql)
        }
        let store = Store(databases: databases, logger: logger, location: location)
        do {
            try await store.migrate()
            if case .sqlite = location {
                // Write-ahead logging: a reader never waits for a writer, and a killed writer
                // leaves the last committed state behind.
                if let sql = store.db as? any SQLDatabase {
                    try await sql.raw("PRAGMA journal_mode=WAL").run()
                    try await sql.raw("PRAGMA foreign_keys=ON").run()
                }
            }
        } catch {
            await databases.shutdownAsync()
            throw error
        }
        return store
    }

    private init(databases: Databases, logger: Logger, location: StoreLocation) {
        self.databases = databases
        self.logger = logger
        self.location = location
    }

    var db: any Database {
        databases.database(logger: logger, on: databases.eventLoopGroup.any())!
    }

    func migrate() async throws {
        let migrations = FluentKit.Migrations()
        migrations.add(Migrations.all)
        let migrator = Migrator(databases: databases, migrations: migrations, logger: logger, on: databases.eventLoopGroup.any())
        try await migrator.setupIfNeeded().get()
        try await migrator.prepareBatch().get()
    }

    public func shutdown() async {
        await databases.shutdownAsync()
    }

    /// Checks the database's own consistency (SQLite's integrity check; PostgreSQL is always consistent after recovery).
    public func integrityCheck() async throws -> String {
        guard case .postgres = location else {
            guard let sql = db as? any SQLDatabase else { return "ok" }
            let rows = try await sql.raw("PRAGMA integrity_check").all()
            return try rows.map { try $0.decode(column: "integrity_check", as: String.self) }.joined(separator: "; ")
        }
        return "ok"
    }

    // MARK: Audit

    static func audit(_ db: any Database, user: UUID?, action: String, organisation: UUID? = nil, returnID: UUID? = nil, detail: String = "") async throws {
        let entry = AuditModel()
        entry.at = Date()
        entry.userID = user
        entry.action = action
        entry.organisationID = organisation
        entry.returnID = returnID
        entry.detail = detail
        try await entry.create(on: db)
    }

    /// The audit log, oldest first; for one organisation if given.
    public func auditLog(organisation: UUID? = nil) async throws -> [AuditEntry] {
        var query = AuditModel.query(on: db)
        if let organisation { query = query.filter(\.$organisationID == organisation) }
        return try await query.sort(\.$at).all().map(\.value)
    }

    /// Records an action that changes nothing else in the store (a login, a refused request).
    public func record(user: UUID?, action: String, organisation: UUID? = nil, detail: String = "") async throws {
        try await write { db in try await Self.audit(db, user: user, action: action, organisation: organisation, detail: detail) }
    }
}
