import FluentKit
import Foundation

extension Store {
    // MARK: Organisations

    /// Adds an organisation; its name, ONS codes and URN must be new.
    @discardableResult
    public func createOrganisation(_ o: Organisation, by user: UUID?) async throws -> Organisation {
        try await write { db in
            if try await OrganisationModel.query(on: db).filter(\.$name == o.name).first() != nil {
                throw StoreError.conflict("an organisation called '\(o.name)' already exists")
            }
            for code in o.onsCodes where try await Self.organisation(onsCode: code, on: db) != nil {
                throw StoreError.conflict("the authority \(code) already belongs to an organisation")
            }
            let m = OrganisationModel()
            m.id = o.id
            m.kind = o.kind.rawValue
            m.name = o.name
            m.onsCodes = o.onsCodes.joined(separator: " ")
            m.leaCodes = o.leaCodes.joined(separator: " ")
            m.urn = o.urn
            m.region = o.region
            try await m.create(on: db)
            try await Self.audit(db, user: user, action: "organisation.create", organisation: o.id, detail: o.name)
            return m.value
        }
    }

    static func organisation(onsCode: String, on db: any Database) async throws -> OrganisationModel? {
        // A few hundred rows at most: codes are matched whole, in Swift.
        try await OrganisationModel.query(on: db).all().first { $0.onsCodes.split(separator: " ").contains(Substring(onsCode)) }
    }

    public func organisations() async throws -> [Organisation] {
        try await OrganisationModel.query(on: db).sort(\.$name).all().map(\.value)
    }

    public func organisation(id: UUID) async throws -> Organisation? {
        try await OrganisationModel.find(id, on: db)?.value
    }

    public func organisation(onsCode: String) async throws -> Organisation? {
        try await Self.organisation(onsCode: onsCode, on: db)?.value
    }

    // MARK: People

    /// Adds a person. A submitter must belong to an organisation; analysts and administrators belong to none.
    @discardableResult
    public func createUser(email: String, name: String, role: UserRole, organisation: UUID?, passwordHash: String, by user: UUID?) async throws -> Account {
        let email = email.lowercased()
        if role == .submitter, organisation == nil { throw StoreError.refused("a submitter must belong to an organisation") }
        if role != .submitter, organisation != nil { throw StoreError.refused("only submitters belong to an organisation") }
        return try await write { db in
            if try await UserModel.query(on: db).filter(\.$email == email).first() != nil {
                throw StoreError.conflict("someone with the email \(email) already exists")
            }
            if let organisation, try await OrganisationModel.find(organisation, on: db) == nil {
                throw StoreError.notFound("no organisation \(organisation)")
            }
            let m = UserModel()
            m.id = UUID()
            m.email = email
            m.name = name
            m.role = role.rawValue
            m.organisationID = organisation
            m.passwordHash = passwordHash
            m.disabled = false
            try await m.create(on: db)
            try await Self.audit(db, user: user, action: "user.create", organisation: organisation, detail: "\(email) as \(role.rawValue)")
            return m.value
        }
    }

    public func user(email: String) async throws -> Account? {
        try await UserModel.query(on: db).filter(\.$email == email.lowercased()).first()?.value
    }

    public func user(id: UUID) async throws -> Account? {
        try await UserModel.find(id, on: db)?.value
    }

    public func users() async throws -> [Account] {
        try await UserModel.query(on: db).sort(\.$email).all().map(\.value)
    }

    // MARK: API tokens

    /// Stores a new token's hash (the token is shown once, by the caller, and never stored).
    public func createToken(user: UUID, label: String, tokenHash: String) async throws -> APIToken {
        try await write { db in
            let m = APITokenModel()
            m.id = UUID()
            m.userID = user
            m.label = label
            m.tokenHash = tokenHash
            try await m.create(on: db)
            try await Self.audit(db, user: user, action: "token.create", detail: label)
            return m.value
        }
    }

    /// The person a live (unrevoked) token belongs to.
    public func user(tokenHash: String) async throws -> Account? {
        guard let token = try await APITokenModel.query(on: db).filter(\.$tokenHash == tokenHash).filter(\.$revokedAt == nil).first(),
              let user = try await UserModel.find(token.userID, on: db), !user.disabled else { return nil }
        return user.value
    }

    public func tokens(user: UUID) async throws -> [APIToken] {
        try await APITokenModel.query(on: db).filter(\.$userID == user).sort(\.$createdAt).all().map(\.value)
    }

    public func revokeToken(_ id: UUID, owner: UUID, by user: UUID) async throws {
        try await write { db in
            guard let m = try await APITokenModel.find(id, on: db), m.userID == owner else { throw StoreError.notFound("no such token") }
            if m.revokedAt == nil {
                m.revokedAt = Date()
                try await m.save(on: db)
                try await Self.audit(db, user: user, action: "token.revoke", detail: m.label)
            }
        }
    }

    // MARK: Sessions

    public func createSession(tokenHash: String, user: UUID, csrfToken: String, expiresAt: Date) async throws {
        let m = SessionModel()
        m.id = UUID()
        m.tokenHash = tokenHash
        m.userID = user
        m.csrfToken = csrfToken
        m.expiresAt = expiresAt
        try await write { db in try await m.create(on: db) }
    }

    public func session(tokenHash: String, now: Date = Date()) async throws -> Session? {
        guard let m = try await SessionModel.query(on: db).filter(\.$tokenHash == tokenHash).first() else { return nil }
        if m.expiresAt < now {
            try await write { db in try await SessionModel.query(on: db).filter(\.$tokenHash == tokenHash).delete() }
            return nil
        }
        return Session(userID: m.userID, csrfToken: m.csrfToken, expiresAt: m.expiresAt)
    }

    public func deleteSession(tokenHash: String) async throws {
        try await write { db in try await SessionModel.query(on: db).filter(\.$tokenHash == tokenHash).delete() }
    }
}
