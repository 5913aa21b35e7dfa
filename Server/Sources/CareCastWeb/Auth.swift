import CareCastStore
import Crypto
import Foundation
import Vapor

/// Who is asking: a person, how they proved it, and (for a browser session) the CSRF token.
struct Principal: Sendable {
    var account: Account
    /// Set when the request came with a session cookie: forms must then carry this token.
    var csrfToken: String?

    var role: UserRole { account.role }

    /// May see this organisation's returns (and the personal items in their findings):
    /// analysts see every organisation; a submitter only their own. Administrators manage
    /// organisations, people and rounds, and see returns without personal items.
    func canSee(organisation: UUID) -> Bool {
        switch role {
        case .analyst, .administrator: return true
        case .submitter: return account.organisationID == organisation
        }
    }

    /// May upload, explain and accept this organisation's returns: its own submitters only.
    func canSubmit(for organisation: UUID) -> Bool {
        role == .submitter && account.organisationID == organisation
    }

    /// May see SWE numbers, birth dates, ethnicity and sickness absence: the organisation's
    /// own submitters and analysts, nobody else.
    func canSeePersonalItems(of organisation: UUID) -> Bool {
        role == .analyst || canSubmit(for: organisation)
    }
}

struct PrincipalKey: StorageKey {
    typealias Value = Principal
}

public enum Secrets {
    /// 32 random bytes, URL-safe base64, from the system's secure generator.
    public static func token() -> String {
        var g = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &g) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// SHA-256, hex: how tokens and session ids are stored.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Compares without leaking where two strings first differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

/// Reads the caller from `Authorization: Bearer …` (an API token) or the session cookie.
struct AuthenticationMiddleware: AsyncMiddleware {
    static let cookieName = "carecast_session"
    let store: Store

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = request.headers.bearerAuthorization {
            guard let account = try await store.user(tokenHash: Secrets.hash(bearer.token)) else {
                throw Problem.unauthorized("the API token is not valid or has been revoked")
            }
            request.storage[PrincipalKey.self] = Principal(account: account, csrfToken: nil)
        } else if let cookie = request.cookies[Self.cookieName]?.string,
                  let session = try await store.session(tokenHash: Secrets.hash(cookie)),
                  let account = try await store.user(id: session.userID), !account.disabled {
            request.storage[PrincipalKey.self] = Principal(account: account, csrfToken: session.csrfToken)
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    var principal: Principal? { storage[PrincipalKey.self] }

    /// The caller, or 401.
    func requirePrincipal() throws -> Principal {
        guard let p = principal else { throw Problem.unauthorized() }
        return p
    }

    /// The caller if they have one of `roles`, else 401 or 403.
    func require(_ roles: UserRole...) throws -> Principal {
        let p = try requirePrincipal()
        guard roles.contains(p.role) else { throw Problem.forbidden("this needs the role of \(roles.map(\.rawValue).joined(separator: " or "))") }
        return p
    }

    /// For a change made from a browser session: the form field `_csrf` or the header
    /// `X-CSRF-Token` must match the session's token. API tokens carry no cookie, so no check.
    func checkCSRF(formToken: String? = nil) throws {
        guard let p = principal, let expected = p.csrfToken else { return }
        let given = formToken ?? headers.first(name: "X-CSRF-Token")
        guard let given, Secrets.equal(given, expected) else {
            throw Problem.forbidden("the form's CSRF token is missing or wrong: reload the page and try again")
        }
    }
}

/// Counts failed logins per email and per client address, and refuses more than the limit
/// within the window (429), so passwords cannot be guessed at speed.
actor LoginLimiter {
    private var failures: [String: [Date]] = [:]
    let limit: Int
    let window: TimeInterval

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    func allowed(_ keys: [String], now: Date = Date()) -> Bool {
        keys.allSatisfy { key in
            let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
            failures[key] = recent
            return recent.count < limit
        }
    }

    func failed(_ keys: [String], now: Date = Date()) {
        for key in keys { failures[key, default: []].append(now) }
    }

    func succeeded(_ keys: [String]) {
        for key in keys { failures[key] = nil }
    }
}
