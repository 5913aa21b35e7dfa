import Vapor

/// A request whose path is routed for other methods gets 405 with `Allow` (RFC 9110), not 404:
/// TRACE, PUT or DELETE on `/api/v1/returns`, GET on an upload route, and so on.
struct MethodNotAllowedMiddleware: AsyncMiddleware {
    /// Each route's path and method, taken once the routes are registered.
    let routes: [(path: [PathComponent], method: HTTPMethod)]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let abort as any AbortError where abort.status == .notFound {
            let segments = request.url.path.split(separator: "/").map(String.init)
            let allowed = Set(routes.filter { Self.matches($0.path, segments) }.map(\.method.rawValue)).sorted()
            guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else { throw abort }
            var problem = Problem(status: .methodNotAllowed, title: "Method not allowed",
                                  detail: "\(request.method.rawValue) is not served at \(request.url.path); \(allowed.joined(separator: ", ")) \(allowed.count == 1 ? "is" : "are")")
            problem.allow = (allowed.contains("GET") ? allowed + ["HEAD"] : allowed).sorted()
            throw problem
        }
    }

    /// Whether a route's path matches the request's segments (parameters match any segment,
    /// a catch-all the rest).
    static func matches(_ path: [PathComponent], _ segments: [String]) -> Bool {
        var i = 0
        for component in path {
            switch component {
            case .catchall: return i < segments.count
            case .anything, .parameter:
                guard i < segments.count else { return false }
            case .constant(let text):
                guard i < segments.count, segments[i] == text else { return false }
            }
            i += 1
        }
        return i == segments.count
    }
}
