import FluentKit

/// The store's migrations, in order. Append only: a released migration is never edited.
enum Migrations {
    static let all: [any Migration] = [
        M001CreateOrganisations(), M002CreateUsers(), M003CreateAPITokens(), M004CreateSessions(),
        M005CreateRounds(), M006CreateReturns(), M007CreateReturnFiles(), M008CreateFindings(), M009CreateAuditEntries(),
        M010CreateReturnChunks(),
    ]
}

struct M001CreateOrganisations: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("organisations").id()
            .field("kind", .string, .required).field("name", .string, .required)
            .field("ons_codes", .string, .required).field("lea_codes", .string, .required)
            .field("urn", .string).field("region", .string).field("created_at", .datetime)
            .unique(on: "name").create()
    }
    func revert(on db: any Database) async throws { try await db.schema("organisations").delete() }
}

struct M002CreateUsers: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("users").id()
            .field("email", .string, .required).field("name", .string, .required).field("role", .string, .required)
            .field("organisation_id", .uuid, .references("organisations", "id"))
            .field("password_hash", .string, .required).field("disabled", .bool, .required).field("created_at", .datetime)
            .unique(on: "email").create()
    }
    func revert(on db: any Database) async throws { try await db.schema("users").delete() }
}

struct M003CreateAPITokens: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("api_tokens").id()
            .field("user_id", .uuid, .required, .references("users", "id")).field("label", .string, .required)
            .field("token_hash", .string, .required).field("created_at", .datetime).field("revoked_at", .datetime)
            .unique(on: "token_hash").create()
    }
    func revert(on db: any Database) async throws { try await db.schema("api_tokens").delete() }
}

struct M004CreateSessions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("sessions").id()
            .field("token_hash", .string, .required).field("user_id", .uuid, .required, .references("users", "id"))
            .field("csrf_token", .string, .required).field("expires_at", .datetime, .required)
            .unique(on: "token_hash").create()
    }
    func revert(on db: any Database) async throws { try await db.schema("sessions").delete() }
}

struct M005CreateRounds: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("rounds").id()
            .field("year", .int, .required).field("reference_date", .string, .required).field("deadline", .string, .required)
            .field("opened_by", .uuid, .required).field("opened_at", .datetime).field("closed_at", .datetime)
            .unique(on: "year").create()
    }
    func revert(on db: any Database) async throws { try await db.schema("rounds").delete() }
}

struct M006CreateReturns: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("returns").id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("round_year", .int, .required).field("kind", .string, .required).field("version", .int, .required)
            .field("status", .string, .required).field("file_name", .string, .required).field("format", .string, .required)
            .field("sha256", .string, .required).field("size", .int, .required)
            .field("uploaded_by", .uuid, .required).field("uploaded_at", .datetime)
            .field("errors", .int, .required).field("queries", .int, .required).field("omitted", .int, .required)
            .field("aggregate", .string).field("accepted_at", .datetime).field("accepted_by", .uuid).field("purged_at", .datetime)
            .unique(on: "organisation_id", "round_year", "kind", "version").create()
    }
    func revert(on db: any Database) async throws { try await db.schema("returns").delete() }
}

struct M007CreateReturnFiles: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("return_files").id()
            .field("return_id", .uuid, .required, .references("returns", "id")).field("part", .string, .required)
            .field("name", .string, .required).field("content", .data, .required).create()
    }
    func revert(on db: any Database) async throws { try await db.schema("return_files").delete() }
}

struct M008CreateFindings: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("findings").id()
            .field("return_id", .uuid, .required, .references("returns", "id")).field("ordinal", .int, .required)
            .field("rule", .string, .required).field("severity", .string, .required).field("file", .string, .required)
            .field("line", .int, .required).field("reference", .string, .required).field("element", .string, .required)
            .field("value", .string, .required).field("message", .string, .required)
            .field("note", .string).field("noted_by", .uuid).create()
    }
    func revert(on db: any Database) async throws { try await db.schema("findings").delete() }
}

struct M009CreateAuditEntries: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("audit_entries").id()
            .field("at", .datetime, .required).field("user_id", .uuid)
            .field("action", .string, .required).field("organisation_id", .uuid).field("return_id", .uuid)
            .field("detail", .string, .required).create()
    }
    func revert(on db: any Database) async throws { try await db.schema("audit_entries").delete() }
}

/// A return's files in chunks of at most 1 MiB, so that storing and reading a large file never
/// holds it whole in memory. `return_files.content` stays for files stored before (read when a
/// file has no chunks) and is empty for new ones.
struct M010CreateReturnChunks: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("return_chunks").id()
            .field("file_id", .uuid, .required, .references("return_files", "id")).field("seq", .int, .required)
            .field("bytes", .data, .required)
            .unique(on: "file_id", "seq").create()
    }
    func revert(on db: any Database) async throws { try await db.schema("return_chunks").delete() }
}
