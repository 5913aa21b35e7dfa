@testable import CareCastBaselines
@testable import CareCastFormats
@testable import CareCastReturns
import CareCastModel
import Foundation
import Testing

/// Issue 14: need that stands up. The estimators on data made to have a known answer, and the
/// England baseline built from them.
@Suite("Need evidence: workload weights, standards, trends, the OBR-consistent variant")
struct NeedEvidenceTests {
    /// 40 authorities × 6 years whose case-holding FTE is exactly 0.05 per other child in need,
    /// 0.1 per child on a plan and 0.09 per looked-after child (relative weights 2 and 1.8).
    static func exactPanel() -> [NeedEvidence.Observation] {
        var out: [NeedEvidence.Observation] = []
        for a in 0..<40 {
            for year in 2018...2023 {
                let other = Double(300 + 37 * a + 11 * (year - 2018)), plans = Double(20 + (a * 7) % 45 + year % 3), cla = Double(40 + (a * 13) % 90)
                out.append(.init(code: "A\(a)", year: year, caseHolders: 0.05 * other + 0.1 * plans + 0.09 * cla, postsPerFTE: 1.1, counts: [other, plans, cla]))
            }
        }
        return out
    }

    @Test("The panel regression recovers known relative weights; the bootstrap sees no spread in exact data")
    func weightsRecovered() {
        let weights = NeedEvidence.weights(Self.exactPanel(), priors: [:], replicates: 50, seed: 1)
        #expect(weights.count == 3)
        #expect(abs(weights[1].data - 2) < 1e-9 && abs(weights[2].data - 1.8) < 1e-9)
        #expect(weights[1].dataSD < 1e-6 && weights[2].dataSD < 1e-6)
        #expect(weights[0].weight == 1 && weights[0].sd == 0)
    }

    @Test("Data and prior are combined by precision")
    func precision() {
        // Noisy data: perturb FTE so the bootstrap has spread, then check the formula.
        var panel = Self.exactPanel()
        for i in panel.indices { panel[i].caseHolders *= 1 + 0.2 * sin(Double(i * 7)) }
        let data = NeedEvidence.weights(panel, priors: [:], replicates: 200, seed: 3)
        let combined = NeedEvidence.weights(panel, priors: ["looked_after": (mean: 1, sd: 0.5)], replicates: 200, seed: 3)
        let d = data[2], c = combined[2]
        #expect(d.dataSD > 0)
        let precision = 1 / (d.dataSD * d.dataSD) + 1 / 0.25
        #expect(abs(c.weight - (d.data / (d.dataSD * d.dataSD) + 1 / 0.25) / precision) < 1e-12)
        #expect(abs(c.sd - (1 / precision).squareRoot()) < 1e-12)
        // Between the two, nearer the more precise.
        #expect(min(d.data, 1) <= c.weight && c.weight <= max(d.data, 1))
        // No prior for plans: the data's own estimate.
        #expect(c.activity == "looked_after" && combined[1].weight == data[1].data)
    }

    @Test("Damping: held, carried and in between")
    func damping() {
        #expect(NeedEvidence.dampedSteps(0, 5) == 0)
        #expect(NeedEvidence.dampedSteps(1, 5) == 5)
        #expect(NeedEvidence.dampedSteps(0.5, 2) == 0.75)
    }

    /// The bundled edition (2024): the figures these tests name are its.
    static let bundle = Result { try EnglandBundle(directory: Editions.latest.path) }
    static func baseline(_ change: (AssumptionSet) -> AssumptionSet = { $0 }) throws -> EnglandBaseline {
        let bundle = try Self.bundle.get()
        return try EnglandBaseline.build(bundle, assumptions: change(try AssumptionSet.load(bundle.path("assumptions.yaml"))))
    }

    @Test("The England baseline: estimated weights, published age mixes, held trends, shrunk standards, requirement at T0 is the establishment")
    func englandBaseline() throws {
        let baseline = try Self.baseline()
        let need = baseline.notes.need
        #expect(need.panelObservations > 1_000 && need.panelAuthorities > 140)
        // Looked-after children carry more work than other children in need, with a stated spread.
        let lookedAfter = try #require(need.weights.first { $0.activity == "looked_after" })
        #expect(lookedAfter.weight > 1.2 && lookedAfter.sd > 0 && lookedAfter.sd < lookedAfter.dataSD)
        // The activities' weights are the used relative weights, anchored to the census's cases.
        let w = Dictionary(uniqueKeysWithValues: baseline.input.activities.map { ($0.id.rawValue, $0.weight) })
        #expect(abs(w["looked_after"]! / w["children_in_need_other"]! - lookedAfter.weight) < 1e-9)
        // Looked-after children's ages are DfE's 2022 shares (they sum to 101 as published).
        let mix = try #require(baseline.input.activities.first { $0.id == "looked_after" }).ageMix
        #expect(abs(mix.first { $0.key == "16-17" }!.value - 25.0 / 101) < 1e-12)
        #expect(abs(mix.first { $0.key == "0-4" }!.value - 19.0 / 101) < 1e-12)
        // Trends are estimated and tested, and the baseline holds them (no policy paths).
        #expect(need.trends.count == 3 && need.dampingErrors.count == NeedEvidence.dampingCandidates.count)
        #expect(baseline.input.policies.isEmpty)
        // Standards: every unit has one; more years of data never means less reliability.
        #expect(baseline.input.demand.areaCaseloadStandards.count == baseline.notes.need.standards.count)
        let estimated = need.standards.filter { $0.years > 0 }.sorted { $0.years < $1.years }
        for (a, b) in zip(estimated, estimated.dropFirst()) { #expect(a.reliability <= b.reliability + 1e-12) }
        #expect(need.betweenVariance > 0 && need.withinVariance > 0)
        // England's requirement at the base year is its establishment (in post plus vacancies), all roles.
        let result = try Projection(baseline.input).run(trainingSufficiency: false)
        let england = result.areaIndex("E92000001")!
        var required = 0.0, establishment = 0.0
        for r in result.roles.indices { required += result.value(.required, area: england, role: r, yearIndex: 0) }
        for row in baseline.input.stock { establishment += row.fte }
        for row in baseline.input.vacancies { establishment += row.fte }
        #expect(abs(required - establishment) < 1e-6 * establishment)
    }

    @Test("A carried trend and the reform path act through the rates; reform lowers the requirement")
    func trendsAndReform() throws {
        let carried = try Self.baseline { $0.with("need_trend_damping", number: 1) }
        #expect(carried.input.policies.count == 3)
        let lookedAfter = carried.notes.need.trends.first { $0.activity == "looked_after" }!
        let path = carried.input.policies.first { $0.activity == "looked_after" }!.path
        #expect(abs(path.last!.factor - Foundation.exp(lookedAfter.growth * Double(path.count - 1))) < 1e-12)

        let bundle = try Self.bundle.get()
        let assumptions = try AssumptionSet.load(bundle.path("assumptions.yaml"))
        let reform = try assumptions.overlaid(with: try AssumptionSet.load(bundle.path("scenarios/reform.yaml")))
        func required(_ set: AssumptionSet) throws -> Double {
            let result = try Projection(try EnglandBaseline.build(bundle, assumptions: set).input).run(trainingSufficiency: false)
            let england = result.areaIndex("E92000001")!
            return result.roles.indices.reduce(0) { $0 + result.value(.required, area: england, role: $1, yearIndex: 10) }
        }
        // Fewer children in care and more family help needs fewer social workers, as a
        // looked-after child carries more work than a child in need supported at home.
        #expect(try required(reform) < required(assumptions))
    }

    @Test("The OBR-consistent variant: the national principal index for every group and year; growth from spending history")
    func obrVariant() throws {
        let baseline = try Self.baseline()
        let obr = try #require(baseline.input.demand.obr)
        #expect(obr.populationIndex.count == obr.costWeights.count * (baseline.input.horizon + 1))
        #expect(obr.costWeights.allSatisfy { $0.value > 0 } && obr.costWeights.map(\.value).max() == 1)
        let history = try EnglandBaseline.spendingHistory(try Self.bundle.get(), baseYear: 2024)
        #expect(history.firstYear == 2009 && history.lastYear == 2023)
        // 1.349 × 1.05 × 1.067 × 1.06 over 14 years.
        let chained: Double = 1.349 * 1.05 * 1.067 * 1.06
        #expect(abs(history.realGrowth - (Foundation.pow(chained, 1.0 / 14) - 1)) < 1e-12)
        #expect(abs(obr.nonDemographicGrowth - history.perChildGrowth) < 1e-12)
        let none = try Self.baseline { $0.with("obr_non_demographic_share", number: 0) }
        #expect(none.input.demand.obr!.nonDemographicGrowth == 0)
        // The 2023 edition sees spending only to 2022-23.
        let earlier = try EnglandBaseline.spendingHistory(try Self.bundle.get(), baseYear: 2023)
        #expect(earlier.lastYear == 2022)
    }
}

@Suite("Levers applied to the compiled model")
struct LeverTests {
    @Test("Every shipped scenario that sets levers only gives its own build's figures when its levers are applied to the baseline's projection")
    func equivalence() throws {
        let bundle = try NeedEvidenceTests.bundle.get()
        let assumptions = try AssumptionSet.load(bundle.path("assumptions.yaml"))
        let base = try Projection(try EnglandBaseline.build(bundle, assumptions: assumptions).input)
        let folder = bundle.path("scenarios")
        var applied = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where file.hasSuffix(".yaml") {
            let scenario = try AssumptionSet.load(folder + "/" + file)
            guard let levers = try Levers.of(scenario, on: assumptions) else {
                // Only the counterfactual without the agency rules sets a non-lever.
                #expect(file == "no-agency-rules.yaml")
                continue
            }
            applied += 1
            let built = try Projection(try EnglandBaseline.build(bundle, assumptions: try assumptions.overlaid(with: scenario)).input).run(trainingSufficiency: false)
            let fast = levers.applied(to: base).run(trainingSufficiency: false)
            #expect(built.years == fast.years && built.roles.count == fast.roles.count)
            var worst = 0.0
            for metric in [ProjectionResult.Metric.fte, .required, .agencyFte, .requiredObr] {
                for a in [0, built.areaIndex("E92000001")!, built.leafAreas.first!] {
                    for r in built.roles.indices {
                        for t in built.years.indices {
                            let x = built.value(metric, area: a, role: r, yearIndex: t), y = fast.value(metric, area: a, role: r, yearIndex: t)
                            worst = max(worst, abs(x - y) / max(abs(x), abs(y), 1))
                        }
                    }
                }
            }
            #expect(worst < 1e-9, "\(file): worst relative difference \(worst)")
        }
        #expect(applied == 5)
    }

    @Test("Each new lever alone (a route's intake, the caseload standard, the need trend) gives its own build's figures on the compiled model")
    func newLevers() throws {
        let bundle = try NeedEvidenceTests.bundle.get()
        let assumptions = try AssumptionSet.load(bundle.path("assumptions.yaml"))
        let baseline = try EnglandBaseline.build(bundle, assumptions: assumptions)
        let base = try Projection(baseline.input)
        let cases: [(String, String)] = [
            ("route", "route_intake_multiplier:\n    value: {degree: 1.4, fast_track: 0.8}"),
            ("caseload", "caseload_standard_multiplier:\n    value: 0.9"),
            ("trend", "activity_trend:\n    value: 0.01"),
        ]
        for (name, body) in cases {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("lever-\(name)-\(UUID().uuidString).yaml").path
            try Data("title: t\ndescription: d\nassumptions:\n  \(body)\n    unit: u\n    source: s\n    rationale: r\n".utf8).write(to: URL(fileURLWithPath: file))
            defer { try? FileManager.default.removeItem(atPath: file) }
            let scenario = try AssumptionSet.load(file)
            let levers = try #require(try Levers.of(scenario, on: assumptions, agency: baseline.notes.agency))
            let built = try Projection(try EnglandBaseline.build(bundle, assumptions: try assumptions.overlaid(with: scenario)).input).run(trainingSufficiency: false)
            let fast = levers.applied(to: base).run(trainingSufficiency: false)
            let plain = base.run(trainingSufficiency: false)
            var worst = 0.0, moved = 0.0
            for metric in [ProjectionResult.Metric.fte, .required, .agencyFte, .requiredObr] {
                for a in built.areas.indices {
                    for r in built.roles.indices {
                        for t in built.years.indices {
                            let x = built.value(metric, area: a, role: r, yearIndex: t), y = fast.value(metric, area: a, role: r, yearIndex: t)
                            worst = max(worst, abs(x - y) / max(abs(x), abs(y), 1))
                            moved = max(moved, abs(x - plain.value(metric, area: a, role: r, yearIndex: t)))
                        }
                    }
                }
            }
            #expect(worst < 1e-9, "\(name): worst relative difference \(worst)")
            #expect(moved > 1, "\(name): the lever moved nothing")
        }
    }
}

@Suite("Bad need files are refused with their line and field")
struct NeedFileErrorTests {
    /// A copy of the bundled edition with one file replaced (removed when `body` returns).
    static func withBundle(replacing file: String, with text: String, _ body: (EnglandBundle) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carecast-need-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Editions.latest, to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(text.utf8).write(to: folder.appendingPathComponent(file))
        try body(try EnglandBundle(directory: folder.path))
    }

    static func expectRefused(_ file: String, _ text: String, line: Int, field: String) throws {
        try withBundle(replacing: file, with: text) { bundle in try refused(bundle, file, line: line, field: field) }
    }

    static func refused(_ bundle: EnglandBundle, _ file: String, line: Int, field: String) throws {
        let assumptions = try AssumptionSet.load(bundle.path("assumptions.yaml"))
        #expect {
            _ = try EnglandBaseline.build(bundle, assumptions: assumptions)
        } throws: { error in
            guard case .badData(let name, let problems)? = error as? DataFileError else { return false }
            return name.hasSuffix(file) && problems.contains { $0.line == line && $0.field == field }
        }
    }

    @Test("need_by_age.csv: ages outside 0-17, or given twice, name the line")
    func ages() throws {
        let header = "measure,year,ages,percent,basis,source\n"
        try Self.expectRefused("need_by_age.csv", header + "cla_at_31_march,2022,16-19,25,primary,x\n", line: 2, field: "ages")
        try Self.expectRefused("need_by_age.csv", header + "cla_at_31_march,2022,0-4,19,primary,x\ncla_at_31_march,2022,4-9,18,primary,x\n", line: 3, field: "ages")
        try Self.expectRefused("need_by_age.csv", header + "cla_at_31_march,twenty,0-4,19,primary,x\n", line: 2, field: "year")
    }

    @Test("la_childrens_social_care_spending.csv: a bad year, factor or a broken chain names the line")
    func spending() throws {
        let header = "from_year,to_year,real_growth,basis,source\n"
        try Self.expectRefused("la_childrens_social_care_spending.csv", header + "2009-10,2020-21,-1,primary,x\n", line: 2, field: "from_year")
        try Self.expectRefused("la_childrens_social_care_spending.csv", header + "2009-10,2020-21,1.3,primary,x\n2021-22,2022-23,1.05,primary,x\n", line: 3, field: "from_year")
    }
}
