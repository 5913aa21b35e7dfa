import Vapor

/// A request body sent compressed (`Content-Encoding` other than identity) is answered 415 with
/// a problem body, before a byte of it is read: the returns are sent as they are, and the
/// service never inflates a body whose size it cannot bound in advance.
struct IdentityEncodingMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let encoding = request.headers.first(name: .contentEncoding)?.trimmingCharacters(in: .whitespaces).lowercased(),
           !encoding.isEmpty, encoding != "identity" {
            throw Problem(status: .unsupportedMediaType, title: "Compressed body",
                          detail: "the body is sent with Content-Encoding: \(encoding); send the file uncompressed (up to the upload limit)")
        }
        return try await next.respond(to: request)
    }
}
