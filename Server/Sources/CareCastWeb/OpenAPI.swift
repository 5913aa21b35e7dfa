import Foundation

/// The API's description, OpenAPI 3.1, served at /openapi.json. A test checks that every
/// registered route is described here and nothing else is.
enum OpenAPI {
    struct Operation {
        var method: String
        var path: String
        var summary: String
        var auth: String
        var body: String? = nil
        var success: Int = 200
        var successSchema: String? = nil
        var errors: [Int] = [400, 401, 403, 404]
        var parameters: [(name: String, in: String, type: String, required: Bool)] = []
    }

    static let operations: [Operation] = [
        Operation(method: "get", path: "/", summary: "Home page (HTML)", auth: "public", successSchema: "html", errors: []),
        Operation(method: "get", path: "/health", summary: "Liveness", auth: "public", errors: []),
        Operation(method: "get", path: "/openapi.json", summary: "This document", auth: "public", errors: []),
        Operation(method: "get", path: "/rules", summary: "The rule registry (HTML)", auth: "public", successSchema: "html", errors: []),
        Operation(method: "get", path: "/rules.csv", summary: "The rule registry (CSV)", auth: "public", successSchema: "csv", errors: []),
        Operation(method: "get", path: "/static/returns.css", summary: "The returns pages' style sheet (the pages allow no inline style)", auth: "public", errors: []),
        Operation(method: "get", path: "/login", summary: "Login form (HTML)", auth: "public", successSchema: "html", errors: []),
        Operation(method: "post", path: "/login", summary: "Log in with email and password (form); sets the HttpOnly, SameSite=Strict session cookie. Failed attempts are limited per email and address (429).", auth: "public", body: "form:email,password", success: 303, errors: [400, 401, 429]),
        Operation(method: "post", path: "/logout", summary: "Log out (form, CSRF token)", auth: "session", body: "form:_csrf", success: 303, errors: [403]),
        Operation(method: "get", path: "/returns", summary: "Returns the caller may see, and the upload form (HTML)", auth: "session", successSchema: "html", errors: [401]),
        Operation(method: "post", path: "/returns/upload", summary: "Upload a return from the browser form (multipart, CSRF token)", auth: "session", body: "multipart:_csrf,organisation,year,file,la_level", success: 303, errors: [400, 401, 403, 404, 413, 422, 429]),
        Operation(method: "get", path: "/returns/{return}", summary: "A return version and its findings (HTML)", auth: "session", successSchema: "html", errors: [401, 404], parameters: [("return", "path", "uuid", true)]),
        Operation(method: "post", path: "/returns/{return}/findings/{finding}/note", summary: "Explain a query (form, CSRF token)", auth: "session", body: "form:_csrf,note", success: 303, errors: [400, 401, 403, 404, 422], parameters: [("return", "path", "uuid", true), ("finding", "path", "uuid", true)]),
        Operation(method: "post", path: "/returns/{return}/accept", summary: "Accept a return (form, CSRF token)", auth: "session", body: "form:_csrf", success: 303, errors: [401, 403, 404, 422], parameters: [("return", "path", "uuid", true)]),
        Operation(method: "get", path: "/rounds/{year}", summary: "Status of a round (HTML): who has submitted, has open errors or queries, or is late", auth: "session", successSchema: "html", errors: [401, 403, 404], parameters: [("year", "path", "integer", true)]),
        Operation(method: "get", path: "/api/v1/me", summary: "The caller", auth: "any", successSchema: "User", errors: [401]),
        Operation(method: "get", path: "/api/v1/rules", summary: "The rule registry", auth: "public", successSchema: "Rule[]", errors: []),
        Operation(method: "get", path: "/api/v1/tokens", summary: "The caller's API tokens (never the secrets)", auth: "any", successSchema: "Token[]", errors: [401]),
        Operation(method: "post", path: "/api/v1/tokens", summary: "Create an API token; the secret is in this answer only and stored hashed", auth: "any", body: "NewToken", success: 201, successSchema: "Token", errors: [400, 401, 403]),
        Operation(method: "delete", path: "/api/v1/tokens/{token}", summary: "Revoke one of the caller's tokens", auth: "any", success: 204, errors: [400, 401, 403, 404], parameters: [("token", "path", "uuid", true)]),
        Operation(method: "get", path: "/api/v1/organisations", summary: "Organisations the caller may see", auth: "any", successSchema: "Organisation[]", errors: [401]),
        Operation(method: "post", path: "/api/v1/organisations", summary: "Add an organisation", auth: "administrator", body: "NewOrganisation", success: 201, successSchema: "Organisation", errors: [400, 401, 403, 409]),
        Operation(method: "get", path: "/api/v1/users", summary: "Everyone with an account", auth: "administrator", successSchema: "User[]", errors: [401, 403]),
        Operation(method: "post", path: "/api/v1/users", summary: "Add a person (password hashed with Bcrypt)", auth: "administrator", body: "NewUser", success: 201, successSchema: "User", errors: [400, 401, 403, 404, 409, 422]),
        Operation(method: "get", path: "/api/v1/rounds", summary: "Collection rounds", auth: "any", successSchema: "Round[]", errors: [401]),
        Operation(method: "post", path: "/api/v1/rounds", summary: "Open a collection round", auth: "administrator", body: "NewRound", success: 201, successSchema: "Round", errors: [400, 401, 403, 409, 422]),
        Operation(method: "post", path: "/api/v1/rounds/{year}/close", summary: "Close a round: no more uploads; its figures are then published", auth: "administrator", success: 204, errors: [400, 401, 403, 404], parameters: [("year", "path", "integer", true)]),
        Operation(method: "get", path: "/api/v1/rounds/{year}/status", summary: "Who has submitted, has open errors or queries, or is late", auth: "analyst, administrator", successSchema: "RoundStatus", errors: [400, 401, 403, 404], parameters: [("year", "path", "integer", true)]),
        Operation(method: "get", path: "/api/v1/returns", summary: "Return versions the caller may see, newest first", auth: "any", successSchema: "Return[]", errors: [400, 401, 403], parameters: [("organisation", "query", "uuid", false), ("year", "query", "integer", false)]),
        Operation(method: "post", path: "/api/v1/returns", summary: "Upload a return: the body is the file, streamed to disk and checked record by record; answers with every finding. kind=census (XML, or CSV with the LA-level section first), homes (CSV), pipeline (CSV) or evidence (JSON)", auth: "submitter of the organisation", body: "file", success: 201, successSchema: "Return", errors: [400, 401, 403, 404, 413, 422, 429], parameters: [("organisation", "query", "uuid", true), ("year", "query", "integer", true), ("kind", "query", "string", false), ("format", "query", "string", false), ("name", "query", "string", false)]),
        Operation(method: "get", path: "/api/v1/returns/{return}", summary: "A version with its findings (personal items only for the organisation's submitters and analysts)", auth: "any who may see the organisation", successSchema: "Return", errors: [400, 401, 404], parameters: [("return", "path", "uuid", true)]),
        Operation(method: "get", path: "/api/v1/returns/{return}/findings.csv", summary: "The findings as CSV", auth: "any who may see the organisation", successSchema: "csv", errors: [400, 401, 404], parameters: [("return", "path", "uuid", true)]),
        Operation(method: "post", path: "/api/v1/returns/{return}/findings/{finding}/note", summary: "Explain a query", auth: "submitter of the organisation", body: "Note", success: 204, errors: [400, 401, 403, 404, 422], parameters: [("return", "path", "uuid", true), ("finding", "path", "uuid", true)]),
        Operation(method: "post", path: "/api/v1/returns/{return}/accept", summary: "Accept a version whole (no errors, every query explained); the earlier accepted version is kept, superseded", auth: "submitter of the organisation", success: 200, successSchema: "Return", errors: [400, 401, 403, 404, 422], parameters: [("return", "path", "uuid", true)]),
        Operation(method: "get", path: "/api/v1/audit", summary: "Who did what and when (submitters: their organisation's entries)", auth: "any", successSchema: "Audit[]", errors: [400, 401], parameters: [("organisation", "query", "uuid", false)]),
        Operation(method: "get", path: "/api/v1/published/{year}", summary: "Published figures of a closed round, after disclosure control", auth: "public", successSchema: "Published[]", errors: [400, 404], parameters: [("year", "path", "integer", true)]),
    ]

    /// The explorer's JSON answer (`seed` as a string: it may pass 2⁵³).
    static var explore: [String: Any] {
        let numbers: [String: Any] = ["type": "array", "items": ["type": ["number", "null"]]]
        let quantiles: [String: Any] = ["type": "object", "properties": Dictionary(uniqueKeysWithValues: ["q05", "q25", "q50", "q75", "q95"].map { ($0, numbers) }),
                                        "required": ["q05", "q25", "q50", "q75", "q95"]]
        let properties: [String: Any] = [
            "edition": ["type": "integer"], "latestEdition": ["type": "integer"], "area": ["type": "string"], "areaName": ["type": "string"],
            "role": ["type": "string"], "draws": ["type": "integer"], "seed": ["type": "string"], "parameterSets": ["type": "integer"],
            "permalink": ["type": "string"], "levers": ["type": "object", "additionalProperties": ["type": "number"]],
            "years": ["type": "array", "items": ["type": "integer"]], "supply": quantiles, "required": quantiles, "gap": quantiles,
            "probabilitySupplyMeetsNeed": ["type": "object", "additionalProperties": ["type": "number"]],
            "central": ["type": "object", "additionalProperties": numbers], "cost": ["type": "object"],
            "contributions": ["type": "array", "items": ["type": "object"]],
            "reproduce": ["type": "object", "properties": ["scenario": ["type": "string"], "command": ["type": "string"]], "required": ["scenario", "command"]],
        ]
        return ["type": "object", "properties": properties, "required": Array(properties.keys).sorted()]
    }

    static func schema(_ name: String) -> [String: Any] {
        if name == "html" { return ["type": "string", "contentMediaType": "text/html"] }
        if name == "csv" { return ["type": "string", "contentMediaType": "text/csv"] }
        if name.hasSuffix("[]") { return ["type": "array", "items": ["$ref": "#/components/schemas/\(name.dropLast(2))"]] }
        return ["$ref": "#/components/schemas/\(name)"]
    }

    static func object(_ properties: [String: String], required: [String]) -> [String: Any] {
        var p: [String: Any] = [:]
        for (k, v) in properties {
            switch v {
            case "uuid": p[k] = ["type": "string", "format": "uuid"]
            case "date-time": p[k] = ["type": "string", "format": "date-time"]
            case "string?": p[k] = ["type": ["string", "null"]]
            case "integer?": p[k] = ["type": ["integer", "null"]]
            case "number?": p[k] = ["type": ["number", "null"]]
            case "string[]": p[k] = ["type": "array", "items": ["type": "string"]]
            case "object": p[k] = ["type": "object"]
            case let list where list.hasSuffix("[]") && list.first!.isUppercase: p[k] = schema(list)
            default: p[k] = ["type": v]
            }
        }
        return ["type": "object", "properties": p, "required": required]
    }

    static var schemas: [String: Any] { [
        "Problem": object(["type": "string", "title": "string", "status": "integer", "detail": "string", "errors": "ProblemItem[]"], required: ["type", "title", "status", "detail"]),
        "ProblemItem": object(["field": "string", "message": "string"], required: ["field", "message"]),
        "Explore": explore,
        "User": object(["id": "uuid", "email": "string", "name": "string", "role": "string", "organisationID": "string?"], required: ["id", "email", "name", "role"]),
        "NewUser": object(["email": "string", "name": "string", "role": "string", "organisationID": "string?", "password": "string"], required: ["email", "name", "role", "password"]),
        "Token": object(["id": "uuid", "label": "string", "createdAt": "string?", "revokedAt": "string?", "token": "string?"], required: ["id", "label"]),
        "NewToken": object(["label": "string"], required: ["label"]),
        "Organisation": object(["id": "uuid", "kind": "string", "name": "string", "onsCodes": "string[]", "leaCodes": "string[]", "urn": "string?", "region": "string?"], required: ["id", "kind", "name", "onsCodes", "leaCodes"]),
        "NewOrganisation": object(["kind": "string", "name": "string", "onsCodes": "string[]", "leaCodes": "string[]", "urn": "string?", "region": "string?"], required: ["kind", "name"]),
        "Round": object(["year": "integer", "referenceDate": "string", "deadline": "string", "closed": "boolean"], required: ["year", "referenceDate", "deadline", "closed"]),
        "NewRound": object(["year": "integer", "referenceDate": "string?", "deadline": "string"], required: ["year", "deadline"]),
        "RoundStatus": object(["year": "integer", "deadline": "string", "organisations": "StatusRow[]"], required: ["year", "deadline", "organisations"]),
        "StatusRow": object(["organisationID": "uuid", "organisation": "string", "latestVersion": "integer?", "state": "string", "errors": "integer", "unexplainedQueries": "integer", "late": "boolean"],
                            required: ["organisationID", "organisation", "state", "errors", "unexplainedQueries", "late"]),
        "Finding": object(["id": "uuid", "rule": "string", "severity": "string", "file": "string", "line": "integer", "reference": "string?", "element": "string", "value": "string?", "message": "string", "note": "string?"], required: ["id", "rule", "severity", "file", "line", "element", "message"]),
        "Return": object(["id": "uuid", "organisationID": "uuid", "roundYear": "integer", "kind": "string", "version": "integer", "status": "string", "fileName": "string", "format": "string", "sha256": "string", "size": "integer", "errors": "integer", "queries": "integer", "findingsNotListed": "integer", "acceptable": "boolean", "aggregate": "object", "findings": "Finding[]"], required: ["id", "organisationID", "roundYear", "kind", "version", "status"]),
        "Note": object(["note": "string"], required: ["note"]),
        "Audit": object(["at": "date-time", "userID": "string?", "action": "string", "organisationID": "string?", "returnID": "string?", "detail": "string"], required: ["at", "action", "detail"]),
        "Rule": object(["id": "string", "severity": "string", "element": "string", "years": "string", "parameter": "string", "message": "string"], required: ["id", "severity", "element", "years", "message"]),
        "Published": object(["level": "string", "code": "string", "name": "string", "inPostFTE": "number?", "inPostHeadcount": "integer?", "startersHeadcount": "integer?", "leaversHeadcount": "integer?", "agencyFTE": "number?", "vacancyFTE": "number?", "caseload": "number?", "suppressed": "string[]"], required: ["level", "name", "suppressed"]),
    ] }

    /// A 64-bit FNV-1a hash of the document's bytes, for its ETag.
    static func fingerprint(_ data: Data) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The explorer's query: where, what, the draws and seed, and the levers (each optional).
    static let explorerParameters: [(name: String, in: String, type: String, required: Bool)] =
        [("edition", "query", "integer", false), ("area", "query", "string", false), ("role", "query", "string", false), ("horizon", "query", "integer", false),
         ("draws", "query", "integer", false), ("seed", "query", "integer", false), ("preset", "query", "string", false)]
        + ["exit", "intake_all", "intake_degree", "intake_fast_track", "conversion", "retained", "rules", "caseload", "trend", "reform", "productivity", "pay"].map { ($0, "query", "number", false) }

    /// The public explorer's routes, described when the server serves it.
    static let explorerOperations: [Operation] = [
        Operation(method: "get", path: "/explore", summary: "The public explorer (HTML): levers, the projection with its uncertainty, map, contributions, cost", auth: "public", successSchema: "html", errors: [400, 404], parameters: explorerParameters),
        Operation(method: "get", path: "/explore/fragment", summary: "The explorer's results part alone (HTML), as the page's script fetches it", auth: "public", successSchema: "html", errors: [400, 404], parameters: explorerParameters),
        Operation(method: "get", path: "/explore/ready", summary: "200 once the latest edition's model is prepared, 503 before", auth: "public", errors: [503]),
        Operation(method: "get", path: "/explore/data/{table}", summary: "A chart's figures as CSV in the EES layout: gap.csv, required.csv, map.csv, contributions.csv, cost.csv", auth: "public", successSchema: "csv", errors: [400, 404], parameters: [("table", "path", "string", true)] + explorerParameters),
        Operation(method: "get", path: "/explore/static/explore.css", summary: "The explorer's style sheet", auth: "public", errors: []),
        Operation(method: "get", path: "/explore/static/explore.js", summary: "The explorer's script (progressive enhancement)", auth: "public", errors: []),
        Operation(method: "get", path: "/api/v1/explore", summary: "The explorer's figures for an area and role as JSON: quantiles of supply, required and gap by year, probability that supply meets need, both methods, cost, contributions, and the scenario and command that reproduce them", auth: "public", successSchema: "Explore", errors: [400, 404], parameters: explorerParameters),
    ]

    static func document(explorer: Bool = false) -> Data {
        var paths: [String: [String: Any]] = [:]
        for op in operations + (explorer ? explorerOperations : []) {
            var o: [String: Any] = ["summary": op.summary, "x-allowed": op.auth]
            if op.auth != "public" { o["security"] = [["bearer": [String]()], ["session": [String]()]] }
            if !op.parameters.isEmpty {
                o["parameters"] = op.parameters.map { p -> [String: Any] in
                    ["name": p.name, "in": p.in, "required": p.required,
                     "schema": p.type == "uuid" ? ["type": "string", "format": "uuid"] : ["type": p.type]]
                }
            }
            if let body = op.body {
                let content: [String: Any]
                if body == "file" {
                    content = ["application/xml": ["schema": ["type": "string"]], "text/csv": ["schema": ["type": "string"]]]
                } else if body.hasPrefix("form:") || body.hasPrefix("multipart:") {
                    let fields = body.split(separator: ":")[1].split(separator: ",").map(String.init)
                    let type = body.hasPrefix("form:") ? "application/x-www-form-urlencoded" : "multipart/form-data"
                    content = [type: ["schema": ["type": "object", "properties": Dictionary(uniqueKeysWithValues: fields.map { ($0, ["type": "string"]) })]]]
                } else {
                    content = ["application/json": ["schema": schema(body)]]
                }
                o["requestBody"] = ["required": true, "content": content]
            }
            var responses: [String: Any] = [:]
            var ok: [String: Any] = ["description": op.success == 303 ? "Redirect (See Other)" : op.success == 204 ? "Done" : "Success"]
            if let s = op.successSchema {
                let type = s == "html" ? "text/html" : s == "csv" ? "text/csv" : "application/json"
                ok["content"] = [type: ["schema": schema(s)]]
            }
            responses[String(op.success)] = ok
            // A body of another media type (JSON, form or multipart decoding), or a compressed
            // one (any route with a body), is refused with 415.
            var errors = op.errors
            if op.body != nil, !errors.contains(415) { errors.append(415) }
            for code in errors {
                responses[String(code)] = ["description": "Problem (RFC 9457)", "content": ["application/problem+json": ["schema": schema("Problem")]]]
            }
            o["responses"] = responses
            paths[op.path, default: [:]][op.method] = o
        }
        let doc: [String: Any] = [
            "openapi": "3.1.0",
            "info": ["title": "CareCast returns service", "version": "1.0.0",
                     "description": "Organisations submit workforce returns; CareCast checks them against the published rules and keeps every version."],
            "paths": paths,
            "components": [
                "schemas": schemas,
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer", "description": "An API token from POST /api/v1/tokens"],
                    "session": ["type": "apiKey", "in": "cookie", "name": "carecast_session"],
                ],
            ],
        ]
        return (try? JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys, .prettyPrinted])) ?? Data()
    }
}
