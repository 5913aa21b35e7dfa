import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastModel
import Foundation

/// The placements workforce part of the assessment: the children's homes and foster care
/// models run by the same engine, Monte Carlo, scenarios and back-test as the social workers'.
public struct PlacementsAssessment: Sendable {
    public let assumptionsPath: String
    public let assumptions: AssumptionSet
    public let baseline: PlacementsBaseline
    public let fosterInput: ModelInput
    public let homes: ProjectionResult
    public let foster: ProjectionResult
    public let homesSimulation: SimulationSummary?
    public let fosterSimulation: SimulationSummary?
    public let scenarios: [Scenario]
    public internal(set) var backtest: PlacementsBacktest?
    public let costs: Costs
    /// Foster care with the share of looked-after children in foster placements carried on its
    /// trend (φ = 1): the requirement if the fall in fostering continues.
    public let fosterCarried: ProjectionResult?
    /// All children's homes in England by year (homes and places, Ofsted tables 6a/6b), to the base year.
    public let capacitySeries: [(year: Int, homes: Double, places: Double)]

    /// The file of the placements assumptions in a data folder, and of its lever scenarios.
    public static let assumptionsFile = "placements.yaml"
    public static let scenarioFolder = "scenarios/placements"
    /// Parameter sets of the placements assumptions in a Monte Carlo run (at most).
    public static let parameterSets = 16

    /// A scenario: a lever of the placements workforce (an overlay of the placements
    /// assumptions), or a social work scenario that changes looked-after children's path.
    public struct Scenario: Sendable {
        public var file: String
        public var title: String
        public var description: String
        public var homes: ProjectionResult
        public var foster: ProjectionResult
        /// Yearly cost of the scenario's levers (£, prices as stated), by year index.
        public var leverCost: [Double]
        /// Assumptions the scenario overrides, or "looked-after children's path" for a social one.
        public var changes: [String]
    }

    /// Pay and lever costs (prices as published; not uprated).
    public struct Costs: Sendable {
        /// £ per head a year by role id (hourly pay × hours × (1 + on-costs)).
        public var annualCost: [String: Double] = [:]
        public var hourly: [String: (value: Double, year: Int, measure: String)] = [:]
        public var hours = 0.0
        public var onCost = 0.0
        public var notes: [String] = []
    }

    public static func build(
        bundle: EnglandBundle, dataDirectory: String, social: ModelInput, socialScenarios: [(file: String, title: String, description: String, input: ModelInput)],
        scenarios includeScenarios: Bool, draws: Int, seed: UInt64, parameterSets: Int?, tasks: Int, backtest includeBacktest: Bool, socialAssumptions: AssumptionSet, socialBacktestInputs: [Int: ModelInput] = [:]
    ) async throws(DataFileError) -> PlacementsAssessment {
        let path = bundle.path(assumptionsFile)
        let assumptions = try AssumptionSet.load(path)
        let baseline = try PlacementsBaseline.build(bundle, assumptions: assumptions, social: social)
        let fosterInput = try baseline.foster()
        let homesProjection: Projection, fosterProjection: Projection
        do throws(InvalidInput) {
            homesProjection = try Projection(baseline.childrensHomes)
        } catch {
            throw .invalid(file: "childrens-homes-input.json", error.issues)
        }
        do throws(InvalidInput) {
            fosterProjection = try Projection(fosterInput)
        } catch {
            throw .invalid(file: "foster-care-input.json", error.issues)
        }
        let costs = try Self.costs(bundle, assumptions: assumptions)

        // Scenarios: each lever file, then each social scenario that moves looked-after children.
        var scenarios: [Scenario] = []
        if includeScenarios {
            let folder = bundle.path(scenarioFolder)
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted().map { (folder as NSString).appendingPathComponent($0) }
            let lookedAfter = ActivityID(NeedEvidence.activityIDs[2])
            func path(_ input: ModelInput) -> ([ModelInput.PathPoint], Double) {
                (input.policies.first { $0.activity == lookedAfter }?.path ?? [], input.activities.first { $0.id == lookedAfter }?.trend ?? 0)
            }
            let moving = socialScenarios.filter { path($0.input) != path(social) }
            let jobs: [(file: String, title: String, description: String, set: AssumptionSet, social: ModelInput, changes: [String])] = try {
                () throws(DataFileError) in
                var out: [(file: String, title: String, description: String, set: AssumptionSet, social: ModelInput, changes: [String])] = []
                for file in files {
                    let scenario = try AssumptionSet.load(file)
                    out.append((file, scenario.title, scenario.description, try assumptions.overlaid(with: scenario), social, scenario.assumptions.map(\.name)))
                }
                for s in moving { out.append((s.file, s.title, s.description, assumptions, s.input, ["looked-after children's path (from the social work scenario)"])) }
                return out
            }()
            let runs = try await Report.parallelMap(jobs.count) { i throws(DataFileError) -> (ProjectionResult, ProjectionResult, [Double]) in
                let job = jobs[i]
                let built = try PlacementsBaseline.build(bundle, assumptions: job.set, social: job.social)
                let homes: ProjectionResult, foster: ProjectionResult
                let fosterInput = try built.foster()
                do throws(InvalidInput) {
                    homes = try Projection(built.childrensHomes).run()
                    foster = try Projection(fosterInput).run()
                } catch {
                    throw .invalid(file: job.file, error.issues)
                }
                return (homes, foster, try Self.leverCost(job.set, homes: homes))
            }
            for (i, job) in jobs.enumerated() {
                scenarios.append(Scenario(file: job.file, title: job.title, description: job.description, homes: runs[i].0, foster: runs[i].1, leverCost: runs[i].2, changes: job.changes))
            }
        }

        // Monte Carlo: each workforce's distributed assumptions in parameter sets, then the
        // structured shocks of the placements assumptions.
        var homesSimulation: SimulationSummary?, fosterSimulation: SimulationSummary?
        if draws > 0 {
            // Fewer parameter sets than the social workers' 64 (each is a full build and compile):
            // seven distributed assumptions, each cut into this many equally likely strata.
            let parameterSets = parameterSets.map { min($0, Self.parameterSets) } ?? Self.parameterSets
            let homesMC = try await WorkforceMonteCarlo.make(assumptions: assumptions, projection: homesProjection, seed: seed, draws: draws, parameterSets: parameterSets) { set throws(DataFileError) in
                try PlacementsBaseline.build(bundle, assumptions: set, social: social, fosterCare: false).childrensHomes
            }
            homesSimulation = await homesMC.simulate(draws: draws, tasks: tasks)
            let fosterMC = try await WorkforceMonteCarlo.make(assumptions: assumptions, projection: fosterProjection, seed: seed, draws: draws, parameterSets: parameterSets) { set throws(DataFileError) in
                try PlacementsBaseline.build(bundle, assumptions: set, social: social).foster()
            }
            fosterSimulation = await fosterMC.simulate(draws: draws, tasks: tasks)
        }
        let national = try PlacementsEvidence.nationalProvidersPlaces(bundle, through: bundle.baseYear)
        let scope = try assumptions.list("homes_staff_scope")
        let capacitySeries = (2012...social.baseYear).compactMap { year -> (year: Int, homes: Double, places: Double)? in
            let homes = scope.reduce(0.0) { $0 + (national[[String(year), $1, "providers"]] ?? 0) }
            let places = scope.reduce(0.0) { $0 + (national[[String(year), $1, "registered_places"]] ?? 0) }
            return homes > 0 ? (year, homes, places) : nil
        }
        let carriedSet = assumptions.with("foster_share_trend_damping", number: 1)
        let fosterCarried: ProjectionResult?
        let carriedInput = try PlacementsBaseline.build(bundle, assumptions: carriedSet, social: social).foster()
        do throws(InvalidInput) {
            fosterCarried = try Projection(carriedInput).run(trainingSufficiency: false)
        } catch {
            throw .invalid(file: path, error.issues)
        }
        let backtest = includeBacktest ? try PlacementsBacktest.run(bundle, socialAssumptions: socialAssumptions, assumptions: assumptions, socialInputs: socialBacktestInputs) : nil
        return PlacementsAssessment(
            assumptionsPath: path, assumptions: assumptions, baseline: baseline, fosterInput: fosterInput, homes: homesProjection.run(), foster: fosterProjection.run(),
            homesSimulation: homesSimulation, fosterSimulation: fosterSimulation, scenarios: scenarios, backtest: backtest, costs: costs, fosterCarried: fosterCarried, capacitySeries: capacitySeries)
    }

    /// Annual cost per head of children's homes staff by role: the census's hourly pay times
    /// paid hours times on-costs (other staff at the care staff's rate, a stated proxy).
    static func costs(_ bundle: EnglandBundle, assumptions: AssumptionSet) throws(DataFileError) -> Costs {
        var costs = Costs()
        costs.hours = try assumptions.number("homes_pay_hours_per_year")
        costs.onCost = try assumptions.number("homes_on_cost_rate")
        let workforce = try bundle.placementsTable(PlacementsFiles.homesWorkforce, through: bundle.baseYear, PlacementsFiles.readHomesWorkforce)
        for (role, measure) in [(PlacementsBaseline.managerRole, "registered_manager_mean_hourly_pay"), (PlacementsBaseline.careRole, "care_staff_mean_hourly_pay"), (PlacementsBaseline.otherRole, "care_staff_mean_hourly_pay")] {
            let rows: [PublishedRow] = workforce.rows.filter { workforce.field($0, "measure") == measure && $0.value.number != nil }
            guard let row = rows.max(by: { $0.year < $1.year }) else {
                costs.notes.append("No \(measure) is published by \(bundle.baseYear): \(role.rawValue) is not costed.")
                continue
            }
            costs.hourly[role.rawValue] = (row.value.number!, row.year, measure)
            costs.annualCost[role.rawValue] = row.value.number! * costs.hours * (1 + costs.onCost)
        }
        costs.notes.append("Other staff are costed at the care staff's mean hourly pay (no figure for them is published).")
        return costs
    }

    /// The yearly cost of a scenario's levers: leadership bursaries for each year's intake, and
    /// registration fees for every registrant from the year registration takes effect, with the
    /// one-off cost of qualifying those without the qualification.
    static func leverCost(_ set: AssumptionSet, homes: ProjectionResult) throws(DataFileError) -> [Double] {
        let intake = try set.number("homes_leadership_intake"), bursary = try set.number("homes_leadership_bursary_gbp")
        let registration = Int(try set.number("homes_registration_year")), fee = try set.number("homes_registration_fee_gbp")
        let qualification = try set.number("homes_registration_qualification_gbp"), unqualified = try set.number("homes_registration_unqualified_share")
        let england = AreaCode(England.code)
        return homes.years.enumerated().map { t, year in
            guard t > 0 else { return 0 }
            var cost = intake * bursary
            if registration > 0, year >= registration {
                let staff = homes.roles.reduce(0.0) { $0 + homes.value(.fte, england, $1.id, year: year) }
                cost += staff * fee
                if year == registration { cost += homes.value(.fte, england, PlacementsBaseline.careRole, year: year) * unqualified * qualification }
            }
            return cost
        }
    }

    /// England's figure of a role (nil role: all roles) in a year.
    public func england(_ result: ProjectionResult, _ metric: ProjectionResult.Metric, role: RoleID? = nil, year: Int) -> Double {
        let area = AreaCode(England.code)
        if let role { return result.value(metric, area, role, year: year) }
        return result.roles.reduce(0.0) { $0 + result.value(metric, area, $1.id, year: year) }
    }
}
