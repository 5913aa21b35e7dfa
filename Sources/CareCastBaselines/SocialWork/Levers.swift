import CareCastFormats
import CareCastModel
import CareCastReturns

/// The England baseline's policy levers applied to a compiled projection, as the baseline
/// builder applies them to its input, so that a scenario can be run on any prepared parameter
/// set without rebuilding the baseline from files. Applying a scenario's levers to the
/// baseline's projection gives the scenario's own build's figures (a test checks every shipped
/// scenario that sets levers only).
public struct Levers: Sendable, Equatable {
    /// `pipeline_intake_multiplier`: every training route's intake from the year after the base year.
    public var intakeMultiplier = 1.0
    /// `exit_rate_multiplier`: every exit rate, reached in full five years after the base year.
    public var exitMultiplier = 1.0
    /// `productivity_growth`, where a scenario sets it.
    public var productivityGrowth: Double?
    /// `agency_conversion_rate` and `agency_conversion_retained`: a conversion programme.
    public var conversionRate = 0.0
    public var conversionRetained = 0.0
    /// `looked_after_path` and `children_in_need_path`: the reform paths (empty: 1).
    public var lookedAfterPath: [ModelInput.PathPoint] = []
    public var childrenInNeedPath: [ModelInput.PathPoint] = []

    /// The assumptions a lever reads; a scenario that sets any other (besides `cost_…`, which
    /// cost levers rather than move them) cannot be applied to a compiled projection.
    public static let names: Set<String> = [
        "pipeline_intake_multiplier", "exit_rate_multiplier", "productivity_growth", "agency_conversion_rate", "agency_conversion_retained",
        "looked_after_path", "children_in_need_path",
    ]

    public init() {}

    /// The levers of `scenario` overlaid on `assumptions`, or nil when the scenario sets an
    /// assumption that is not a lever (its own build is then the only way to run it).
    public static func of(_ scenario: AssumptionSet, on assumptions: AssumptionSet) throws(DataFileError) -> Levers? {
        guard scenario.assumptions.allSatisfy({ names.contains($0.name) || $0.name.hasPrefix("cost_") }) else { return nil }
        let set = try assumptions.overlaid(with: scenario)
        var levers = Levers()
        levers.intakeMultiplier = try set.number("pipeline_intake_multiplier")
        levers.exitMultiplier = try set.number("exit_rate_multiplier")
        if scenario["productivity_growth"] != nil { levers.productivityGrowth = try set.number("productivity_growth") }
        levers.conversionRate = try set.number("agency_conversion_rate")
        levers.conversionRetained = try set.number("agency_conversion_retained")
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

    /// `projection` (the baseline's, or a parameter set's, with no lever set) with these levers.
    public func applied(to projection: Projection) -> Projection {
        var p = projection
        let t0 = p.baseYear
        let years = p.yearCount
        if intakeMultiplier != 1 {
            // Intake in year x ≥ T0+1 enters in x + duration.
            for pipeline in p.pipelines {
                for t in 0..<years where t - pipeline.duration >= 1 { p.sources[pipeline.source].people[t] *= intakeMultiplier }
            }
        }
        if exitMultiplier != 1 {
            let curve = PiecewiseLinearPath([.init(year: t0, factor: 1), .init(year: t0 + 5, factor: exitMultiplier)])
            for t in 0..<years { p.leaverPathFactor[t] *= curve.factor(at: t0 + t) }
        }
        if let productivityGrowth { p.productivityGrowth = productivityGrowth }
        if conversionRate > 0, var agency = p.agency, years > 1 {
            // The outflow from the year after the base year (the rules' rate r) rises by the
            // programme's rate; of the whole, κ' = (κ r + retained × rate) / (r + rate) take LA posts.
            let ruled = agency.outflowRate[1]
            for t in 1..<years { agency.outflowRate[t] = min(1, agency.outflowRate[t] + conversionRate) }
            agency.conversionShare = (agency.conversionShare * ruled + conversionRetained * conversionRate) / (ruled + conversionRate)
            p.agency = agency
        }
        for (id, path) in [("looked_after", lookedAfterPath), ("children_in_need_other", childrenInNeedPath)] where !path.isEmpty {
            guard let k = p.activities.firstIndex(where: { $0.id.rawValue == id }) else { continue }
            let curve = PiecewiseLinearPath(path)
            for t in 0..<years { p.activities[k].policyFactor[t] *= curve.factor(at: t0 + t) }
        }
        return p
    }
}
