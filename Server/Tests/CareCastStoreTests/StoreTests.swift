import CareCastBaselines
import CareCastFormats
import CareCastReturns
@testable import CareCastStore
import Foundation
import Testing

/// The stores every storage test runs on: in-memory SQLite always, and PostgreSQL when
/// TEST_DATABASE_URL names one (scripts/with-postgres starts a throwaway cluster). Each
/// PostgreSQL store gets a schema of its own, so tests running side by side do not meet.
enum TestStores {
    static var locations: [String] {
        ["sqlite"] + (ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] == nil ? [] : ["postgres"])
    }

    static func open(_ kind: String) async throws -> Store {
        if kind == "postgres", let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] {
            return try await Store.open(.postgres(url: url, schema: "t" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()))
        }
        return try await Store.open(.memory)
    }

    static func with<T>(_ kind: String, _ body: (Store) async throws -> T) async throws -> T {
        let store = try await open(kind)
        do {
            let result = try await body(store)
            await store.shutdown()
            return result
        } catch {
            await store.shutdown()
            throw error
        }
    }

    /// An LA, an administrator and a submitter, and the 2022 round open.
    static func seed(_ store: Store) async throws -> (org: Organisation, admin: Account, submitter: Account) {
        let admin = try await store.createUser(email: "Admin@example.org", name: "Admin", role: .administrator, organisation: nil, passwordHash: "x", by: nil)
        let org = try await store.createOrganisation(Organisation(kind: .localAuthority, name: "Camden", onsCodes: ["E09000007"], leaCodes: ["202"], region: "London"), by: admin.id)
        let submitter = try await store.createUser(email: "data@camden.example", name: "Data officer", role: .submitter, organisation: org.id, passwordHash: "y", by: admin.id)
        _ = try await store.openRound(year: 2022, referenceDate: "2022-09-30", deadline: "2022-11-30", by: admin.id)
        return (org, admin, submitter)
    }

    static func outcome(errors: Int = 0, queries: Int = 0, fte: Double = 10) -> CensusOutcome {
        var findings: [CensusFinding] = []
        for i in 0..<errors { findings.append(CensusFinding(rule: "CSWW-014", severity: .error, file: "r.xml", line: 10 + i, reference: "AB0000000001", element: "FTE", value: "2", message: "FTE must be…")) }
        for i in 0..<queries { findings.append(CensusFinding(rule: "CSWW-101", severity: .query, file: "r.xml", line: 100 + i, reference: "AB0000000002", element: "Cases30", value: "45", message: "This worker holds 45 cases")) }
        var a = CensusAggregate(year: 2022, lea: "202")
        a.inPost = WorkforceMeasure(fte: fte, headcount: Int(fte))
        return CensusOutcome(findings: findings, counts: [:], errors: errors, queries: queries, omitted: 0, aggregate: a)
    }
}

@Suite("The store: organisations, people, rounds, returns, versions and the audit log")
struct StoreTests {
    @Test("Migrations run on a fresh database, and again without harm", arguments: TestStores.locations)
    func migrations(kind: String) async throws {
        try await TestStores.with(kind) { store in
            try await store.migrate()
            #expect(try await store.organisations().isEmpty)
            #expect(try await store.integrityCheck() == "ok")
        }
    }

    @Test("People and organisations: unique emails and names, submitters belong to one organisation", arguments: TestStores.locations)
    func people(kind: String) async throws {
        try await TestStores.with(kind) { store in
            let (org, admin, submitter) = try await TestStores.seed(store)
            #expect(try await store.user(email: "ADMIN@example.org")?.id == admin.id, "emails are matched without case")
            #expect(submitter.organisationID == org.id)
            await #expect(throws: StoreError.self) { try await store.createUser(email: "admin@example.org", name: "Again", role: .analyst, organisation: nil, passwordHash: "z", by: admin.id) }
            await #expect(throws: StoreError.self) { try await store.createUser(email: "s@x", name: "No org", role: .submitter, organisation: nil, passwordHash: "z", by: admin.id) }
            await #expect(throws: StoreError.self) { try await store.createOrganisation(Organisation(kind: .localAuthority, name: "Camden 2", onsCodes: ["E09000007"]), by: admin.id) }
            let joint = try await store.createOrganisation(Organisation(kind: .localAuthority, name: "Achieving for Children (Kingston and Richmond)", onsCodes: ["E09000021", "E09000027"], leaCodes: ["314", "318"]), by: admin.id)
            #expect(try await store.organisation(onsCode: "E09000027")?.id == joint.id)
            #expect(try await store.organisation(onsCode: "E0900002") == nil)
        }
    }

    @Test("Tokens are stored hashed, found by hash, and stop working once revoked", arguments: TestStores.locations)
    func tokens(kind: String) async throws {
        try await TestStores.with(kind) { store in
            let (_, _, submitter) = try await TestStores.seed(store)
            let token = try await store.createToken(user: submitter.id, label: "upload robot", tokenHash: "abc123")
            #expect(try await store.user(tokenHash: "abc123")?.id == submitter.id)
            try await store.revokeToken(token.id, owner: submitter.id, by: submitter.id)
            #expect(try await store.user(tokenHash: "abc123") == nil)
        }
    }

    @Test("A return is stored whole as a new version; acceptance needs no errors and every query explained; earlier versions stay readable", arguments: TestStores.locations)
    func versions(kind: String) async throws {
        try await TestStores.with(kind) { store in
            let (org, _, submitter) = try await TestStores.seed(store)
            let file = ReturnPart(part: "workers", name: "camden.xml", content: Data("<Message/>".utf8))
            let v1 = try await store.recordReturn(organisation: org.id, roundYear: 2022, kind: .census, fileName: "camden.xml", format: "xml", parts: [file], outcome: TestStores.outcome(), by: submitter.id)
            #expect(v1.version == 1 && v1.status == .checked && v1.sha256.count == 64)
            _ = try await store.accept(returnID: v1.id, by: submitter.id)
            let v2 = try await store.recordReturn(organisation: org.id, roundYear: 2022, kind: .census, fileName: "camden2.xml", format: "xml", parts: [file], outcome: TestStores.outcome(errors: 2, queries: 1, fte: 12), by: submitter.id)
            #expect(v2.version == 2)
            await #expect(throws: StoreError.refused("version 2 has 2 errors: correct the file and upload it again")) { try await store.accept(returnID: v2.id, by: submitter.id) }
            let v3 = try await store.recordReturn(organisation: org.id, roundYear: 2022, kind: .census, fileName: "camden3.xml", format: "xml", parts: [file], outcome: TestStores.outcome(queries: 2, fte: 13), by: submitter.id)
            await #expect(throws: StoreError.self) { try await store.accept(returnID: v3.id, by: submitter.id) }
            let findings = try await store.findings(returnID: v3.id)
            #expect(findings.count == 2 && findings.allSatisfy { $0.finding.rule == "CSWW-101" })
            await #expect(throws: StoreError.self) { try await store.explain(finding: findings[0].id, returnID: v3.id, note: "   ", by: submitter.id) }
            for f in findings { try await store.explain(finding: f.id, returnID: v3.id, note: "A team leader covering two teams while recruiting.", by: submitter.id) }
            let accepted = try await store.accept(returnID: v3.id, by: submitter.id)
            #expect(accepted.status == .accepted && accepted.aggregate?.inPost.fte == 13)
            let all = try await store.returns(organisation: org.id)
            #expect(all.map(\.version) == [3, 2, 1])
            #expect(all.map(\.status) == [.accepted, .checked, .superseded])
            #expect(try await store.returnVersion(id: v1.id)?.aggregate?.inPost.fte == 10, "the superseded version is still readable")
            #expect(try await store.parts(returnID: v1.id).first?.content == file.content)
            #expect(try await store.acceptedCensus(roundYear: 2022).map(\.1.version) == [3])
            let log = try await store.auditLog(organisation: org.id).map(\.action)
            #expect(log.filter { $0 == "return.upload" }.count == 3 && log.filter { $0 == "return.accept" }.count == 2 && log.contains("finding.explain"))
        }
    }

    @Test("A failure inside the acceptance transaction leaves nothing half-written", arguments: TestStores.locations)
    func atomicity(kind: String) async throws {
        try await TestStores.with(kind) { store in
            let (org, _, submitter) = try await TestStores.seed(store)
            // Uploading into a round that does not exist fails after nothing was written.
            await #expect(throws: StoreError.self) {
                try await store.recordReturn(organisation: org.id, roundYear: 2031, kind: .census, fileName: "x.xml", format: "xml", parts: [], outcome: TestStores.outcome(queries: 3), by: submitter.id)
            }
            #expect(try await store.returns(organisation: org.id).isEmpty)
            // A finding that cannot be stored (a missing organisation) rolls back the version too.
            await #expect(throws: (any Error).self) {
                try await store.recordReturn(organisation: UUID(), roundYear: 2022, kind: .census, fileName: "x.xml", format: "xml", parts: [], outcome: TestStores.outcome(queries: 3), by: submitter.id)
            }
            #expect(try await store.returns().isEmpty)
        }
    }

    @Test("Year-on-year: the last accepted return of an earlier round", arguments: TestStores.locations)
    func lastAccepted(kind: String) async throws {
        try await TestStores.with(kind) { store in
            let (org, admin, submitter) = try await TestStores.seed(store)
            let v = try await store.recordReturn(organisation: org.id, roundYear: 2022, kind: .census, fileName: "a.xml", format: "xml", parts: [], outcome: TestStores.outcome(fte: 40), by: submitter.id)
            _ = try await store.accept(returnID: v.id, by: submitter.id)
            _ = try await store.openRound(year: 2023, referenceDate: "2023-09-30", deadline: "2023-11-30", by: admin.id)
            #expect(try await store.lastAccepted(organisation: org.id, kind: .census, before: 2023)?.aggregate?.inPost.fte == 40)
            #expect(try await store.lastAccepted(organisation: org.id, kind: .census, before: 2022) == nil)
        }
    }

    @Test("Retention: worker-level data is deleted once the round has been closed long enough; the counts stay", arguments: TestStores.locations)
    func retention(kind: String) async throws {
        try await TestStores.with(kind) { store in
            let (org, admin, submitter) = try await TestStores.seed(store)
            let v = try await store.recordReturn(organisation: org.id, roundYear: 2022, kind: .census, fileName: "a.xml", format: "xml",
                                                 parts: [ReturnPart(part: "workers", name: "a.xml", content: Data("x".utf8))], outcome: TestStores.outcome(queries: 1), by: submitter.id)
            #expect(try await store.purgeWorkerLevelData(olderThanDays: 90, by: admin.id) == 0, "an open round is never purged")
            try await store.closeRound(year: 2022, by: admin.id)
            #expect(try await store.purgeWorkerLevelData(olderThanDays: 90, by: admin.id) == 0, "too recent")
            #expect(try await store.purgeWorkerLevelData(olderThanDays: 90, now: Date().addingTimeInterval(91 * 86_400), by: admin.id) == 1)
            #expect(try await store.parts(returnID: v.id).isEmpty)
            let f = try #require(try await store.findings(returnID: v.id).first)
            #expect(f.finding.reference == "" && f.finding.value == "" && f.finding.rule == "CSWW-101")
            #expect(try await store.returnVersion(id: v.id)?.aggregate?.inPost.fte == 10)
            #expect(try await store.returnVersion(id: v.id)?.purgedAt != nil)
        }
    }

    @Test("A large file is stored from its spooled path in chunks of 1 MiB, read back whole, written out, and purged chunk and all", arguments: TestStores.locations)
    func chunkedFiles(kind: String) async throws {
        try await TestStores.with(kind) { store in
            let (org, admin, submitter) = try await TestStores.seed(store)
            // 2.5 MiB of varied bytes: three chunks, the last a half.
            var bytes = Data(count: 5 * (1 << 19))
            bytes.withUnsafeMutableBytes { raw in for i in raw.indices { raw[i] = UInt8(truncatingIfNeeded: i &* 31 &+ i >> 11) } }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carecast-chunks-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("upload").path
            try bytes.write(to: URL(fileURLWithPath: path))
            let v = try await store.recordReturn(organisation: org.id, roundYear: 2022, kind: .census, fileName: "big.xml", format: "xml",
                                                 parts: [ReturnPart(part: "workers", name: "big.xml", path: path)], outcome: TestStores.outcome(), by: submitter.id)
            #expect(v.size == bytes.count)
            #expect(try await ReturnChunkModel.query(on: store.db).count() == 3)
            #expect(try await store.parts(returnID: v.id).first?.content == bytes)
            let out = directory.appendingPathComponent("out")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            let written = try await store.writeParts(returnID: v.id, to: out.path)
            #expect(written.map(\.name) == ["big.xml"])
            #expect(try Data(contentsOf: URL(fileURLWithPath: written[0].path)) == bytes)
            // The digest is the file's, as if hashed whole: the same bytes given in memory agree.
            let same = try await store.recordReturn(organisation: org.id, roundYear: 2022, kind: .census, fileName: "big.xml", format: "xml",
                                                    parts: [ReturnPart(part: "workers", name: "big.xml", content: bytes)], outcome: TestStores.outcome(), by: submitter.id)
            #expect(same.sha256 == v.sha256 && same.version == 2)
            #expect(try await ReturnChunkModel.query(on: store.db).count() == 6)
            try await store.closeRound(year: 2022, by: admin.id)
            #expect(try await store.purgeWorkerLevelData(olderThanDays: 0, now: Date().addingTimeInterval(1), by: admin.id) == 2)
            #expect(try await ReturnChunkModel.query(on: store.db).count() == 0)
            #expect(try await store.parts(returnID: v.id).isEmpty)
        }
    }
}
