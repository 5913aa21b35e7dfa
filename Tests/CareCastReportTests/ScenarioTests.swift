import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastModel
import CareCastReport
import Foundation
import Testing

@Suite("Scenarios", .serialized)
struct ScenarioTests {
    static let scenarios = ReportTests.packageRoot.appendingPathComponent("data/england/scenarios")

    static func england(_ result: ProjectionResult, _ metric: ProjectionResult.Metric, _ t: Int) -> Double {
        let a = result.areaIndex(AreaCode(England.code))!
        return result.roles.indices.reduce(0) { $0 + result.value(metric, area: a, role: $1, yearIndex: t) }
    }

    @Test("A scenario overrides assumptions by name; a name that is not an assumption is an error with its line")
    func overlay() async throws {
        let base = try AssumptionSet.load(ReportTests.bundle + "/assumptions.yaml")
        let good = try AssumptionSet.parse("title: t\ndescription: d\nassumptions:\n  horizon:\n    value: 10\n    unit: years\n    source: s\n    rationale: r\n", file: "s.yaml")
        let merged = try base.overlaid(with: good)
        #expect(try merged.number("horizon") == 10)
        #expect(merged.assumptions.count == base.assumptions.count)
        #expect(merged.description == "d")
        let bad = try AssumptionSet.parse("title: t\nassumptions:\n  horizn:\n    value: 10\n    unit: years\n    source: s\n    rationale: r\n", file: "bad.yaml")
        #expect {
            _ = try base.overlaid(with: bad)
        } throws: { error in
            guard case .badData(let file, let problems)? = error as? DataFileError else { return false }
            return file == "bad.yaml" && problems.first?.field == "horizn" && problems.first?.line == 3
        }
    }

    @Test("Every shipped scenario runs and moves England's +10 figures the way its policy should")
    func shipped() async throws {
        let names = ["no-agency-rules", "reform", "pay-and-retention", "agency-conversion", "training-expansion", "technology"]
        // The full bundle: its data reach the agency rules' first year (2024), which the 2023 cut does not.
        let report = try await Report.build(dataDirectory: ReportTests.packageRoot.appendingPathComponent("data/england").path, scenarios: names.map { Self.scenarios.appendingPathComponent("\($0).yaml").path })
        #expect(report.scenarios.count == 6)
        let base = report.result
        func run(_ name: String) -> ProjectionResult { report.scenarios[names.firstIndex(of: name)!].result }
        for scenario in report.scenarios { #expect(!scenario.description.isEmpty && !scenario.title.isEmpty) }
        // Without the agency rules, more agency workers remain (the baseline is the status quo,
        // rules included) and fewer of them take LA posts; need is untouched.
        #expect(Self.england(run("no-agency-rules"), .agencyFte, 10) > Self.england(base, .agencyFte, 10) + 1_000)
        #expect(Self.england(run("no-agency-rules"), .agencyConversions, 1) < Self.england(base, .agencyConversions, 1))
        #expect(Self.england(run("no-agency-rules"), .required, 10) == Self.england(base, .required, 10))
        // Retention, conversion and training raise supply; they leave need alone.
        for name in ["pay-and-retention", "agency-conversion", "training-expansion"] {
            #expect(Self.england(run(name), .fte, 10) > Self.england(base, .fte, 10), "\(name)")
            #expect(abs(Self.england(run(name), .required, 10) - Self.england(base, .required, 10)) < 1e-6, "\(name)")
        }
        // Technology lowers the requirement; reform lowers looked-after children.
        #expect(Self.england(run("technology"), .required, 10) < Self.england(base, .required, 10))
        let k = base.activityIDs.firstIndex(of: "looked_after")!
        let lookedAfter = { (r: ProjectionResult) in (0..<r.leafAreas.count).reduce(0.0) { $0 + r.activityCounts[r.activityIndex(activity: k, leaf: $1, yearIndex: 10)] } }
        #expect(lookedAfter(run("reform")) <= 0.7 * lookedAfter(base) * (1 + 1e-9))
        let html = report.html(manifestSummary: "")
        #expect(html.contains("id=\"table-scenarios\""))
        #expect(html.contains("id=\"chart-scenarios\""))
        let csv = report.openData().first { $0.name == "scenarios.csv" }!.text
        #expect(csv.split(separator: "\n").count == 1 + 7 * 21)
        // Cost: a pay rise costs more per FTE; more
        // training places cost more in training; conversion cuts the agency premium.
        func cost(_ name: String) -> CostProjection { report.scenarios[names.firstIndex(of: name)!].cost }
        #expect(cost("pay-and-retention").employerCostPerFTE[5] > report.cost.employerCostPerFTE[5])
        #expect(cost("training-expansion").trainingCost[5] > report.cost.trainingCost[5])
        // Conversion moves agency workers into LA posts: less spent on agency workers, and the
        // whole deployed workforce costs less (the premium saved), counted once.
        #expect(cost("agency-conversion").agencyCost[5] < report.cost.agencyCost[5])
        #expect(cost("agency-conversion").total(5) < report.cost.total(5))
        // Only scenarios whose every lever the model costs are ranked.
        #expect(report.scenarios.first { $0.file.hasSuffix("training-expansion.yaml") }!.notCosted == nil)
        #expect(report.scenarios.first { $0.file.hasSuffix("pay-and-retention.yaml") }!.notCosted == nil)
        // Technology carries its licences, reform its programme, conversion its incentives; the
        // counterfactual without the agency rules is not a lever and is not ranked.
        for name in ["technology", "reform", "agency-conversion"] {
            #expect(report.scenarios.first { $0.file.hasSuffix("\(name).yaml") }!.notCosted == nil, "\(name)")
            #expect(cost(name).leverCost.dropFirst().reduce(0, +) > 0, "\(name)")
        }
        #expect(report.scenarios.first { $0.file.hasSuffix("no-agency-rules.yaml") }!.notCosted != nil)
        #expect(report.cost.leverCost.allSatisfy { $0 == 0 })
        #expect(html.contains("Not ranked:"))
        #expect(html.contains("id=\"table-cost\"") && html.contains("id=\"table-scenario-costs\""))
        // The answer by horizon and role, with how often each is cheapest across cost draws.
        let ranking = try #require(report.costRanking)
        #expect(ranking.entries.count == ranking.horizons.count && ranking.entries[0].count == 5)
        for shares in ranking.cheapestShare {
            let total = shares.reduce(0) { $0 + $1.share }
            #expect(abs(total - 1) < 1e-9 || total == 0)
        }
        #expect(ranking.byRole.count == report.result.roles.count)
        #expect(html.contains("The cheapest way to close the gap, among the scenarios whose every lever is costed"))
        #expect(html.contains("id=\"table-cheapest\"") && html.contains("id=\"table-cheapest-role\""))
        let costs = report.openData().first { $0.name == "costs.csv" }!.text
        #expect(costs.split(separator: "\n").count == 1 + 7 * 21)
    }

    @Test("compare prints A, B and B − A for England by role at the horizons")
    func compare() async throws {
        let report = try await Report.build(dataDirectory: ReportTests.bundle, scenarios: [Self.scenarios.appendingPathComponent("technology.yaml").path])
        let a = ResultDocument(report.result), b = ResultDocument(report.scenarios[0].result)
        let text = Comparison.render(a, b, nameA: "base", nameB: "technology")
        #expect(text.contains("E92000001"))
        #expect(text.contains("case_holder"))
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("case_holder") })
        // Base year: no difference yet.
        #expect(line.hasSuffix("0.0"))
    }
}
