import CareCastBaselines
import CareCastFormats
import CareCastHTML
import CareCastReturns
import CareCastStore
import Foundation
import Vapor

/// The browser pages: plain HTML forms that work without JavaScript. Each page reads the
/// store into values and renders them; every change is a POST carrying the session's CSRF token.
struct PageController: Sendable {
    let config: WebConfiguration
    let limiter: LoginLimiter
    var store: Store { config.store }

    func register(_ routes: any RoutesBuilder) {
        routes.get(use: home)
        routes.get("health", use: health)
        routes.get("static", "returns.css", use: stylesheet)
        routes.get("rules", use: rulesPage)
        routes.get("rules.csv", use: rulesCSV)
        routes.get("login", use: loginPage)
        routes.post("login", use: login)
        routes.post("logout", use: logout)
        routes.get("returns", use: returnsPage)
        routes.on(.POST, "returns", "upload", body: .collect(maxSize: ByteCount(value: config.maxUploadBytes)), use: uploadForm)
        routes.get("returns", ":return", use: returnPage)
        routes.post("returns", ":return", "findings", ":finding", "note", use: noteForm)
        routes.post("returns", ":return", "accept", use: acceptForm)
        routes.get("rounds", ":year", use: statusPage)
    }

    // MARK: Rendering

    /// The pages' style sheet, served from `/static/returns.css` so that the pages' policy allows
    /// no inline style.
    static let css = """
        body{font:16px/1.5 system-ui,sans-serif;max-width:70rem;margin:1rem auto;padding:0 1rem;color:#0b0c0c}
        table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #b1b4b6;padding:.3rem;text-align:left;vertical-align:top}
        .error{color:#d4351c;font-weight:600}.query{color:#805c00;font-weight:600}.inline{display:inline}nav{margin-bottom:1rem}
        label{display:block;margin-top:.5rem}
        """

    /// A page: the navigation (with the user and a log-out button when logged in), the title and
    /// the content, built from the shared typed nodes (every text and attribute escaped).
    static func page(_ title: String, _ content: [BodyNode], principal: Principal?, status: HTTPResponseStatus = .ok) -> Response {
        var nav: [BodyNode] = [Markup.link("CareCast returns", to: "/"), Markup.text(" · "), Markup.link("Rules", to: "/rules")]
        if let p = principal {
            nav += [Markup.text(" · "), Markup.link("Returns", to: "/returns"), Markup.text(" · \(p.account.name) (\(p.role.rawValue)) "),
                    Markup.element("form", [("method", "post"), ("action", "/logout"), ("class", "inline")], [csrfField(p), Markup.element("button", [], [Markup.text("Log out")])])]
        } else {
            nav += [Markup.text(" · "), Markup.link("Log in", to: "/login")]
        }
        let html = Markup.document(language: "en-GB", head: [
            Markup.leaf("meta", [("charset", "utf-8")]),
            Markup.leaf("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")]),
            Markup.element("title", [], [Markup.text("\(title) – CareCast")]),
            Markup.leaf("link", [("rel", "stylesheet"), ("href", "/static/returns.css")]),
        ], body: [
            Markup.element("nav", [], nav),
            Markup.element("main", [], [Markup.heading(1, "\(title)")] + content),
        ])
        let response = Response(status: status, body: .init(string: html))
        response.headers.contentType = .html
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: contentSecurityPolicy)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// Everything from this server, nothing inline: no script, no inline style, forms only to itself.
    static let contentSecurityPolicy = "default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func stylesheet(req: Request) async throws -> Response {
        let r = Response(status: .ok, body: .init(string: Self.css))
        r.headers.contentType = HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        r.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        r.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return r
    }

    static func csrfField(_ p: Principal) -> BodyNode {
        hidden("_csrf", p.csrfToken ?? "")
    }

    static func hidden(_ name: String, _ value: String) -> BodyNode {
        Markup.leaf("input", [("type", "hidden"), ("name", name), ("value", value)])
    }

    /// A label and its control.
    static func field(_ id: String, _ label: String, _ attributes: [(String, String)]) -> [BodyNode] {
        [Markup.element("label", [("for", id)], [Markup.text(label)]), Markup.leaf("input", [("id", id), ("name", id)] + attributes)]
    }

    static func button(_ text: String) -> BodyNode { Markup.element("button", [], [Markup.text(text)]) }

    /// A POST form carrying the session's CSRF token.
    static func postForm(_ action: String, _ p: Principal, enctype: String? = nil, _ content: [BodyNode]) -> BodyNode {
        Markup.element("form", [("method", "post"), ("action", action)] + (enctype.map { [("enctype", $0)] } ?? []), [csrfField(p)] + content)
    }

    /// A cell of text, with an optional class.
    static func cell(_ text: String, class name: String? = nil) -> BodyNode {
        Markup.element("td", name.map { [("class", $0)] } ?? [], [Markup.text(text)])
    }

    static func cell(_ node: BodyNode) -> BodyNode { Markup.element("td", [], [node]) }

    /// A table with a header row, its rows of cells.
    static func table(_ header: [String], _ rows: [[BodyNode]]) -> BodyNode {
        Components.table(caption: nil, header: header, bodyRows: rows.map { Markup.element("tr", [], $0) })
    }

    static func redirect(_ to: String) -> Response {
        let r = Response(status: .seeOther)
        r.headers.replaceOrAdd(name: .location, value: to)
        return r
    }

    // MARK: Public pages

    func home(req: Request) async throws -> Response {
        Self.page("Children's social work workforce returns", [
            Markup.p("Local authorities send their Children's Social Work Workforce census return here, as the XML (or CSV) file they already produce for the Department. Every file is checked against the \(link: "published rules", to: "/rules"); errors must be corrected, queries explained, and then the return is accepted whole."),
            Markup.p("Personal items (SWE numbers, birth dates, ethnicity, sickness absence) are seen only by the authority's own submitters and the Department's analysts, are never published, and are deleted once a round has been counted."),
        ], principal: req.principal)
    }

    func health(req: Request) async throws -> Response {
        let r = Response(status: .ok, body: .init(string: "{\"status\":\"ok\"}"))
        r.headers.contentType = .json
        return r
    }

    func rulesPage(req: Request) async throws -> Response {
        let rows = CensusRules.standard.rules.map { r in
            [Self.cell(r.id), Self.cell(r.severity.rawValue, class: r.severity.rawValue), Self.cell(r.element), Self.cell(r.years), Self.cell(r.parameter), Self.cell(r.message)]
        }
        return Self.page("Rules for the CSWW census return", [
            Markup.p("Errors block acceptance; queries need a note from the submitter. Also as \(link: "CSV", to: "/rules.csv") and \(link: "JSON", to: "/api/v1/rules")."),
            Self.table(["Rule", "Severity", "Element", "Years", "Parameter", "Message"], rows),
        ], principal: req.principal)
    }

    func rulesCSV(req: Request) async throws -> Response {
        let r = Response(status: .ok, body: .init(data: Data(CensusRules.standardCSV)))
        r.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        return r
    }

    // MARK: Logging in and out

    func loginPage(req: Request) async throws -> Response {
        Self.page("Log in", Self.loginForm(message: nil), principal: req.principal)
    }

    static func loginForm(message: String?) -> [BodyNode] {
        (message.map { [Markup.p("\($0)", class: "error")] } ?? []) + [
            Markup.element("form", [("method", "post"), ("action", "/login")],
                           field("email", "Email", [("type", "email"), ("autocomplete", "username"), ("required", "")])
                               + field("password", "Password", [("type", "password"), ("autocomplete", "current-password"), ("required", "")])
                               + [Markup.element("p", [], [button("Log in")])]),
        ]
    }

    struct LoginForm: Content {
        var email: String
        var password: String
    }

    func login(req: Request) async throws -> Response {
        guard let form = try? req.content.decode(LoginForm.self) else {
            return Self.page("Log in", Self.loginForm(message: "Give your email and password."), principal: nil, status: .badRequest)
        }
        let keys = ["email:" + form.email.lowercased(), "ip:" + (req.remoteAddress?.ipAddress ?? "unknown")]
        guard await limiter.allowed(keys) else {
            try await store.record(user: nil, action: "login.refused", detail: "too many attempts for \(form.email.lowercased())")
            return Self.page("Log in", Self.loginForm(message: "Too many failed attempts: wait 15 minutes and try again."), principal: nil, status: .tooManyRequests)
        }
        guard let account = try await store.user(email: form.email), !account.disabled,
              (try? Bcrypt.verify(form.password, created: account.passwordHash)) == true else {
            await limiter.failed(keys)
            try await store.record(user: nil, action: "login.failed", detail: form.email.lowercased())
            return Self.page("Log in", Self.loginForm(message: "That email and password do not match."), principal: nil, status: .unauthorized)
        }
        await limiter.succeeded(keys)
        let token = Secrets.token()
        try await store.createSession(tokenHash: Secrets.hash(token), user: account.id, csrfToken: Secrets.token(), expiresAt: Date().addingTimeInterval(config.sessionLifetime))
        try await store.record(user: account.id, action: "login", organisation: account.organisationID)
        let response = Self.redirect("/returns")
        response.cookies[AuthenticationMiddleware.cookieName] = HTTPCookies.Value(
            string: token, maxAge: Int(config.sessionLifetime), path: "/", isSecure: config.secureCookies, isHTTPOnly: true, sameSite: .strict)
        return response
    }

    struct CSRFForm: Content {
        var _csrf: String?
    }

    func logout(req: Request) async throws -> Response {
        if req.principal != nil {
            try req.checkCSRF(formToken: (try? req.content.decode(CSRFForm.self))?._csrf ?? "")
        }
        if let cookie = req.cookies[AuthenticationMiddleware.cookieName]?.string {
            try await store.deleteSession(tokenHash: Secrets.hash(cookie))
        }
        let response = Self.redirect("/")
        response.cookies[AuthenticationMiddleware.cookieName] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", isSecure: config.secureCookies, isHTTPOnly: true, sameSite: .strict)
        return response
    }

    // MARK: Returns

    func requireLogin(_ req: Request) throws -> Principal {
        guard let p = req.principal else { throw Problem.unauthorized("log in at /login") }
        return p
    }

    func returnsPage(req: Request) async throws -> Response {
        let p = try requireLogin(req)
        let organisations = try await store.organisations().filter { p.canSee(organisation: $0.id) }
        let names = Dictionary(uniqueKeysWithValues: organisations.map { ($0.id, $0.name) })
        let versions = try await store.returns(organisation: p.role == .submitter ? p.account.organisationID : nil).filter { p.canSee(organisation: $0.organisationID) }
        let rows = versions.map { v in
            [Self.cell(names[v.organisationID] ?? "?"), Self.cell(String(v.roundYear)), Self.cell(Markup.link("version \(v.version)", to: "/returns/\(v.id)")),
             Self.cell(v.status.rawValue), Self.cell(String(v.errors)), Self.cell(String(v.queries)), Self.cell(v.fileName)]
        }
        var body = [Self.table(["Organisation", "Year", "Version", "Status", "Errors", "Queries", "File"], rows)]
        if p.role == .submitter, let org = p.account.organisationID {
            let open = try await store.rounds().filter { $0.closedAt == nil }
            if let round = open.last {
                body = [
                    Markup.heading(2, "Send the \(round.year) return (reference date \(round.referenceDate), due \(round.deadline))"),
                    Self.postForm("/returns/upload", p, enctype: "multipart/form-data", [Self.hidden("organisation", org.uuidString), Self.hidden("year", String(round.year))]
                        + Self.field("file", "Census file (XML, or the workers' CSV)", [("type", "file"), ("required", "")])
                        + Self.field("la_level", "For CSV only: the LA-level file (vacancies and agency), unless it heads the workers' file", [("type", "file")])
                        + [Markup.element("p", [], [Self.button("Check and upload")])]),
                ] + body
            }
        }
        if p.role != .submitter {
            let rounds = try await store.rounds()
            body += [Markup.heading(2, "Collection rounds"), Markup.list(rounds.map { "\(link: String($0.year), to: "/rounds/\($0.year)"): due \($0.deadline)\($0.closedAt == nil ? "" : ", closed")" })]
        }
        return Self.page("Returns", body, principal: p)
    }

    struct UploadForm {
        var _csrf: String?
        var organisation: UUID
        var year: Int
        var file: MultipartForm.Part?
        var la_level: MultipartForm.Part?
    }

    func uploadForm(req: Request) async throws -> Response {
        let p = try requireLogin(req)
        guard let type = req.headers.contentType, type.type == "multipart", type.subType == "form-data",
              let boundary = type.parameters["boundary"], !boundary.isEmpty, boundary.count <= 70 else {
            throw Problem.badRequest("send the form as multipart/form-data with a boundary")
        }
        guard let body = req.body.data else { throw Problem.badRequest("the form is empty") }
        if body.readableBytes > config.maxUploadBytes {
            throw Problem(status: .payloadTooLarge, title: "Too large", detail: "the upload is over the limit of \(config.maxUploadBytes >> 20) MiB")
        }
        let multipart = try MultipartForm.parse(Array(body.readableBytesView), boundary: boundary)
        guard let organisation = multipart.value("organisation").flatMap(UUID.init(uuidString:)),
              let year = multipart.value("year").flatMap({ Int($0) }) else {
            throw Problem.badRequest("the form needs the organisation and the year")
        }
        let form = UploadForm(_csrf: multipart.value("_csrf"), organisation: organisation, year: year,
                              file: multipart.file("file"), la_level: multipart.file("la_level"))
        try req.checkCSRF(formToken: form._csrf ?? "")
        guard p.canSubmit(for: form.organisation) else { throw Problem.forbidden("only the organisation's own submitters upload its returns") }
        try await APIController.checkFairUse(store: store, config: config, organisation: form.organisation,
                                             announced: (form.file?.data.count ?? 0) + (form.la_level?.data.count ?? 0))
        var files: [(part: String, name: String, path: String)] = []
        defer { for f in files { try? FileManager.default.removeItem(atPath: f.path) } }
        for (part, file) in [("workers", form.file), ("la_level", form.la_level)] {
            guard let file, !file.data.isEmpty else { continue }
            let path = (config.spoolDirectory as NSString).appendingPathComponent("carecast-form-\(UUID().uuidString)")
            guard FileManager.default.createFile(atPath: path, contents: Data(file.data)) else {
                throw Abort(.insufficientStorage, reason: "the upload could not be spooled")
            }
            let name = (file.filename ?? "").isEmpty ? part : (file.filename! as NSString).lastPathComponent
            files.append((part, name, path))
        }
        guard !files.isEmpty else { throw Problem.badRequest("choose the file to send") }
        let format = files[0].name.lowercased().hasSuffix(".csv") ? "csv" : "xml"
        let (store, target, roundYear, user, spooled) = (store, form.organisation, form.year, p.account.id, files)
        let version = try await config.checks.run {
            try await Uploads.check(store: store, organisation: target, year: roundYear, format: format, files: spooled, by: user)
        }
        return Self.redirect("/returns/\(version.id)")
    }

    func visibleReturn(_ req: Request, _ p: Principal) async throws -> ReturnVersion {
        guard let id = req.parameters.get("return", as: UUID.self),
              let r = try await store.returnVersion(id: id), p.canSee(organisation: r.organisationID) else { throw Problem.notFound("no such return") }
        return r
    }

    func returnPage(req: Request) async throws -> Response {
        let p = try requireLogin(req)
        let r = try await visibleReturn(req, p)
        let personal = p.canSeePersonalItems(of: r.organisationID)
        let findings = try await store.findings(returnID: r.id).map { FindingDTO($0, personal: personal) }
        let mine = p.canSubmit(for: r.organisationID) && r.status == .checked
        let rows = findings.map { f -> [BodyNode] in
            let note = mine && f.severity == "query"
                ? Self.postForm("/returns/\(r.id)/findings/\(f.id)/note", p, [
                    Markup.element("textarea", [("name", "note"), ("rows", "2"), ("cols", "30"), ("required", ""), ("aria-label", "Explain this query")], [Markup.text(f.note ?? "")]),
                    Self.button("Save note"),
                ])
                : Markup.text(f.note ?? "")
            return [Self.cell(f.rule), Self.cell(f.severity, class: f.severity), Self.cell("\(f.file):\(f.line)"), Self.cell(f.reference ?? "–"),
                    Self.cell(f.element), Self.cell(f.value ?? "–"), Self.cell(f.message), Self.cell(note)]
        }
        let dto = ReturnDTO(r, findings: findings)
        var body = [
            Markup.p("\(r.kind.rawValue) return for \(r.roundYear), version \(r.version): \(strong: r.status.rawValue). \(r.fileName), \(r.size) bytes, SHA-256 \(r.sha256)."),
            Markup.p("\(r.errors) errors, \(r.queries) queries\(r.omitted > 0 ? " (\(r.omitted) further findings not listed: correct the file and upload it again)" : ""). \(link: "Findings as CSV", to: "/api/v1/returns/\(r.id)/findings.csv")."),
        ]
        if let a = r.aggregate {
            body.append(Markup.p("In post: \(CensusCheck.format(a.inPost.fte, 1)) FTE, \(a.inPost.headcount) people; starters \(a.starters.headcount); leavers \(a.leavers.headcount); agency \(CensusCheck.format(a.agency.fte, 1)) FTE; vacancies \(CensusCheck.format(a.vacancyFTE, 1)) FTE; cases \(a.cases)\(a.caseload.map { "; caseload \(CensusCheck.format($0, 1))" } ?? "")."))
        }
        if mine {
            body.append(dto.acceptable
                ? Self.postForm("/returns/\(r.id)/accept", p, [Self.button("Accept this return")])
                : Markup.p("To accept this return: correct every error in the file and upload it again; explain every query."))
        }
        body.append(Self.table(["Rule", "Severity", "Where", "Worker", "Element", "Value", "Message", "Note"], rows))
        return Self.page("Return version \(r.version)", body, principal: p)
    }

    func noteForm(req: Request) async throws -> Response {
        let p = try requireLogin(req)
        struct Form: Content { var _csrf: String?; var note: String }
        let form = try req.content.decode(Form.self)
        try req.checkCSRF(formToken: form._csrf ?? "")
        let r = try await visibleReturn(req, p)
        guard p.canSubmit(for: r.organisationID) else { throw Problem.forbidden() }
        guard let finding = req.parameters.get("finding", as: UUID.self) else { throw Problem.badRequest("no such finding") }
        try await store.explain(finding: finding, returnID: r.id, note: form.note, by: p.account.id)
        return Self.redirect("/returns/\(r.id)")
    }

    func acceptForm(req: Request) async throws -> Response {
        let p = try requireLogin(req)
        try req.checkCSRF(formToken: (try? req.content.decode(CSRFForm.self))?._csrf ?? "")
        let r = try await visibleReturn(req, p)
        guard p.canSubmit(for: r.organisationID) else { throw Problem.forbidden() }
        _ = try await store.accept(returnID: r.id, by: p.account.id)
        return Self.redirect("/returns/\(r.id)")
    }

    func statusPage(req: Request) async throws -> Response {
        let p = try requireLogin(req)
        guard p.role != .submitter else { throw Problem.forbidden("the round's status is for analysts and administrators") }
        guard let y = req.parameters.get("year", as: Int.self), let round = try await store.round(year: y) else { throw Problem.notFound("no such round") }
        let status = try await APIController.status(store: store, round: round, today: APIController.today())
        let rows = status.organisations.map { s in
            [Self.cell(s.organisation), Self.cell(s.latestVersion.map(String.init) ?? "–"), Self.cell(s.state), Self.cell(String(s.errors)), Self.cell(String(s.unexplainedQueries)),
             s.late ? Self.cell("late", class: "error") : Self.cell("")]
        }
        let counts = Dictionary(grouping: status.organisations, by: \.state).mapValues(\.count).sorted { $0.key < $1.key }
        return Self.page("The \(y) round: due \(round.deadline)", [
            Markup.p("\(counts.map { "\($0.value) \($0.key)" }.joined(separator: "; ")); \(status.organisations.filter(\.late).count) late."),
            Self.table(["Organisation", "Latest version", "State", "Errors", "Queries to explain", "Late"], rows),
        ], principal: p)
    }
}
