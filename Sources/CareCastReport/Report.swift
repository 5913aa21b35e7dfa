import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastModel
import Foundation

/// The assessment: the England baseline projected, with the accounts and method behind it,
/// rendered as the report, its open data and a manifest anyone can verify.
public struct Report: Sendable {
    public let dataDirectory: String
    public let assumptionsPath: String
    public let bundle: EnglandBundle
    public let assumptions: AssumptionSet
    public let baseline: EnglandBaseline
    public let accounts: BaseYearAccounts
    public let result: ProjectionResult
    /// The workforce by major ethnic group at the base year, nationally: (group, FTE, % of known).
    public let ethnicity: [(group: String, fte: Double, percent: Double)]
    /// Each scenario run beside the baseline.
    public let scenarios: [ScenarioRun]
    /// Monte Carlo quantiles, when the report was asked for draws.
    public let simulation: SimulationSummary?
    /// How far the England +10 gap moves with each ranged assumption and structural choice.
    public let sensitivity: Sensitivity?
    /// How well the method did from earlier base years, when asked for.
    public let backtest: Backtest?
    /// How the previous edition did against the outturn since, when one was given.
    public let trackRecord: TrackRecord?
    /// The baseline rerun with other choices about need, for the bridges between methods.
    public let variants: NeedVariants?
    /// The costed scenarios ranked by cost per FTE of the gap closed, when scenarios were run.
    public let costRanking: CostRanking?
    /// The placements workforce (children's homes and foster care), where the data folder has
    /// its assumptions (`placements.yaml`).
    public let placements: PlacementsAssessment?

    /// Reruns of the baseline that the need sections set beside it.
    public struct NeedVariants: Sendable {
        /// The ONS national principal projection instead of the subnational one.
        public var npp: ProjectionResult
        /// The OBR-consistent variant without non-demographic growth.
        public var obrNoGrowth: ProjectionResult
        /// With the national principal projection, each rate's trend carried (φ = 1).
        public var nppCarried: ProjectionResult
        /// And caseloads falling on as they did over the census years (`caseloadTrend` a year).
        public var nppCarriedCaseload: ProjectionResult
        /// Each authority's base-year (calibrated) standard, and the stated one everywhere.
        public var calibrated: ProjectionResult
        public var stated: ProjectionResult
        public var caseloadTrend: Double
        public var caseloadYears: ClosedRange<Int>
        public var caseloads: (first: Double, last: Double)
    }

    /// England's published caseload (cases per case-holding FTE) over the census years, and its
    /// yearly rate of change.
    static func caseloadTrend(_ bundle: EnglandBundle) -> (trend: Double, years: ClosedRange<Int>, first: Double, last: Double)? {
        let points = bundle.indicators.rows.filter { $0.level == .national }.compactMap { row in row.value("caseload_fte").number.map { (row.year, $0) } }.sorted { $0.0 < $1.0 }
        guard let first = points.first, let last = points.last, last.0 > first.0, first.1 > 0 else { return nil }
        return (Foundation.pow(last.1 / first.1, 1 / Double(last.0 - first.0)) - 1, first.0...last.0, first.1, last.1)
    }

    /// The assumption sets of the need variants, in `NeedVariants`' order.
    static func needVariantSets(_ bundle: EnglandBundle, assumptions: AssumptionSet) -> [(set: AssumptionSet, stated: Bool)] {
        let caseloads = caseloadTrend(bundle) ?? (0, bundle.baseYear...bundle.baseYear, 0, 0)
        let npp = assumptions.with("population_projection", text: "npp")
        let carried = npp.with("need_trend_damping", number: 1)
        // Falling caseloads are rising required FTE per case: productivity growth of −(fall).
        let caseload = carried.with("productivity_growth", number: caseloads.trend)
        return [
            (npp, false), (assumptions.with("obr_non_demographic_share", number: 0), false), (carried, false), (caseload, false),
            (assumptions.with("caseload_standard_method", text: "calibrated"), false), (assumptions, true),
        ]
    }

    static func needVariants(_ bundle: EnglandBundle, runs: ArraySlice<ProjectionResult>) -> NeedVariants {
        let caseloads = caseloadTrend(bundle) ?? (0, bundle.baseYear...bundle.baseYear, 0, 0)
        let r = Array(runs)
        return NeedVariants(
            npp: r[0], obrNoGrowth: r[1], nppCarried: r[2], nppCarriedCaseload: r[3], calibrated: r[4], stated: r[5],
            caseloadTrend: caseloads.trend, caseloadYears: caseloads.years, caseloads: (caseloads.first, caseloads.last))
    }


    public struct Sensitivity: Sendable {
        public var year: Int
        public var baseGap: Double
        /// Each assumption with a stated range: its low and high values and the gap at each.
        public var assumptions: [(name: String, low: Double, high: Double, gapLow: Double, gapHigh: Double)]
        /// Each structural choice: what is changed and the gap with it.
        public var structural: [(choice: String, variant: String, gap: Double)]
    }

    public struct ScenarioRun: Sendable {
        public var file: String
        public var title: String
        public var description: String
        public var result: ProjectionResult
        /// England's costs under the scenario.
        public var cost: CostProjection
        /// The assumptions the scenario file sets.
        public var overridden: [String] = []

        /// Levers whose cost the model carries, and what each needs set beside it to be costed:
        /// training places (training cost), a pay rise (employer cost), retention bought with that
        /// rise, a conversion programme (incentives per conversion), technology (its licence),
        /// and a reform programme (its stated cost).
        static let costedLevers: [String: String?] = [
            "pipeline_intake_multiplier": nil, "cost_pay_uplift": nil, "cost_pay_uplift_years": nil, "exit_rate_multiplier": "cost_pay_uplift",
            "agency_conversion_rate": nil, "agency_conversion_retained": "agency_conversion_rate", "productivity_growth": "cost_technology_per_fte",
            "looked_after_path": "cost_reform_programme_gbp", "children_in_need_path": "cost_reform_programme_gbp",
        ]
        /// Settings that cost a lever rather than move one.
        static let costSettings: Set<String> = ["cost_technology_per_fte", "cost_reform_programme_gbp", "cost_reform_programme_years", "cost_conversion_incentive"]

        /// Why the scenario cannot be ranked on cost, or nil when it can: what it changes whose
        /// cost is not in the model.
        public var notCosted: String? {
            var missing: [String] = []
            for name in overridden where !Self.costSettings.contains(name) {
                guard let needs = Self.costedLevers[name] else {
                    missing.append(name)
                    continue
                }
                if let needs, !overridden.contains(needs) { missing.append("\(name) (without \(needs) to cost it)") }
            }
            return missing.isEmpty ? nil : "the cost of " + missing.joined(separator: ", ") + " is not in the model"
        }
    }

    /// Consultation evidence collected by the returns service, when the data folder has it.
    public let evidence: [LocalEvidence]

    /// England's costs under the baseline, and the assumptions behind them.
    public let cost: CostProjection
    public let costAssumptions: CostAssumptions

    public static func build(
        dataDirectory: String, assumptionsPath: String? = nil, scenarios scenarioPaths: [String] = [],
        draws: Int = 0, seed: UInt64 = 1, parameterSets: Int? = nil, tasks: Int = 1, sensitivity includeSensitivity: Bool = false,
        backtest includeBacktest: Bool = false, previousEdition: String? = nil
    ) async throws(DataFileError) -> Report {
        let bundle = try EnglandBundle(directory: dataDirectory)
        // The placements files are read on the other core while the social work baseline is
        // built (the bundle keeps what they read; a problem in them is reported by the
        // placements part itself).
        let warming = Task { PlacementsBaseline.warm(bundle) }
        let path = assumptionsPath ?? bundle.path("assumptions.yaml")
        let assumptions = try AssumptionSet.load(path)
        let baseline = try EnglandBaseline.build(bundle, assumptions: assumptions)
        let projection: Projection
        do {
            projection = try Projection(baseline.input)
        } catch {
            throw .invalid(file: "model-input.json", error.issues)
        }
        let accounts = BaseYearAccounts(indicators: bundle.indicators, units: try bundle.reportingUnits())
        let roles = TidyLookup(try TidyTable.read(bundle.path("tidy/csww_workforce_by_role_and_ethnicity.csv"), columns: ["year", "geographic_level", "role", "breakdown", "measure", "value"]), keys: ["year", "geographic_level", "role", "breakdown", "measure"])
        let year = String(baseline.input.baseYear)
        var ethnicity: [(group: String, fte: Double, percent: Double)] = []
        for group in ["White", "Mixed / Multiple ethnic groups", "Asian / Asian British", "Black / African / Caribbean / Black British", "Other ethnic group", "Not known"] {
            let fte = try roles.number([year, "national", "Total", group, "inpost_FTE"])
            let percent = try roles.number([year, "national", "Total", group, "inpost_FTE_percentage"])
            ethnicity.append((group, fte, percent))
        }
        // Agency cover of vacancies as published for England in the base year.
        let published = accounts.england.published
        let agencyCoverShare = (published["vacancy_fte"] ?? 0) > 0 ? (published["agency_cover_fte"] ?? 0) / published["vacancy_fte"]! : 0
        let costAssumptions = try assumptions.costAssumptions(agencyCoverShare: agencyCoverShare)
        var scenarios: [ScenarioRun] = []
        var ranked: [(title: String, result: ProjectionResult, input: ModelInput, costs: CostAssumptions, levers: Levers?)] = []
        // Each scenario built and run, two at a time; kept in the order given.
        let runs = try await parallelMap(scenarioPaths.count) { i throws(DataFileError) in
            let scenarioPath = scenarioPaths[i]
            let scenario = try AssumptionSet.load(scenarioPath)
            let overlaid = try assumptions.overlaid(with: scenario)
            let input = try EnglandBaseline.build(bundle, assumptions: overlaid).input
            let run: ProjectionResult
            do throws(InvalidInput) {
                run = try Projection(input).run()
            } catch {
                throw .invalid(file: scenarioPath, error.issues)
            }
            return (scenario: scenario, input: input, run: run, costs: try overlaid.costAssumptions(agencyCoverShare: agencyCoverShare),
                    levers: try Levers.of(scenario, on: assumptions))
        }
        for (i, r) in runs.enumerated() {
            let cost = CostProjection(result: r.run, input: r.input, area: AreaCode(England.code), assumptions: r.costs)
            let scenarioRun = ScenarioRun(file: scenarioPaths[i], title: r.scenario.title, description: r.scenario.description, result: r.run, cost: cost,
                                          overridden: r.scenario.assumptions.map(\.name))
            if scenarioRun.notCosted == nil { ranked.append((r.scenario.title, r.run, r.input, r.costs, r.levers)) }
            scenarios.append(scenarioRun)
        }
        // The placements workforce runs beside the rest (its back-test after the social one's,
        // whose base-year inputs it builds on).
        let socialScenarios = runs.enumerated().map { (scenarioPaths[$0.offset], $0.element.scenario.title, $0.element.scenario.description, $0.element.input) }
        let socialInput = baseline.input
        let placementsTask = Task { () async -> Result<PlacementsAssessment?, DataFileError> in
            await warming.value
            guard FileManager.default.fileExists(atPath: bundle.path(PlacementsAssessment.assumptionsFile)) else { return .success(nil) }
            do throws(DataFileError) {
                return .success(try await PlacementsAssessment.build(
                    bundle: bundle, dataDirectory: dataDirectory, social: socialInput, socialScenarios: socialScenarios,
                    scenarios: !scenarioPaths.isEmpty, draws: draws, seed: seed, parameterSets: parameterSets, tasks: tasks, backtest: false, socialAssumptions: assumptions))
            } catch {
                return .failure(error)
            }
        }
        var simulation: SimulationSummary?
        var sampledSets: [Projection] = []
        if draws > 0 {
            let monteCarlo = try await EnglandBaseline.monteCarlo(
                bundle, assumptions: assumptions, projection: projection, seed: seed, draws: draws, parameterSets: parameterSets)
            simulation = await monteCarlo.simulate(draws: draws, tasks: tasks)
            sampledSets = monteCarlo.parameterSets
        }
        let result = projection.run()
        let cost = CostProjection(result: result, input: baseline.input, area: AreaCode(England.code), assumptions: costAssumptions)
        // The cost ranking across the Monte Carlo's parameter sets: the baseline and each ranked
        // scenario whose levers apply to a compiled projection, run on every set.
        var costRanking: CostRanking?
        if !scenarios.isEmpty {
            let england = AreaCode(England.code)
            // The first `costParameterSets` of the Monte Carlo's (a random subset of its Latin
            // hypercube): each costs a run of the baseline and of every lever scenario.
            let leverSets = ranked.map(\.levers), inputs = ranked.map(\.input), sets = Array(sampledSets.prefix(Report.costParameterSets))
            let perSet = try await parallelMap(sets.count) { k throws(DataFileError) -> [CostFigures?] in
                let set = sets[k]
                // One result's storage, reused for each scenario's run on this set.
                var run = set.run(trainingSufficiency: false)
                var figures: [CostFigures?] = [CostFigures(result: run, input: baseline.input, area: england)]
                for i in leverSets.indices {
                    guard let levers = leverSets[i] else {
                        figures.append(nil)
                        continue
                    }
                    levers.applied(to: set).run(into: &run)
                    figures.append(CostFigures(result: run, input: inputs[i], area: england))
                }
                return figures
            }
            costRanking = CostRanking.build(
                baseline: (CostFigures(result: result, input: baseline.input, area: england), costAssumptions), baselineSets: perSet.map { $0[0]! },
                scenarios: ranked.indices.map { i in
                    (ranked[i].title, CostFigures(result: ranked[i].result, input: ranked[i].input, area: england),
                     ranked[i].levers == nil || perSet.isEmpty ? nil : perSet.map { $0[i + 1]! }, ranked[i].costs)
                },
                assumptions: assumptions, draws: Report.costDraws, seed: seed)
        }
        // The track record (one build on the previous edition's data, reading every file again)
        // runs beside the sensitivity analysis rather than after everything else.
        let recordTask = Task { () async -> Result<TrackRecord?, DataFileError> in
            guard let previousEdition else { return .success(nil) }
            do throws(DataFileError) {
                var record = try TrackRecord.load(folder: previousEdition, bundle: bundle)
                record.waterfall = try Self.waterfall(record, bundle: bundle, dataDirectory: dataDirectory, assumptions: assumptions, current: result)
                return .success(record)
            } catch {
                return .failure(error)
            }
        }
        let analysis = includeSensitivity ? try await Self.sensitivity(bundle, assumptions: assumptions, base: result) : nil
        let sensitivity = analysis?.sensitivity, variants = analysis?.variants
        let backtest = includeBacktest
            ? try await Backtest.run(bundle, assumptions: assumptions, baseYears: Array(2019..<bundle.baseYear), draws: Report.backtestDraws, seed: seed, tasks: tasks) : nil
        let trackRecord = try await recordTask.value.get()
        var placements = try await placementsTask.value.get()
        if includeBacktest, let built = placements {
            placements?.backtest = try PlacementsBacktest.run(bundle, socialAssumptions: assumptions, assumptions: built.assumptions, socialInputs: backtest?.inputs ?? [:])
        }
        return Report(
            dataDirectory: dataDirectory, assumptionsPath: path, bundle: bundle, assumptions: assumptions,
            baseline: baseline, accounts: accounts, result: result, ethnicity: ethnicity, scenarios: scenarios,
            simulation: simulation, sensitivity: sensitivity, backtest: backtest, trackRecord: trackRecord, variants: variants, costRanking: costRanking, placements: placements, evidence: try LocalEvidence.load(directory: dataDirectory),
            cost: cost, costAssumptions: costAssumptions)
    }

    /// England's gap ten years ahead, from the previous edition's published figure to this
    /// one's: this edition's method and assumptions on the previous edition's data (the bundle
    /// cut at its base year), then the revisions to that data (none where the cut's files are
    /// the edition's byte for byte, as its manifest's hashes show), then the new year of data.
    static func waterfall(
        _ record: TrackRecord, bundle: EnglandBundle, dataDirectory: String, assumptions: AssumptionSet, current: ProjectionResult
    ) throws(DataFileError) -> [TrackRecord.Step] {
        let edition = record.edition
        guard let published = try TrackRecord.publishedGap10(folder: record.folder) else { return [] }
        // Only the social work series: the waterfall builds the social work baseline alone.
        let cut = try BundleCut.temporary(from: dataDirectory, year: edition, files: BundleCut.socialWorkSeriesFiles)
        defer { try? FileManager.default.removeItem(atPath: cut) }
        let cutBundle = try EnglandBundle(directory: cut)
        let input = try EnglandBaseline.build(cutBundle, assumptions: assumptions).input
        let onOldData: Double
        do { onOldData = gap10(try Projection(input).run(trainingSufficiency: false)) } catch { throw .invalid(file: "waterfall", error.issues) }
        let revised = try TrackRecord.revisedFiles(folder: record.folder, cut: cut)
        var steps = [TrackRecord.Step(step: "The \(edition) edition as published (\(edition + 10))", gap: published)]
        if revised.isEmpty {
            steps.append(.init(step: "Method and assumption changes: this edition's model on the \(edition) edition's data", gap: onOldData))
            steps.append(.init(step: "Revisions to the data to \(edition): none (every file the \(edition) edition read is unchanged)", gap: onOldData))
        } else {
            steps.append(.init(step: "Method and assumption changes, and revisions to the data to \(edition) (\(revised.joined(separator: ", ")))", gap: onOldData))
        }
        steps.append(.init(step: "New data: the \(bundle.baseYear) census and children's services figures, base year \(bundle.baseYear) (\(bundle.baseYear + 10))", gap: gap10(current)))
        return steps
    }

    /// Draws of the cost assumptions for how often each costed scenario is cheapest.
    public static let costDraws = 1_000
    /// Parameter sets the cost ranking reruns the scenarios on.
    public static let costParameterSets = 64

    /// Draws per base year for the back-test's interval coverage in the report.
    public static let backtestDraws = 500

    /// The England gap (need-based, all roles) at +10 years of a run.
    static func gap10(_ result: ProjectionResult) -> Double {
        let t = min(10, result.years.count - 1)
        let a = result.areaIndex(AreaCode(England.code))!
        return result.roles.indices.reduce(0) { $0 + result.value(.required, area: a, role: $1, yearIndex: t) - result.value(.fte, area: a, role: $1, yearIndex: t) }
    }

    /// `body(0)`, …, `body(count − 1)`, two at a time (the machine has two cores), in order.
    static func parallelMap<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) throws(DataFileError) -> T) async throws(DataFileError) -> [T] {
        let outcomes = await withTaskGroup(of: (Int, Result<T, DataFileError>).self) { group in
            var next = 0
            var out = [Result<T, DataFileError>?](repeating: nil, count: count)
            func start(_ i: Int) {
                group.addTask {
                    do throws(DataFileError) { return (i, .success(try body(i))) } catch { return (i, .failure(error)) }
                }
            }
            while next < min(2, count) { start(next); next += 1 }
            for await (i, result) in group {
                out[i] = result
                if next < count { start(next); next += 1 }
            }
            return out
        }
        var results: [T] = []
        for outcome in outcomes {
            switch outcome! {
            case .success(let r): results.append(r)
            case .failure(let e): throw e
            }
        }
        return results
    }

    /// The baseline built from each assumption set (with the stated standard where asked) and
    /// run, in the order given.
    static func runVariants(_ bundle: EnglandBundle, _ sets: [(set: AssumptionSet, stated: Bool)]) async throws(DataFileError) -> [ProjectionResult] {
        try await parallelMap(sets.count) { i throws(DataFileError) in
            let job = sets[i]
            let input = try EnglandBaseline.build(bundle, assumptions: job.set, statedStandard: job.stated).input
            do throws(InvalidInput) {
                return try Projection(input).run(trainingSufficiency: false)
            } catch {
                throw .invalid(file: job.set.file, error.issues)
            }
        }
    }

    /// Each ranged assumption at its low and high ends, each structural choice, and the need
    /// variants, rerun together.
    static func sensitivity(_ bundle: EnglandBundle, assumptions: AssumptionSet, base: ProjectionResult) async throws(DataFileError) -> (sensitivity: Sensitivity, variants: NeedVariants) {
        // Cost assumptions change what the gap costs, and the OBR-consistent variant's only the
        // variant (its bridge shows them), not the need-based gap.
        let ranged = assumptions.assumptions.compactMap { a -> (name: String, range: ClosedRange<Double>)? in
            guard !a.name.hasPrefix("cost_"), !a.name.hasPrefix("obr_"), let range = a.range, case .number = a.value else { return nil }
            return (a.name, range)
        }
        let referenceYear = (try? assumptions.number("attrition_reference_year")) ?? 2021
        let structuralSets: [(choice: String, variant: String, set: AssumptionSet)] = [
            ("How turnover is split into exits and moves", "the \(Int(referenceYear) - 1) attrition split instead of \(Int(referenceYear))", assumptions.with("attrition_reference_year", number: referenceYear - 1)),
            ("How recent years weigh in the flows", "the base year almost alone (half-life a quarter of a year) instead of a half-life of \(describeValue((try? assumptions.number("flow_half_life")) ?? 3)) years", assumptions.with("flow_half_life", number: 0.25)),
        ]
        var sets: [(set: AssumptionSet, stated: Bool)] = []
        for a in ranged {
            sets.append((assumptions.with(a.name, number: a.range.lowerBound), false))
            sets.append((assumptions.with(a.name, number: a.range.upperBound), false))
        }
        sets += structuralSets.map { ($0.set, false) }
        let variantSets = needVariantSets(bundle, assumptions: assumptions)
        let runs = try await runVariants(bundle, variantSets + sets)
        let variants = needVariants(bundle, runs: runs.prefix(variantSets.count))
        let gaps = runs.dropFirst(variantSets.count).map(gap10)
        var rows: [(name: String, low: Double, high: Double, gapLow: Double, gapHigh: Double)] = ranged.enumerated().map { i, a in
            (a.name, a.range.lowerBound, a.range.upperBound, gaps[2 * i], gaps[2 * i + 1])
        }
        rows.sort { abs($0.gapHigh - $0.gapLow) != abs($1.gapHigh - $1.gapLow) ? abs($0.gapHigh - $0.gapLow) > abs($1.gapHigh - $1.gapLow) : $0.name < $1.name }
        let structural = [
            (choice: "Caseload standard", variant: "stated (\(describeValue((try? assumptions.number("stated_caseload_standard")) ?? 0)) cases per FTE in every area) instead of each area's estimated one", gap: gap10(variants.stated)),
            (choice: "Caseload standard", variant: "each area's own base-year (calibrated) standard instead of its estimate over every census year, shrunk towards England's", gap: gap10(variants.calibrated)),
            (choice: "Population projection", variant: "ONS 2022-based national principal instead of the subnational (regions) projection", gap: gap10(variants.npp)),
        ] + structuralSets.enumerated().map { i, s in (choice: s.choice, variant: s.variant, gap: gaps[2 * ranged.count + i]) }
        return (Sensitivity(year: base.baseYear + min(10, base.years.count - 1), baseGap: gap10(base), assumptions: rows, structural: structural), variants)
    }

    // MARK: Figures the report quotes

    public var baseYear: Int { result.baseYear }
    public var horizons: [Int] { [0] + ModelInput.reportingHorizons.filter { $0 < result.years.count } }

    /// A metric summed over every role, for one area (by code) and year offset.
    public func allRoles(_ metric: ProjectionResult.Metric, _ code: String, _ t: Int) -> Double {
        guard let a = result.areaIndex(AreaCode(code)) else { return 0 }
        return result.roles.indices.reduce(0) { $0 + result.value(metric, area: a, role: $1, yearIndex: t) }
    }

    public func value(_ metric: ProjectionResult.Metric, _ code: String, role: Int, _ t: Int) -> Double {
        guard let a = result.areaIndex(AreaCode(code)) else { return 0 }
        return result.value(metric, area: a, role: role, yearIndex: t)
    }

    public var frictionalVacancyRate: Double { (try? assumptions.number("frictional_vacancy_rate")) ?? 0 }

    /// Training sufficiency against the frictional vacancy rate: the gap is required × (1 − rate)
    /// less supply, for the pipeline's role nationally.
    public func sufficiency() -> [(answer: TrainingSufficiency, role: String, gapFrictional: Double, extraFrictional: Double?)] {
        result.trainingSufficiency.map { answer in
            let pipelineRole = baseline.input.pipelines.first { $0.id == answer.pipeline }!.role
            let r = result.roleIndex(pipelineRole)!
            let required = result.national(.required, role: r, yearIndex: answer.horizon)
            let supply = result.national(.fte, role: r, yearIndex: answer.horizon)
            let gap = required * (1 - frictionalVacancyRate) - supply
            let extra: Double? = gap <= 0 ? 0 : (answer.ftePerExtraIntake == 0 ? nil : gap / answer.ftePerExtraIntake)
            return (answer, result.roles[r].name, gap, extra)
        }
    }
}
