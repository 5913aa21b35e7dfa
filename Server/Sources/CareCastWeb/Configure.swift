import CareCastStore
import Vapor

/// The composition root: middleware, routes, and the store, on an application the caller
/// made (the server's `main`, or a test with an in-memory store).
public func configure(_ app: Application, _ config: WebConfiguration) throws {
    app.middleware = Middlewares()
    app.middleware.use(ProblemMiddleware())
    app.middleware.use(AuthenticationMiddleware(store: config.store))
    app.routes.defaultMaxBodySize = "1mb"
    // Compressed request bodies are refused with 415 rather than inflated: NIO's inflater
    // closes the connection when a body passes its limit, where a client should get an answer.
    app.http.server.configuration.requestDecompression = .disabled
    app.middleware.use(IdentityEncodingMiddleware())
    let limiter = LoginLimiter(limit: config.loginAttempts, window: config.loginWindow)
    PageController(config: config, limiter: limiter).register(app.routes)
    APIController(config: config).register(app.routes)
    if let explorer = config.explorer { ExplorerController(service: explorer).register(app.routes) }
    // Nothing personal left lying around: the spool folder is the server's own, and whatever a
    // crash left in it is removed before the first request.
    try Spool.prepare(directory: config.spoolDirectory)
    let removed = Spool.sweep(directory: config.spoolDirectory)
    if removed > 0 { app.logger.notice("spool: \(removed) files left by an earlier run removed from \(config.spoolDirectory)") }
    // The API description is built once and served with caching headers.
    let document = OpenAPI.document(explorer: config.explorer != nil)
    let etag = "\"" + String(OpenAPI.fingerprint(document), radix: 16) + "\""
    app.get("openapi.json") { req -> Response in
        if req.headers.first(name: .ifNoneMatch) == etag {
            let r = Response(status: .notModified)
            r.headers.replaceOrAdd(name: .eTag, value: etag)
            return r
        }
        let r = Response(status: .ok, body: .init(data: document))
        r.headers.contentType = .json
        r.headers.replaceOrAdd(name: .eTag, value: etag)
        r.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return r
    }
    // Last, once every route is registered: a path served for other methods answers 405 with
    // Allow, not 404.
    app.middleware.use(MethodNotAllowedMiddleware(routes: app.routes.all.map { ($0.path, $0.method) }))
}
