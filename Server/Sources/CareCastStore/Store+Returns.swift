import CareCastBaselines
import CareCastFormats
import CareCastReturns
import Crypto
import FluentKit
import Foundation

extension Store {
    // MARK: Rounds

    /// Opens a collection round. The reference date is 30 September of the year for the census.
    public func openRound(year: Int, referenceDate: String, deadline: String, by user: UUID) async throws -> CollectionRound {
        guard CensusDate.parse(referenceDate) != nil else { throw StoreError.refused("the reference date must be a date written YYYY-MM-DD; found '\(referenceDate)'") }
        guard let due = CensusDate.parse(deadline) else { throw StoreError.refused("the deadline must be a date written YYYY-MM-DD; found '\(deadline)'") }
        guard due >= CensusDate.parse(referenceDate)! else { throw StoreError.refused("the deadline \(deadline) is before the reference date \(referenceDate)") }
        return try await write { db in
            if try await RoundModel.query(on: db).filter(\.$year == year).first() != nil {
                throw StoreError.conflict("the \(year) round is already open")
            }
            let m = RoundModel()
            m.id = UUID()
            m.year = year
            m.referenceDate = referenceDate
            m.deadline = deadline
            m.openedBy = user
            try await m.create(on: db)
            try await Self.audit(db, user: user, action: "round.open", detail: "\(year): reference date \(referenceDate), deadline \(deadline)")
            return m.value
        }
    }

    public func rounds() async throws -> [CollectionRound] {
        try await RoundModel.query(on: db).sort(\.$year).all().map(\.value)
    }

    public func round(year: Int) async throws -> CollectionRound? {
        try await RoundModel.query(on: db).filter(\.$year == year).first()?.value
    }

    public func closeRound(year: Int, by user: UUID) async throws {
        try await write { db in
            guard let m = try await RoundModel.query(on: db).filter(\.$year == year).first() else { throw StoreError.notFound("no \(year) round") }
            m.closedAt = Date()
            try await m.save(on: db)
            try await Self.audit(db, user: user, action: "round.close", detail: String(year))
        }
    }

    // MARK: Returns

    /// Records a checked upload as the organisation's next version for the round, with its
    /// files and every finding, in one transaction: either all of it is stored or none.
    public func recordReturn(organisation: UUID, roundYear: Int, kind: ReturnKind, fileName: String, format: String,
                             parts: [ReturnPart], outcome: CensusOutcome?, by user: UUID) async throws -> ReturnVersion {
        // The census's counts; for the other returns, their totals.
        let aggregate: String? = try outcome.map { o in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return kind == .census ? String(decoding: try encoder.encode(o.aggregate), as: UTF8.self)
                : String(decoding: try encoder.encode(["summary": o.summary]), as: UTF8.self)
        }
        // Hashed and sized a chunk at a time: a spooled file is never read whole.
        var hasher = SHA256()
        var size = 0
        for part in parts {
            try await part.forEachChunk { chunk in
                hasher.update(data: chunk)
                size += chunk.count
            }
        }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        let totalSize = size
        return try await write { db in
            guard let round = try await RoundModel.query(on: db).filter(\.$year == roundYear).first() else {
                throw StoreError.notFound("no collection round for \(roundYear) is open")
            }
            if round.closedAt != nil { throw StoreError.refused("the \(roundYear) round is closed") }
            guard try await OrganisationModel.find(organisation, on: db) != nil else { throw StoreError.notFound("no organisation \(organisation)") }
            let last = try await ReturnModel.query(on: db).filter(\.$organisationID == organisation).filter(\.$roundYear == roundYear)
                .filter(\.$kind == kind.rawValue).sort(\.$version, .descending).first()
            let m = ReturnModel()
            m.id = UUID()
            m.organisationID = organisation
            m.roundYear = roundYear
            m.kind = kind.rawValue
            m.version = (last?.version ?? 0) + 1
            m.status = ReturnStatus.checked.rawValue
            m.fileName = fileName
            m.format = format
            m.sha256 = digest
            m.size = totalSize
            m.uploadedBy = user
            m.errors = outcome?.errors ?? 0
            m.queries = outcome?.queries ?? 0
            m.omitted = outcome?.omitted ?? 0
            m.aggregate = aggregate
            try await m.create(on: db)
            for part in parts {
                let f = ReturnFileModel()
                f.id = UUID()
                f.returnID = m.id!
                f.part = part.part
                f.name = part.name
                f.content = Data()
                try await f.create(on: db)
                var seq = 0
                try await part.forEachChunk { chunk in
                    let c = ReturnChunkModel()
                    c.id = UUID()
                    c.fileID = f.id!
                    c.seq = seq
                    c.bytes = chunk
                    try await c.create(on: db)
                    seq += 1
                }
            }
            for (i, finding) in (outcome?.findings ?? []).enumerated() {
                let f = FindingModel()
                f.id = UUID()
                f.returnID = m.id!
                f.ordinal = i
                f.rule = finding.rule
                f.severity = finding.severity.rawValue
                f.file = finding.file
                f.line = finding.line
                f.reference = finding.reference
                f.element = finding.element
                f.value = finding.value
                f.message = finding.message
                try await f.create(on: db)
            }
            try await Self.audit(db, user: user, action: "return.upload", organisation: organisation, returnID: m.id,
                                 detail: "\(kind.rawValue) \(roundYear) version \(m.version): \(fileName), \(m.errors) errors, \(m.queries) queries")
            return m.value
        }
    }

    public func returnVersion(id: UUID) async throws -> ReturnVersion? {
        try await ReturnModel.find(id, on: db)?.value
    }

    /// Every version of every return, newest first; for one organisation or round if given.
    public func returns(organisation: UUID? = nil, roundYear: Int? = nil) async throws -> [ReturnVersion] {
        var q = ReturnModel.query(on: db)
        if let organisation { q = q.filter(\.$organisationID == organisation) }
        if let roundYear { q = q.filter(\.$roundYear == roundYear) }
        return try await q.sort(\.$roundYear, .descending).sort(\.$version, .descending).all().map(\.value)
    }

    public func findings(returnID: UUID) async throws -> [StoredFinding] {
        try await FindingModel.query(on: db).filter(\.$returnID == returnID).sort(\.$ordinal).all().map(\.stored)
    }

    /// The uploaded files of a version (empty once purged).
    public func parts(returnID: UUID) async throws -> [ReturnPart] {
        var out: [ReturnPart] = []
        for file in try await ReturnFileModel.query(on: db).filter(\.$returnID == returnID).sort(\.$part).all() {
            var content = Data()
            try await forEachChunk(of: file) { content.append($0) }
            out.append(ReturnPart(part: file.part, name: file.name, content: content))
        }
        return out
    }

    /// Writes each file of a version to `directory` (named by its part) a chunk at a time, and
    /// returns the paths: for exports of large returns, which are never held in memory.
    public func writeParts(returnID: UUID, to directory: String) async throws -> [(part: String, name: String, path: String)] {
        var out: [(part: String, name: String, path: String)] = []
        for file in try await ReturnFileModel.query(on: db).filter(\.$returnID == returnID).sort(\.$part).all() {
            let path = (directory as NSString).appendingPathComponent(file.part)
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                throw StoreError.refused("cannot write \(path)")
            }
            defer { try? handle.close() }
            try await forEachChunk(of: file) { try handle.write(contentsOf: $0) }
            out.append((file.part, file.name, path))
        }
        return out
    }

    /// A stored file's bytes in order: its chunks, or (stored before chunks) its one content.
    private func forEachChunk(of file: ReturnFileModel, _ body: (Data) throws -> Void) async throws {
        let count = try await ReturnChunkModel.query(on: db).filter(\.$fileID == file.id!).count()
        if count == 0 {
            try body(file.content)
            return
        }
        // One chunk per query, so that only one is in memory at a time.
        for seq in 0..<count {
            guard let chunk = try await ReturnChunkModel.query(on: db).filter(\.$fileID == file.id!).filter(\.$seq == seq).first() else {
                throw StoreError.refused("chunk \(seq) of \(file.name) is missing")
            }
            try body(chunk.bytes)
        }
    }

    /// The organisation's last accepted return of a kind before `year`, for the year-on-year queries.
    public func lastAccepted(organisation: UUID, kind: ReturnKind, before year: Int) async throws -> ReturnVersion? {
        try await ReturnModel.query(on: db).filter(\.$organisationID == organisation).filter(\.$kind == kind.rawValue)
            .filter(\.$status == ReturnStatus.accepted.rawValue).filter(\.$roundYear < year)
            .sort(\.$roundYear, .descending).first()?.value
    }

    /// The submitter's explanation of a query.
    public func explain(finding: UUID, returnID: UUID, note: String, by user: UUID) async throws {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { throw StoreError.refused("the note is empty: say why the value is right") }
        try await write { db in
            guard let f = try await FindingModel.find(finding, on: db), f.returnID == returnID,
                  let r = try await ReturnModel.find(returnID, on: db) else { throw StoreError.notFound("no such finding on this return") }
            guard f.severity == Severity.query.rawValue else { throw StoreError.refused("\(f.rule) is an error: errors are corrected in the file, not explained") }
            guard r.status == ReturnStatus.checked.rawValue else { throw StoreError.refused("version \(r.version) is already \(r.status)") }
            f.note = note
            f.notedBy = user
            try await f.save(on: db)
            try await Self.audit(db, user: user, action: "finding.explain", organisation: r.organisationID, returnID: returnID, detail: "\(f.rule) line \(f.line)")
        }
    }

    /// Accepts a version as the organisation's return for the round, whole, in one
    /// transaction: only with no errors and every query explained; the previously accepted
    /// version (if any) becomes superseded and stays readable.
    public func accept(returnID: UUID, by user: UUID) async throws -> ReturnVersion {
        try await write { db in
            guard let r = try await ReturnModel.find(returnID, on: db) else { throw StoreError.notFound("no such return") }
            guard r.status == ReturnStatus.checked.rawValue else { throw StoreError.refused("version \(r.version) is already \(r.status)") }
            guard r.errors == 0 else { throw StoreError.refused("version \(r.version) has \(r.errors) errors: correct the file and upload it again") }
            if let round = try await RoundModel.query(on: db).filter(\.$year == r.roundYear).first(), round.closedAt != nil {
                throw StoreError.refused("the \(r.roundYear) round is closed")
            }
            let unexplained = try await FindingModel.query(on: db).filter(\.$returnID == returnID)
                .filter(\.$severity == Severity.query.rawValue).filter(\.$note == nil).count()
            guard unexplained == 0 else { throw StoreError.refused("\(unexplained) queries have no note: explain each before the return can be accepted") }
            let previous = try await ReturnModel.query(on: db).filter(\.$organisationID == r.organisationID)
                .filter(\.$roundYear == r.roundYear).filter(\.$kind == r.kind).filter(\.$status == ReturnStatus.accepted.rawValue).all()
            for p in previous {
                p.status = ReturnStatus.superseded.rawValue
                try await p.save(on: db)
            }
            r.status = ReturnStatus.accepted.rawValue
            r.acceptedAt = Date()
            r.acceptedBy = user
            try await r.save(on: db)
            try await Self.audit(db, user: user, action: "return.accept", organisation: r.organisationID, returnID: returnID,
                                 detail: "\(r.kind) \(r.roundYear) version \(r.version)" + (previous.isEmpty ? "" : ", superseding version \(previous.map { String($0.version) }.joined(separator: ", "))"))
            return r.value
        }
    }

    /// The accepted census returns of a round, with their organisations.
    public func acceptedCensus(roundYear: Int) async throws -> [(Organisation, ReturnVersion)] {
        let accepted = try await ReturnModel.query(on: db).filter(\.$roundYear == roundYear).filter(\.$kind == ReturnKind.census.rawValue)
            .filter(\.$status == ReturnStatus.accepted.rawValue).all()
        var out: [(Organisation, ReturnVersion)] = []
        for r in accepted {
            if let o = try await OrganisationModel.find(r.organisationID, on: db) { out.append((o.value, r.value)) }
        }
        return out.sorted { $0.0.name < $1.0.name }
    }

    // MARK: Retention

    /// Deletes worker-level data once it has been aggregated: the uploaded files and the
    /// personal items of findings (worker reference and value) of every return of a round
    /// closed at least `days` days before `now`. Counts are kept. Returns the versions purged.
    public func purgeWorkerLevelData(olderThanDays days: Int, now: Date = Date(), by user: UUID?) async throws -> Int {
        try await write { db in
            let cutoff = now.addingTimeInterval(-Double(days) * 86_400)
            let rounds = try await RoundModel.query(on: db).filter(\.$closedAt != nil).all().filter { $0.closedAt! <= cutoff }
            var purged = 0
            for round in rounds {
                let returns = try await ReturnModel.query(on: db).filter(\.$roundYear == round.year).filter(\.$purgedAt == nil).all()
                for r in returns {
                    let files = try await ReturnFileModel.query(on: db).filter(\.$returnID == r.id!).all().compactMap(\.id)
                    if !files.isEmpty { try await ReturnChunkModel.query(on: db).filter(\.$fileID ~~ files).delete() }
                    try await ReturnFileModel.query(on: db).filter(\.$returnID == r.id!).delete()
                    try await FindingModel.query(on: db).filter(\.$returnID == r.id!).set(\.$reference, to: "").set(\.$value, to: "").update()
                    r.purgedAt = now
                    try await r.save(on: db)
                    purged += 1
                }
            }
            if purged > 0 {
                try await Self.audit(db, user: user, action: "retention.purge", detail: "\(purged) return versions: files and personal items deleted after \(days) days")
            }
            return purged
        }
    }
}

extension Store {
    /// What an organisation has stored and sent lately, for its quota and rate limit: the bytes
    /// of its returns' files not yet purged, and how many versions it uploaded since `since`.
    public func usage(organisation: UUID, since: Date) async throws -> (storedBytes: Int, uploadsSince: Int) {
        let versions = try await ReturnModel.query(on: db).filter(\.$organisationID == organisation).all()
        let stored = versions.filter { $0.purgedAt == nil }.reduce(0) { $0 + $1.size }
        let recent = versions.filter { ($0.uploadedAt ?? .distantPast) >= since }.count
        return (stored, recent)
    }
}
