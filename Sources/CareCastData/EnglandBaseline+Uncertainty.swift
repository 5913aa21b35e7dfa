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
            // A local factor is optional (exits only).
            let local = table.first(where: { $0.key == "local_sigma" })?.value ?? 0
            guard local == 0 || target == .exits else { throw fail(name, "local_sigma applies to exits only") }
            out.append(Uncertainty(target: target, sigma: try value("sigma"), persistence: persistence, regionalSigma: try value("regional_sigma"), localSigma: local))
        }
        return out
    }
}
