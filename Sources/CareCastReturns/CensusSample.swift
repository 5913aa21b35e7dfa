import CareCastFormats
import CareCastModel
import Foundation

/// Generated census returns that pass every error rule: for tests, and for the benchmark of a
/// very large file. Written a chunk at a time, so a million records never sit in memory.
/// The values are drawn at random from a seeded generator: they are not real workers.
public enum CensusSample {
    /// One generated worker: enough to know what the aggregate should be.
    public struct Worker: Sendable {
        public var swe: String
        public var agency: Bool
        public var fte: Double
        public var role: Int
        public var birthYear: Int
        public var startDay: (Int, Int, Int)
        public var leaver: Bool
        public var starter: Bool
        public var cases: Int
        public var fte30: Double
        public var destination: Int
    }

    /// The `index`-th worker of a sample seeded with `seed`, for collection year `year`.
    public static func worker(_ index: Int, seed: UInt64, year: Int) -> Worker {
        var g = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        func pick(_ n: Int) -> Int { Int(g.next() % UInt64(n)) }
        let letters = Array("ABCDEFGHJKLMNPQRSTUVWXYZ")
        let swe = String(letters[pick(letters.count)]) + String(letters[pick(letters.count)]) + String(format: "%010d", index)
        let agency = pick(100) < 8
        let leaver = !agency && pick(100) < 14
        let starter = !leaver && !agency && pick(100) < 16
        let role = [5, 5, 5, 5, 5, 4, 4, 3, 2, 1, 6][pick(11)]
        let fte = [1.0, 1.0, 1.0, 0.8, 0.6, 0.5][pick(6)]
        let startYear = starter ? year : year - 2 - pick(15)
        let startMonth = starter ? 1 + pick(9) : 1 + pick(12)
        let cases = (role == 5 || role == 4) && !leaver ? 5 + pick(20) : 0
        return Worker(swe: swe, agency: agency, fte: leaver ? 0 : fte, role: role, birthYear: year - 24 - pick(40),
                      startDay: (startYear, startMonth, 1 + pick(28)), leaver: leaver, starter: starter,
                      cases: cases, fte30: leaver ? fte : fte, destination: 1 + pick(7))
    }

    static func date(_ d: (Int, Int, Int)) -> String { String(format: "%04d-%02d-%02d", d.0, d.1, d.2) }

    /// The XML of one worker.
    public static func xml(_ w: Worker, year: Int) -> String {
        var s = "  <CSWWWorker>\n"
        func item(_ name: String, _ value: String) { s += "    <\(name)>\(value)</\(name)>\n" }
        item("AgencyWorker", w.agency ? "1" : "0")
        item("SWENo", w.swe)
        item("FTE", String(format: "%.6f", w.fte))
        if !w.agency {
            item("PersonBirthDate", "\(w.birthYear)-03-15")
            item("GenderCurrent", "2")
            item("Ethnicity", "WBRI")
        }
        item("QualInst", "University of Example")
        item("QualLevel", "2")
        item("OrgRole", String(w.role))
        item("RoleStartDate", date(w.startDay))
        if w.starter { item("StartOrigin", "1") }
        if w.leaver {
            item("RoleEndDate", "\(year)-06-30")
            item("LeaverDestination", String(w.destination))
            item("ReasonLeave", "1")
            item("FTE30", String(format: "%.6f", w.fte30))
        } else {
            item("FTE30", String(format: "%.6f", w.fte))
        }
        if w.cases > 0 { item("Cases30", String(w.cases)) }
        item("WorkingDaysLost", "3.50")
        item("ContractWeeks", "52.0")
        s += "  </CSWWWorker>\n"
        return s
    }

    /// Writes a whole XML return of `records` workers to `path`.
    public static func writeXML(records: Int, seed: UInt64, year: Int, lea: String, to path: String) throws(DataFileError) {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw .unwritable(file: path, reason: "cannot create the file")
        }
        defer { try? handle.close() }
        var agencyFTE = 0.0
        var agencyHeadcount = 0
        for i in 0..<records {
            let w = worker(i, seed: seed, year: year)
            if w.agency { agencyFTE += w.fte; agencyHeadcount += 1 }
        }
        let agencyText = String(format: "%.2f", agencyFTE)
        var chunk = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Message>
              <Header>
                <CollectionDetails><Collection>CSWW</Collection><Year>\(year)</Year><ReferenceDate>\(year)-09-30</ReferenceDate></CollectionDetails>
                <Source><SourceLevel>L</SourceLevel><LEA>\(lea)</LEA><SoftwareCode>CareCast sample generator</SoftwareCode><DateTime>\(year)-10-15T09:00:00Z</DateTime></Source>
              </Header>
              <LALevelVacancies><NumberOfVacancies>12.50</NumberOfVacancies><NoAgencyFTE>\(agencyText)</NoAgencyFTE><NoAgencyHeadcount>\(agencyHeadcount)</NoAgencyHeadcount></LALevelVacancies>

            """
        do {
            for i in 0..<records {
                chunk += xml(worker(i, seed: seed, year: year), year: year)
                if chunk.utf8.count > 1 << 20 {
                    try handle.write(contentsOf: Data(chunk.utf8))
                    chunk = ""
                }
            }
            chunk += "</Message>\n"
            try handle.write(contentsOf: Data(chunk.utf8))
        } catch {
            throw .unwritable(file: path, reason: error.localizedDescription)
        }
    }
}
