import CareCastModel

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

/// The Monte Carlo of any workforce's baseline: each assumption with a distribution is sampled
/// in `parameterSets` sets, stratified by Latin hypercube and seeded from `seed`; each set is a
/// full build of the workforce's model input (`build`), and draw i starts from set i mod their
/// number before the structured shocks of the `uncertainty_*` assumptions. With no distributed
/// assumptions, or `parameterSets` 0, every draw starts from `projection`.
public enum WorkforceMonteCarlo {
    public static func make(
        assumptions: AssumptionSet, projection: Projection, seed: UInt64, draws: Int, parameterSets requested: Int? = nil,
        build: @escaping @Sendable (AssumptionSet) throws(DataFileError) -> ModelInput
    ) async throws(DataFileError) -> MonteCarlo {
        let distributed = assumptions.distributed
        // No sets when nothing is distributed or none are asked for (`--parameter-sets 0`).
        let count = distributed.isEmpty || requested == 0 ? 0 : max(1, min(max(draws, 1), requested ?? EnglandBaseline.defaultParameterSets))
        let points = LatinHypercube.points(count: count, dimensions: distributed.count, seed: seed)
        let built = await withTaskGroup(of: (Int, Result<Projection, DataFileError>).self) { group in
            for (k, u) in points.enumerated() {
                group.addTask {
                    let set = assumptions.sampled(u)
                    do {
                        let input = try build(set)
                        return (k, .success(try Projection(input)))
                    } catch let error as DataFileError {
                        return (k, .failure(error))
                    } catch let error as InvalidInput {
                        return (k, .failure(.invalid(file: assumptions.file, error.issues)))
                    } catch {
                        return (k, .failure(.badData(file: assumptions.file, [DataProblem(line: 1, column: 1, field: "distribution", message: "\(error)")])))
                    }
                }
            }
            var out = [Result<Projection, DataFileError>?](repeating: nil, count: points.count)
            for await (k, result) in group { out[k] = result }
            return out
        }
        var sets: [Projection] = []
        for (k, result) in built.enumerated() {
            switch result! {
            case .success(let p):
                guard p.hasShape(of: projection) else {
                    let names = distributed.map(\.name).joined(separator: ", ")
                    throw .badData(file: assumptions.file, [DataProblem(
                        line: distributed.first?.line ?? 1, column: 1, field: "distribution",
                        message: "parameter set \(k + 1) changes the model's areas, roles or years; distributions (on \(names)) may change figures, not the model's shape")])
                }
                sets.append(p)
            case .failure(let error):
                throw error
            }
        }
        return MonteCarlo(projection: projection, uncertainties: try assumptions.uncertainties(), seed: seed, parameterSets: sets)
    }
}
