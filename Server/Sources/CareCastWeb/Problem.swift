import CareCastStore
import Vapor

/// An answer to a client's mistake: an HTTP status and a problem body (RFC 9457).
struct Problem: AbortError, Sendable {
    var status: HTTPResponseStatus
    var title: String
    var detail: String
    /// Machine-readable problems with a field or finding, when there are several.
    var errors: [ProblemItem] = []
    /// For 405: the methods the path is served with (the `Allow` header).
    var allow: [String]? = nil

    var reason: String { detail }

    static func badRequest(_ detail: String, errors: [ProblemItem] = []) -> Problem { Problem(status: .badRequest, title: "Bad request", detail: detail, errors: errors) }
    static func unauthorized(_ detail: String = "log in, or send an API token as 'Authorization: Bearer …'") -> Problem { Problem(status: .unauthorized, title: "Not logged in", detail: detail) }
    static func forbidden(_ detail: String = "you may not see or change this") -> Problem { Problem(status: .forbidden, title: "Forbidden", detail: detail) }
    static func notFound(_ detail: String) -> Problem { Problem(status: .notFound, title: "Not found", detail: detail) }
    static func conflict(_ detail: String) -> Problem { Problem(status: .conflict, title: "Conflict", detail: detail) }
    static func unprocessable(_ detail: String, errors: [ProblemItem] = []) -> Problem { Problem(status: .unprocessableEntity, title: "Cannot be accepted", detail: detail, errors: errors) }
}

struct ProblemItem: Content, Sendable, Equatable {
    var field: String
    var message: String
}

/// The body of every error answer: `application/problem+json`.
struct ProblemBody: Content {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var errors: [ProblemItem]?
}

/// The one place where errors become answers. A client's mistake is a 4xx with a problem
/// body saying what to fix; anything else is a 500 whose details go to the log, not the client.
struct ProblemMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return Self.response(for: error, request: request)
        }
    }

    static func response(for error: any Error, request: Request) -> Response {
        let status: HTTPResponseStatus
        let title: String
        let detail: String
        var items: [ProblemItem]? = nil
        switch error {
        case let p as Problem:
            (status, title, detail) = (p.status, p.title, p.detail)
            items = p.errors.isEmpty ? nil : p.errors
        case let s as StoreError:
            switch s {
            case .notFound(let d): (status, title, detail) = (.notFound, "Not found", d)
            case .conflict(let d): (status, title, detail) = (.conflict, "Conflict", d)
            case .refused(let d): (status, title, detail) = (.unprocessableEntity, "Cannot be done", d)
            case .busy(let d): (status, title, detail) = (.serviceUnavailable, "Busy", "the service is saturated; try again in a few seconds (\(d))")
            }
        case let d as DecodingError:
            (status, title, detail) = (.badRequest, "Bad request", Self.describe(d))
        case let a as any AbortError:
            (status, title, detail) = (a.status, a.status.reasonPhrase, a.reason)
        default:
            request.logger.error("unexpected error: \(String(reflecting: error))")
            (status, title, detail) = (.internalServerError, "Internal error", "something went wrong on our side; it has been logged")
        }
        let body = ProblemBody(type: "about:blank", title: title, status: Int(status.code), detail: detail, errors: items)
        let response = Response(status: status)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        response.body = .init(data: (try? encoder.encode(body)) ?? Data())
        response.headers.contentType = HTTPMediaType(type: "application", subType: "problem+json")
        if status == .unauthorized { response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer") }
        if status == .tooManyRequests { response.headers.replaceOrAdd(name: .retryAfter, value: "900") }
        if status == .serviceUnavailable { response.headers.replaceOrAdd(name: .retryAfter, value: "5") }
        if let allow = (error as? Problem)?.allow { response.headers.replaceOrAdd(name: .allow, value: allow.joined(separator: ", ")) }
        return response
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let p = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return p.isEmpty ? "the body" : p
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context)).\(key.stringValue) is required".replacingOccurrences(of: "the body.", with: "")
        case .typeMismatch(let type, let context): return "\(path(context)): expected \(type)"
        case .valueNotFound(let type, let context): return "\(path(context)): expected \(type), found null"
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "the body could not be read"
        }
    }
}
