import CareCastBaselines
import CareCastFormats
import CareCastReturns
import Foundation

// Each Fluent model maps to its public value here, and only here.

extension OrganisationModel {
    var value: Organisation {
        Organisation(id: id!, kind: OrganisationKind(rawValue: kind) ?? .localAuthority, name: name,
                     onsCodes: onsCodes.split(separator: " ").map(String.init), leaCodes: leaCodes.split(separator: " ").map(String.init),
                     urn: urn, region: region)
    }
}

extension UserModel {
    var value: Account {
        Account(id: id!, email: email, name: name, role: UserRole(rawValue: role) ?? .submitter, organisationID: organisationID,
                passwordHash: passwordHash, disabled: disabled)
    }
}

extension APITokenModel {
    var value: APIToken { APIToken(id: id!, userID: userID, label: label, createdAt: createdAt, revokedAt: revokedAt) }
}

extension RoundModel {
    var value: CollectionRound { CollectionRound(year: year, referenceDate: referenceDate, deadline: deadline, openedAt: openedAt, closedAt: closedAt) }
}

extension ReturnModel {
    var value: ReturnVersion {
        ReturnVersion(id: id!, organisationID: organisationID, roundYear: roundYear, kind: ReturnKind(rawValue: kind) ?? .census,
                      version: version, status: ReturnStatus(rawValue: status) ?? .checked, fileName: fileName, format: format,
                      sha256: sha256, size: size, uploadedBy: uploadedBy, uploadedAt: uploadedAt, errors: errors, queries: queries,
                      omitted: omitted,
                      aggregate: kind == ReturnKind.census.rawValue ? aggregate.flatMap { try? JSONDecoder().decode(CensusAggregate.self, from: Data($0.utf8)) } : nil,
                      summary: kind == ReturnKind.census.rawValue ? nil : aggregate.flatMap { try? JSONDecoder().decode([String: [String: Double]].self, from: Data($0.utf8))["summary"] },
                      acceptedAt: acceptedAt, acceptedBy: acceptedBy, purgedAt: purgedAt)
    }
}

extension FindingModel {
    var stored: StoredFinding {
        StoredFinding(id: id!, finding: CensusFinding(rule: rule, severity: Severity(rawValue: severity) ?? .error, file: file, line: line,
                                                       reference: reference, element: element, value: value, message: message),
                      note: note)
    }
}

extension AuditModel {
    var value: AuditEntry {
        AuditEntry(id: id!, at: at, userID: userID, action: action, organisationID: organisationID, returnID: returnID, detail: detail)
    }
}
