import CareCastFormats
import CareCastModel
import CareCastReturns

/// The England baseline's policy levers applied to a compiled projection, as the baseline
/// builder applies them to its input, so that a scenario can be run on any prepared parameter
/// set without rebuilding the baseline from files. Applying a scenario's levers to the
/// baseline's projection gives the scenario's own build's figures (a test checks every shipped
/// scenario that sets levers only, and each lever on its own). The agency rules are the one
/// exception, stated in `docs/MODEL.md` ("Levers on the compiled model"): the lever moves the
/// agency outflow only, where a build also moves the recruitment targets that the first year's
/// conversions feed.
public struct Levers: Sendable, Equatable {
    /// `pipeline_intake_multiplier`: every training route's intake from the year after the base year.
    public var intakeMultiplier = 1.0
    /// `route_intake_multiplier`: a further factor on one route's intake, by pipeline id.
    public var routeIntake: [String: Double] = [:]
    /// `exit_rate_multiplier`: every exit rate, reached in full five years after the base year.
    public var exitMultiplier = 1.0
    /// `productivity_growth`, where a scenario sets it.
    public var productivityGrowth: Double?
    /// `agency_conversion_rate` and `agency_conversion_retained`: a conversion programme.
    public var conversionRate = 0.0
    public var conversionRetained = 0.0
    /// `agency_rules_persistence`, where a scenario sets it, with the calibration it acts on.
    public var agencyRules: AgencyRules?
    /// `caseload_standard_multiplier`: a factor on every authority's caseload standard (cases
    /// per caseload FTE) from the base year.
    public var caseloadMultiplier = 1.0
    /// `activity_trend`, where a scenario sets it: every activity's yearly change in need rates.
    public var activityTrend: Double?
    /// `looked_after_path` and `children_in_need_path`: the reform paths (empty: 1).
    public var lookedAfterPath: [ModelInput.PathPoint] = []
    public var childrenInNeedPath: [ModelInput.PathPoint] = []

    /// The share of the rise in the agency outflow in the rules' years that carries on, with
    /// the calibrated outflow before the rules and in their years (the baseline's notes).
    public struct AgencyRules: Sendable, Equatable {
        public var persistence: Double
        public var preRulesOutflow: Double
        public var rulesOutflow: Double
        public init(persistence: Double, preRulesOutflow: Double, rulesOutflow: Double) {
            self.persistence = persistence
            self.preRulesOutflow = preRulesOutflow
            self.rulesOutflow = rulesOutflow
        }
        /// ω = 1 + persistence × (rules ÷ before − 1), as the baseline builder sets it.
        public var factor: Double { preRulesOutflow > 0 ? 1 + persistence * (rulesOutflow / preRulesOutflow - 1) : 1 }
    }

    /// The assumptions a lever reads; a scenario that sets any other (besides `cost_…`, which
    /// cost levers rather than move them) cannot be applied to a compiled projection.
    public static let names: Set<String> = [
        "pipeline_intake_multiplier", "route_intake_multiplier", "exit_rate_multiplier", "productivity_growth", "agency_conversion_rate",
        "agency_conversion_retained", "agency_rules_persistence", "caseload_standard_multiplier", "activity_trend",
        "looked_after_path", "children_in_need_path",
    ]

    public init() {}

    /// The levers of `scenario` overlaid on `assumptions`, or nil when the scenario sets an
    /// assumption that is not a lever (its own build is then the only way to run it). A
    /// scenario that sets `agency_rules_persistence` needs the baseline's agency notes.
    public static func of(_ scenario: AssumptionSet, on assumptions: AssumptionSet, agency: EnglandBaseline.AgencyNotes? = nil) throws(DataFileError) -> Levers? {
        guard scenario.assumptions.allSatisfy({ names.contains($0.name) || $0.name.hasPrefix("cost_") }) else { return nil }
        if scenario["agency_rules_persistence"] != nil && agency == nil { return nil }
        let set = try assumptions.overlaid(with: scenario)
        var levers = Levers()
        levers.intakeMultiplier = try set.number("pipeline_intake_multiplier")
        levers.routeIntake = try set.routeIntakeMultipliers()
        levers.exitMultiplier = try set.number("exit_rate_multiplier")
        if scenario["productivity_growth"] != nil { levers.productivityGrowth = try set.number("productivity_growth") }
        levers.conversionRate = try set.number("agency_conversion_rate")
        levers.conversionRetained = try set.number("agency_conversion_retained")
        if scenario["agency_rules_persistence"] != nil, let agency {
            let persistence = try set.number("agency_rules_persistence")
            guard (0...1).contains(persistence) else { throw set.fail("agency_rules_persistence", "must be between 0 and 1, got \(persistence)") }
            levers.agencyRules = AgencyRules(persistence: persistence, preRulesOutflow: agency.preRulesOutflow, rulesOutflow: agency.rulesOutflow ?? agency.preRulesOutflow)
        }
        levers.caseloadMultiplier = try set.caseloadStandardMultiplier()
        if scenario["activity_trend"] != nil { levers.activityTrend = try set.number("activity_trend") }
        func path(_ name: String) throws(DataFileError) -> [ModelInput.PathPoint] {
            var out: [ModelInput.PathPoint] = []
            for (key, value) in try set.numbers(name) {
                guard let y = Int(key) else { throw set.fail(name, "expected years as keys, got \(key)") }
                out.append(.init(year: y, factor: value))
            }
            return out.contains { $0.factor != 1 } ? out : []
        }
        levers.lookedAfterPath = try path("looked_after_path")
        levers.childrenInNeedPath = try path("children_in_need_path")
        return levers
    }

    /// Training routes' intakes with these levers, as the baseline builder scales them: every
    /// intake from the year after the base year, trend included, times the route's factor.
    public func pipelines(_ pipelines: [ModelInput.Pipeline], baseYear t0: Int) -> [ModelInput.Pipeline] {
        pipelines.map { pipeline in
            let factor = intakeMultiplier * (routeIntake[pipeline.id.rawValue] ?? 1)
            guard factor != 1 else { return pipeline }
            var p = pipeline
            let schedule = IntakeSchedule(p.intake)
            let future = p.intake.filter { $0.year > t0 + 1 }.map { ModelInput.IntakePoint(year: $0.year, value: $0.value * factor) }
            p.intake.removeAll { $0.year >= t0 + 1 }
            p.intake.append(.init(year: t0 + 1, value: schedule.intake(in: t0 + 1) * factor))
            p.intake += future
            return p
        }
    }

    /// `projection` (the baseline's, or a parameter set's, with no lever set) with these levers.
    public func applied(to projection: Projection) -> Projection {
        var p = projection
        let t0 = p.baseYear
        let years = p.yearCount
        for pipeline in p.pipelines {
            let factor = intakeMultiplier * (routeIntake[pipeline.id.rawValue] ?? 1)
            guard factor != 1 else { continue }
            // Intake in year x ≥ T0+1 enters in x + duration.
            for t in 0..<years where t - pipeline.duration >= 1 { p.sources[pipeline.source].people[t] *= factor }
        }
        if exitMultiplier != 1 {
            let curve = PiecewiseLinearPath([.init(year: t0, factor: 1), .init(year: t0 + 5, factor: exitMultiplier)])
            for t in 0..<years { p.leaverPathFactor[t] *= curve.factor(at: t0 + t) }
        }
        if let productivityGrowth { p.productivityGrowth = productivityGrowth }
        if let agencyRules, var agency = p.agency {
            // The outflow before the rules times ω, every year (the build's path is flat
            // before its point at T0+1).
            for t in 0..<years { agency.outflowRate[t] = min(1, agencyRules.preRulesOutflow * agencyRules.factor) }
            p.agency = agency
        }
        if conversionRate > 0, var agency = p.agency, years > 1 {
            // The outflow from the year after the base year (the rules' rate r) rises by the
            // programme's rate; of the whole, κ' = (κ r + retained × rate) / (r + rate) take LA posts.
            let ruled = agency.outflowRate[1]
            for t in 1..<years { agency.outflowRate[t] = min(1, agency.outflowRate[t] + conversionRate) }
            agency.conversionShare = (agency.conversionShare * ruled + conversionRetained * conversionRate) / (ruled + conversionRate)
            p.agency = agency
        }
        if caseloadMultiplier != 1 { p.standardMultiplier *= caseloadMultiplier }
        if let activityTrend {
            for k in p.activities.indices { p.activities[k].trend = activityTrend }
        }
        for (id, path) in [("looked_after", lookedAfterPath), ("children_in_need_other", childrenInNeedPath)] where !path.isEmpty {
            guard let k = p.activities.firstIndex(where: { $0.id.rawValue == id }) else { continue }
            let curve = PiecewiseLinearPath(path)
            for t in 0..<years { p.activities[k].policyFactor[t] *= curve.factor(at: t0 + t) }
        }
        return p
    }
}

extension AssumptionSet {
    /// `route_intake_multiplier`: a factor by training route (pipeline id); absent, every route's is 1.
    public func routeIntakeMultipliers() throws(DataFileError) -> [String: Double] {
        guard self["route_intake_multiplier"] != nil else { return [:] }
        var out: [String: Double] = [:]
        for (route, value) in try numbers("route_intake_multiplier") {
            guard value >= 0 else { throw fail("route_intake_multiplier", "\(route): must not be negative, got \(value)") }
            out[route] = value
        }
        return out
    }

    /// `caseload_standard_multiplier`: absent, 1.
    public func caseloadStandardMultiplier() throws(DataFileError) -> Double {
        guard self["caseload_standard_multiplier"] != nil else { return 1 }
        let value = try number("caseload_standard_multiplier")
        guard value > 0 else { throw fail("caseload_standard_multiplier", "must be above 0, got \(value)") }
        return value
    }
}
