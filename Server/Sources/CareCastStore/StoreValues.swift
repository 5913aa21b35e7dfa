import CareCastBaselines
import CareCastFormats
import CareCastReturns
import Foundation

/// What a person may do: a submitter acts for one organisation; an analyst sees every
/// organisation's returns; an administrator also manages organisations, people and rounds.
public enum UserRole: String, Sendable, Codable, CaseIterable {
    case submitter, analyst, administrator
}

public enum OrganisationKind: String, Sendable, Codable, CaseIterable {
    case localAuthority = "local_authority"
    case childrensHome = "childrens_home"
    case trainingProvider = "training_provider"
}

public struct Organisation: Sendable, Codable, Equatable {
    public var id: UUID
    public var kind: OrganisationKind
    public var name: String
    /// ONS codes of the authorities it returns for: two for a joint return such as a children's trust.
    public var onsCodes: [String]
    /// Old three-digit LEA codes, in the same order.
    public var leaCodes: [String]
    /// Ofsted URN, for a children's home.
    public var urn: String?
    public var region: String?

    public init(id: UUID = UUID(), kind: OrganisationKind, name: String, onsCodes: [String] = [], leaCodes: [String] = [], urn: String? = nil, region: String? = nil) {
        self.id = id
        self.kind = kind
        self.name = name
        self.onsCodes = onsCodes
        self.leaCodes = leaCodes
        self.urn = urn
        self.region = region
    }
}

public struct Account: Sendable, Equatable {
    public var id: UUID
    public var email: String
    public var name: String
    public var role: UserRole
    public var organisationID: UUID?
    public var passwordHash: String
    public var disabled: Bool
}

public struct APIToken: Sendable, Equatable {
    public var id: UUID
    public var userID: UUID
    public var label: String
    public var createdAt: Date?
    public var revokedAt: Date?
}

public struct Session: Sendable, Equatable {
    public var userID: UUID
    public var csrfToken: String
    public var expiresAt: Date
}

/// A collection round: a year's census, its reference date and deadline.
public struct CollectionRound: Sendable, Codable, Equatable {
    public var year: Int
    public var referenceDate: String
    public var deadline: String
    public var openedAt: Date?
    public var closedAt: Date?
}

public enum ReturnKind: String, Sendable, Codable, CaseIterable {
    /// The CSWW census return.
    case census
    /// The children's homes staffing return.
    case homes
    /// A training-pipeline return.
    case pipeline
    /// Consultation evidence.
    case evidence
}

public enum ReturnStatus: String, Sendable, Codable {
    /// Checked; not (yet) accepted.
    case checked
    /// Accepted: the organisation's return for the round.
    case accepted
    /// Accepted once, replaced by a later accepted version; still readable.
    case superseded
}

/// One version of one organisation's return for a round.
public struct ReturnVersion: Sendable, Codable, Equatable {
    public var id: UUID
    public var organisationID: UUID
    public var roundYear: Int
    public var kind: ReturnKind
    public var version: Int
    public var status: ReturnStatus
    public var fileName: String
    public var format: String
    public var sha256: String
    public var size: Int
    public var uploadedBy: UUID
    public var uploadedAt: Date?
    public var errors: Int
    public var queries: Int
    public var omitted: Int
    public var aggregate: CensusAggregate?
    /// Totals of a homes, pipeline or evidence return.
    public var summary: [String: Double]?
    public var acceptedAt: Date?
    public var acceptedBy: UUID?
    public var purgedAt: Date?
}

/// A finding as stored, with the submitter's note if it is a query they have explained.
public struct StoredFinding: Sendable, Codable, Equatable {
    public var id: UUID
    public var finding: CensusFinding
    public var note: String?
}

public struct AuditEntry: Sendable, Codable, Equatable {
    public var id: UUID
    public var at: Date
    public var userID: UUID?
    public var action: String
    public var organisationID: UUID?
    public var returnID: UUID?
    public var detail: String
}

/// A file of a return, as uploaded: its bytes, or (to record a large upload without holding
/// it in memory) the path of the spooled file, read in chunks.
public struct ReturnPart: Sendable {
    public var part: String
    public var name: String
    public var content: Data
    /// When set, the file's bytes are read from here (and `content` is empty).
    public var path: String?

    public init(part: String, name: String, content: Data) {
        self.part = part
        self.name = name
        self.content = content
    }

    public init(part: String, name: String, path: String) {
        self.part = part
        self.name = name
        self.content = Data()
        self.path = path
    }

    /// Calls `body` with each chunk of at most `size` bytes, in order.
    func forEachChunk(size: Int = ReturnPart.chunkSize, _ body: (Data) async throws -> Void) async throws {
        guard let path else {
            var start = content.startIndex
            while start < content.endIndex {
                let end = content.index(start, offsetBy: size, limitedBy: content.endIndex) ?? content.endIndex
                try await body(content.subdata(in: start..<end))
                start = end
            }
            return
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw StoreError.refused("the spooled upload \(name) could not be read") }
        defer { try? handle.close() }
        while let chunk = try handle.read(upToCount: size), !chunk.isEmpty {
            try await body(chunk)
        }
    }

    /// The largest chunk a file is stored in.
    public static let chunkSize = 1 << 20
}

/// Why the store refused something: for the person or program that asked.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(String)
    case conflict(String)
    case refused(String)
    /// Too many changes at once: try again shortly (the web tier answers 503 with Retry-After).
    case busy(String)

    public var description: String {
        switch self {
        case .notFound(let s), .conflict(let s), .refused(let s), .busy(let s): return s
        }
    }
}

/// Where the data lives: a SQLite file (the default), memory (tests), or PostgreSQL.
public enum StoreLocation: Sendable, Equatable {
    case sqlite(path: String)
    case memory
    /// PostgreSQL; with `schema`, every table lives in that schema (created if need be), so that
    /// tests can each have their own.
    case postgres(url: String, schema: String? = nil)

    /// Reads `DATABASE_URL`-style text: `sqlite:PATH`, `sqlite::memory:`, or `postgres://…`.
    public init(url: String) throws(StoreError) {
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            self = .postgres(url: url)
        } else if url == "sqlite::memory:" || url == ":memory:" {
            self = .memory
        } else if url.hasPrefix("sqlite:") {
            let path = String(url.dropFirst("sqlite:".count)).replacingOccurrences(of: "//", with: "", options: .anchored)
            guard !path.isEmpty else { throw .refused("DATABASE_URL 'sqlite:' names no file") }
            self = .sqlite(path: path)
        } else {
            throw .refused("DATABASE_URL must start with sqlite: or postgres://; found '\(url)'")
        }
    }
}
