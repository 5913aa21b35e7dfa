import CareCastBaselines
import CareCastFormats
import CareCastReturns
@testable import CareCastStore
@testable import CareCastWeb
import Foundation
import Testing
import VaporTesting

/// A running application on a fresh store, with two local authorities, a submitter for each,
/// an analyst and an administrator, each with an API token, and the 2022 round open.
struct World {
    var app: Application
    var store: Store
    var orgA: Organisation
    var orgB: Organisation
    var tokens: [String: String]
    var accounts: [String: Account]

    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/samples/csww_2022_sample.xml").path

    static func with(_ kind: String = "sqlite", loginAttempts: Int = 5, quotaBytes: Int = 2 << 30, uploadsPerHour: Int = 120,
                     _ body: (World) async throws -> Void) async throws {
        let spoolDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("carecast-spool-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: spoolDirectory) }
        let store = try await StoreFactory.open(kind)
        do {
            try await withApp(configure: { app in
                // Each world spools into its own folder: a start-up sweep must not reach another test's upload.
                try configure(app, WebConfiguration(store: store, loginAttempts: loginAttempts, spoolDirectory: spoolDirectory, bcryptCost: 4,
                                                    assumptionNames: ["frictional_vacancy_rate", "flow_half_life"],
                                                    quotaBytesPerOrganisation: quotaBytes, uploadsPerHour: uploadsPerHour))
            }) { app in
                let admin = try await store.createUser(email: "admin@dfe.example", name: "Admin", role: .administrator, organisation: nil, passwordHash: try Bcrypt.hash("admin password 1", cost: 4), by: nil)
                let orgA = try await store.createOrganisation(Organisation(kind: .localAuthority, name: "Hartlepool", onsCodes: ["E06000001"], leaCodes: ["805"], region: "North East"), by: admin.id)
                let orgB = try await store.createOrganisation(Organisation(kind: .localAuthority, name: "Middlesbrough", onsCodes: ["E06000002"], leaCodes: ["806"], region: "North East"), by: admin.id)
                var accounts = ["administrator": admin]
                accounts["submitterA"] = try await store.createUser(email: "a@hartlepool.example", name: "A", role: .submitter, organisation: orgA.id, passwordHash: try Bcrypt.hash("password of a 1", cost: 4), by: admin.id)
                accounts["submitterB"] = try await store.createUser(email: "b@middlesbrough.example", name: "B", role: .submitter, organisation: orgB.id, passwordHash: try Bcrypt.hash("password of b 1", cost: 4), by: admin.id)
                accounts["analyst"] = try await store.createUser(email: "analyst@dfe.example", name: "Analyst", role: .analyst, organisation: nil, passwordHash: try Bcrypt.hash("analyst password", cost: 4), by: admin.id)
                var tokens: [String: String] = [:]
                for (name, account) in accounts {
                    let secret = Secrets.token()
                    _ = try await store.createToken(user: account.id, label: "test", tokenHash: Secrets.hash(secret))
                    tokens[name] = secret
                }
                _ = try await store.openRound(year: 2022, referenceDate: "2022-09-30", deadline: "2022-11-30", by: admin.id)
                try await body(World(app: app, store: store, orgA: orgA, orgB: orgB, tokens: tokens, accounts: accounts))
            }
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }

    func headers(_ who: String?, json: Bool = false) -> HTTPHeaders {
        var h = HTTPHeaders()
        if let who, let t = tokens[who] { h.bearerAuthorization = BearerAuthorization(token: t) }
        if json { h.contentType = .json }
        return h
    }

    func send(_ method: HTTPMethod, _ path: String, as who: String?, json: String? = nil, body: [UInt8]? = nil) async throws -> TestingHTTPResponse {
        var buffer: ByteBuffer? = nil
        if let json { buffer = ByteBuffer(string: json) }
        if let body { buffer = ByteBuffer(bytes: body) }
        return try await app.testing().sendRequest(method, path, headers: headers(who, json: json != nil), body: buffer)
    }

    /// Uploads the sample (rewritten for org A's LEA code) as org A's submitter.
    func uploadSample(_ text: String? = nil) async throws -> TestingHTTPResponse {
        let xml = try text ?? (String(contentsOfFile: Self.sample, encoding: .utf8)).replacingOccurrences(of: "<LEA>301</LEA>", with: "<LEA>805</LEA>")
        return try await send(.POST, "/api/v1/returns?organisation=\(orgA.id)&year=2022&name=hartlepool.xml", as: "submitterA", body: Array(xml.utf8))
    }
}

enum StoreFactory {
    static func open(_ kind: String) async throws -> Store {
        if kind == "postgres", let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] {
            return try await Store.open(.postgres(url: url, schema: "w" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()))
        }
        if kind == "sqlite-file" {
            // A real file: SQLite's one-writer lock shows only with connections to a file.
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("carecast-store-\(UUID().uuidString).sqlite").path
            return try await Store.open(.sqlite(path: path))
        }
        return try await Store.open(.memory)
    }

    /// The stores that concurrency tests run on: a SQLite file, and PostgreSQL when available.
    static var concurrentKinds: [String] { ["sqlite-file"] + kinds.filter { $0 != "sqlite" } }

    static var kinds: [String] { ["sqlite"] + (ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] == nil ? [] : ["postgres"]) }
}

/// A clean census file for org A: every rule passes.
func cleanReturn(lea: String = "805", fte: String = "1.000000") -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <Message><Header><CollectionDetails><Collection>CSWW</Collection><Year>2022</Year><ReferenceDate>2022-09-30</ReferenceDate></CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>\(lea)</LEA><SoftwareCode>t</SoftwareCode><DateTime>2022-10-01T00:00:00Z</DateTime></Source></Header>
    <LALevelVacancies><NumberOfVacancies>0.10</NumberOfVacancies><NoAgencyFTE>0.00</NoAgencyFTE><NoAgencyHeadcount>0</NoAgencyHeadcount></LALevelVacancies>
    <CSWWWorker><AgencyWorker>0</AgencyWorker><SWENo>AB0000000001</SWENo><FTE>\(fte)</FTE><PersonBirthDate>1985-05-01</PersonBirthDate><GenderCurrent>2</GenderCurrent><Ethnicity>WBRI</Ethnicity><QualInst>U</QualInst><QualLevel>2</QualLevel><OrgRole>5</OrgRole><RoleStartDate>2015-01-05</RoleStartDate><FTE30>\(fte)</FTE30><Cases30>45</Cases30></CSWWWorker>
    </Message>
    """
}

@Suite("The returns service over HTTP")
struct WebTests {
    @Test("Uploading the sample: every finding at once, with rule, line, worker, element and value; errors block acceptance", arguments: StoreFactory.kinds)
    func uploadSample(kind: String) async throws {
        try await World.with(kind) { w in
            let r = try await w.uploadSample()
            #expect(r.status == .created)
            let body = try JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) as! [String: Any]
            #expect(body["errors"] as? Int ?? 0 > 0 && body["version"] as? Int == 1 && body["acceptable"] as? Bool == false)
            let findings = body["findings"] as! [[String: Any]]
            #expect(findings.contains { $0["rule"] as? String == "CSWW-018" && $0["line"] as? Int ?? 0 > 0 })
            #expect(findings.contains { $0["reference"] as? String == "Oz2054309383" }, "the submitter sees the SWE numbers")
            let id = body["id"] as! String
            let accept = try await w.send(.POST, "/api/v1/returns/\(id)/accept", as: "submitterA")
            #expect(accept.status == .unprocessableEntity)
            #expect(accept.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            let csv = try await w.send(.GET, "/api/v1/returns/\(id)/findings.csv", as: "analyst")
            #expect(csv.status == .ok && csv.body.string.hasPrefix("rule,severity,file,line,worker,element,value,message,note"))
        }
    }

    @Test("A formula in the submitter's file comes out of findings.csv inert: the cell starts with a quote, not with =", arguments: StoreFactory.kinds)
    func csvInjection(kind: String) async throws {
        try await World.with(kind) { w in
            let hostile = cleanReturn().replacingOccurrences(of: "<OrgRole>5</OrgRole>", with: "<OrgRole>=HYPERLINK(&quot;http://x.example&quot;,&quot;x&quot;)</OrgRole>")
            let r = try await w.uploadSample(hostile)
            #expect(r.status == .created)
            let body = try JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) as! [String: Any]
            let csv = try await w.send(.GET, "/api/v1/returns/\(body["id"] as! String)/findings.csv", as: "analyst")
            #expect(csv.status == .ok)
            let text = csv.body.string
            #expect(text.contains("\"'=HYPERLINK(\"\"http://x.example\"\",\"\"x\"\")\""), "\(text)")
            // No cell starts a formula: every field after a separator or at a line start.
            for line in text.split(separator: "\r\n") {
                #expect(!line.hasPrefix("=") && !line.contains(",=") && !line.contains(",\"="), "\(line)")
            }
        }
    }

    @Test("Writes wait their turn: two organisations uploading twenty returns at once all succeed, every version whole and distinct; three acceptances at once leave exactly one accepted", arguments: StoreFactory.concurrentKinds)
    func concurrentWrites(kind: String) async throws {
        try await World.with(kind) { w in
            let clean = cleanReturn().replacingOccurrences(of: "<Cases30>45</Cases30>", with: "<Cases30>20</Cases30>")
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for i in 0..<20 {
                    let (org, who, lea) = i % 2 == 0 ? (w.orgA.id, "submitterA", "805") : (w.orgB.id, "submitterB", "806")
                    let body = Array(clean.replacingOccurrences(of: "<LEA>805</LEA>", with: "<LEA>\(lea)</LEA>").utf8)
                    group.addTask { try await w.send(.POST, "/api/v1/returns?organisation=\(org)&year=2022&name=r\(i).xml", as: who, body: body).status.code }
                }
                var out: [UInt] = []
                for try await s in group { out.append(s) }
                return out
            }
            #expect(statuses.allSatisfy { $0 == 201 }, "\(statuses.sorted())")
            for org in [w.orgA.id, w.orgB.id] {
                let versions = try await w.store.returns(organisation: org, roundYear: 2022)
                #expect(versions.map(\.version).sorted() == Array(1...10), "versions of \(org): \(versions.map(\.version).sorted())")
                for v in versions { #expect(try await w.store.parts(returnID: v.id).first?.content.count == v.size) }
            }
            let mine = try await w.store.returns(organisation: w.orgA.id, roundYear: 2022).sorted { $0.version < $1.version }.prefix(3)
            let accepted = try await withThrowingTaskGroup(of: UInt.self) { group in
                for v in mine { group.addTask { try await w.send(.POST, "/api/v1/returns/\(v.id)/accept", as: "submitterA").status.code } }
                var out: [UInt] = []
                for try await s in group { out.append(s) }
                return out
            }
            #expect(accepted.allSatisfy { $0 < 500 }, "\(accepted)")
            #expect(try await w.store.returns(organisation: w.orgA.id, roundYear: 2022).filter { $0.status == .accepted }.count == 1)
        }
    }

    @Test("Fair use: past its uploads an hour an organisation gets 429 with Retry-After, past its storage quota 413; another organisation is not held back")
    func quotas() async throws {
        try await World.with(uploadsPerHour: 3) { w in
            for _ in 0..<3 { #expect(try await w.uploadSample(cleanReturn()).status == .created) }
            let fourth = try await w.uploadSample(cleanReturn())
            #expect(fourth.status == .tooManyRequests)
            #expect(fourth.headers.first(name: .retryAfter) != nil)
            #expect(fourth.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            let other = Array(cleanReturn(lea: "806").utf8)
            #expect(try await w.send(.POST, "/api/v1/returns?organisation=\(w.orgB.id)&year=2022&name=b.xml", as: "submitterB", body: other).status == .created)
        }
        let size = cleanReturn().utf8.count
        try await World.with(quotaBytes: size * 2 + size / 2) { w in
            for _ in 0..<2 { #expect(try await w.uploadSample(cleanReturn()).status == .created) }
            let over = try await w.uploadSample(cleanReturn())
            #expect(over.status == .payloadTooLarge, "two stored files and a third pass the quota")
            #expect(over.body.string.contains("quota"))
            #expect(try await w.store.returns(organisation: w.orgA.id, roundYear: 2022).count == 2, "nothing of the refused upload is stored")
        }
    }

    @Test("A path served for other methods answers 405 with Allow, as problem+json; an unknown path is still 404")
    func methodNotAllowed() async throws {
        try await World.with { w in
            for (method, path, allow) in [(HTTPMethod.TRACE, "/api/v1/returns", "GET, HEAD, POST"), (.DELETE, "/openapi.json", "GET, HEAD"),
                                          (.GET, "/api/v1/returns/\(UUID())/accept", "POST")] {
                let r = try await w.send(method, path, as: "analyst")
                #expect(r.status == .methodNotAllowed, "\(method) \(path)")
                #expect(r.headers.first(name: .allow) == allow, "\(method) \(path)")
                #expect(r.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            }
            #expect(try await w.send(.GET, "/no/such/path", as: "analyst").status == .notFound)
            #expect(try await w.send(.GET, "/api/v1/returns/\(UUID())", as: "analyst").status == .notFound, "a missing return is still 404")
        }
    }

    @Test("A compressed body gets 415 with a problem body, never a reset connection")
    func compressedBody() async throws {
        try await World.with { w in
            var h = w.headers("submitterA")
            h.replaceOrAdd(name: .contentEncoding, value: "gzip")
            let r = try await w.app.testing().sendRequest(.POST, "/api/v1/returns?organisation=\(w.orgA.id)&year=2022&name=a.xml.gz", headers: h,
                                                          body: ByteBuffer(bytes: [0x1f, 0x8b, 0x08, 0x00] + [UInt8](repeating: 0, count: 64)))
            #expect(r.status == .unsupportedMediaType)
            #expect(r.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            #expect(r.body.string.contains("uncompressed"))
            #expect(try await w.store.returns(organisation: w.orgA.id, roundYear: 2022).isEmpty)
        }
    }

    @Test("Checks queue: with a limit of two, six checks run at most two at a time, all finish, and the line is first come first served")
    func checkQueue() async throws {
        let queue = CheckQueue(limit: 2)
        actor Gauge {
            var now = 0, most = 0, order: [Int] = []
            func start() { now += 1; most = max(most, now) }
            func end(_ i: Int) { now -= 1; order.append(i) }
        }
        let gauge = Gauge()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<6 {
                group.addTask {
                    try await queue.run {
                        await gauge.start()
                        try await Task.sleep(nanoseconds: 20_000_000)
                        await gauge.end(i)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await gauge.most == 2)
        #expect(await gauge.order.count == 6)
        let full = CheckQueue(limit: 1, maxWaiting: 0)
        async let holding: Void = full.run { try await Task.sleep(nanoseconds: 100_000_000) }
        try await Task.sleep(nanoseconds: 20_000_000)
        await #expect(throws: Problem.self) { try await full.run { } }
        try await holding
    }

    @Test("A clean return with a query: explain it, accept it; a resubmission is version 2 and version 1 stays readable", arguments: StoreFactory.kinds)
    func acceptAndResubmit(kind: String) async throws {
        try await World.with(kind) { w in
            let r = try await w.uploadSample(cleanReturn())
            #expect(r.status == .created)
            let body = try JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) as! [String: Any]
            let id = body["id"] as! String
            let findings = body["findings"] as! [[String: Any]]
            #expect(findings.map { $0["rule"] as! String }.sorted() == ["CSWW-101", "CSWW-119"], "45 cases is a query, and so is the caseload")
            #expect(try await w.send(.POST, "/api/v1/returns/\(id)/accept", as: "submitterA").status == .unprocessableEntity, "queries need notes first")
            for f in findings {
                let note = try await w.send(.POST, "/api/v1/returns/\(id)/findings/\(f["id"] as! String)/note", as: "submitterA", json: "{\"note\":\"Covering a vacant post until January.\"}")
                #expect(note.status == .noContent)
            }
            #expect(try await w.send(.POST, "/api/v1/returns/\(id)/accept", as: "submitterA").status == .ok)
            let second = try await w.uploadSample(cleanReturn(fte: "0.900000").replacingOccurrences(of: "<Cases30>45</Cases30>", with: "<Cases30>20</Cases30>"))
            let v2 = try JSONSerialization.jsonObject(with: Data(second.body.readableBytesView)) as! [String: Any]
            #expect(v2["version"] as? Int == 2 && (v2["findings"] as! [Any]).isEmpty)
            #expect(try await w.send(.POST, "/api/v1/returns/\(v2["id"] as! String)/accept", as: "submitterA").status == .ok)
            let v1 = try await w.send(.GET, "/api/v1/returns/\(id)", as: "analyst")
            #expect(v1.status == .ok && v1.body.string.contains("\"status\":\"superseded\""))
            let audit = try await w.send(.GET, "/api/v1/audit", as: "submitterA")
            #expect(audit.body.string.contains("return.accept") && audit.body.string.contains("finding.explain"))
        }
    }

    @Test("Bad input gets a 4xx with a problem body, never a 500", arguments: [
        ("POST", "/api/v1/returns?organisation=nope&year=2022", "<x/>"),
        ("POST", "/api/v1/returns?year=2022", "<x/>"),
        ("POST", "/api/v1/organisations", "{\"kind\":\"castle\",\"name\":\"X\"}"),
        ("POST", "/api/v1/organisations", "{not json"),
        ("POST", "/api/v1/organisations", "{\"kind\":\"local_authority\",\"name\":\"X\",\"onsCodes\":[\"W06000001\"],\"leaCodes\":[\"8x5\"]}"),
        ("POST", "/api/v1/rounds", "{\"year\":2022,\"deadline\":\"2022-11-30\"}"),
        ("POST", "/api/v1/rounds", "{\"year\":2024,\"deadline\":\"soon\"}"),
        ("POST", "/api/v1/rounds", "{\"year\":\"x\"}"),
        ("POST", "/api/v1/users", "{\"email\":\"x@y\",\"name\":\"X\",\"role\":\"king\",\"password\":\"long enough password\"}"),
        ("POST", "/api/v1/users", "{\"email\":\"x@y\",\"name\":\"X\",\"role\":\"analyst\",\"password\":\"short\"}"),
        ("GET", "/api/v1/returns/not-a-uuid", ""),
        ("GET", "/api/v1/rounds/abc/status", ""),
        ("GET", "/api/v1/published/2022", ""),
        ("DELETE", "/api/v1/tokens/00000000-0000-0000-0000-000000000000", ""),
    ])
    func badInput(method: String, path: String, body: String) async throws {
        try await World.with { w in
            let r = try await w.send(HTTPMethod(rawValue: method), path, as: "administrator", json: body.hasPrefix("{") ? body : nil, body: body.hasPrefix("{") ? nil : Array(body.utf8))
            #expect((400..<500).contains(Int(r.status.code)), "\(r.status) \(r.body.string)")
            #expect(r.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            let problem = try JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) as? [String: Any]
            #expect(problem?["status"] as? Int == Int(r.status.code) && !(problem?["detail"] as? String ?? "").isEmpty)
        }
    }

    @Test("The other returns over the API: a children's home's staffing, a training pipeline, consultation evidence linked to assumptions")
    func otherReturns() async throws {
        try await World.with { w in
            let admin = w.accounts["administrator"]!
            let home = try await w.store.createOrganisation(Organisation(kind: .childrensHome, name: "Oak House", urn: "123456"), by: admin.id)
            let manager = try await w.store.createUser(email: "m@oak.example", name: "M", role: .submitter, organisation: home.id, passwordHash: "x", by: admin.id)
            let secret = Secrets.token()
            _ = try await w.store.createToken(user: manager.id, label: "t", tokenHash: Secrets.hash(secret))
            let columns = OtherReturns.homeColumns
            var values: [String: String] = ["URN": "123456", "LACode": "E06000001", "ReferenceDate": "2022-09-30", "RegisteredPlaces": "4", "ChildrenPlaced": "3", "RegisteredManagerInPost": "1"]
            for role in OtherReturns.homeRoles {
                values[role + "Headcount"] = "2"; values[role + "FTE"] = "1.50"; values[role + "VacantFTE"] = "0.00"; values[role + "AgencyFTE"] = "0.00"; values[role + "Starters"] = "0"; values[role + "Leavers"] = "0"
            }
            let csv = columns.joined(separator: ",") + "\n" + columns.map { values[$0]! }.joined(separator: ",") + "\n"
            var h = HTTPHeaders()
            h.bearerAuthorization = BearerAuthorization(token: secret)
            let r = try await w.app.testing().sendRequest(.POST, "/api/v1/returns?organisation=\(home.id)&year=2022&kind=homes&name=oak.csv", headers: h, body: ByteBuffer(string: csv))
            #expect(r.status == .created, "\(r.body.string)")
            let body = try JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) as! [String: Any]
            #expect((body["findings"] as! [Any]).isEmpty && (body["summary"] as? [String: Double])?["homes"] == 1 && body["kind"] as? String == "homes")
            let other = csv.replacingOccurrences(of: "123456", with: "654321")
            let wrong = try await w.app.testing().sendRequest(.POST, "/api/v1/returns?organisation=\(home.id)&year=2022&kind=homes", headers: h, body: ByteBuffer(string: other))
            #expect(wrong.body.string.contains("HOME-002"), "a home returns only for itself")
            let evidence = try await w.send(.POST, "/api/v1/returns?organisation=\(w.orgA.id)&year=2022&kind=evidence&name=plan.json", as: "submitterA",
                                            body: Array("{\"title\":\"Local plan\",\"text\":\"Twelve posts funded from April.\",\"date\":\"2022-10-01\",\"publishable\":false,\"assumptions\":[\"frictional_vacancy_rate\",\"no_such_thing\"]}".utf8))
            #expect(evidence.status == .created && evidence.body.string.contains("EVID-001") && evidence.body.string.contains("no_such_thing"))
            #expect(!evidence.body.string.contains("'frictional_vacancy_rate' is not"))
            let pipeline = try await w.send(.POST, "/api/v1/returns?organisation=\(w.orgA.id)&year=2022&kind=pipeline", as: "submitterA", body: Array("Programme,Route\nX,degree\n".utf8))
            #expect(pipeline.status == .created && pipeline.body.string.contains("PIPE-001"))
            #expect(try await w.send(.POST, "/api/v1/returns?organisation=\(w.orgA.id)&year=2022&kind=payroll", as: "submitterA", body: [1]).status == .badRequest)
        }
    }

    @Test("A malformed browser upload is a 400, never a crash or a 500")
    func malformedMultipart() async throws {
        try await World.with { w in
            for type in ["multipart/form-data; boundary=\"\"", "multipart/form-data", "multipart/form-data; boundary=abc", "text/plain"] {
                var h = w.headers("submitterA")
                h.replaceOrAdd(name: .contentType, value: type)
                let r = try await w.app.testing().sendRequest(.POST, "/returns/upload", headers: h, body: ByteBuffer(string: "--abc\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n"))
                #expect(r.status == .badRequest, "\(type): \(r.status)")
            }
            // Bodies that trap MultipartKit's parser (a header name with a byte above 127; found by
            // schemathesis against the running server) and other broken bodies: 400s.
            var h = w.headers("submitterA")
            h.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=abc")
            for body in ["--abc\r\nContent-Dispositi\u{e9}n: form-data; name=\"x\"\r\n\r\n1\r\n--abc--\r\n",
                         "--abc\r\nno colon here\r\n\r\n1\r\n--abc--\r\n", "--abc\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nunterminated",
                         "--abcX", "", "--abc--\r\n"] {
                let r = try await w.app.testing().sendRequest(.POST, "/returns/upload", headers: h, body: ByteBuffer(string: body))
                #expect(r.status == .badRequest, "\(body.debugDescription): \(r.status)")
            }
            // A well-formed form from the browser: checked, stored, and the page of the new version.
            let file = cleanReturn()
            let form = "--abc\r\nContent-Disposition: form-data; name=\"organisation\"\r\n\r\n\(w.orgA.id)\r\n"
                + "--abc\r\nContent-Disposition: form-data; name=\"year\"\r\n\r\n2022\r\n"
                + "--abc\r\nContent-Disposition: form-data; name=\"file\"; filename=\"C:\\\\census\\\\hartlepool.xml\"\r\nContent-Type: application/xml\r\n\r\n\(file)\r\n--abc--\r\n"
            let ok = try await w.app.testing().sendRequest(.POST, "/returns/upload", headers: h, body: ByteBuffer(string: form))
            #expect(ok.status == .seeOther, "\(ok.body.string)")
            let stored = try await w.store.returns(organisation: w.orgA.id)
            #expect(stored.count == 1 && stored[0].size == file.utf8.count && stored[0].queries == 2)
        }
    }

    @Test("Every route is in /openapi.json, and every documented path is a route")
    func openAPI() async throws {
        try await World.with { w in
            let r = try await w.send(.GET, "/openapi.json", as: nil)
            let doc = try JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) as! [String: Any]
            #expect(doc["openapi"] as? String == "3.1.0")
            let paths = doc["paths"] as! [String: [String: Any]]
            var documented = Set<String>()
            for (path, ops) in paths { for method in ops.keys { documented.insert("\(method.uppercased()) \(path)") } }
            var registered = Set<String>()
            for route in w.app.routes.all {
                let path = "/" + route.path.map { component -> String in
                    let s = component.description
                    return s.hasPrefix(":") ? "{\(s.dropFirst())}" : s
                }.joined(separator: "/")
                registered.insert("\(route.method.rawValue) \(path)")
            }
            #expect(registered == documented, "undocumented: \(registered.subtracting(documented)); not routes: \(documented.subtracting(registered))")
        }
    }

    @Test("A query value that does not parse is a 400 naming it, not ignored", arguments: StoreFactory.kinds)
    func badQueryValues(kind: String) async throws {
        try await World.with(kind) { w in
            for path in ["/api/v1/returns?year=twenty", "/api/v1/returns?organisation=not-a-uuid", "/api/v1/audit?organisation=42"] {
                let r = try await w.send(.GET, path, as: "analyst")
                #expect(r.status == .badRequest, "\(path)")
                #expect(r.headers.contentType?.description.hasPrefix("application/problem+json") == true, "\(path)")
            }
            #expect(try await w.send(.GET, "/api/v1/returns?year=2022", as: "analyst").status == .ok)
        }
    }

    @Test("The spool folder is the server's own: created owner-only, and swept of every spool file at start-up; admin purge sweeps only old ones")
    func spoolSweep() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("carecast-sweep-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for name in ["carecast-upload-left", "carecast-form-left", "notes.txt"] {
            #expect(FileManager.default.createFile(atPath: dir + "/" + name, contents: Data("AB0000000001".utf8)))
        }
        let store = try await StoreFactory.open("sqlite")
        do {
            try await withApp(configure: { app in try configure(app, WebConfiguration(store: store, spoolDirectory: dir, bcryptCost: 4)) }) { _ in
                #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["notes.txt"])
                let mode = (try FileManager.default.attributesOfItem(atPath: dir)[.posixPermissions] as? NSNumber)?.intValue
                #expect(mode == 0o700)
            }
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
        // A sweep with an age keeps what is younger (an upload in flight) and removes what is older.
        #expect(FileManager.default.createFile(atPath: dir + "/carecast-upload-new", contents: Data()))
        #expect(FileManager.default.createFile(atPath: dir + "/carecast-upload-old", contents: Data()))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -7200)], ofItemAtPath: dir + "/carecast-upload-old")
        #expect(Spool.sweep(directory: dir, olderThan: 3600) == 1)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir)) == ["notes.txt", "carecast-upload-new"])
    }

    @Test("/openapi.json is built once and served with an ETag and caching headers; a matching If-None-Match gets 304")
    func openAPICaching() async throws {
        try await World.with { w in
            let first = try await w.send(.GET, "/openapi.json", as: nil)
            #expect(first.status == .ok)
            let etag = try #require(first.headers.first(name: .eTag))
            #expect(first.headers.first(name: .cacheControl) == "public, max-age=3600")
            let second = try await w.send(.GET, "/openapi.json", as: nil)
            #expect(second.headers.first(name: .eTag) == etag && second.body.string == first.body.string)
            var h = HTTPHeaders()
            h.replaceOrAdd(name: .ifNoneMatch, value: etag)
            let cached = try await w.app.testing().sendRequest(.GET, "/openapi.json", headers: h)
            #expect(cached.status == .notModified)
            // The findings of a return are documented as the array they are.
            let doc = try JSONSerialization.jsonObject(with: Data(first.body.string.utf8)) as! [String: Any]
            let schemas = (doc["components"] as! [String: Any])["schemas"] as! [String: Any]
            let findings = ((schemas["Return"] as! [String: Any])["properties"] as! [String: Any])["findings"] as! [String: Any]
            #expect(findings["type"] as? String == "array")
        }
    }

    @Test("Browser login: hashed password, HttpOnly SameSite cookie, CSRF token on forms, rate-limited failures")
    func login() async throws {
        try await World.with(loginAttempts: 3) { w in
            let form = "email=a%40hartlepool.example&password=password+of+a+1"
            var h = HTTPHeaders()
            h.contentType = .urlEncodedForm
            let ok = try await w.app.testing().sendRequest(.POST, "/login", headers: h, body: ByteBuffer(string: form))
            #expect(ok.status == .seeOther)
            let cookie = try #require(ok.headers.setCookie?[AuthenticationMiddleware.cookieName])
            #expect(cookie.isHTTPOnly && cookie.sameSite == .strict)
            var session = HTTPHeaders()
            session.cookie = HTTPCookies(dictionaryLiteral: (AuthenticationMiddleware.cookieName, HTTPCookies.Value(string: cookie.string)))
            let page = try await w.app.testing().sendRequest(.GET, "/returns", headers: session)
            #expect(page.status == .ok && page.body.string.contains("name=\"_csrf\""))
            // A change from the session without the CSRF token is refused.
            var post = session
            post.contentType = .json
            let noCSRF = try await w.app.testing().sendRequest(.POST, "/api/v1/tokens", headers: post, body: ByteBuffer(string: "{\"label\":\"x\"}"))
            #expect(noCSRF.status == .forbidden)
            let csrf = try #require(page.body.string.components(separatedBy: "name=\"_csrf\" value=\"").dropFirst().first?.prefix { $0 != "\"" })
            post.replaceOrAdd(name: "X-CSRF-Token", value: String(csrf))
            let withCSRF = try await w.app.testing().sendRequest(.POST, "/api/v1/tokens", headers: post, body: ByteBuffer(string: "{\"label\":\"x\"}"))
            #expect(withCSRF.status == .created)
            // The API upload too: with only the session cookie it is refused, with the token it is taken.
            let upload = "/api/v1/returns?organisation=\(w.orgA.id)&year=2022&name=a.xml"
            let uploadNoCSRF = try await w.app.testing().sendRequest(.POST, upload, headers: session, body: ByteBuffer(string: cleanReturn()))
            #expect(uploadNoCSRF.status == .forbidden)
            var uploadHeaders = session
            uploadHeaders.replaceOrAdd(name: "X-CSRF-Token", value: String(csrf))
            let uploadWithCSRF = try await w.app.testing().sendRequest(.POST, upload, headers: uploadHeaders, body: ByteBuffer(string: cleanReturn()))
            #expect(uploadWithCSRF.status == .created)
            // What a submitter names their file is text on the pages, never markup.
            let named = "/api/v1/returns?organisation=\(w.orgA.id)&year=2022&name=%3Cimg%20src%3Dx%20onerror%3D%22alert(1)%22%3E.xml"
            let markup = try await w.app.testing().sendRequest(.POST, named, headers: uploadHeaders, body: ByteBuffer(string: cleanReturn()))
            #expect(markup.status == .created, "\(markup.body.string)")
            let list = try await w.app.testing().sendRequest(.GET, "/returns", headers: session).body.string
            #expect(list.contains("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;.xml") && !list.contains("<img"), "\(list)")
            #expect(list.hasPrefix("<!DOCTYPE html><html lang=\"en-GB\">") && list.contains("<th scope=\"col\">File</th>"))
            // A strict policy: the style sheet is a file of this server, nothing is inline.
            let policy = try await w.app.testing().sendRequest(.GET, "/returns", headers: session).headers.first(name: "Content-Security-Policy") ?? ""
            #expect(policy.contains("default-src 'self'") && !policy.contains("unsafe-inline"))
            #expect(!list.contains("<style") && !list.contains(" style=\"") && list.contains("<link rel=\"stylesheet\" href=\"/static/returns.css\"/>"))
            let css = try await w.app.testing().sendRequest(.GET, "/static/returns.css")
            #expect(css.status == .ok && css.headers.contentType?.subType == "css" && css.body.string.contains("table{border-collapse:collapse"))
            // Wrong passwords: refused, then rate-limited even with the right one.
            for _ in 0..<3 {
                let bad = try await w.app.testing().sendRequest(.POST, "/login", headers: h, body: ByteBuffer(string: "email=b%40middlesbrough.example&password=wrong"))
                #expect(bad.status == .unauthorized)
            }
            let limited = try await w.app.testing().sendRequest(.POST, "/login", headers: h, body: ByteBuffer(string: "email=b%40middlesbrough.example&password=password+of+b+1"))
            #expect(limited.status == .tooManyRequests)
            // Passwords are stored as Bcrypt hashes.
            #expect(try await w.store.user(email: "a@hartlepool.example")?.passwordHash.hasPrefix("$2b$") == true)
        }
    }

    @Test("Who may see what: every endpoint, as every role, against another organisation's data", arguments: StoreFactory.kinds)
    func authorisationMatrix(kind: String) async throws {
        try await World.with(kind) { w in
            let upload = try await w.uploadSample(cleanReturn())
            let ret = try JSONSerialization.jsonObject(with: Data(upload.body.readableBytesView)) as! [String: Any]
            let rid = ret["id"] as! String
            let fid = (ret["findings"] as! [[String: Any]])[0]["id"] as! String
            let tokenA = try await w.store.tokens(user: w.accounts["submitterA"]!.id)[0].id
            let a = w.orgA.id
            // (method, path, body, allowed roles). Everyone else must be refused: 401 without
            // credentials, 403 or 404 with them. The calls that change things come last.
            let cases: [(HTTPMethod, String, String?, Set<String>)] = [
                (.GET, "/api/v1/returns?organisation=\(a)", nil, ["submitterA", "analyst", "administrator"]),
                (.GET, "/api/v1/returns/\(rid)", nil, ["submitterA", "analyst", "administrator"]),
                (.GET, "/api/v1/returns/\(rid)/findings.csv", nil, ["submitterA", "analyst", "administrator"]),
                (.GET, "/api/v1/rounds/2022/status", nil, ["analyst", "administrator"]),
                (.GET, "/api/v1/users", nil, ["administrator"]),
                (.GET, "/api/v1/audit?organisation=\(a)", nil, ["submitterA", "submitterB", "analyst", "administrator"]),
                (.GET, "/returns/\(rid)", nil, ["submitterA", "analyst", "administrator"]),
                (.POST, "/api/v1/returns?organisation=\(a)&year=2022", "BODY", ["submitterA"]),
                (.POST, "/api/v1/returns/\(rid)/findings/\(fid)/note", "{\"note\":\"checked\"}", ["submitterA"]),
                (.POST, "/api/v1/organisations", "{\"kind\":\"training_provider\",\"name\":\"NEW\"}", ["administrator"]),
                (.POST, "/api/v1/users", "{\"email\":\"NEW@x.example\",\"name\":\"N\",\"role\":\"analyst\",\"password\":\"a long password\"}", ["administrator"]),
                (.POST, "/api/v1/rounds", "{\"year\":NEWYEAR,\"deadline\":\"2199-12-01\"}", ["administrator"]),
                (.GET, "/rounds/2022", nil, ["analyst", "administrator"]),
                (.POST, "/returns/\(rid)/findings/\(fid)/note", "{\"note\":\"checked again\"}", ["submitterA"]),
                (.POST, "/api/v1/returns/\(rid)/accept", nil, ["submitterA"]),
                (.POST, "/returns/\(rid)/accept", nil, ["submitterA"]),
                (.POST, "/api/v1/rounds/2022/close", nil, ["administrator"]),
                (.DELETE, "/api/v1/tokens/\(tokenA)", nil, ["submitterA"]),
            ]
            var n = 0
            for (method, path, body, allowed) in cases {
                // Refused callers first, so that the allowed call's change does not hide a refusal.
                for who in [nil, "submitterB", "submitterA", "analyst", "administrator"] where !(who.map(allowed.contains) ?? false) {
                    n += 1
                    let r = try await w.send(method, path, as: who, json: body.map { $0.replacingOccurrences(of: "NEWYEAR", with: String(2030 + n % 60)).replacingOccurrences(of: "NEW", with: "n\(n)") }.flatMap { $0 == "BODY" ? nil : $0 },
                                             body: body == "BODY" ? Array(cleanReturn().utf8) : nil)
                    if who == nil {
                        #expect(r.status == .unauthorized, "\(method) \(path) anonymously: \(r.status)")
                    } else {
                        #expect(r.status == .forbidden || r.status == .notFound, "\(method) \(path) as \(who!): \(r.status) \(r.body.string.prefix(200))")
                    }
                }
                for who in allowed.sorted() {
                    n += 1
                    let json = body.map { $0.replacingOccurrences(of: "NEWYEAR", with: String(2030 + n % 60)).replacingOccurrences(of: "NEW", with: "n\(n)") }
                    let r = try await w.send(method, path, as: who, json: json.flatMap { $0 == "BODY" ? nil : $0 }, body: body == "BODY" ? Array(cleanReturn().utf8) : nil)
                    // Pages answer a form with a redirect; accepting twice is refused as already accepted.
                    #expect((200..<400).contains(Int(r.status.code)) || (method == .POST && path.hasSuffix("accept") && r.status == .unprocessableEntity),
                            "\(method) \(path) as \(who): \(r.status) \(r.body.string.prefix(200))")
                    if path.contains("/tokens/") || path.hasSuffix("/close") { break }
                }
            }
            // The submitter of B sees nothing of A in the lists, nor in the audit log.
            let auditB = try await w.send(.GET, "/api/v1/audit?organisation=\(a)", as: "submitterB")
            #expect(auditB.status == .ok && !auditB.body.string.contains(a.uuidString) && !auditB.body.string.contains(rid))
            let list = try await w.send(.GET, "/api/v1/returns", as: "submitterB")
            #expect(list.status == .ok && !list.body.string.contains(rid))
            let orgs = try await w.send(.GET, "/api/v1/organisations", as: "submitterB")
            #expect(!orgs.body.string.contains("Hartlepool"))
            // Administrators see returns but not personal items.
            let asAdmin = try await w.send(.GET, "/api/v1/returns/\(rid)", as: "administrator")
            #expect(!asAdmin.body.string.contains("AB0000000001"))
            let asAnalyst = try await w.send(.GET, "/api/v1/returns/\(rid)", as: "analyst")
            #expect(asAnalyst.body.string.contains("AB0000000001"))
        }
    }

    @Test("The public sees only published aggregates, after the round closes, with small counts suppressed")
    func published() async throws {
        try await World.with { w in
            #expect(try await w.send(.GET, "/api/v1/published/2022", as: nil).status == .notFound)
            let up = try await w.uploadSample(cleanReturn().replacingOccurrences(of: "<Cases30>45</Cases30>", with: "<Cases30>20</Cases30>"))
            let id = (try JSONSerialization.jsonObject(with: Data(up.body.readableBytesView)) as! [String: Any])["id"] as! String
            #expect(try await w.send(.POST, "/api/v1/returns/\(id)/accept", as: "submitterA").status == .ok)
            #expect(try await w.send(.POST, "/api/v1/rounds/2022/close", as: "administrator").status == .noContent)
            let r = try await w.send(.GET, "/api/v1/published/2022", as: nil)
            #expect(r.status == .ok)
            #expect(!r.body.string.contains("AB0000000001"))
            let rows = try JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) as! [[String: Any]]
            let la = try #require(rows.first { $0["level"] as? String == "Local authority" })
            #expect(la["inPostHeadcount"] == nil || la["inPostHeadcount"] is NSNull, "one worker is below the threshold of 5")
            #expect((la["suppressed"] as? [String])?.isEmpty == false)
            #expect(!rows.contains { $0["level"] as? String == "Regional" }, "a region with one return would reveal it")
        }
    }

    @Test("Collection rounds: the status page says who has submitted, has errors or queries, or is late")
    func roundStatus() async throws {
        try await World.with { w in
            _ = try await w.uploadSample()
            let r = try await w.send(.GET, "/api/v1/rounds/2022/status", as: "analyst")
            let status = try JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) as! [String: Any]
            let rows = status["organisations"] as! [[String: Any]]
            #expect(rows.first { $0["organisation"] as? String == "Hartlepool" }?["state"] as? String == "errors")
            #expect(rows.first { $0["organisation"] as? String == "Middlesbrough" }?["state"] as? String == "not submitted")
            #expect(rows.allSatisfy { $0["late"] as? Bool == true }, "the 2022 deadline has passed and nothing is accepted")
        }
    }
}
