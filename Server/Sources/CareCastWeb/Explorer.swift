import CareCastBaselines
import CareCastExplorer
import CareCastFormats
import Foundation
import Vapor

/// The explorer's editions: the latest (the data folder's) prepared at start-up, each earlier
/// one (the same data cut at its year, as `BundleCut` writes it) prepared when first asked for.
/// Requests for an edition wait until it is ready; `/explore/ready` says when the latest is.
public final class ExplorerService: Sendable {
    public struct Settings: Sendable {
        /// A folder in the layout of data/england.
        public var dataDirectory: String
        /// Earlier editions served beside the latest (the base years to cut the data at).
        public var pastEditions: [Int]
        public var parameterSets: Int
        public var tasks: Int
        /// Runs kept per edition.
        public var cacheCapacity: Int
        public var version: String
        /// Draws of a page that does not say (1,000; fewer on a debug build's tests).
        public var defaultDraws = ExplorerSettings.defaultDraws
        public init(dataDirectory: String, pastEditions: [Int], parameterSets: Int, tasks: Int, cacheCapacity: Int = 64, version: String) {
            self.dataDirectory = dataDirectory
            self.pastEditions = pastEditions
            self.parameterSets = parameterSets
            self.tasks = tasks
            self.cacheCapacity = cacheCapacity
            self.version = version
        }
    }

    public let settings: Settings
    let latest: Task<Result<ExplorerEngine, DataFileError>, Never>
    let past: [Int: PastEdition]
    public let latestYear: Int

    final class PastEdition: @unchecked Sendable {
        private let lock = NSLock()
        private var task: Task<Result<ExplorerEngine, DataFileError>, Never>?
        /// The edition's task, started by `make` the first time.
        func task(_ make: () -> Task<Result<ExplorerEngine, DataFileError>, Never>) -> Task<Result<ExplorerEngine, DataFileError>, Never> {
            lock.lock()
            defer { lock.unlock() }
            if let task { return task }
            let made = make()
            task = made
            return made
        }
    }

    public init(_ settings: Settings) throws(DataFileError) {
        self.settings = settings
        let bundle = try EnglandBundle(directory: settings.dataDirectory)
        latestYear = bundle.baseYear
        latest = Task.detached(priority: .medium) {
            do throws(DataFileError) {
                let edition = try await ExplorerEdition.load(dataDirectory: settings.dataDirectory, parameterSets: settings.parameterSets)
                return .success(ExplorerEngine(edition: edition, tasks: settings.tasks, capacity: settings.cacheCapacity))
            } catch {
                return .failure(error)
            }
        }
        past = Dictionary(uniqueKeysWithValues: settings.pastEditions.filter { $0 < bundle.baseYear }.map { ($0, PastEdition()) })
    }

    public var editions: [Int] { [latestYear] + past.keys.sorted(by: >) }

    public var isReady: Bool { get async { if case .success = await latest.value { true } else { false } } }

    func engine(_ year: Int) async throws -> ExplorerEngine {
        if year == latestYear { return try await latest.value.get() }
        guard let slot = past[year] else {
            throw Problem(status: .notFound, title: "No such edition", detail: "edition: \(year) is not served; the editions are \(editions.map(String.init).joined(separator: ", "))")
        }
        let settings = self.settings
        let task = slot.task {
            Task.detached(priority: .medium) { () async -> Result<ExplorerEngine, DataFileError> in
                do throws(DataFileError) {
                    let folder = try BundleCut.temporary(from: settings.dataDirectory, year: year)
                    let edition = try await ExplorerEdition.load(dataDirectory: folder, parameterSets: settings.parameterSets)
                    return .success(ExplorerEngine(edition: edition, tasks: settings.tasks, capacity: settings.cacheCapacity))
                } catch {
                    return .failure(error)
                }
            }
        }
        return try await task.value.get()
    }
}

/// The explorer's pages, files and API: public, no login.
struct ExplorerController {
    let service: ExplorerService

    func register(_ routes: any RoutesBuilder) {
        routes.get("explore", use: page)
        routes.get("explore", "fragment", use: fragment)
        routes.get("explore", "ready", use: ready)
        routes.get("explore", "data", ":table", use: data)
        routes.get("explore", "static", "explore.css") { _ in Self.asset(ExplorerAssets.css, type: HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])) }
        routes.get("explore", "static", "explore.js") { _ in Self.asset(ExplorerAssets.js, type: HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"])) }
        routes.get("api", "v1", "explore", use: api)
    }

    static func asset(_ text: String, type: HTTPMediaType) -> Response {
        let r = Response(status: .ok, body: .init(string: text))
        r.headers.contentType = type
        r.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        r.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return r
    }

    /// The query's parameters in order, percent-decoded; a malformed query is a 400.
    static func query(_ req: Request) throws -> [(String, String)] {
        guard let raw = req.url.query, !raw.isEmpty else { return [] }
        var out: [(String, String)] = []
        for part in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) throws -> String {
                guard let text = String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
                    throw Problem.badRequest("the query is not valid percent-encoded UTF-8 near \(String(s.prefix(40)))")
                }
                return text
            }
            out.append((try decode(pieces[0]), pieces.count > 1 ? try decode(pieces[1]) : ""))
        }
        // An empty preset (the form's "as set below") is no preset.
        return out.filter { !($0.0 == "preset" && $0.1.isEmpty) }
    }

    /// The settings, the engine's edition and the run for a request.
    func resolve(_ req: Request) async throws -> (ExplorerSettings, ExplorerEdition, ExplorerRun) {
        let items = try Self.query(req)
        var year = service.latestYear
        if let text = items.first(where: { $0.0 == "edition" })?.1 {
            guard let y = Int(text) else { throw Problem.badRequest("edition: expected a year, got \(text)", errors: [.init(field: "edition", message: "expected a year")]) }
            year = y
        }
        let engine = try await service.engine(year)
        let edition = engine.edition
        let settings: ExplorerSettings
        do {
            settings = try ExplorerSettings.parse(items, edition: edition, defaultDraws: service.settings.defaultDraws)
        } catch {
            throw Problem(status: HTTPResponseStatus(statusCode: error.status), title: error.title, detail: error.detail,
                          errors: error.parameter.map { [ProblemItem(field: $0, message: error.detail)] } ?? [])
        }
        do {
            return (settings, edition, try await engine.run(settings))
        } catch {
            req.logger.error("explorer: \(error)")
            throw Problem(status: .internalServerError, title: "Internal error", detail: "the projection could not be run")
        }
    }

    func context() async -> ExplorerPage.Context {
        let latest = try? await service.engine(service.latestYear)
        return ExplorerPage.Context(latestEdition: service.latestYear, editions: service.editions, version: service.settings.version,
                                    latestAreas: Set(latest?.edition.projection.areas.map(\.code.rawValue) ?? []))
    }

    func html(_ text: String) -> Response {
        let r = Response(status: .ok, body: .init(string: text))
        r.headers.contentType = .html
        Self.secure(r)
        return r
    }

    static func secure(_ r: Response) {
        r.headers.replaceOrAdd(name: "Content-Security-Policy", value: ExplorerAssets.contentSecurityPolicy)
        r.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        r.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
    }

    func page(_ req: Request) async throws -> Response {
        let (settings, edition, run) = try await resolve(req)
        return html(ExplorerPage.page(settings, edition: edition, run: run, context: await context()))
    }

    func fragment(_ req: Request) async throws -> Response {
        let (settings, edition, run) = try await resolve(req)
        return html(ExplorerPage.fragment(settings, edition: edition, run: run, context: await context()))
    }

    func ready(_ req: Request) async throws -> Response {
        guard await service.isReady else {
            throw Problem(status: .serviceUnavailable, title: "Preparing", detail: "the explorer is preparing edition \(service.latestYear)'s model; try again in a few seconds")
        }
        return Response(status: .ok, body: .init(string: "ready\n"))
    }

    func data(_ req: Request) async throws -> Response {
        let file = req.parameters.get("table") ?? ""
        guard file.hasSuffix(".csv"), ExplorerData.tables.contains(String(file.dropLast(4))) else {
            throw Problem.notFound("no table \(file); the tables are \(ExplorerData.tables.map { $0 + ".csv" }.joined(separator: ", "))")
        }
        let name = String(file.dropLast(4))
        let (settings, edition, run) = try await resolve(req)
        let text = ExplorerData.csv(name, view: ExplorerView(settings: settings, edition: edition, run: run)) ?? ""
        let r = Response(status: .ok, body: .init(string: text))
        r.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        r.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"carecast-\(name)-\(edition.year).csv\"")
        Self.secure(r)
        return r
    }

    func api(_ req: Request) async throws -> Response {
        let (settings, edition, run) = try await resolve(req)
        let view = ExplorerView(settings: settings, edition: edition, run: run)
        let r = Response(status: .ok, body: .init(data: Data(ExplorerData.json(view: view, permalink: "/explore?" + settings.query(edition), latestEdition: service.latestYear))))
        r.headers.contentType = .json
        return r
    }
}
