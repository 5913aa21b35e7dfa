import CareCastFormats
import CareCastModel
import CareCastReturns

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
