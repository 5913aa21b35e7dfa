@testable import CareCastBaselines
@testable import CareCastFormats
@testable import CareCastReturns
import Testing

@Suite("Base-year accounts from the published workforce indicators")
struct AccountsTests {
    static let bundle = EESFileTests.bundle.path

    static func accounts() throws -> (BaseYearAccounts, ReportingUnits) {
        let england = try EnglandBundle(directory: bundle)
        let units = try england.reportingUnits()
        return (BaseYearAccounts(indicators: england.indicators, units: units), units)
    }

    @Test("England 2023 as published: the accounts carry every headline figure of the motion's base year")
    func englandPublished() throws {
        let (accounts, _) = try Self.accounts()
        #expect(accounts.year == 2023)
        let p = accounts.england.published
        #expect(p["inpost_fte"] == 33_119.1)
        #expect(p["inpost_headcount"] == 35_199)
        #expect(p["agency_fte"] == 7_178.5)
        #expect(p["agency_cover_fte"] == 5_744.2)
        #expect(p["vacancy_fte"] == 7_722.7)
        #expect(p["case_holders_fte"] == 21_111.4)
        #expect(p["cases"] == 337_055)
        #expect(abs(p["vacancy_fte"]! - p["agency_cover_fte"]! - 1_978.5) < 1e-9)
        #expect((p["cases"]! / p["case_holders_fte"]! * 10).rounded() / 10 == 16.0)
    }

    @Test("Summing the reporting units as DfE counts them reproduces England, every region and Inner and Outer London, within rounding")
    func unitsReproduceTotals() throws {
        let (accounts, units) = try Self.accounts()
        #expect(units.units.count == 151)
        for g in [accounts.england] + accounts.regions + accounts.subregions {
            let members = g.code == "E92000001" ? units.units.count
                : units.units.filter { $0.regionCode == g.code || $0.subregionCode == g.code }.count
            for m in BaseYearAccounts.measures {
                let published = try #require(g.published[m], "\(g.name) \(m)")
                let basis = try #require(g.basis[m])
                // Each unit's figure is rounded to 0.1 FTE: the sum may differ by 0.05 per unit at most.
                #expect(abs(basis - published) <= 0.05 * Double(members) + 1e-6, "\(g.name) \(m): published \(published), units \(basis)")
            }
        }
    }

    @Test("Every unit's figures are its published row; symbols are flagged and imputed by the stated rules")
    func unitsAndImputations() throws {
        let (accounts, _) = try Self.accounts()
        for unit in accounts.units {
            for (m, value) in unit.published { #expect(unit.basis[m] == value) }
        }
        let sutton = try #require(accounts.imputations.first { $0.unit == "E09000029" && $0.measure == "agency_fte" })
        #expect(sutton.symbol == .lowReliability)
        #expect(sutton.inPublishedTotals)
        #expect(abs(sutton.value - 5.0) < 1e-9)  // Outer London 890.5 less the other units' 885.5
        let westminster = try #require(accounts.imputations.first { $0.unit == "E09000033" && $0.measure == "agency_fte" })
        #expect(westminster.symbol == .unavailable)
        #expect(!westminster.inPublishedTotals)
        #expect(westminster.value > 0)
        let sunderland = try #require(accounts.imputations.first { $0.unit == "E08000024" && $0.measure == "agency_fte" })
        #expect(sunderland.symbol == .low && sunderland.value == 0)
        // What CareCast uses for England adds the two estimated London agency figures.
        let added = accounts.imputations.filter { !$0.inPublishedTotals && $0.measure == "agency_fte" }.reduce(0) { $0 + $1.value }
        #expect(abs(accounts.england.accounts["agency_fte"]! - accounts.england.basis["agency_fte"]! - added) < 1e-6)
    }

    @Test("Joint returns are single reporting units with both authorities as members")
    func jointReturns() throws {
        let (_, units) = try Self.accounts()
        let kingston = try #require(units.units.first { $0.members.contains("E09000021") })
        #expect(kingston.members == ["E09000021", "E09000027"])
        #expect(kingston.regionCode == "E12000007" && kingston.subregionCode == "E13000002")
        #expect(units.unit(ofMember: "E06000061") == units.unit(ofMember: "E06000062"))
    }

    @Test("Boundary changes send an abolished area's figures to its successors' units")
    func boundaryChanges() throws {
        let (_, units) = try Self.accounts()
        // North Yorkshire county (to 31 March 2023) is the unitary authority's unit, whole.
        let northYorkshire = try #require(units.destinations(of: "E10000023") { _ in nil })
        #expect(northYorkshire.count == 1 && northYorkshire[0].share == 1)
        #expect(units.units[northYorkshire[0].unit].code == "E06000065")
        // Cumbria splits between Cumberland and Westmorland and Furness by the weights given.
        let cumbria = try #require(units.destinations(of: "E10000006") { $0 == "E06000063" ? 3 : 1 })
        #expect(cumbria.map(\.share) == [0.75, 0.25])
        #expect(units.destinations(of: "E99999999") { _ in 1 } == nil)
    }
}
