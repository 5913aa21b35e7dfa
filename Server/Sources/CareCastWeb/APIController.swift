import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastStore
import Foundation
import NIOCore
import Vapor

/// The JSON API, under /api/v1. Every handler asks who is calling before anything else and
/// refuses what their role does not allow.
struct APIController: Sendable {
    let config: WebConfiguration
    var store: Store { config.store }

    func register(_ routes: any RoutesBuilder) {
        let api = routes.grouped("api", "v1")
        api.get("me", use: me)
        api.get("rules", use: rules)
        api.get("tokens", use: tokens)
        api.post("tokens", use: createToken)
        api.delete("tokens", ":token", use: revokeToken)
        api.get("organisations", use: organisations)
        api.post("organisations", use: createOrganisation)
        api.get("users", use: users)
        api.post("users", use: createUser)
        api.get("rounds", use: rounds)
        api.post("rounds", use: openRound)
        api.post("rounds", ":year", "close", use: closeRound)
        api.get("rounds", ":year", "status", use: roundStatus)
        api.get("returns", use: returns)
        api.on(.POST, "returns", body: .stream, use: upload)
        api.get("returns", ":return", use: returnVersion)
        api.get("returns", ":return", "findings.csv", use: findingsCSV)
        api.post("returns", ":return", "findings", ":finding", "note", use: explain)
        api.post("returns", ":return", "accept", use: accept)
        api.get("audit", use: audit)
        api.get("published", ":year", use: published)
    }

    // MARK: People and tokens

    func me(req: Request) async throws -> UserDTO {
        UserDTO(try req.requirePrincipal().account)
    }

    func rules(req: Request) async throws -> [RuleDTO] {
        CensusRules.standard.rules.map(RuleDTO.init)
    }

    func tokens(req: Request) async throws -> [TokenDTO] {
        let p = try req.requirePrincipal()
        return try await store.tokens(user: p.account.id).map { TokenDTO(id: $0.id, label: $0.label, createdAt: $0.createdAt, revokedAt: $0.revokedAt) }
    }

    func createToken(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        try req.checkCSRF()
        let body = try req.content.decode(NewToken.self)
        guard !body.label.trimmingCharacters(in: .whitespaces).isEmpty else { throw Problem.badRequest("label: give the token a name, such as the system that will use it") }
        let secret = Secrets.token()
        let token = try await store.createToken(user: p.account.id, label: body.label, tokenHash: Secrets.hash(secret))
        let response = Response(status: .created)
        try response.content.encode(TokenDTO(id: token.id, label: token.label, createdAt: token.createdAt, revokedAt: nil, token: secret))
        return response
    }

    func revokeToken(req: Request) async throws -> HTTPStatus {
        let p = try req.requirePrincipal()
        try req.checkCSRF()
        guard let id = req.parameters.get("token", as: UUID.self) else { throw Problem.badRequest("the token id must be a UUID") }
        do {
            try await store.revokeToken(id, owner: p.account.id, by: p.account.id)
        } catch StoreError.notFound {
            throw Problem.notFound("you have no token \(id)")
        }
        return .noContent
    }

    // MARK: Organisations, people, rounds (administrators)

    func organisations(req: Request) async throws -> [OrganisationDTO] {
        let p = try req.requirePrincipal()
        return try await store.organisations().filter { p.canSee(organisation: $0.id) }.map(OrganisationDTO.init)
    }

    func createOrganisation(req: Request) async throws -> Response {
        let p = try req.require(.administrator)
        try req.checkCSRF()
        let body = try req.content.decode(NewOrganisation.self)
        guard let kind = OrganisationKind(rawValue: body.kind) else {
            throw Problem.badRequest("kind must be one of \(OrganisationKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var problems: [ProblemItem] = []
        let ons = body.onsCodes ?? [], lea = body.leaCodes ?? []
        if body.name.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(.init(field: "name", message: "required")) }
        for code in ons where !(code.count == 9 && code.hasPrefix("E") && code.dropFirst().allSatisfy(\.isNumber)) {
            problems.append(.init(field: "onsCodes", message: "'\(code)' is not an ONS code for England (E and eight digits)"))
        }
        for code in lea where !(code.count == 3 && code.allSatisfy(\.isNumber)) {
            problems.append(.init(field: "leaCodes", message: "'\(code)' is not a three-digit LEA code"))
        }
        if kind == .localAuthority && (ons.isEmpty || ons.count != lea.count) {
            problems.append(.init(field: "onsCodes", message: "a local authority needs its ONS and LEA codes, one of each per authority"))
        }
        if kind == .childrensHome && !(body.urn.map { $0.count == 6 && $0.allSatisfy(\.isNumber) } ?? false) {
            problems.append(.init(field: "urn", message: "a children's home needs its six-digit Ofsted URN"))
        }
        guard problems.isEmpty else { throw Problem.badRequest("the organisation has \(problems.count) problems", errors: problems) }
        let o = try await store.createOrganisation(Organisation(kind: kind, name: body.name, onsCodes: ons, leaCodes: lea, urn: body.urn, region: body.region), by: p.account.id)
        let response = Response(status: .created)
        try response.content.encode(OrganisationDTO(o))
        return response
    }

    func users(req: Request) async throws -> [UserDTO] {
        _ = try req.require(.administrator)
        return try await store.users().map(UserDTO.init)
    }

    func createUser(req: Request) async throws -> Response {
        let p = try req.require(.administrator)
        try req.checkCSRF()
        let body = try req.content.decode(NewUser.self)
        guard let role = UserRole(rawValue: body.role) else { throw Problem.badRequest("role must be submitter, analyst or administrator") }
        guard body.password.count >= 12 else { throw Problem.badRequest("the password must have at least 12 characters") }
        guard body.email.contains("@") else { throw Problem.badRequest("email: not an email address") }
        let hash = try Bcrypt.hash(body.password, cost: config.bcryptCost)
        let account = try await store.createUser(email: body.email, name: body.name, role: role, organisation: body.organisationID, passwordHash: hash, by: p.account.id)
        let response = Response(status: .created)
        try response.content.encode(UserDTO(account))
        return response
    }

    func rounds(req: Request) async throws -> [RoundDTO] {
        _ = try req.requirePrincipal()
        return try await store.rounds().map(RoundDTO.init)
    }

    func openRound(req: Request) async throws -> Response {
        let p = try req.require(.administrator)
        try req.checkCSRF()
        let body = try req.content.decode(NewRound.self)
        guard (2017...2100).contains(body.year) else { throw Problem.badRequest("year: the census began in 2017; found \(body.year)") }
        let round = try await store.openRound(year: body.year, referenceDate: body.referenceDate ?? "\(body.year)-09-30", deadline: body.deadline, by: p.account.id)
        let response = Response(status: .created)
        try response.content.encode(RoundDTO(round))
        return response
    }

    func closeRound(req: Request) async throws -> HTTPStatus {
        let p = try req.require(.administrator)
        try req.checkCSRF()
        try await store.closeRound(year: try year(req), by: p.account.id)
        return .noContent
    }

    func year(_ req: Request) throws -> Int {
        guard let y = req.parameters.get("year", as: Int.self) else { throw Problem.badRequest("the year must be a number such as 2024") }
        return y
    }

    /// Which organisations have submitted, have open errors or queries, or are late.
    func roundStatus(req: Request) async throws -> RoundStatusDTO {
        _ = try req.require(.analyst, .administrator)
        let y = try year(req)
        guard let round = try await store.round(year: y) else { throw Problem.notFound("no \(y) round") }
        return try await Self.status(store: store, round: round, today: Self.today())
    }

    static func today() -> String {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "Europe/London")!, from: Date())
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    static func status(store: Store, round: CollectionRound, today: String) async throws -> RoundStatusDTO {
        let versions = try await store.returns(roundYear: round.year).filter { $0.kind == .census }
        var rows: [StatusRow] = []
        for o in try await store.organisations() where o.kind == .localAuthority {
            let mine = versions.filter { $0.organisationID == o.id }
            let latest = mine.max { $0.version < $1.version }
            let accepted = mine.first { $0.status == .accepted }
            var unexplained = 0
            if let latest, latest.status == .checked {
                unexplained = try await store.findings(returnID: latest.id).filter { $0.finding.severity == .query && $0.note == nil }.count
            }
            let state: String
            if let latest, latest.status == .accepted { state = "accepted" }
            else if let latest, latest.errors > 0 { state = accepted == nil ? "errors" : "accepted; a later version has errors" }
            else if latest != nil, unexplained > 0 { state = accepted == nil ? "queries to explain" : "accepted; a later version has queries to explain" }
            else if latest != nil { state = accepted == nil ? "ready to accept" : "accepted; a later version is ready" }
            else { state = "not submitted" }
            rows.append(StatusRow(organisationID: o.id, organisation: o.name, latestVersion: latest?.version, state: state,
                                  errors: latest?.errors ?? 0, unexplainedQueries: unexplained,
                                  late: accepted == nil && today > round.deadline))
        }
        return RoundStatusDTO(year: round.year, deadline: round.deadline, organisations: rows)
    }

    // MARK: Returns

    func returns(req: Request) async throws -> [ReturnDTO] {
        let p = try req.requirePrincipal()
        let organisation = try Self.optionalQuery(req, UUID.self, "organisation", "an organisation's id (a UUID)")
        let year = try Self.optionalQuery(req, Int.self, "year", "a collection year such as 2024")
        if let organisation, !p.canSee(organisation: organisation) { throw Problem.forbidden() }
        let scope = p.role == .submitter ? p.account.organisationID : organisation
        return try await store.returns(organisation: scope, roundYear: year).filter { p.canSee(organisation: $0.organisationID) }.map { ReturnDTO($0) }
    }

    /// Fair use, before a byte is spooled: an organisation over its uploads per hour gets 429
    /// (with Retry-After), and one whose stored files and this upload would pass its quota 413.
    static func checkFairUse(store: Store, config: WebConfiguration, organisation: UUID, announced: Int?) async throws {
        let usage = try await store.usage(organisation: organisation, since: Date().addingTimeInterval(-3600))
        guard usage.uploadsSince < config.uploadsPerHour else {
            throw Problem(status: .tooManyRequests, title: "Too many uploads",
                          detail: "\(usage.uploadsSince) uploads in the last hour: the limit is \(config.uploadsPerHour) an hour; try again later")
        }
        guard usage.storedBytes + (announced ?? 0) <= config.quotaBytesPerOrganisation else {
            throw Problem(status: .payloadTooLarge, title: "Over the storage quota",
                          detail: "the organisation's stored returns take \(usage.storedBytes >> 20) MiB of its \(config.quotaBytesPerOrganisation >> 20) MiB quota: ask an administrator to purge old versions")
        }
    }

    /// A query parameter that may be left out, but when given must parse: a value that does not
    /// is a 400 naming it, never silently ignored (which would widen the answer).
    static func optionalQuery<T: Decodable>(_ req: Request, _ type: T.Type, _ key: String, _ expected: String) throws -> T? {
        guard let text = req.query[String.self, at: key] else { return nil }
        guard let value = try? req.query.get(T.self, at: key) else {
            throw Problem.badRequest("\(key): expected \(expected), got \"\(text)\"")
        }
        return value
    }

    /// The version, or 404 when it does not exist or the caller may not see it (a submitter
    /// learns nothing about other organisations' returns, not even that they exist).
    func visibleReturn(_ req: Request, _ p: Principal) async throws -> ReturnVersion {
        guard let id = req.parameters.get("return", as: UUID.self) else { throw Problem.badRequest("the return id must be a UUID") }
        guard let r = try await store.returnVersion(id: id), p.canSee(organisation: r.organisationID) else { throw Problem.notFound("no return \(id)") }
        return r
    }

    func returnVersion(req: Request) async throws -> ReturnDTO {
        let p = try req.requirePrincipal()
        let r = try await visibleReturn(req, p)
        let personal = p.canSeePersonalItems(of: r.organisationID)
        return ReturnDTO(r, findings: try await store.findings(returnID: r.id).map { FindingDTO($0, personal: personal) })
    }

    func findingsCSV(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let r = try await visibleReturn(req, p)
        let personal = p.canSeePersonalItems(of: r.organisationID)
        var csv = "rule,severity,file,line,worker,element,value,message,note\r\n"
        for f in try await store.findings(returnID: r.id).map({ FindingDTO($0, personal: personal) }) {
            // Values, notes and names come from the submitter's file: inert in a spreadsheet.
            csv += [f.rule, f.severity, f.file, String(f.line), f.reference ?? "", f.element, f.value ?? "", f.message, f.note ?? ""].map(CSVText.inertField).joined(separator: ",") + "\r\n"
        }
        let response = Response(status: .ok, body: .init(string: csv))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.contentDisposition = .init(.attachment, filename: "findings-v\(r.version).csv")
        return response
    }


    func explain(req: Request) async throws -> HTTPStatus {
        let p = try req.requirePrincipal()
        let r = try await visibleReturn(req, p)
        guard p.canSubmit(for: r.organisationID) else { throw Problem.forbidden("only the organisation's submitters explain its queries") }
        let body = try req.content.decode(NoteDTO.self)
        try req.checkCSRF()
        guard let finding = req.parameters.get("finding", as: UUID.self) else { throw Problem.badRequest("the finding id must be a UUID") }
        try await store.explain(finding: finding, returnID: r.id, note: body.note, by: p.account.id)
        return .noContent
    }

    func accept(req: Request) async throws -> ReturnDTO {
        let p = try req.requirePrincipal()
        let r = try await visibleReturn(req, p)
        guard p.canSubmit(for: r.organisationID) else { throw Problem.forbidden("only the organisation's submitters accept its returns") }
        try req.checkCSRF()
        return ReturnDTO(try await store.accept(returnID: r.id, by: p.account.id))
    }

    /// Upload: the body is the file itself, streamed to disk as it arrives (never held whole
    /// in memory), then checked record by record. `?organisation=…&year=…&format=xml|csv&name=…`.
    func upload(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        // From a browser session, as every other change: the X-CSRF-Token header must match.
        try req.checkCSRF()
        guard let organisation = try? req.query.get(UUID.self, at: "organisation") else {
            throw Problem.badRequest("organisation: give the organisation's id as ?organisation=…")
        }
        guard let year = try? req.query.get(Int.self, at: "year") else { throw Problem.badRequest("year: give the collection year as ?year=…") }
        guard p.canSubmit(for: organisation) else { throw Problem.forbidden("only the organisation's own submitters upload its returns") }
        let kindText = (try? req.query.get(String.self, at: "kind")) ?? "census"
        guard let kind = ReturnKind(rawValue: kindText) else { throw Problem.badRequest("kind must be census, homes, pipeline or evidence") }
        let defaultFormat = [ReturnKind.census: "xml", .homes: "csv", .pipeline: "csv", .evidence: "json"][kind]!
        let format = (try? req.query.get(String.self, at: "format")) ?? defaultFormat
        guard kind == .census ? (format == "xml" || format == "csv") : format == defaultFormat else {
            throw Problem.badRequest(kind == .census ? "format must be xml or csv" : "a \(kind.rawValue) return is \(defaultFormat)")
        }
        let name = (try? req.query.get(String.self, at: "name")) ?? "return.\(format)"
        try await Self.checkFairUse(store: store, config: config, organisation: organisation, announced: req.headers.first(name: .contentLength).flatMap(Int.init))
        let spooled = try await Spool.write(req.body, limit: config.maxUploadBytes, directory: config.spoolDirectory)
        defer { try? FileManager.default.removeItem(atPath: spooled) }
        let (store, assumptions, user) = (store, config.assumptionNames, p.account.id)
        let version = try await config.checks.run {
            try await Uploads.check(store: store, organisation: organisation, year: year, kind: kind, format: format,
                                    files: [("workers", name, spooled)], by: user, assumptions: assumptions)
        }
        let response = Response(status: .created)
        try response.content.encode(ReturnDTO(version, findings: try await store.findings(returnID: version.id).map { FindingDTO($0, personal: true) }))
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/returns/\(version.id)")
        return response
    }

    // MARK: Audit and published figures

    func audit(req: Request) async throws -> [AuditDTO] {
        let p = try req.requirePrincipal()
        switch p.role {
        case .analyst, .administrator:
            let organisation = try Self.optionalQuery(req, UUID.self, "organisation", "an organisation's id (a UUID)")
            return try await store.auditLog(organisation: organisation).map(AuditDTO.init)
        case .submitter:
            return try await store.auditLog(organisation: p.account.organisationID).map(AuditDTO.init)
        }
    }

    /// What the public may see: a closed round's accepted returns counted by region and for
    /// England, after disclosure control. Nothing at all while the round is open.
    func published(req: Request) async throws -> [PublishedRow] {
        let y = try year(req)
        guard let round = try await store.round(year: y), round.closedAt != nil else {
            throw Problem.notFound("nothing is published for \(y): figures are published once the round is closed")
        }
        return Disclosure.publish(try await store.acceptedCensus(roundYear: y))
    }
}

/// Writing a request's body to a file as it arrives, in the server's spool folder.
public enum Spool {
    /// The prefixes of the files the server spools (API uploads and form uploads).
    static let prefixes = ["carecast-upload-", "carecast-form-"]

    /// Creates the spool folder if it is missing, readable by the server's user only.
    public static func prepare(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory)
    }

    /// Removes spool files from `directory`: all of them (at start-up, when nothing is in
    /// flight), or those last changed more than `olderThan` seconds ago (from `admin purge`,
    /// while a server may be running). Other files are left alone. Returns how many went.
    @discardableResult
    public static func sweep(directory: String, olderThan age: TimeInterval? = nil, now: Date = Date()) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var removed = 0
        for name in names where prefixes.contains(where: { name.hasPrefix($0) }) {
            let path = (directory as NSString).appendingPathComponent(name)
            if let age {
                let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date ?? now
                guard now.timeIntervalSince(modified) > age else { continue }
            }
            if (try? FileManager.default.removeItem(atPath: path)) != nil { removed += 1 }
        }
        return removed
    }

    static func write(_ body: Request.Body, limit: Int, directory: String) async throws -> String {
        let path = (directory as NSString).appendingPathComponent("carecast-upload-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw Abort(.insufficientStorage, reason: "the upload could not be spooled")
        }
        var size = 0
        do {
            for try await buffer in body {
                size += buffer.readableBytes
                if size > limit {
                    throw Problem(status: .payloadTooLarge, title: "Too large", detail: "the file is over the limit of \(limit >> 20) MiB")
                }
                try handle.write(contentsOf: Data(buffer.readableBytesView))
            }
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        guard size > 0 else {
            try? FileManager.default.removeItem(atPath: path)
            throw Problem.badRequest("the body is empty: send the return file as the request body")
        }
        return path
    }
}

/// Checking an uploaded census return and recording it, shared by the API and the form.
enum Uploads {
    static func check(store: Store, organisation: UUID, year: Int, kind: ReturnKind = .census, format: String, files: [(part: String, name: String, path: String)],
                      by user: UUID, assumptions: Set<String> = []) async throws -> ReturnVersion {
        guard let round = try await store.round(year: year) else { throw Problem.notFound("no collection round for \(year) is open") }
        if round.closedAt != nil { throw Problem.unprocessable("the \(year) round is closed") }
        guard let org = try await store.organisation(id: organisation) else { throw Problem.notFound("no organisation \(organisation)") }
        let previous = try await store.lastAccepted(organisation: organisation, kind: kind, before: year)?.aggregate
        let context = CensusContext(year: year, leaCodes: Set(org.leaCodes), previous: previous)
        guard let workers = files.first(where: { $0.part == "workers" }) else { throw Problem.badRequest("no file was sent") }
        let outcome: CensusOutcome
        do {
            let source = try ByteSource(path: workers.path, chunkSize: 1 << 20)
            if kind == .homes {
                outcome = try OtherReturns.checkHomes(source.renamed(workers.name), context: context, urns: Set(org.urn.map { [$0] } ?? []))
            } else if kind == .pipeline {
                outcome = try OtherReturns.checkPipeline(source.renamed(workers.name), context: context)
            } else if kind == .evidence {
                outcome = OtherReturns.checkEvidence(Array(try Data(contentsOf: URL(fileURLWithPath: workers.path))), name: workers.name, context: context, assumptions: assumptions)
            } else if format == "csv" {
                let laLevel = try files.first { $0.part == "la_level" }.map { f throws(DataFileError) in try ByteSource(path: f.path) }
                outcome = try CensusReader.checkCSV(workers: source.renamed(workers.name), laLevel: laLevel?.renamed(files.first { $0.part == "la_level" }!.name), context: context)
            } else {
                outcome = try CensusReader.checkXML(source.renamed(workers.name), context: context)
            }
        } catch {
            throw Problem.badRequest("the upload could not be read: \(error)")
        }
        // Stored from the spooled files a chunk at a time: an upload is never held whole.
        let parts = files.map { ReturnPart(part: $0.part, name: $0.name, path: $0.path) }
        return try await store.recordReturn(organisation: organisation, roundYear: year, kind: kind, fileName: workers.name,
                                            format: format, parts: parts, outcome: outcome, by: user)
    }
}
