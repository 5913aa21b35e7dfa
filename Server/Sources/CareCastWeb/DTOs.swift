import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastStore
import Foundation
import Vapor

// The JSON the API speaks. Internal to the web tier; each maps from the store's values here.

struct OrganisationDTO: Content, Equatable {
    var id: UUID
    var kind: String
    var name: String
    var onsCodes: [String]
    var leaCodes: [String]
    var urn: String?
    var region: String?

    init(_ o: Organisation) {
        (id, kind, name, onsCodes, leaCodes, urn, region) = (o.id, o.kind.rawValue, o.name, o.onsCodes, o.leaCodes, o.urn, o.region)
    }
}

struct NewOrganisation: Content {
    var kind: String
    var name: String
    var onsCodes: [String]?
    var leaCodes: [String]?
    var urn: String?
    var region: String?
}

struct UserDTO: Content {
    var id: UUID
    var email: String
    var name: String
    var role: String
    var organisationID: UUID?

    init(_ a: Account) {
        (id, email, name, role, organisationID) = (a.id, a.email, a.name, a.role.rawValue, a.organisationID)
    }
}

struct NewUser: Content {
    var email: String
    var name: String
    var role: String
    var organisationID: UUID?
    var password: String
}

struct NewToken: Content {
    var label: String
}

struct TokenDTO: Content {
    var id: UUID
    var label: String
    var createdAt: Date?
    var revokedAt: Date?
    /// Present once, in the answer to its creation.
    var token: String?
}

struct NewRound: Content {
    var year: Int
    var referenceDate: String?
    var deadline: String
}

struct RoundDTO: Content {
    var year: Int
    var referenceDate: String
    var deadline: String
    var closed: Bool

    init(_ r: CollectionRound) {
        (year, referenceDate, deadline, closed) = (r.year, r.referenceDate, r.deadline, r.closedAt != nil)
    }
}

struct FindingDTO: Content {
    var id: UUID
    var rule: String
    var severity: String
    var file: String
    var line: Int
    /// The worker's SWE number: only for the organisation's own submitters and analysts.
    var reference: String?
    var element: String
    /// The value found: withheld like the reference when the element is personal.
    var value: String?
    var message: String
    var note: String?

    init(_ f: StoredFinding, personal: Bool) {
        id = f.id
        rule = f.finding.rule
        severity = f.finding.severity.rawValue
        file = f.finding.file
        line = f.finding.line
        element = f.finding.element
        let isPersonalItem = CensusItem(element: f.finding.element)?.isPersonal ?? false
        reference = personal ? f.finding.reference : nil
        value = personal || !isPersonalItem ? f.finding.value : nil
        message = personal || !isPersonalItem ? f.finding.message : "(withheld: the message quotes a personal item)"
        note = f.note
    }
}

struct ReturnDTO: Content {
    var id: UUID
    var organisationID: UUID
    var roundYear: Int
    var kind: String
    var version: Int
    var status: String
    var fileName: String
    var format: String
    var sha256: String
    var size: Int
    var uploadedAt: Date?
    var errors: Int
    var queries: Int
    var findingsNotListed: Int
    var acceptable: Bool
    var aggregate: CensusAggregate?
    var summary: [String: Double]?
    var acceptedAt: Date?
    var purgedAt: Date?
    var findings: [FindingDTO]?

    init(_ r: ReturnVersion, findings: [FindingDTO]? = nil) {
        id = r.id
        organisationID = r.organisationID
        roundYear = r.roundYear
        kind = r.kind.rawValue
        version = r.version
        status = r.status.rawValue
        fileName = r.fileName
        format = r.format
        sha256 = r.sha256
        size = r.size
        uploadedAt = r.uploadedAt
        errors = r.errors
        queries = r.queries
        findingsNotListed = r.omitted
        acceptable = r.status == .checked && r.errors == 0 && (findings.map { $0.allSatisfy { $0.severity != "query" || $0.note != nil } } ?? (r.queries == 0))
        aggregate = r.aggregate
        summary = r.summary
        acceptedAt = r.acceptedAt
        purgedAt = r.purgedAt
        self.findings = findings
    }
}

struct NoteDTO: Content {
    var note: String
}

struct StatusRow: Content {
    var organisationID: UUID
    var organisation: String
    var latestVersion: Int?
    var state: String
    var errors: Int
    var unexplainedQueries: Int
    var late: Bool
}

struct RoundStatusDTO: Content {
    var year: Int
    var deadline: String
    var organisations: [StatusRow]
}

struct AuditDTO: Content {
    var at: Date
    var userID: UUID?
    var action: String
    var organisationID: UUID?
    var returnID: UUID?
    var detail: String

    init(_ e: AuditEntry) {
        (at, userID, action, organisationID, returnID, detail) = (e.at, e.userID, e.action, e.organisationID, e.returnID, e.detail)
    }
}

struct RuleDTO: Content {
    var id: String
    var severity: String
    var element: String
    var years: String
    var parameter: String
    var message: String

    init(_ r: CensusRule) {
        (id, severity, element, years, parameter, message) = (r.id, r.severity.rawValue, r.element, r.years, r.parameter, r.message)
    }
}
