@testable import CareCastBaselines
@testable import CareCastFormats
@testable import CareCastReturns
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

    @Test("Both inputs are valid model inputs; the base year holds the published and derived stocks, and need equals them nationally")
    func inputs() throws {
        let (p, _) = try Self.build()
        let homes = try Projection(p.childrensHomes).run()
        let foster = try Projection(try p.foster()).run()
        let f = p.figures
        let england = AreaCode("E92000001"), t0 = p.childrensHomes.baseYear
        // The census's staff, spread over all children's homes' places (14,486 at 31 March 2024).
        #expect(f.staffCensus == 46_330 && f.scopePlaces == 14_486)
        let staff: Double = [PlacementsBaseline.managerRole, PlacementsBaseline.careRole, PlacementsBaseline.otherRole].reduce(0) { $0 + homes.value(.fte, england, $1, year: t0) }
        #expect(abs(staff - 46_330) < 1e-6)
        // Managers: one per home less the vacancy rate; the requirement is one per home.
        #expect(abs(homes.value(.required, england, PlacementsBaseline.managerRole, year: t0) - f.homes) < 1e-6)
        #expect(abs(homes.value(.fte, england, PlacementsBaseline.managerRole, year: t0) - f.homes * (1 - f.managerVacancyRate)) < 1e-6)
        // Care and other staff: today's staff per child, so England's requirement at T0 is its staff.
        for role in [PlacementsBaseline.careRole, PlacementsBaseline.otherRole] {
            #expect(abs(homes.value(.required, england, role, year: t0) - homes.value(.fte, england, role, year: t0)) < 1e-6)
        }
        // Foster care: mainstream households (all households less the family and friends share),
        // today's households per foster child, so the requirement at T0 is the households.
        #expect(abs(f.mainstreamHouseholds - 42_615 * 0.79) < 1e-6)
        #expect(abs(foster.value(.required, england, PlacementsBaseline.householdRole, year: t0) - f.mainstreamHouseholds) < 1e-6)
        #expect(abs(foster.value(.fte, PlacementsBaseline.independentAgencies, PlacementsBaseline.householdRole, year: t0) - f.ifaHouseholds) < 1e-6)
        // Supply: in the first projected year care and other staff grow with places, as the
        // joiners are set to make them (the engine's order: leavers, promotion, joiners).
        for (role, stock) in [(PlacementsBaseline.careRole, f.careStaff), (PlacementsBaseline.otherRole, f.otherStaff)] {
            let next = homes.value(.fte, england, role, year: t0 + 1)
            #expect(abs(next - stock * (1 + f.placesGrowth)) < 1e-6 * stock, "\(role.rawValue)")
        }
        // Managers: those who leave are replaced, and the number grows with places.
        #expect(abs(homes.value(.fte, england, PlacementsBaseline.managerRole, year: t0 + 1) - f.managers * (1 + f.placesGrowth)) < 1e-6 * f.managers)
        // Households fall: deregistrations (14% of 33,666) outrun approvals (4,055).
        #expect(foster.value(.fte, england, PlacementsBaseline.householdRole, year: t0 + 10) < f.mainstreamHouseholds)
        // The share trends: carried forecast best out of sample for both placements in this edition.
        #expect(p.homesShare.test.min { $0.error < $1.error }?.damping == 1)
        #expect(p.fosterShare.test.min { $0.error < $1.error }?.damping == 1)
        #expect(p.homesShare.slope > 0 && p.fosterShare.slope < 0)
        // Need: the children's homes requirement follows the looked-after projection times the
        // rising share, so it grows faster than looked-after children.
        #expect(homes.value(.required, england, PlacementsBaseline.careRole, year: t0 + 10) > homes.value(.required, england, PlacementsBaseline.careRole, year: t0))
    }

    @Test("The share trend: a log-linear slope, damped; the out-of-sample test prefers carrying a steady trend")
    func shareTrend() {
        let years = Array(2010...2020)
        let shares = years.map { 0.1 * exp(0.02 * Double($0 - 2010)) }
        let trend = PlacementShareTrend.estimate(years: years, shares: shares, damping: 0.5)
        #expect(abs(trend.slope - 0.02) < 1e-12)
        #expect(trend.test.first { $0.damping == 1 }!.error < 1e-12)
        #expect(trend.test.first { $0.damping == 0 }!.error > 0.05)
        // φ = 0.5: 0.5 + 0.25 + 0.125 of a year's slope after three years.
        #expect(abs(trend.factor(3) - exp(0.02 * 0.875)) < 1e-12)
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

    @Test("A homes return whose numbers do not read is refused with its file, line and column")
    func badReturnCell() {
        var fields = ["123456", "E09000002", "2024-09-30", "four", "3", "1"]
        for _ in OtherReturns.homeRoles { fields += ["1", "1.5", "0", "0", "0", "0"] }
        let text = OtherReturns.homeColumns.joined(separator: ",") + "\n" + fields.joined(separator: ",") + "\n"
        do {
            _ = try PlacementsReturns.totals([("provider.csv", Array(text.utf8))], year: 2024)
            Issue.record("expected the return to be refused")
        } catch {
            guard case .badData(let file, let problems) = error else { Issue.record("\(error)"); return }
            #expect(file == "provider.csv")
            #expect(problems.count == 1 && problems[0].line == 2 && problems[0].field == "RegisteredPlaces" && problems[0].column == 4)
        }
    }
}
