@testable import CareCastData
import CareCastModel
import Foundation
import Testing

/// Issue 15 points 2-4: the placements workforce as model inputs for the same engine.
@Suite("Placements baseline: children's homes and foster care")
struct PlacementsBaselineTests {
    static func build() throws -> (PlacementsBaseline, ModelInput) {
        let bundle = try EnglandBundle(directory: EnglandBundle.defaultDirectory())
        let social = try EnglandBaseline.build(bundle, assumptions: try AssumptionSet.load(bundle.path("assumptions.yaml"))).input
        let placements = try PlacementsBaseline.build(bundle, assumptions: try AssumptionSet.load(bundle.path("placements.yaml")), social: social)
        return (placements, social)
    }

    @Test("Both inputs are valid model inputs; the base year holds the published and derived stocks")
    func inputs() throws {
        let (p, _) = try Self.build()
        let homes = try Projection(p.childrensHomes).run()
        let foster = try Projection(try p.foster()).run()
        let f = p.figures
        print("homes figures", f)
        print("homes share test", p.homesShare.test, p.homesShare.slope, "foster", p.fosterShare.test, p.fosterShare.slope)
        for t in [2024, 2029, 2034, 2044] {
            print(t, ["registered_manager", "care_staff", "other_staff"].map { r in (r, homes.value(.fte, AreaCode("E92000001"), RoleID(r), year: t), homes.value(.required, AreaCode("E92000001"), RoleID(r), year: t)) })
            print(t, foster.value(.fte, AreaCode("E92000001"), RoleID("mainstream_households"), year: t), foster.value(.required, AreaCode("E92000001"), RoleID("mainstream_households"), year: t))
        }
        #expect(abs(f.staffCensus - 46_330) < 1e-9)
    }
}

@Suite("Children's homes returns feed the children's homes model")
struct PlacementsReturnsTests {
    @Test("Returns generated from the published-data input pass the checks and aggregate into the same model input (whole heads)")
    func returnsAggregateToPublishedInput() throws {
        let bundle = try EnglandBundle(directory: EnglandBundle.defaultDirectory())
        let social = try EnglandBaseline.build(bundle, assumptions: try AssumptionSet.load(bundle.path("assumptions.yaml"))).input
        let placements = try PlacementsBaseline.build(bundle, assumptions: try AssumptionSet.load(bundle.path("placements.yaml")), social: social, fosterCare: false)
        let published = placements.childrensHomes
        let reporting = try bundle.reportingUnits()
        let homes = Dictionary(uniqueKeysWithValues: reporting.units.indices.map { (reporting.units[$0].code, Int(placements.evidence.totalHomes($0).rounded())) })
        let bytes = PlacementsReturns.generate(from: published, reporting: reporting, homes: homes, year: published.baseYear)

        // The returns service accepts them: no errors (queries only, such as a home without a manager).
        let outcome = try OtherReturns.checkHomes(ByteSource(bytes: bytes, name: "generated.csv"), context: CensusContext(year: published.baseYear))
        #expect(outcome.errors == 0, "\(outcome.findings.prefix(3))")

        let totals = try PlacementsReturns.totals([("generated.csv", bytes)], year: published.baseYear)
        let (fromReturns, replaced) = PlacementsReturns.input(published, totals: totals, reporting: reporting)
        let single = reporting.units.filter { $0.members.count == 1 }
        #expect(replaced.count == single.filter { u in published.stock.contains { $0.area.rawValue == u.code && $0.fte > 0 } }.count)
        for (i, row) in published.stock.enumerated() {
            let unit = single.contains { $0.code == row.area.rawValue } && replaced.contains(row.area.rawValue)
            let expected = unit && row.role != PlacementsBaseline.otherRole ? row.fte.rounded() : row.fte
            #expect(fromReturns.stock[i] == .init(area: row.area, role: row.role, ageBand: row.ageBand, fte: expected), "\(row.area.rawValue) \(row.role.rawValue)")
        }
        for unit in replaced {
            let a = published.vacancies.filter { $0.area.rawValue == unit }.reduce(0.0) { $0 + $1.fte }
            let b = fromReturns.vacancies.filter { $0.area.rawValue == unit }.reduce(0.0) { $0 + $1.fte }
            #expect(abs(a - b) <= 0.005 + 1e-9)
        }
        // Everything else is the published-data input's.
        var rest = fromReturns
        rest.stock = published.stock
        rest.vacancies = published.vacancies
        #expect(rest == published)
        // And the engine runs it.
        #expect(throws: Never.self) { try Projection(fromReturns).run() }
    }

    @Test("A data folder's returns/homes replace the derived staff of the authorities that returned")
    func dataFolderReturns() throws {
        let source = EnglandBundle.defaultDirectory()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carecast-homes-returns-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: source, toPath: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/" + PlacementsReturns.folder, withIntermediateDirectories: true)
        var text = OtherReturns.homeColumns.joined(separator: ",") + "\n"
        // Two homes in Barking and Dagenham: 2 managers, 20 care staff; one of another round (ignored).
        for (urn, date) in [("123456", "2024-09-30"), ("123457", "2024-09-30"), ("123458", "2023-09-30")] {
            var fields = [urn, "E09000002", date, "4", "3", "1"]
            for role in OtherReturns.homeRoles {
                let h = role == "RegisteredManager" ? 1 : (role == "ResidentialCareWorker" ? 10 : 0)
                fields += [String(h), String(h), "0", "0", "0", "0"]
            }
            text += fields.joined(separator: ",") + "\n"
        }
        try text.write(toFile: folder + "/" + PlacementsReturns.folder + "/provider.csv", atomically: true, encoding: .utf8)
        let bundle = try EnglandBundle(directory: folder)
        let social = try EnglandBaseline.build(bundle, assumptions: try AssumptionSet.load(bundle.path("assumptions.yaml"))).input
        let placements = try PlacementsBaseline.build(bundle, assumptions: try AssumptionSet.load(bundle.path("placements.yaml")), social: social, fosterCare: false)
        let barking = placements.childrensHomes.stock.filter { $0.area.rawValue == "E09000002" }
        #expect(barking.first { $0.role == PlacementsBaseline.managerRole }?.fte == 2)
        #expect(barking.first { $0.role == PlacementsBaseline.careRole }?.fte == 20)
        #expect(placements.notes.contains { $0.contains("replace the derived registered managers and care staff of 1 reporting units") })
    }
}
