import CareCastStore
import Vapor

/// The composition root: middleware, routes, and the store, on an application the caller
/// made (the server's `main`, or a test with an in-memory store).
public func configure(_ app: Application, _ config: WebConfiguration) throws {
    app.middleware = Middlewares()
    app.middleware.use(ProblemMiddleware())
    app.middleware.use(AuthenticationMiddleware(store: config.store))
    app.routes.defaultMaxBodySize = "1mb"
    let limiter = LoginLimiter(limit: config.loginAttempts, window: config.loginWindow)
    PageController(config: config, limiter: limiter).register(app.routes)
    APIController(config: config).register(app.routes)
    app.get("openapi.json") { _ -> Response in
        let r = Response(status: .ok, body: .init(data: OpenAPI.document()))
        r.headers.contentType = .json
        return r
    }
}
