import CareCastBaselines
import CareCastExplorer
@testable import CareCastStore
@testable import CareCastWeb
import Foundation
import Testing
import VaporTesting

@Suite("The public explorer over HTTP", .serialized)
struct ExplorerWebTests {
    /// One service for the suite (preparing an edition is the slow part): 2 parameter sets,
    /// 100 draws a page, edition 2023 cut beside the latest.
    static let service: ExplorerService = {
        var settings = ExplorerService.Settings(dataDirectory: EnglandBundle.defaultDirectory(), pastEditions: [2023], parameterSets: 2, tasks: 2, cacheCapacity: 8, version: "test")
        settings.defaultDraws = 100
        return try! ExplorerService(settings)
    }()

    static func with(_ body: (Application) async throws -> Void) async throws {
        let store = try await StoreFactory.open("sqlite")
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("carecast-spool-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: spool) }
        var config = WebConfiguration(store: store, spoolDirectory: spool, bcryptCost: 4)
        config.explorer = service
        do {
            try await withApp(configure: { app in try configure(app, config) }, body)
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }

    static func get(_ app: Application, _ path: String) async throws -> TestingHTTPResponse {
        try await app.testing().sendRequest(.GET, path)
    }

    @Test("Pages, fragment, files and API answer without login, with a strict CSP; the same permalink gives the same bytes")
    func pages() async throws {
        try await Self.with { app in
            #expect(try await Self.get(app, "/explore/ready").status == .ok)
            let page = try await Self.get(app, "/explore?exit=0.9&area=E09000007")
            #expect(page.status == .ok)
            let csp = page.headers.first(name: "Content-Security-Policy") ?? ""
            #expect(csp.contains("default-src 'none'") && csp.contains("script-src 'self'") && csp.contains("style-src 'self'"))
            let html = page.body.string
            #expect(html.contains("<form id=\"levers\"") && html.contains("id=\"permalink\"") && html.contains("data-figure=\"gap-10\""))
            let again = try await Self.get(app, "/explore?area=E09000007&exit=0.9")
            #expect(again.body.string == html)
            // A starting point sets the sliders and the permalink (its own form, never mixed with the sliders').
            let preset = try await Self.get(app, "/explore?edition=2024&area=E92000001&role=total&horizon=10&draws=100&seed=1&preset=training-expansion")
            #expect(preset.status == .ok)
            #expect(preset.body.string.contains("name=\"intake_all\" min=\"0.5\" max=\"2\" step=\"0.05\" value=\"1.25\""))
            #expect(preset.body.string.contains("intake_all=1.25"))
            #expect(preset.body.string.contains("<form id=\"presets\""))
            // A lever that costs only moves no figure: its contributions chart is flat (this crashed once).
            #expect(try await Self.get(app, "/explore?pay=0.05").status == .ok)
            let fragment = try await Self.get(app, "/explore/fragment?exit=0.9&area=E09000007")
            #expect(fragment.status == .ok && fragment.body.string.hasPrefix("<section id=\"results\""))
            for table in ExplorerData.tables {
                let csv = try await Self.get(app, "/explore/data/\(table).csv?exit=0.9&area=E09000007")
                #expect(csv.status == .ok, "\(table)")
                #expect(csv.headers.contentType?.subType == "csv")
                #expect(csv.body.string.hasPrefix("time_period,time_identifier,geographic_level"), "\(table)")
            }
            let api = try await Self.get(app, "/api/v1/explore?exit=0.9&area=E09000007")
            #expect(api.status == .ok)
            let json = try JSONSerialization.jsonObject(with: Data(api.body.readableBytesView)) as! [String: Any]
            #expect(json["area"] as? String == "E09000007")
            #expect((json["gap"] as? [String: Any])?["q50"] != nil)
            #expect((json["reproduce"] as? [String: Any])?["command"] as? String != nil)
            #expect(try await Self.get(app, "/explore/static/explore.js").headers.contentType?.subType == "javascript")
            #expect(try await Self.get(app, "/explore/static/explore.css").headers.contentType?.subType == "css")
            let doc = try JSONSerialization.jsonObject(with: Data(try await Self.get(app, "/openapi.json").body.readableBytesView)) as! [String: Any]
            #expect((doc["paths"] as? [String: Any])?["/api/v1/explore"] != nil)
        }
    }

    @Test("Bad parameters, unknown tables and editions are 4xx with a problem body naming the parameter")
    func problems() async throws {
        try await Self.with { app in
            for (path, status) in [("/explore?exit=banana", HTTPStatus.badRequest), ("/explore?exit=99", .badRequest), ("/explore?colour=red", .badRequest),
                                   ("/api/v1/explore?draws=1", .badRequest), ("/explore/fragment?area=nowhere", .badRequest), ("/explore?edition=1999", .notFound),
                                   ("/explore?edition=twenty", .badRequest), ("/explore/data/secrets.csv", .notFound), ("/explore?exit=%ZZ", .badRequest),
                                   ("/explore?seed=18446744073709551616", .badRequest)] {
                let r = try await Self.get(app, path)
                #expect(r.status == status, "\(path): \(r.status)")
                #expect(r.headers.contentType?.description.contains("problem+json") == true, "\(path)")
            }
            let r = try await Self.get(app, "/explore?exit=banana")
            let body = try JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) as! [String: Any]
            #expect((body["errors"] as? [[String: Any]])?.first?["field"] as? String == "exit")
        }
    }

    @Test("A link to an older edition still works and says that a newer edition exists")
    func olderEdition() async throws {
        try await Self.with { app in
            let r = try await Self.get(app, "/explore?edition=2023&exit=0.9")
            #expect(r.status == .ok)
            let html = r.body.string
            #expect(html.contains("id=\"newer-edition\""))
            #expect(html.contains("edition=2024"))
            #expect(!(try await Self.get(app, "/explore?exit=0.9").body.string.contains("id=\"newer-edition\"")))
        }
    }
}
