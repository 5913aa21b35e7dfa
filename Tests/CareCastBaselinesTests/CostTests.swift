@testable import CareCastBaselines
@testable import CareCastFormats
@testable import CareCastReturns
import CareCastModel
import Foundation
import Testing

@Suite("What the workforce costs")
struct CostTests {
    static let assumptions = CostAssumptions(
        salary: 40_000, pensionRate: 0.2, nationalInsuranceRate: 0.15, nationalInsuranceThreshold: 5_000,
        realEarningsGrowth: 0.02, payUplift: 0.05, payUpliftYears: 5, agencyPremium: 0.4, agencyCoverShare: 0.75,
        trainingCostPerQualifier: ["degree": 10_000])

    @Test("Employer cost per FTE: salary, pension, National Insurance above the threshold, real growth and a phased pay rise")
    func employerCost() {
        let a = Self.assumptions
        #expect(abs(a.employerCost(yearsAhead: 0) - (40_000 + 8_000 + 0.15 * 35_000)) < 1e-9)
        // Two years on: two years' growth, and two fifths of the 5% rise.
        let two = 40_000 * 1.02 * 1.02 * 1.02
        #expect(abs(a.employerCost(yearsAhead: 2) - (two * 1.2 + 0.15 * (two - 5_000))) < 1e-6)
        let expected = { (t: Int) -> Double in
            var g = 1.0
            for _ in 0..<t { g *= 1.02 }
            let p = 40_000 * (1 + 0.05 * Double(min(t, 5)) / 5) * g
            return p * 1.2 + 0.15 * (p - 5_000)
        }
        for t in [0, 1, 2, 5, 10, 20] { #expect(abs(a.employerCost(yearsAhead: t) - expected(t)) < 1e-6) }
    }

    @Test("Paybills, agency workers at full cost, training and present values on the worked example, by hand")
    func worked() throws {
        let text = try String(contentsOfFile: Paths.tiny, encoding: .utf8)
        let input = try ModelInput.decode(JSONParser.parse(Array(text.utf8)))
        let result = try Projection(input).run()
        let root = input.areas.first { $0.parent == nil }!.code
        let cost = CostProjection(result: result, input: input, area: root, assumptions: Self.assumptions)
        let a = try #require(result.areaIndex(root))
        for (t, year) in result.years.enumerated() {
            let fte = result.roles.indices.reduce(0) { $0 + result.value(.fte, area: a, role: $1, yearIndex: t) }
            let need = result.roles.indices.reduce(0) { $0 + result.value(.required, area: a, role: $1, yearIndex: t) }
            let perFTE = Self.assumptions.employerCost(yearsAhead: year - result.baseYear)
            #expect(abs(cost.supplyPaybill[t] - fte * perFTE) < 1e-6)
            #expect(abs(cost.requiredPaybill[t] - need * perFTE) < 1e-6)
            // A v1 result has no agency stock: the gap's agency-covered part, at full cost.
            #expect(!result.hasAgency)
            #expect(abs(cost.agencyCost[t] - max(0, need - fte) * 0.75 * perFTE * 1.4) < 1e-6)
            let training = input.pipelines.filter { $0.id.rawValue == "degree" }.reduce(0.0) { $0 + IntakeSchedule($1.intake).intake(in: year) * $1.completion * 10_000 }
            #expect(abs(cost.trainingCost[t] - training) < 1e-6)
            #expect(abs(cost.total(t) - (cost.supplyPaybill[t] + cost.agencyCost[t] + cost.trainingCost[t])) < 1e-6)
        }
        #expect(abs(cost.cumulative(through: 3) - (1...3).reduce(0) { $0 + cost.total($1) }) < 1e-6)
        // Present value: each year discounted at the Green Book's 3.5%.
        let pv = cost.total(1) / 1.035 + cost.total(2) / (1.035 * 1.035) + cost.total(3) / (1.035 * 1.035 * 1.035)
        #expect(abs(cost.discounted(through: 3) - pv) < 1e-6)
    }

    @Test("The shipped cost assumptions are all there, each with a source")
    func shipped() throws {
        let set = try AssumptionSet.load(BaselineTests.bundlePath + "/assumptions.yaml")
        let a = try set.costAssumptions(agencyCoverShare: 0.744)
        #expect(a.salary == 43_000 && a.pensionRate == 0.198 && a.trainingCostPerQualifier["fast_track"] == 45_323)
        for entry in set.assumptions where entry.name.hasPrefix("cost_") {
            #expect(!entry.source.isEmpty && !entry.rationale.isEmpty, "\(entry.name)")
        }
    }

    @Test("Pay by role and the levers' own costs: technology per FTE, incentives per conversion, a programme over its years")
    func roleAndLevers() throws {
        let text = try String(contentsOfFile: Paths.tiny, encoding: .utf8)
        let input = try ModelInput.decode(JSONParser.parse(Array(text.utf8)))
        let result = try Projection(input).run()
        let root = input.areas.first { $0.parent == nil }!.code
        var a = Self.assumptions
        let plain = CostProjection(result: result, input: input, area: root, assumptions: a)
        // Every role at twice a practitioner's pay: the paybill grows by more than double
        // (National Insurance's threshold is fixed).
        for role in result.roles { a.payRelativity[role.id.rawValue] = 2 }
        let doubled = CostProjection(result: result, input: input, area: root, assumptions: a)
        #expect(doubled.supplyPaybill[1] > 2 * plain.supplyPaybill[1])
        let e = try #require(result.areaIndex(root))
        let fte = result.roles.indices.reduce(0) { $0 + result.value(.fte, area: e, role: $1, yearIndex: 1) }
        #expect(abs(doubled.supplyPaybill[1] - fte * a.employerCost(yearsAhead: 1, relativity: 2)) < 1e-6)
        // Levers: none in the base year; afterwards their stated costs.
        var levers = Self.assumptions
        levers.technologyPerFTE = 300
        levers.programmeCost = 1_000_000
        levers.programmeYears = 2
        let withLevers = CostProjection(result: result, input: input, area: root, assumptions: levers)
        #expect(withLevers.leverCost[0] == 0)
        #expect(abs(withLevers.leverCost[1] - (fte * 300 + 500_000)) < 1e-6)
        let fte3 = result.roles.indices.reduce(0) { $0 + result.value(.fte, area: e, role: $1, yearIndex: 3) }
        #expect(abs(withLevers.leverCost[3] - fte3 * 300) < 1e-6)
        #expect(abs(withLevers.total(1) - plain.total(1) - withLevers.leverCost[1]) < 1e-6)
    }

    @Test("A conversion programme pays its incentive for each agency worker it moves into an LA post")
    func conversionIncentive() throws {
        let bundle = try EnglandBundle(directory: BaselineTests.bundlePath)
        let set = try AssumptionSet.load(bundle.path("assumptions.yaml")).with("agency_conversion_rate", number: 0.1)
        let baseline = try EnglandBaseline.build(bundle, assumptions: set)
        let result = try Projection(baseline.input).run(trainingSufficiency: false)
        let a = try set.costAssumptions(agencyCoverShare: 0.7)
        #expect(a.conversionRate == 0.1 && a.conversionIncentive == 8_000)
        let cost = CostProjection(result: result, input: baseline.input, area: "E92000001", assumptions: a)
        let e = try #require(result.areaIndex("E92000001"))
        let stock = result.roles.indices.reduce(0) { $0 + result.value(.agencyFte, area: e, role: $1, yearIndex: 0) }
        #expect(abs(cost.leverCost[1] - stock * 0.1 * a.conversionRetained * 8_000) < 1e-6)
    }

    @Test("With an agency stock (model v2), agency workers are costed as deployed: their FTE at employed cost plus the premium")
    func agencyStock() throws {
        let bundle = try EnglandBundle(directory: BaselineTests.bundlePath)
        let set = try AssumptionSet.load(bundle.path("assumptions.yaml"))
        let baseline = try EnglandBaseline.build(bundle, assumptions: set)
        let result = try Projection(baseline.input).run(trainingSufficiency: false)
        let cost = CostProjection(result: result, input: baseline.input, area: "E92000001", assumptions: Self.assumptions)
        let e = try #require(result.areaIndex("E92000001"))
        for t in [0, 5, 10] {
            let agency = result.roles.indices.reduce(0) { $0 + result.value(.agencyFte, area: e, role: $1, yearIndex: t) }
            #expect(abs(cost.agencyCost[t] - agency * Self.assumptions.employerCost(yearsAhead: t) * 1.4) < 1e-3)
        }
    }
}
