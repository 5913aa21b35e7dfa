@testable import CareCastBaselines
@testable import CareCastFormats
@testable import CareCastReturns
import CareCastModel
import Foundation
import Testing

@Suite("Distributions in the assumptions file, and simulations that sample them")
struct DistributionAssumptionTests {
    static func parse(_ entry: String) throws -> AssumptionSet {
        try AssumptionSet.parse("title: t\nassumptions:\n" + entry, file: "d.yaml")
    }

    static func problems(_ entry: String) -> [DataProblem] {
        do {
            _ = try parse(entry)
            return []
        } catch {
            guard case .badData(let file, let problems)? = error as? DataFileError, file == "d.yaml" else { return [] }
            return problems
        }
    }

    static func cells(_ s: SimulationSummary) -> [Double] { s.allQuantiles() }

    static let head = "  x:\n    value: 0.5\n    unit: share\n    source: here\n    rationale: why\n"

    @Test("The bundled file gives distributions, each with its justification; population has named variants")
    func bundled() throws {
        let set = try AssumptionSet.load(BaselineTests.bundlePath + "/assumptions.yaml")
        let distributed = set.distributed
        #expect(distributed.map(\.name) == [
            "intake_trend", "agency_rules_persistence", "agency_conversion_share", "degree_duration", "fast_track_entry", "joiners_growth", "cpp_looked_after_overlap", "suppressed_count",
            "workload_weight_z_child_protection", "workload_weight_z_looked_after", "population_projection", "productivity_growth", "agency_conversion_retained",
        ])
        #expect(distributed.allSatisfy { $0.justification.count > 40 })
        #expect(set["population_projection"]?.distribution == .variants([.init(name: "snpp", probability: 0.5), .init(name: "npp", probability: 0.5)]))
        #expect(set["fast_track_entry"]?.distribution == .triangular(low: 0.7, mode: 1, high: 1))
        // Levers are policy choices, not uncertainties.
        #expect(set["exit_rate_multiplier"]?.distribution == nil)
    }

    @Test("Sampling sets each distributed assumption to its quantile: a variant's name, or a number")
    func sampled() throws {
        let set = try AssumptionSet.load(BaselineTests.bundlePath + "/assumptions.yaml")
        let j = set.distributed.map(\.name)
        var u = [Double](repeating: 0.3, count: j.count)
        u[j.firstIndex(of: "population_projection")!] = 0.7
        u[j.firstIndex(of: "degree_duration")!] = 0.9
        let sampled = set.sampled(u)
        #expect(try sampled.text("population_projection") == "npp")
        #expect(try sampled.number("degree_duration") == 4)
        #expect(abs(try sampled.number("fast_track_entry") - Distribution.triangular(low: 0.7, mode: 1, high: 1).quantile(0.3)) < 1e-15)
        #expect(abs(try sampled.number("joiners_growth") - 0.01 * Distribution.standardNormalQuantile(0.3)) < 1e-15)
        // Assumptions without a distribution keep their values.
        #expect(try sampled.number("flow_half_life") == set.number("flow_half_life"))
        u[j.firstIndex(of: "population_projection")!] = 0.2
        #expect(try set.sampled(u).text("population_projection") == "snpp")
    }

    @Test("A malformed distribution is refused with the file, line and field")
    func malformed() {
        let cases: [(entry: String, field: String, message: String)] = [
            (Self.head + "    distribution:\n      kind: gamma\n      justification: j\n", "x.distribution.kind", "normal, lognormal"),
            (Self.head + "    distribution:\n      kind: normal\n      mean: 0.5\n      sd: 0.1\n", "x.distribution.justification", "missing"),
            (Self.head + "    distribution:\n      kind: normal\n      mean: 0.5\n      sd: 0\n      justification: j\n", "x.distribution.sd", "above 0"),
            (Self.head + "    distribution:\n      kind: normal\n      mean: 0.5\n      justification: j\n", "x.distribution.sd", "missing"),
            (Self.head + "    distribution:\n      kind: uniform\n      low: 0.6\n      high: 0.9\n      justification: j\n", "x.distribution", "outside"),
            (Self.head + "    distribution:\n      kind: triangular\n      low: 0\n      mode: 2\n      high: 1\n      justification: j\n", "x.distribution", "low ≤ mode ≤ high"),
            (Self.head + "    distribution:\n      kind: uniform\n      low: 0\n      high: 1\n      spread: 3\n      justification: j\n", "x.distribution.spread", "unknown key"),
            (Self.head + "    distribution:\n      kind: variants\n      variants: {\"0.5\": 0.6, \"0.7\": 0.3}\n      justification: j\n", "x.distribution.variants", "add up to"),
            (Self.head + "    distribution:\n      kind: variants\n      variants: {\"0.4\": 0.5, \"0.7\": 0.5}\n      justification: j\n", "x.distribution.variants", "not one of the variants"),
            (Self.head + "    distribution:\n      kind: variants\n      variants: {low: 0.5, \"0.5\": 0.5}\n      justification: j\n", "x.distribution.variants", "each variant must be one"),
            (Self.head + "    distribution:\n      kind: variants\n      variants: {\"0.5\": 1}\n      justification: j\n", "x.distribution.variants", "two or more"),
            ("  x:\n    value: npp\n    unit: u\n    source: s\n    rationale: r\n    distribution:\n      kind: normal\n      mean: 0\n      sd: 1\n      justification: j\n", "x.distribution", "applies to a number"),
            (Self.head + "    distribution: wide\n", "x.distribution", "expected {kind"),
        ]
        for c in cases {
            let problems = Self.problems(c.entry)
            #expect(problems.contains { $0.field == c.field && $0.message.contains(c.message) && $0.line >= 3 }, "\(c.field): \(problems)")
        }
        // A well-formed one parses.
        #expect(Self.problems(Self.head + "    distribution:\n      kind: lognormal\n      median: 0.5\n      sigma: 0.1\n      justification: j\n").isEmpty)
    }

    @Test("A simulation of the England baseline samples parameter sets: deterministic, and wider than without them")
    func simulation() async throws {
        let bundle = try EnglandBundle(directory: BaselineTests.bundlePath)
        let set = try AssumptionSet.load(bundle.path("assumptions.yaml"))
        let projection = try Projection(try EnglandBaseline.build(bundle, assumptions: set).input)
        let mc = try await EnglandBaseline.monteCarlo(bundle, assumptions: set, projection: projection, seed: 4, draws: 48, parameterSets: 12)
        #expect(mc.parameterSets.count == 12)
        let again = try await EnglandBaseline.monteCarlo(bundle, assumptions: set, projection: projection, seed: 4, draws: 48, parameterSets: 12)
        #expect(zip(mc.parameterSets, again.parameterSets).allSatisfy { $0.run().values == $1.run().values })
        let one = await mc.simulate(draws: 48, tasks: 1)
        let two = await again.simulate(draws: 48, tasks: 2)
        #expect(Self.cells(one) == Self.cells(two))
        #expect(one.parameterSets == 12)
        // Without distributions (and without shocks) every draw is the central projection;
        // with them alone, England's required workforce at +20 spreads.
        let quiet = AssumptionSet(file: set.file, title: set.title, description: "", assumptions: set.assumptions.map {
            var a = $0
            if a.name.hasPrefix("uncertainty_"), case .table(let rows) = a.value {
                a.value = .table(rows.map { (key: $0.key, value: $0.key.hasSuffix("sigma") ? .number(0) : $0.value) })
            }
            return a
        })
        let plain = AssumptionSet(file: set.file, title: set.title, description: "", assumptions: quiet.assumptions.map {
            var a = $0
            a.distribution = nil
            return a
        })
        let none = try await EnglandBaseline.monteCarlo(bundle, assumptions: plain, projection: projection, seed: 4, draws: 24)
        #expect(none.parameterSets.isEmpty)
        let sampledOnly = try await EnglandBaseline.monteCarlo(bundle, assumptions: quiet, projection: projection, seed: 4, draws: 24, parameterSets: 8)
        let england = 0, total = one.roles.count - 1, t = one.years.count - 1
        let flat = await none.simulate(draws: 24, tasks: 2)
        let spread = await sampledOnly.simulate(draws: 24, tasks: 2)
        func width(_ s: SimulationSummary) -> Double {
            s.quantile(.required, area: england, role: total, yearIndex: t, 0.95) - s.quantile(.required, area: england, role: total, yearIndex: t, 0.05)
        }
        #expect(width(flat) < 1e-6)
        #expect(width(spread) > 100)
    }

    @Test("A distribution that would change the model's shape is refused, naming the assumptions file")
    func shapeChange() async throws {
        let bundle = try EnglandBundle(directory: BaselineTests.bundlePath)
        let set = try AssumptionSet.load(bundle.path("assumptions.yaml"))
        let projection = try Projection(try EnglandBaseline.build(bundle, assumptions: set).input)
        let horizon = AssumptionSet(file: "h.yaml", title: "", description: "", assumptions: set.assumptions.map {
            var a = $0
            if a.name == "horizon" { a.distribution = .variants([.init(name: "20", probability: 0.5), .init(name: "15", probability: 0.5)]) }
            return a
        })
        await #expect {
            _ = try await EnglandBaseline.monteCarlo(bundle, assumptions: horizon, projection: projection, seed: 1, draws: 8, parameterSets: 4)
        } throws: { error in
            guard case .badData(let file, let problems)? = error as? DataFileError else { return false }
            return file == "h.yaml" && problems.first?.message.contains("shape") == true
        }
    }
}

@Suite("Local year-to-year noise in the assumptions file")
struct LocalNoiseAssumptionTests {
    @Test("The bundled shocks carry each authority's year-to-year noise on exits and entrants; need growth may not")
    func parsed() throws {
        let set = try AssumptionSet.load(BaselineTests.bundlePath + "/assumptions.yaml")
        let shocks = try set.uncertainties()
        #expect(shocks.first { $0.target == .exits }?.localYearSigma == 0.375)
        #expect(shocks.first { $0.target == .entrants }?.localYearSigma == 0.364)
        #expect(shocks.first { $0.target == .needGrowth }?.localYearSigma == 0)
        let bad = AssumptionSet(file: "n.yaml", title: "", description: "", assumptions: set.assumptions.map {
            var a = $0
            if a.name == "uncertainty_need_growth", case .table(let rows) = a.value { a.value = .table(rows + [(key: "local_year_sigma", value: .number(0.1))]) }
            return a
        })
        #expect {
            _ = try bad.uncertainties()
        } throws: { error in
            guard case .badData(let file, let problems)? = error as? DataFileError else { return false }
            return file == "n.yaml" && problems.first?.field == "uncertainty_need_growth" && problems.first?.message.contains("exits and entrants") == true
        }
    }
}
