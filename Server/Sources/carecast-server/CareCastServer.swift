import ArgumentParser
import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastStore
import CareCastWeb
import CareCastExplorer
import Foundation
import Logging
import Vapor

/// Settings read once, from the environment, at start-up.
struct ServerSettings {
    var location: StoreLocation
    var host: String
    var port: Int
    var secureCookies: Bool
    var logLevel: Logger.Level
    /// Days after a round closes before its worker-level data is deleted.
    var retentionDays: Int
    /// The folder uploads are spooled in while they are checked (the server's own).
    var spoolDirectory: String
    /// Each organisation's storage quota (MiB of return files kept) and uploads allowed an hour.
    var quotaMiB: Int
    var uploadsPerHour: Int

    /// Reads DATABASE_URL (default: a SQLite file `carecast.sqlite` in the working directory),
    /// HOST, PORT, SECURE_COOKIES, LOG_LEVEL, RETENTION_DAYS and SPOOL_DIR; lists every bad setting at once.
    static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> ServerSettings {
        var problems: [String] = []
        var location = StoreLocation.sqlite(path: FileManager.default.currentDirectoryPath + "/carecast.sqlite")
        if let url = env["DATABASE_URL"] {
            do { location = try StoreLocation(url: url) } catch { problems.append("DATABASE_URL: \(error)") }
        }
        let port = Int(env["PORT"] ?? "8080")
        if port == nil || !(1...65535).contains(port!) { problems.append("PORT must be a port number; found '\(env["PORT"] ?? "")'") }
        let level = Logger.Level(rawValue: env["LOG_LEVEL"] ?? "info")
        if level == nil { problems.append("LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical") }
        let retention = Int(env["RETENTION_DAYS"] ?? "90")
        if retention == nil || retention! < 0 { problems.append("RETENTION_DAYS must be a whole number of days; found '\(env["RETENTION_DAYS"] ?? "")'") }
        let quota = Int(env["QUOTA_MB_PER_ORGANISATION"] ?? "2048")
        if quota == nil || quota! < 1 { problems.append("QUOTA_MB_PER_ORGANISATION must be a whole number of MiB, at least 1; found '\(env["QUOTA_MB_PER_ORGANISATION"] ?? "")'") }
        let rate = Int(env["UPLOADS_PER_HOUR"] ?? "120")
        if rate == nil || rate! < 1 { problems.append("UPLOADS_PER_HOUR must be a whole number, at least 1; found '\(env["UPLOADS_PER_HOUR"] ?? "")'") }
        guard problems.isEmpty else { throw ValidationError("bad settings:\n  " + problems.joined(separator: "\n  ")) }
        return ServerSettings(location: location, host: env["HOST"] ?? "127.0.0.1", port: port!,
                              secureCookies: env["SECURE_COOKIES"] == "1", logLevel: level!, retentionDays: retention!,
                              spoolDirectory: env["SPOOL_DIR"] ?? WebConfiguration.defaultSpoolDirectory, quotaMiB: quota!, uploadsPerHour: rate!)
    }
}

@main
struct CareCastServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carecast-server",
        abstract: "The CareCast returns service: organisations submit workforce returns, CareCast checks them and keeps every version.",
        discussion: "Settings come from the environment: DATABASE_URL (sqlite:PATH, the default being carecast.sqlite here; or postgres://…), HOST, PORT, SECURE_COOKIES=1 behind TLS, LOG_LEVEL, RETENTION_DAYS (90: worker-level data of a round is deleted that many days after it closes, checked daily), SPOOL_DIR (where uploads are spooled while checked; by default carecast-spool in the temporary folder, swept at start-up and by admin purge), QUOTA_MB_PER_ORGANISATION (2048: MiB of return files an organisation may keep stored), UPLOADS_PER_HOUR (120 per organisation).",
        subcommands: [Serve.self, Admin.self, Export.self],
        defaultSubcommand: Serve.self
    )
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the web service (the default).")

    /// The public explorer, from the environment: `EXPLORER=0` leaves it out; `EXPLORER_DATA`
    /// (the bundled data by default), `EXPLORER_PAST_EDITIONS` (earlier base years to serve,
    /// comma-separated; by default the year before the latest), `EXPLORER_PARAMETER_SETS` (64,
    /// as `carecast simulate`) and `EXPLORER_CACHE` (runs kept per edition, 64).
    static func explorer() throws -> ExplorerService? {
        let env = ProcessInfo.processInfo.environment
        guard env["EXPLORER"] != "0" else { return nil }
        let data = env["EXPLORER_DATA"] ?? EnglandBundle.defaultDirectory()
        func int(_ name: String, _ fallback: Int) throws -> Int {
            guard let text = env[name] else { return fallback }
            guard let n = Int(text), n >= 0 else { throw ValidationError("\(name) must be a whole number, got \(text)") }
            return n
        }
        let latest = try EnglandBundle(directory: data).baseYear
        let past: [Int]
        if let text = env["EXPLORER_PAST_EDITIONS"] {
            past = try text.split(separator: ",").map { part in
                guard let y = Int(part.trimmingCharacters(in: .whitespaces)) else { throw ValidationError("EXPLORER_PAST_EDITIONS: expected years, got \(part)") }
                return y
            }
        } else {
            past = [latest - 1]
        }
        var settings = ExplorerService.Settings(
            dataDirectory: data, pastEditions: past, parameterSets: try int("EXPLORER_PARAMETER_SETS", EnglandBaseline.defaultParameterSets),
            tasks: ProcessInfo.processInfo.activeProcessorCount, cacheCapacity: max(1, try int("EXPLORER_CACHE", 64)), version: CareCastVersion.string)
        guard settings.parameterSets <= ExplorerSettings.drawRange.lowerBound else {
            // simulate never has more sets than draws; the explorer's smallest run must not either.
            throw ValidationError("EXPLORER_PARAMETER_SETS must be at most \(ExplorerSettings.drawRange.lowerBound), the fewest draws a page may ask for")
        }
        let draws = try int("EXPLORER_DRAWS", ExplorerSettings.defaultDraws)
        guard ExplorerSettings.drawRange.contains(draws) else { throw ValidationError("EXPLORER_DRAWS must be from \(ExplorerSettings.drawRange.lowerBound) to \(ExplorerSettings.drawRange.upperBound)") }
        settings.defaultDraws = draws
        return try ExplorerService(settings)
    }

    func run() async throws {
        let settings = try ServerSettings.fromEnvironment()
        var env = Environment(name: "production", arguments: ["carecast-server", "serve", "--hostname", settings.host, "--port", String(settings.port)])
        env.arguments = ["carecast-server", "serve", "--hostname", settings.host, "--port", String(settings.port)]
        let app = try await Application.make(env)
        app.logger.logLevel = settings.logLevel
        let store: Store
        do {
            store = try await Store.open(settings.location, logger: app.logger)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        do {
            // Consultation evidence names assumptions of the bundled assessment.
            let names = (try? AssumptionSet.load(EnglandBundle.defaultDirectory() + "/assumptions.yaml"))?.assumptions.map(\.name) ?? []
            var web = WebConfiguration(store: store, secureCookies: settings.secureCookies, spoolDirectory: settings.spoolDirectory,
                                       assumptionNames: Set(names), quotaBytesPerOrganisation: settings.quotaMiB << 20, uploadsPerHour: settings.uploadsPerHour)
            web.explorer = try Self.explorer()
            try configure(app, web)
            // The retention schedule: at start-up and every day after, worker-level data of
            // rounds closed RETENTION_DAYS ago or more is deleted (counts are kept).
            let days = settings.retentionDays
            let logger = app.logger
            app.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .seconds(5), delay: .hours(24)) { _ in
                app.eventLoopGroup.next().makeFutureWithTask {
                    do {
                        let n = try await store.purgeWorkerLevelData(olderThanDays: days, by: nil)
                        if n > 0 { logger.notice("retention: worker-level data of \(n) return versions deleted") }
                    } catch {
                        logger.error("retention: \(error)")
                    }
                }
            }
            try await app.execute()
        } catch {
            app.logger.report(error: error)
            try? await app.asyncShutdown()
            await store.shutdown()
            throw error
        }
        try await app.asyncShutdown()
        await store.shutdown()
    }
}

// Vapor's console kit has types of the same names.
typealias Option = ArgumentParser.Option
typealias Flag = ArgumentParser.Flag
typealias Argument = ArgumentParser.Argument
