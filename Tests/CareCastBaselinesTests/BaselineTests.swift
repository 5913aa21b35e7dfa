@testable import CareCastBaselines
@testable import CareCastFormats
@testable import CareCastReturns
import CareCastModel
import Foundation
import Testing

@Suite("The England baseline built from the bundled statistics")
struct BaselineTests {
    static let bundlePath = EESFileTests.bundle.path

    static func build(statedStandard: Bool = false) throws -> EnglandBaseline {
        let bundle = try EnglandBundle(directory: bundlePath)
        let assumptions = try AssumptionSet.load(bundle.path("assumptions.yaml"))
        return try EnglandBaseline.build(bundle, assumptions: assumptions, statedStandard: statedStandard)
    }

    static func stock(_ input: ModelInput, roles: Set<String>? = nil) -> Double {
        input.stock.filter { roles == nil || roles!.contains($0.role.rawValue) }.reduce(0) { $0 + $1.fte }
    }

    @Test("A valid MODEL.md input for England: 9 regions, 151 reporting units, base year 2023, horizon 20; it runs")
    func validAndRuns() throws {
        let baseline = try Self.build()
        let input = baseline.input
        #expect(input.validate().isEmpty)
        #expect(input.baseYear == 2023)
        #expect(input.horizon == 20)
        #expect(input.areas.filter { $0.level == "region" }.count == 9)
        #expect(input.areas.filter { $0.parent != nil && $0.level != "region" }.count == 151)
        let result = try Projection(input).run()
        #expect(result.trainingSufficiency.count == 6)
        #expect(result.hasOBR)
    }

    @Test("The stock is LA-employed staff in post as DfE counts it; agency workers are not in it")
    func stockIsInPost() throws {
        let input = try Self.build().input
        // The units' roles sum to 33,119.0 FTE; DfE's England figure is 33,119.1 (rounding).
        #expect(abs(Self.stock(input) - 33_119.1) <= 0.2)
        // The establishment adds vacancies only (7,722.7 published; units 7,722.9).
        let vacancies = input.vacancies.reduce(0) { $0 + $1.fte }
        #expect(abs(vacancies - 7_722.7) <= 0.3)
    }

    @Test("Base-year cases ÷ caseload-role FTE reproduces the published average caseload, 16.0")
    func caseload() throws {
        let input = try Self.build().input
        let caseloadRoles = Set(input.roles.filter { $0.demand == .caseload }.map(\.id.rawValue))
        #expect(caseloadRoles == ["case_holder", "senior_practitioner"])
        let fte = Self.stock(input, roles: caseloadRoles)
        // Caseload roles hold 21,098.9 FTE against the census's 21,111.4 case-holder FTE.
        #expect(abs(fte - 21_111.4) / 21_111.4 < 0.001)
        // Weighted base-year workload is anchored to the census's cases.
        var workload = 0.0
        for activity in input.activities { workload += activity.baseCounts.reduce(0) { $0 + $1.count } * activity.weight }
        #expect(abs(workload - 337_055) < 1e-6 * 337_055)
        #expect((workload / fte * 10).rounded() / 10 == 16.0)
    }

    @Test("Activities do not overlap: other children in need, on a plan and not looked after, and looked after add up to children in need")
    func activitiesAddUp() throws {
        let input = try Self.build().input
        #expect(input.activities.map(\.id.rawValue) == ["children_in_need_other", "child_protection_not_looked_after", "looked_after"])
        let cin = try EESFile.read(EESFileTests.bundle.appendingPathComponent("published/dfe_cin_b1_children_in_need.csv").path, measures: ["At31_episodes"])
        let laTotal = cin.rows.filter { $0.year == 2023 && $0.level == .localAuthority }.compactMap { $0.value("At31_episodes").number }.reduce(0, +)
        let sum = input.activities.flatMap(\.baseCounts).reduce(0) { $0 + $1.count }
        #expect(abs(sum - laTotal) < 1e-6)
        // The local authorities' counts are rounded; England's published figure is 403,090.
        #expect(abs(sum - 403_090) / 403_090 < 0.001)
        let lookedAfter = input.activities[2].baseCounts.reduce(0) { $0 + $1.count }
        #expect(abs(lookedAfter - 83_750) / 83_750 < 0.01)
    }

    @Test("Leavers are exits from LA children's social work: turnover less moves, age pattern from the leavers' profile")
    func exits() throws {
        let baseline = try Self.build()
        // 2021: full attrition 8.6% of 15.6% turnover (headcount).
        #expect(abs(baseline.notes.exitShareOfLeavers - 8.6 / 15.6) < 1e-12)
        // National exits reproduce exit share × published leavers.
        let input = baseline.input
        var exits = 0.0
        let multiplier = Dictionary(uniqueKeysWithValues: input.areaLeaverMultipliers.map { ($0.area, $0.multiplier) })
        for row in input.stock {
            let rate = input.leaverRates.first { $0.role == row.role && $0.ageBand == row.ageBand }!.rate
            exits += row.fte * rate * (multiplier[row.area] ?? 1)
        }
        // Leavers per FTE over 2017-2023, a year three years older counting half as much,
        // applied to 2023's stock (DfE's England rows, as published).
        let series: [(Int, Double)] = [(2017, 3_811.8 / 28_482.6), (2018, 4_451.6 / 29_464.9), (2019, 4_607.5 / 30_683.8), (2020, 4_294.2 / 31_852.3),
                                       (2021, 4_994.5 / 32_502), (2022, 5_422 / 31_634.1), (2023, 5_254.6 / 33_119.1)]
        let weights = series.map { pow(0.5, Double(2023 - $0.0) / 3) }
        let rate = zip(series, weights).reduce(0) { $0 + $1.0.1 * $1.1 } / weights.reduce(0, +)
        #expect(baseline.notes.flowYears == 7 && baseline.notes.flowFirstYear == 2017)
        #expect(abs(baseline.notes.leaversFTE - 33_119.1 * rate) < 0.5)
        // The model's leavers: exits and moves into agency work (in DfE's 2021 split, 2.6 points into agency for every 8.6 of full attrition).
        let leaverShare = baseline.notes.exitShareOfLeavers + baseline.notes.agency.moveShareOfTurnover
        #expect(abs(exits - leaverShare * baseline.notes.leaversFTE) / exits < 0.001)
        #expect(abs(baseline.notes.agency.moveShareOfTurnover / baseline.notes.exitShareOfLeavers - 2.6 / 8.6) < 1e-9)
        // The oldest band leaves fastest.
        let rates = input.leaverRates.filter { $0.role == "case_holder" }.map(\.rate)
        #expect(rates.last! == rates.max())
    }

    @Test("Population: every unit, group and year T0…T0+20, matching the published mid-2023 estimates in the base year")
    func population() throws {
        let input = try Self.build().input
        #expect(input.population.count == 151 * 4 * 21)
        let base = input.population.filter { $0.year == 2023 }.reduce(0) { $0 + $1.persons }
        let estimates = try EESFile.read(EESFileTests.bundle.appendingPathComponent("published/ons_mid_year_population_0_17.csv").path, filters: ["age_group"], measures: ["population_estimate"])
        let laTotal = estimates.rows.filter { $0.year == 2023 && $0.level == .localAuthority }.compactMap { $0.value("population_estimate").number }.reduce(0, +)
        #expect(abs(base - laTotal) < 1e-3)
    }

    @Test("The same data and assumptions give byte-identical inputs; the stated standard is a variant")
    func deterministic() throws {
        #expect(try Self.build().input.jsonBytes() == Self.build().input.jsonBytes())
        let stated = try Self.build(statedStandard: true).input
        #expect(stated.demand.caseloadStandard == .fixed(15.4))
        #expect(stated.demand.areaCaseloadStandards.isEmpty)
    }

    @Test("A broken assumptions file is refused with its line and key")
    func brokenAssumptions() throws {
        let text = "title: t\nassumptions:\n  horizon:\n    value: 20\n    unit: years\n    source: here\n  other:\n    value: 1\n    colour: red\n"
        #expect {
            _ = try AssumptionSet.parse(text, file: "a.yaml")
        } throws: { error in
            guard case .badData(let file, let problems)? = error as? DataFileError else { return false }
            let fields = Set(problems.map(\.field))
            return file == "a.yaml" && fields == ["horizon.rationale", "other.colour", "other.unit", "other.source", "other.rationale"]
                && problems.first { $0.field == "other.colour" }?.line == 9
        }
        #expect {
            _ = try AssumptionSet.parse("title: [unclosed\n", file: "b.yaml")
        } throws: { error in
            guard case .badData(_, let problems)? = error as? DataFileError else { return false }
            return problems.count == 1 && problems[0].line >= 1 && problems[0].field == "(YAML)"
        }
    }
}
