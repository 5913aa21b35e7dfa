import FluentKit
import Foundation

// The Fluent models: internal to the store, mapped to the public values in one place
// (`Store+Mapping.swift`). One table each, plural snake_case names.

final class OrganisationModel: Model, @unchecked Sendable {
    static let schema = "organisations"
    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "name") var name: String
    /// Space-separated ONS codes of the authorities the organisation returns for (two for a joint return).
    @Field(key: "ons_codes") var onsCodes: String
    /// Space-separated old three-digit LEA codes, in the same order.
    @Field(key: "lea_codes") var leaCodes: String
    @OptionalField(key: "urn") var urn: String?
    @OptionalField(key: "region") var region: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}

final class UserModel: Model, @unchecked Sendable {
    static let schema = "users"
    @ID(key: .id) var id: UUID?
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @Field(key: "role") var role: String
    @OptionalField(key: "organisation_id") var organisationID: UUID?
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "disabled") var disabled: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}

final class APITokenModel: Model, @unchecked Sendable {
    static let schema = "api_tokens"
    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "label") var label: String
    /// SHA-256 of the token, hex: the token itself is shown once and never stored.
    @Field(key: "token_hash") var tokenHash: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    init() {}
}

final class SessionModel: Model, @unchecked Sendable {
    static let schema = "sessions"
    @ID(key: .id) var id: UUID?
    /// SHA-256 of the cookie's value, hex.
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "user_id") var userID: UUID
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "expires_at") var expiresAt: Date
    init() {}
}

final class RoundModel: Model, @unchecked Sendable {
    static let schema = "rounds"
    @ID(key: .id) var id: UUID?
    @Field(key: "year") var year: Int
    @Field(key: "reference_date") var referenceDate: String
    @Field(key: "deadline") var deadline: String
    @Field(key: "opened_by") var openedBy: UUID
    @Timestamp(key: "opened_at", on: .create) var openedAt: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?
    init() {}
}

final class ReturnModel: Model, @unchecked Sendable {
    static let schema = "returns"
    @ID(key: .id) var id: UUID?
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "round_year") var roundYear: Int
    @Field(key: "kind") var kind: String
    @Field(key: "version") var version: Int
    @Field(key: "status") var status: String
    @Field(key: "file_name") var fileName: String
    @Field(key: "format") var format: String
    @Field(key: "sha256") var sha256: String
    @Field(key: "size") var size: Int
    @Field(key: "uploaded_by") var uploadedBy: UUID
    @Timestamp(key: "uploaded_at", on: .create) var uploadedAt: Date?
    @Field(key: "errors") var errors: Int
    @Field(key: "queries") var queries: Int
    @Field(key: "omitted") var omitted: Int
    /// The return's counts (no personal data), JSON.
    @OptionalField(key: "aggregate") var aggregate: String?
    @OptionalField(key: "accepted_at") var acceptedAt: Date?
    @OptionalField(key: "accepted_by") var acceptedBy: UUID?
    /// When the worker-level data (the file, and the personal items of findings) was deleted.
    @OptionalField(key: "purged_at") var purgedAt: Date?
    init() {}
}

final class ReturnFileModel: Model, @unchecked Sendable {
    static let schema = "return_files"
    @ID(key: .id) var id: UUID?
    @Field(key: "return_id") var returnID: UUID
    @Field(key: "part") var part: String
    @Field(key: "name") var name: String
    @Field(key: "content") var content: Data
    init() {}
}

final class ReturnChunkModel: Model, @unchecked Sendable {
    static let schema = "return_chunks"
    @ID(key: .id) var id: UUID?
    @Field(key: "file_id") var fileID: UUID
    @Field(key: "seq") var seq: Int
    @Field(key: "bytes") var bytes: Data
    init() {}
}

final class FindingModel: Model, @unchecked Sendable {
    static let schema = "findings"
    @ID(key: .id) var id: UUID?
    @Field(key: "return_id") var returnID: UUID
    @Field(key: "ordinal") var ordinal: Int
    @Field(key: "rule") var rule: String
    @Field(key: "severity") var severity: String
    @Field(key: "file") var file: String
    @Field(key: "line") var line: Int
    @Field(key: "reference") var reference: String
    @Field(key: "element") var element: String
    @Field(key: "value") var value: String
    @Field(key: "message") var message: String
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "noted_by") var notedBy: UUID?
    init() {}
}

final class AuditModel: Model, @unchecked Sendable {
    static let schema = "audit_entries"
    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @OptionalField(key: "user_id") var userID: UUID?
    @Field(key: "action") var action: String
    @OptionalField(key: "organisation_id") var organisationID: UUID?
    @OptionalField(key: "return_id") var returnID: UUID?
    @Field(key: "detail") var detail: String
    init() {}
}
