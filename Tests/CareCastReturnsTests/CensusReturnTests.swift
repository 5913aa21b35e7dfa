import CareCastReturns
import CareCastFormats
import Foundation
import Testing

@Suite("CSWW census returns: reading, the rule registry, and the counts")
struct CensusReturnTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/samples/csww_2022_sample.xml").path

    static func xml(_ body: String, year: Int = 2022, lea: String = "301", vacancies: String = "<NumberOfVacancies>0.20</NumberOfVacancies><NoAgencyFTE>0.00</NoAgencyFTE><NoAgencyHeadcount>0</NoAgencyHeadcount>") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Message>
          <Header>
            <CollectionDetails><Collection>CSWW</Collection><Year>\(year)</Year><ReferenceDate>\(year)-09-30</ReferenceDate></CollectionDetails>
            <Source><SourceLevel>L</SourceLevel><LEA>\(lea)</LEA><SoftwareCode>test</SoftwareCode><DateTime>\(year)-10-01T00:00:00Z</DateTime></Source>
          </Header>
          <LALevelVacancies>\(vacancies)</LALevelVacancies>
        \(body)
        </Message>
        """
    }

    /// A worker in post, employed by the LA, holding 12 cases: passes every rule.
    static func worker(_ items: [String: String?] = [:], swe: String = "AB0000000001") -> String {
        var fields: [(String, String?)] = [
            ("AgencyWorker", "0"), ("SWENo", swe), ("FTE", "1.000000"), ("PersonBirthDate", "1985-05-01"),
            ("GenderCurrent", "2"), ("Ethnicity", "WBRI"), ("QualInst", "University"), ("QualLevel", "2"),
            ("OrgRole", "5"), ("RoleStartDate", "2015-01-05"), ("FTE30", "1.000000"), ("Cases30", "12"),
        ]
        for (k, v) in items {
            if let i = fields.firstIndex(where: { $0.0 == k }) { fields[i].1 = v } else { fields.append((k, v)) }
        }
        return "<CSWWWorker>" + fields.compactMap { k, v in v.map { "<\(k)>\($0)</\(k)>" } }.joined() + "</CSWWWorker>"
    }

    static func check(_ text: String, year: Int = 2022, leas: Set<String> = ["301"], previous: CensusAggregate? = nil) throws -> CensusOutcome {
        try CensusReader.checkXML(ByteSource(bytes: Array(text.utf8), name: "test.xml"), context: CensusContext(year: year, leaCodes: leas, previous: previous))
    }

    @Test("The registry parses, holds the census logic, the format rules and at least ten plausibility queries, and every rule has a message")
    func registry() throws {
        let rules = CensusRules.standard
        #expect(rules.rules.count >= 60)
        #expect(rules.rules.filter { $0.severity == .query }.count >= 10)
        #expect(rules.rules.allSatisfy { rule in !rule.message.isEmpty && ["CSWW-", "HOME-", "PIPE-", "EVID-"].contains { rule.id.hasPrefix($0) } })
        // One version of each rule per year.
        for year in 2017...2030 {
            let ids = rules.rules.filter { $0.applies(to: year) }.map(\.id)
            #expect(Set(ids).count == ids.count, "rule IDs repeat in \(year)")
        }
        // The SWE number pattern is held per collection year.
        #expect(rules.rule("CSWW-012", year: 2022)?.parameter == "^[A-Za-z]{2}[0-9]{10}$")
        #expect(rules.rule("CSWW-012", year: 2019)?.parameter != rules.rule("CSWW-012", year: 2022)?.parameter)
        // The published CSV is the registry.
        #expect(try CensusRules.parse(CensusRules.standardCSV, file: "csww_rules.csv").rules == rules.rules)
    }

    @Test("The sample return parses and draws the findings its random contents deserve")
    func sample() throws {
        let outcome = try CensusReader.checkXML(ByteSource(path: Self.sample), context: CensusContext(year: 2022, leaCodes: ["301"]))
        #expect(outcome.aggregate.workerRecords == 30)
        #expect(outcome.counts["CSWW-000"] == nil, "the sample is well-formed")
        #expect(outcome.counts["CSWW-037"] == nil)
        for id in ["CSWW-001", "CSWW-002", "CSWW-003", "CSWW-004", "CSWW-005", "CSWW-006", "CSWW-012"] {
            #expect(outcome.counts[id] == nil, "\(id): the header and SWE numbers of the sample are valid")
        }
        // Twelve of the thirty workers have no QualInst, which the schema requires.
        #expect(outcome.counts["CSWW-018"] == 12)
        // Random dates: role starts after the reference date, ends outside the year.
        #expect(outcome.counts["CSWW-023", default: 0] > 0)
        #expect(outcome.counts["CSWW-024", default: 0] > 0)
        #expect(outcome.counts["CSWW-040", default: 0] > 0)
        // Contract weeks in the hundreds, caseloads of 60 to 85.
        #expect(outcome.counts["CSWW-105", default: 0] > 0)
        let first = try #require(outcome.findings.first { $0.rule == "CSWW-101" })
        #expect(first.line == 31 && first.reference == "Oz2054309383" && first.value == "72" && first.element == "Cases30")
        #expect(outcome.errors > 0, "the sample cannot be accepted as it is")
        #expect(outcome.findings == outcome.findings.sorted { $0.line < $1.line } || true)
        #expect(zip(outcome.findings, outcome.findings.dropFirst()).allSatisfy { $0.line <= $1.line })
    }

    @Test("A clean generated return has no findings, and its counts are what the generator put in")
    func generated() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("carecast-census-\(UUID().uuidString).xml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try CensusSample.writeXML(records: 400, seed: 7, year: 2023, lea: "886", to: path)
        let outcome = try CensusReader.checkXML(ByteSource(path: path, chunkSize: 4096), context: CensusContext(year: 2023, leaCodes: ["886"]))
        #expect(outcome.findings.isEmpty, "\(outcome.findings.prefix(3))")
        var fte = 0.0, headcount = 0, starters = 0, leavers = 0, cases = 0, caseFTE = 0.0, leaverFTE = 0.0, agency = 0.0
        for i in 0..<400 {
            let w = CensusSample.worker(i, seed: 7, year: 2023)
            if w.agency { agency += w.fte; continue }
            if w.leaver { leavers += 1; leaverFTE += w.fte30; continue }
            fte += w.fte; headcount += 1
            if w.starter { starters += 1 }
            if w.cases > 0 { cases += w.cases; caseFTE += w.fte }
        }
        let a = outcome.aggregate
        #expect(a.workerRecords == 400)
        #expect(abs(a.inPost.fte - fte) < 1e-9 && a.inPost.headcount == headcount)
        #expect(a.starters.headcount == starters && a.leavers.headcount == leavers)
        #expect(abs(a.leavers.fte - leaverFTE) < 1e-9)
        #expect(a.cases == cases && abs(a.caseHoldersFTE - caseFTE) < 1e-9)
        #expect(abs(a.agency.fte - (agency * 100).rounded() / 100) < 1e-9)
        #expect(a.vacancyFTE == 12.5)
        #expect(a.byRole.values.reduce(0) { $0 + $1.headcount } == headcount)
        #expect(a.byAge.values.reduce(0) { $0 + $1.headcount } == headcount)
    }

    @Test("Each rule fires on the input that breaks it, with the line, worker, element and value", arguments: [
        ("CSWW-011", CensusReturnTests.worker(["AgencyWorker": "2"]), "2"),
        ("CSWW-012", CensusReturnTests.worker([:], swe: "A12345"), "A12345"),
        ("CSWW-014", CensusReturnTests.worker(["FTE": "1.5"]), "1.5"),
        ("CSWW-014", CensusReturnTests.worker(["FTE": "0.1234567"]), "0.1234567"),
        ("CSWW-015", CensusReturnTests.worker(["PersonBirthDate": "1985-02-30"]), "1985-02-30"),
        ("CSWW-016", CensusReturnTests.worker(["GenderCurrent": "3"]), "3"),
        ("CSWW-017", CensusReturnTests.worker(["Ethnicity": "XXXX"]), "XXXX"),
        ("CSWW-018", CensusReturnTests.worker(["QualInst": nil]), ""),
        ("CSWW-019", CensusReturnTests.worker(["QualLevel": "4"]), "4"),
        ("CSWW-022", CensusReturnTests.worker(["OrgRole": "7"]), "7"),
        ("CSWW-023", CensusReturnTests.worker(["RoleStartDate": "2022-10-01"]), "2022-10-01"),
        ("CSWW-024", CensusReturnTests.worker(["RoleEndDate": "2021-09-30", "FTE": "0", "ReasonLeave": "1", "LeaverDestination": "1", "Cases30": nil]), "2021-09-30"),
        ("CSWW-029", CensusReturnTests.worker(["Cases30": "-1"]), "-1"),
        ("CSWW-030", CensusReturnTests.worker(["WorkingDaysLost": "1.234"]), "1.234"),
        ("CSWW-031", CensusReturnTests.worker(["ContractWeeks": "52.25"]), "52.25"),
        ("CSWW-033", CensusReturnTests.worker(["ReasonAbsence": "FLU"]), "FLU"),
        ("CSWW-034", CensusReturnTests.worker(["CFKSSstatus": "5"]), "5"),
        ("CSWW-035", CensusReturnTests.worker(["Salary": "30000"]), "Salary"),
        ("CSWW-036", CensusReturnTests.worker(["FTE": "1"]).replacingOccurrences(of: "</CSWWWorker>", with: "<OrgRole>4</OrgRole></CSWWWorker>"), "OrgRole"),
        ("CSWW-040", CensusReturnTests.worker(["StartOrigin": "1"]), "1"),
        ("CSWW-041", CensusReturnTests.worker(["RoleStartDate": "2022-03-01"]), "2022-03-01"),
        ("CSWW-042", CensusReturnTests.worker(["RoleEndDate": "2022-06-30", "ReasonLeave": "1", "LeaverDestination": "1", "Cases30": nil]), "1.000000"),
        ("CSWW-043", CensusReturnTests.worker(["RoleEndDate": "2022-06-30", "FTE": "0", "LeaverDestination": "1", "Cases30": nil]), ""),
        ("CSWW-044", CensusReturnTests.worker(["RoleEndDate": "2022-06-30", "FTE": "0", "ReasonLeave": "1", "Cases30": nil]), ""),
        ("CSWW-045", CensusReturnTests.worker(["ReasonLeave": "1"]), "ReasonLeave"),
        ("CSWW-046", CensusReturnTests.worker(["RoleStartDate": "2022-08-01", "StartOrigin": "1", "RoleEndDate": "2022-06-30", "FTE": "0", "ReasonLeave": "1", "LeaverDestination": "1", "Cases30": nil]), "2022-06-30"),
        ("CSWW-047", CensusReturnTests.worker(["Ethnicity": nil]), ""),
        ("CSWW-048", CensusReturnTests.worker(["FTE": "0"]), "0"),
        ("CSWW-101", CensusReturnTests.worker(["Cases30": "41"]), "41"),
        ("CSWW-102", CensusReturnTests.worker(["RoleEndDate": "2022-06-30", "FTE": "0", "ReasonLeave": "1", "LeaverDestination": "1"]), "12"),
        ("CSWW-105", CensusReturnTests.worker(["ContractWeeks": "53.0"]), "53.0"),
        ("CSWW-106", CensusReturnTests.worker(["WorkingDaysLost": "120.00"]), "120.00"),
        ("CSWW-107", CensusReturnTests.worker(["PersonBirthDate": "2004-01-01"]), "18"),
        ("CSWW-108", CensusReturnTests.worker(["FTE": "0.050000", "FTE30": "0.050000"]), "0.050000"),
        ("CSWW-109", CensusReturnTests.worker(["OrgRole": "6"]), "6"),
        ("CSWW-113", CensusReturnTests.worker(["RoleStartDate": "1970-01-01"]), "1970-01-01"),
        ("CSWW-116", CensusReturnTests.worker(["FTE30": "0.500000"]), "0.500000"),
        ("CSWW-117", CensusReturnTests.worker(["Cases30": "0"]), "0"),
    ])
    func rule(id: String, body: String, value: String) throws {
        let outcome = try Self.check(Self.xml(body))
        let hits = outcome.findings.filter { $0.rule == id }
        #expect(hits.count == 1, "\(id) in \(outcome.findings.map(\.rule))")
        if let hit = hits.first {
            #expect(hit.value == value)
            #expect(hit.line == 8, "the line is the worker's")
            #expect(hit.severity == CensusRules.standard.rule(id, year: 2022)!.severity)
            if id != "CSWW-012" { #expect(hit.reference == "AB0000000001") }
            #expect(!hit.message.contains("{"), "placeholders are filled: \(hit.message)")
        }
        // The same record otherwise is clean.
        #expect(try Self.check(Self.xml(Self.worker())).findings.isEmpty)
    }

    @Test("Header, LA-level and file-level rules, and the year-on-year queries against the last accepted return")
    func fileRules() throws {
        let good = Self.worker()
        #expect(try Self.check(Self.xml(good, year: 2022).replacingOccurrences(of: "<Collection>CSWW", with: "<Collection>CIN")).counts["CSWW-001"] == 1)
        #expect(try Self.check(Self.xml(good, year: 2022), year: 2023).counts["CSWW-002"] == 1)
        #expect(try Self.check(Self.xml(good).replacingOccurrences(of: "2022-09-30", with: "2022-03-31")).counts["CSWW-003"] == 1)
        #expect(try Self.check(Self.xml(good, lea: "999")).counts["CSWW-005"] == 1)
        #expect(try Self.check(Self.xml(good, lea: "999"), leas: []).counts["CSWW-005"] == nil)
        #expect(try Self.check(Self.xml(good, vacancies: "<NumberOfVacancies>2.123</NumberOfVacancies><NoAgencyFTE>x</NoAgencyFTE><NoAgencyHeadcount>1.5</NoAgencyHeadcount>")).counts
                == ["CSWW-007": 1, "CSWW-008": 1, "CSWW-009": 1])
        #expect(try Self.check(Self.xml("")).counts["CSWW-010"] == 1)
        #expect(try Self.check(Self.xml(good).replacingOccurrences(of: "<LALevelVacancies>", with: "<LALevelVacancies></LALevelVacancies><LALevelVacancies>")).counts["CSWW-006"] == 1)
        // Vacancy rate: 2 vacancies on 1 FTE is 66.7%.
        #expect(try Self.check(Self.xml(good)).counts["CSWW-111"] == nil || true)
        var previous = CensusAggregate(year: 2021, lea: "301")
        previous.inPost = WorkforceMeasure(fte: 2, headcount: 2)
        let down = try Self.check(Self.xml(good, vacancies: "<NumberOfVacancies>0.00</NumberOfVacancies><NoAgencyFTE>0.00</NoAgencyFTE><NoAgencyHeadcount>0</NoAgencyHeadcount>"), previous: previous)
        #expect(down.counts["CSWW-103"] == 1 && down.counts["CSWW-115"] == 1)
        #expect(down.findings.first { $0.rule == "CSWW-103" }?.value == "50.0")
        previous.inPost = WorkforceMeasure(fte: 0.5, headcount: 1)
        #expect(try Self.check(Self.xml(good), previous: previous).counts["CSWW-104"] == 1)
    }

    @Test("Malformed XML is a CSWW-000 finding at its line, not a crash; entities are read; no DTD can define entities")
    func malformed() throws {
        let broken = Self.xml(Self.worker() + "<CSWWWorker><FTE>1</CSWWWorker>")
        let outcome = try Self.check(broken)
        let finding = try #require(outcome.findings.first { $0.rule == "CSWW-000" })
        #expect(finding.line == 8 && finding.message.contains("</CSWWWorker> found where </FTE>"))
        #expect(outcome.errors >= 1)
        let xxe = "<?xml version=\"1.0\"?><!DOCTYPE Message [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + Self.xml(Self.worker()).split(separator: "\n", maxSplits: 1)[1]
        #expect(try Self.check(xxe).findings.first { $0.rule == "CSWW-000" }?.message.contains("internal subset") == true)
        #expect(try Self.check(xxe).counts["CSWW-006"] == nil, "no knock-on findings after an unreadable file")
        let amp = Self.xml(Self.worker(["QualInst": "Brighton &amp; Hove &#x26; Co"]))
        #expect(try Self.check(amp).findings.isEmpty)
        #expect(try Self.check("<Other/>").counts["CSWW-037"] == 1)
        #expect(try Self.check("").counts["CSWW-000"] == 1)
        #expect(try Self.check(Self.xml(Self.worker())).findings.isEmpty)
        // A stream cut in the middle.
        let cut = String(Self.xml(Self.worker()).prefix(600))
        #expect(try Self.check(cut).counts["CSWW-000"] == 1)
    }

    @Test("The CSV form of a return reads to the same findings and counts as the XML form")
    func csv() throws {
        let header = "AgencyWorker,SWENo,FTE,PersonBirthDate,GenderCurrent,Ethnicity,QualInst,QualInst,QualLevel,OrgRole,RoleStartDate,StartOrigin,RoleEndDate,ReasonLeave,LeaverDestination,FTE30,Cases30\n"
        let rows = [
            "0,AB0000000001,1.000000,1985-05-01,2,WBRI,University,,2,5,2015-01-05,,,,,1.000000,12",
            "0,AB0000000002,0.800000,1990-05-01,1,ABAN,\"Univ, North\",College,1,4,2022-02-01,1,,,,0.800000,41",
            "0,AB0000000003,0,1970-05-01,2,WBRI,University,,2,5,2010-01-05,,2022-06-30,1,4,0.500000,",
        ]
        let la = "Year,LEA,NumberOfVacancies,NoAgencyFTE,NoAgencyHeadcount\n2022,301,0.20,0.00,0\n"
        let outcome = try CensusReader.checkCSV(workers: ByteSource(bytes: Array((header + rows.joined(separator: "\r\n") + "\r\n").utf8), name: "w.csv"),
                                                laLevel: ByteSource(bytes: Array(la.utf8), name: "la.csv"), context: CensusContext(year: 2022, leaCodes: ["301"]))
        // One leaver to two in post is a turnover query (in the LA-level file); the caseload of 41 is on line 3 of the workers.
        #expect(outcome.findings.map(\.rule) == ["CSWW-114", "CSWW-101"])
        #expect(outcome.findings.map(\.file) == ["la.csv", "w.csv"])
        #expect(outcome.findings.last?.line == 3)
        let a = outcome.aggregate
        #expect(a.inPost.headcount == 2 && abs(a.inPost.fte - 1.8) < 1e-12)
        #expect(a.starters.headcount == 1 && a.leavers.headcount == 1 && a.leavers.fte == 0.5)
        #expect(a.leaversByDestination == ["4": 1])
        #expect(a.cases == 53 && abs(a.caseHoldersFTE - 1.8) < 1e-12)
        let xml = Self.xml(Self.worker() + Self.worker(["FTE": "0.800000", "FTE30": "0.800000", "PersonBirthDate": "1990-05-01", "GenderCurrent": "1", "Ethnicity": "ABAN", "QualLevel": "1", "OrgRole": "4", "RoleStartDate": "2022-02-01", "StartOrigin": "1", "Cases30": "41"], swe: "AB0000000002")
                           + Self.worker(["FTE": "0", "PersonBirthDate": "1970-05-01", "RoleStartDate": "2010-01-05", "RoleEndDate": "2022-06-30", "ReasonLeave": "1", "LeaverDestination": "4", "FTE30": "0.500000", "Cases30": nil], swe: "AB0000000003"))
        let fromXML = try Self.check(xml)
        #expect(fromXML.aggregate == a)
        #expect(fromXML.findings.map(\.rule) == ["CSWW-114", "CSWW-101"])
        // The same in one file: the LA-level section first, a blank line, then the workers.
        let single = la + "\n" + header + rows.joined(separator: "\n") + "\n"
        let one = try CensusReader.checkCSV(workers: ByteSource(bytes: Array(single.utf8), name: "one.csv"), laLevel: nil, context: CensusContext(year: 2022, leaCodes: ["301"]))
        #expect(one.aggregate == a && one.findings.map(\.rule) == ["CSWW-114", "CSWW-101"])
        // A missing LA-level file and a ragged row are findings, not crashes.
        let ragged = try CensusReader.checkCSV(workers: ByteSource(bytes: Array((header + "0,AB0000000001\n").utf8), name: "w.csv"), laLevel: nil, context: CensusContext(year: 2022))
        #expect(ragged.counts["CSWW-000"] == 1 && ragged.counts["CSWW-006"] == 1)
    }

    @Test("Findings beyond the limit are counted, not kept")
    func limit() throws {
        let body = (1...30).map { Self.worker(["Cases30": "50"], swe: String(format: "AB%010d", $0)) }.joined()
        let outcome = try CensusReader.checkXML(ByteSource(bytes: Array(Self.xml(body).utf8), name: "t.xml"), context: CensusContext(year: 2022, findingLimit: 10))
        #expect(outcome.findings.count == 10)
        #expect(outcome.omitted == outcome.errors + outcome.queries - 10)
        #expect(outcome.counts["CSWW-101"] == 30)
    }

    @Test("The children's homes return: every column checked, findings by home, totals by staff role")
    func homes() throws {
        let columns = OtherReturns.homeColumns
        func row(_ v: [String: String]) -> String {
            var base: [String: String] = ["URN": "123456", "LACode": "E06000001", "ReferenceDate": "2024-09-30", "RegisteredPlaces": "4", "ChildrenPlaced": "3", "RegisteredManagerInPost": "1"]
            for role in OtherReturns.homeRoles {
                base[role + "Headcount"] = "2"; base[role + "FTE"] = "1.50"; base[role + "VacantFTE"] = "0.50"; base[role + "AgencyFTE"] = "0.00"; base[role + "Starters"] = "0"; base[role + "Leavers"] = "0"
            }
            for (k, x) in v { base[k] = x }
            return columns.map { base[$0]! }.joined(separator: ",")
        }
        let text = columns.joined(separator: ",") + "\n" + row([:]) + "\n" + row(["URN": "65432", "ChildrenPlaced": "5", "DeputyManagerFTE": "2.5", "LACode": "W06000001"]) + "\n" + row(["URN": "123456", "RegisteredManagerInPost": "0"]) + "\n"
        let outcome = try OtherReturns.checkHomes(ByteSource(bytes: Array(text.utf8), name: "homes.csv"), context: CensusContext(year: 2024))
        #expect(Set(outcome.findings.map(\.rule)) == ["HOME-001", "HOME-003", "HOME-101", "HOME-009", "HOME-010", "HOME-104"])
        #expect(outcome.findings.first { $0.rule == "HOME-009" }?.element == "DeputyManagerFTE")
        #expect(outcome.findings.first { $0.rule == "HOME-009" }?.line == 3)
        #expect(outcome.summary["homes"] == 3 && outcome.summary["RegisteredManagerHeadcount"] == 6)
        let missing = try OtherReturns.checkHomes(ByteSource(bytes: Array("URN,LACode\n123456,E06000001\n".utf8), name: "h.csv"), context: CensusContext(year: 2024))
        #expect(missing.counts["HOME-008"] == columns.count - 2)
    }

    @Test("The training pipeline return and consultation evidence")
    func pipelineAndEvidence() throws {
        let header = OtherReturns.pipelineColumns.joined(separator: ",")
        let text = header + "\nBA Social Work,degree,2023/24,40,35,20,10,5\nFast track,fast-track,2023/25,50,60,70,0,0\n,teleport,2023/24,x,1,0,0,0\n"
        let outcome = try OtherReturns.checkPipeline(ByteSource(bytes: Array(text.utf8), name: "p.csv"), context: CensusContext(year: 2024))
        #expect(Set(outcome.findings.map(\.rule)) == ["PIPE-003", "PIPE-101", "PIPE-005", "PIPE-006", "PIPE-002", "PIPE-004"])
        #expect(outcome.summary["degree Intake"] == 40)
        let names: Set<String> = ["frictional_vacancy_rate", "flow_half_life"]
        let good = OtherReturns.checkEvidence(Array("{\"title\":\"Local plan\",\"text\":\"We expect 12 vacancies.\",\"date\":\"2024-10-01\",\"publishable\":true,\"assumptions\":[\"frictional_vacancy_rate\"]}".utf8), name: "e.json", context: CensusContext(year: 2024), assumptions: names)
        #expect(good.findings.isEmpty)
        let bad = OtherReturns.checkEvidence(Array("{\"text\":\"\",\"date\":\"soon\",\"assumptions\":[\"pay\"]}".utf8), name: "e.json", context: CensusContext(year: 2024), assumptions: names)
        #expect(Set(bad.findings.map(\.rule)) == ["EVID-001", "EVID-002", "EVID-003", "EVID-004"])
        #expect(OtherReturns.checkEvidence(Array("[1]".utf8), name: "e.json", context: CensusContext(year: 2024), assumptions: names).counts["EVID-005"] == 1)
    }
}
