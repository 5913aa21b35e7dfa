@testable import CareCastBaselines
@testable import CareCastFormats
@testable import CareCastReturns
import CareCastModel
import Foundation
import Testing

@Suite("From returns to the model: collected returns written as the published statistics")
struct CensusExportTests {
    /// Each reporting unit's generated return for `year`, checked as the service checks it.
    /// `workers` nil: as many records as the unit's published 2023 headcount in post, plus a
    /// fifth for leavers and agency staff, so the totals are of England's size.
    static func returns(year: Int, workers fixed: Int?, skip: Set<String> = []) throws -> [(ReportingUnit, CensusAggregate)] {
        let bundle = try EnglandBundle(directory: BaselineTests.bundlePath)
        let units = try bundle.reportingUnits()
        var out: [(ReportingUnit, CensusAggregate)] = []
        for (i, unit) in units.units.enumerated() where !skip.contains(unit.name) {
            let published = bundle.indicators.rows.first { $0.year == 2023 && $0.level == .localAuthority && $0.newLACode == unit.code }?.value("inpost_headcount").number ?? 100
            let workers = fixed ?? max(5, Int(published * 1.2))
            var xml = ""
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("carecast-export-\(UUID().uuidString).xml").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try CensusSample.writeXML(records: workers, seed: UInt64(i), year: year, lea: "999", to: path)
            xml = try String(contentsOfFile: path, encoding: .utf8)
            let outcome = try CensusReader.checkXML(ByteSource(bytes: Array(xml.utf8), name: unit.name), context: CensusContext(year: year))
            #expect(outcome.errors == 0, "\(unit.name): \(outcome.findings.prefix(2))")
            out.append((unit, outcome.aggregate))
        }
        return out
    }

    @Test("Aggregating generated returns reproduces the hand-counted figures; the export reads back through the published file's importer; the baseline builds from it")
    func export() throws {
        let year = 2024
        let collected = try Self.returns(year: year, workers: nil)
        let firstCount = Int((try EnglandBundle(directory: BaselineTests.bundlePath).indicators.rows.first { $0.year == 2023 && $0.level == .localAuthority && $0.newLACode == collected[0].0.code }?.value("inpost_headcount").number ?? 100) * 1.2)
        // Hand count of one unit from the generator's own workers.
        let (firstUnit, firstAggregate) = collected[0]
        var fte = 0.0, headcount = 0, leavers = 0, starters = 0, cases = 0
        for k in 0..<firstCount {
            let w = CensusSample.worker(k, seed: 0, year: year)
            guard !w.agency else { continue }
            if w.leaver { leavers += 1; continue }
            fte += w.fte; headcount += 1; cases += w.cases
            if w.starter { starters += 1 }
        }
        #expect(abs(firstAggregate.inPost.fte - fte) < 1e-9 && firstAggregate.inPost.headcount == headcount)
        #expect(firstAggregate.leavers.headcount == leavers && firstAggregate.starters.headcount == starters && firstAggregate.cases == cases)

        let out = FileManager.default.temporaryDirectory.appendingPathComponent("carecast-export-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let notes = try CensusExport.write(bundle: BaselineTests.bundlePath, to: out, year: year,
                                           returns: collected.map { CensusExport.Returned(onsCodes: $0.0.members, aggregate: $0.1) })
        #expect(notes.first?.contains("151 of 151") == true)
        // The same importer as the published file.
        let bundle = try EnglandBundle(directory: out)
        #expect(bundle.baseYear == year)
        let rows = try EESFile.read(out + "/" + EnglandBundle.indicatorsFile, measures: ["inpost_fte", "inpost_headcount", "leavers_headcount", "agency_cover_fte"]).rows.filter { $0.year == year }
        let la = try #require(rows.first { $0.level == .localAuthority && $0.newLACode == firstUnit.code })
        #expect(la.value("inpost_fte").number == (fte * 10).rounded() / 10)
        #expect(la.value("inpost_headcount").number == Double(headcount))
        #expect(la.value("leavers_headcount").number == Double(leavers))
        #expect(la.value("agency_cover_fte") == .symbol(.unavailable))
        let national = try #require(rows.first { $0.level == .national })
        let total = collected.reduce(0) { $0 + $1.1.inPost.headcount }
        #expect(national.value("inpost_headcount").number == Double(total))
        #expect(rows.filter { $0.level == .regional }.count == 11, "nine regions and Inner and Outer London")
        // Earlier years are the published ones, untouched.
        let published = try EnglandBundle(directory: BaselineTests.bundlePath)
        #expect(bundle.indicators.rows.filter { $0.year == 2023 }.count == published.indicators.rows.filter { $0.year == 2023 }.count)
        // The baseline builds from the exported folder, with no code path of its own.
        let assumptions = try AssumptionSet.load(bundle.path("assumptions.yaml"))
        let baseline = try EnglandBaseline.build(bundle, assumptions: assumptions)
        #expect(baseline.input.baseYear == year)
        let stock = baseline.input.stock.reduce(0) { $0 + $1.fte }
        // Units with fewer than five in post are suppressed (c) in the export, as in any public
        // file, and the baseline imputes them by its stated rule; every other unit's FTE goes in.
        let suppressed = collected.filter { $0.1.inPost.headcount < CensusExport.disclosureThreshold }
        let shown = collected.reduce(0) { $0 + $1.1.inPost.fte } - suppressed.reduce(0) { $0 + $1.1.inPost.fte }
        #expect(suppressed.count <= 2)
        #expect(stock >= shown - 1 && stock - shown < 50, "the model's stock is the collected in-post FTE, with the suppressed units imputed")
    }

    @Test("Consultation evidence: read from an evidence return, written beside the export, read back")
    func evidence() throws {
        let item = try #require(LocalEvidence.from(json: Array("{\"title\":\"Plan\",\"text\":\"Twelve posts funded\",\"date\":\"2024-10-01\",\"publishable\":true,\"assumptions\":[\"frictional_vacancy_rate\"]}".utf8), organisation: "Camden"))
        #expect(item.assumptions == ["frictional_vacancy_rate"] && item.publishable && item.organisation == "Camden")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("carecast-evidence-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try LocalEvidence.load(directory: dir).isEmpty, "no file, no evidence")
        let secret = LocalEvidence(organisation: "Barnet", title: "Draft", text: "Not for publication", date: "2024-09-01", assumptions: ["flow_half_life"], publishable: false)
        try LocalEvidence.write([item, secret], directory: dir)
        #expect(try LocalEvidence.load(directory: dir) == [secret, item], "sorted by date")
    }

    @Test("Disclosure control: small headcounts in an authority's row are suppressed with what would reveal them")
    func disclosure() {
        var a = CensusAggregate(year: 2024, lea: "")
        a.inPost = WorkforceMeasure(fte: 3.5, headcount: 4)
        a.leavers = WorkforceMeasure(fte: 1, headcount: 1)
        a.starters = WorkforceMeasure(fte: 0, headcount: 0)
        a.agency = WorkforceMeasure(fte: 10, headcount: 12)
        let v = CensusExport.values(a)
        #expect(v["inpost_headcount"] == "c" && v["inpost_fte"] == "c" && v["caseload_fte"] == "c")
        #expect(v["leavers_headcount"] == "c" && v["turnover_rate_fte"] == "c")
        #expect(v["starters_headcount"] == "0", "a true zero is not disclosive")
        #expect(v["agency_headcount"] == "12" && v["agency_fte"] == "10.0")
    }

    @Test("A unit without an accepted return is x, and so are the totals it belongs to")
    func missingUnit() throws {
        let collected = try Self.returns(year: 2024, workers: 5, skip: ["Hartlepool"])
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("carecast-export-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let notes = try CensusExport.write(bundle: BaselineTests.bundlePath, to: out, year: 2024,
                                           returns: collected.map { CensusExport.Returned(onsCodes: $0.0.members, aggregate: $0.1) })
        #expect(notes.contains { $0.contains("Hartlepool") })
        let rows = try EnglandBundle(directory: out).indicators.rows.filter { $0.year == 2024 }
        #expect(rows.first { $0.laName == "Hartlepool" }?.value("inpost_fte") == .symbol(.unavailable))
        #expect(rows.first { $0.level == .national }?.value("inpost_fte") == .symbol(.unavailable))
        #expect(rows.first { $0.level == .regional && $0.regionCode == "E12000001" }?.value("inpost_fte") == .symbol(.unavailable))
        #expect(rows.first { $0.level == .regional && $0.regionCode == "E12000002" }?.value("inpost_fte").number != nil)
    }
}
