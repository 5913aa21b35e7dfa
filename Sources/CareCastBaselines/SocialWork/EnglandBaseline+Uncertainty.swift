import CareCastFormats
import CareCastModel
import CareCastReturns

extension AssumptionSet {
    /// The structured shocks of `carecast simulate`, from the `uncertainty_*` assumptions.
    public func uncertainties() throws(DataFileError) -> [Uncertainty] {
        var out: [Uncertainty] = []
        for (name, target) in [("uncertainty_exits", Uncertainty.Target.exits), ("uncertainty_entrants", .entrants), ("uncertainty_need_growth", .needGrowth)] {
            let table = try numbers(name)
            func value(_ key: String) throws(DataFileError) -> Double {
                guard let v = table.first(where: { $0.key == key })?.value else { throw fail(name, "missing \(key)") }
                return v
            }
            let persistence = try value("persistence")
            guard persistence >= 0, persistence <= 1 else { throw fail(name, "persistence must be between 0 and 1") }
            // A local factor is optional (exits only); so is local year-to-year noise (exits and entrants).
            let local = table.first(where: { $0.key == "local_sigma" })?.value ?? 0
            guard local == 0 || target == .exits else { throw fail(name, "local_sigma applies to exits only") }
            let localYear = table.first(where: { $0.key == "local_year_sigma" })?.value ?? 0
            let localPersistence = table.first(where: { $0.key == "local_year_persistence" })?.value ?? 0
            guard localYear == 0 || target != .needGrowth else { throw fail(name, "local_year_sigma applies to exits and entrants only") }
            guard localPersistence >= 0, localPersistence <= 1 else { throw fail(name, "local_year_persistence must be between 0 and 1") }
            for key in ["sigma", "regional_sigma", "local_sigma", "local_year_sigma"] {
                if let v = table.first(where: { $0.key == key })?.value, v < 0 { throw fail(name, "\(key) must not be negative") }
            }
            out.append(Uncertainty(
                target: target, sigma: try value("sigma"), persistence: persistence, regionalSigma: try value("regional_sigma"), localSigma: local,
                localYearSigma: localYear, localYearPersistence: localPersistence))
        }
        return out
    }
}

extension EnglandBaseline {
    /// Parameter sets a simulation samples when none is asked for (capped by the draws).
    public static let defaultParameterSets = 64

    /// A Monte Carlo run of the baseline (or of a back-test from `baseYear`): see
    /// ``WorkforceMonteCarlo/make(assumptions:projection:seed:draws:parameterSets:build:)``.
    public static func monteCarlo(
        _ bundle: EnglandBundle, assumptions: AssumptionSet, projection: Projection, seed: UInt64, draws: Int,
        parameterSets requested: Int? = nil, baseYear: Int? = nil
    ) async throws(DataFileError) -> MonteCarlo {
        try await WorkforceMonteCarlo.make(assumptions: assumptions, projection: projection, seed: seed, draws: draws, parameterSets: requested) { set throws(DataFileError) in
            try EnglandBaseline.build(bundle, assumptions: set, baseYear: baseYear).input
        }
    }
}
