extension Projection {
    /// E[a,r]: FTE in post plus vacancies at the base year, `[leaf][role]`.
    public var establishment: [Double] {
        let roleCount = roles.count
        let bandCount = ageBands.count
        var e = baseVacancies
        for i in 0..<(leafCount * roleCount) {
            var sum = 0.0
            for b in 0..<bandCount { sum += baseStock[i * bandCount + b] }
            e[i] += sum
        }
        return e
    }

    /// Activities, workload and the required FTE of every leaf, role and year (both methods).
    func projectDemand(into result: inout ProjectionResult) {
        let roleCount = roles.count
        let yearCount = self.yearCount
        let groupCount = ageGroups.count
        let leafCount = self.leafCount
        let e = establishment

        // C[k,a,t] and the weighted workload W[a,t].
        var counts = Array(repeating: 0.0, count: activities.count * leafCount * yearCount)
        var workload = Array(repeating: 0.0, count: leafCount * yearCount)
        for (k, activity) in activities.enumerated() {
            let growth = (0..<yearCount).map { power(1 + activity.trend, $0) }
            for leaf in 0..<leafCount {
                let base = activity.baseCounts[leaf]
                let row = (k * leafCount + leaf) * yearCount
                for t in 0..<yearCount {
                    var demography = 0.0
                    for g in 0..<groupCount where activity.ageMix[g] != 0 {
                        demography += activity.ageMix[g] * populationRatio[(leaf * groupCount + g) * yearCount + t]
                    }
                    let count = base * demography * growth[t] * activity.policyFactor[t]
                    counts[row + t] = count
                    workload[leaf * yearCount + t] += count * activity.weight
                }
            }
        }
        let productivity = (0..<yearCount).map { power(1 + productivityGrowth, $0) }

        // R_case[a,t] = W / s[a] / π(t), shared among caseload roles by establishment.
        var required = Array(repeating: 0.0, count: leafCount * roleCount * yearCount)
        @inline(__always) func at(_ leaf: Int, _ role: Int, _ t: Int) -> Int { (leaf * roleCount + role) * yearCount + t }
        if !caseloadRoles.isEmpty {
            var caseloadE = Array(repeating: 0.0, count: leafCount)
            for leaf in 0..<leafCount {
                for r in caseloadRoles { caseloadE[leaf] += e[leaf * roleCount + r] }
            }
            let standards = caseloadStandards(workload: workload, caseloadEstablishment: caseloadE)
            for leaf in 0..<leafCount {
                let s = standards[leaf]
                for t in 0..<yearCount {
                    let total = s == 0 ? 0 : workload[leaf * yearCount + t] / s / productivity[t]
                    for r in caseloadRoles {
                        let share = caseloadE[leaf] == 0
                            ? 1 / Double(caseloadRoles.count)
                            : e[leaf * roleCount + r] / caseloadE[leaf]
                        required[at(leaf, r, t)] = total * share
                    }
                }
            }
        }
        for (r, role) in roles.enumerated() {
            guard case .perActivity(let k, let staffPerUnit) = role.demand else { continue }
            for leaf in 0..<leafCount {
                for t in 0..<yearCount {
                    required[at(leaf, r, t)] = counts[(k * leafCount + leaf) * yearCount + t] * staffPerUnit / productivity[t]
                }
            }
        }
        for r in ratioOrder {
            guard case .ratio(let of) = roles[r].demand else { continue }
            var nationalR = 0.0
            var nationalOf = 0.0
            for leaf in 0..<leafCount {
                nationalR += e[leaf * roleCount + r]
                nationalOf += e[leaf * roleCount + of]
            }
            let nationalRatio = nationalOf == 0 ? 0 : nationalR / nationalOf
            for leaf in 0..<leafCount {
                let eOf = e[leaf * roleCount + of]
                let ratio = eOf == 0 ? nationalRatio : e[leaf * roleCount + r] / eOf
                for t in 0..<yearCount {
                    required[at(leaf, r, t)] = required[at(leaf, of, t)] * ratio
                }
            }
        }

        // Into the result, with leaf shortages.
        for leaf in 0..<leafCount {
            let area = leafAreas[leaf]
            for r in 0..<roleCount {
                let source = (leaf * roleCount + r) * yearCount
                let target = (area * roleCount + r) * yearCount
                for t in 0..<yearCount {
                    let value = required[source + t]
                    result.required[target + t] = value
                    result.shortage[target + t] = max(0, value - result.fte[target + t])
                }
            }
        }

        // The OBR-consistent requirement: E × D[a,t] × (1+g)^t / π(t).
        if let obr {
            let nonDemographic = (0..<yearCount).map { power(1 + obr.nonDemographicGrowth, $0) }
            for leaf in 0..<leafCount {
                let area = leafAreas[leaf]
                var weighted = Array(repeating: 0.0, count: yearCount)
                for g in 0..<groupCount where obr.costWeights[g] != 0 {
                    let row = (leaf * groupCount + g) * yearCount
                    for t in 0..<yearCount { weighted[t] += population[row + t] * obr.costWeights[g] }
                }
                for t in 0..<yearCount {
                    let pressure = weighted[t] / weighted[0]
                    for r in 0..<roleCount {
                        let i = (area * roleCount + r) * yearCount + t
                        let value = e[leaf * roleCount + r] * pressure * nonDemographic[t] / productivity[t]
                        result.requiredObr[i] = value
                        result.shortageObr[i] = max(0, value - result.fte[i])
                    }
                }
            }
        }
        result.activityCounts = counts
    }

    /// s[a]: the given standard, or each leaf's base-year workload per caseload FTE, falling
    /// back to the national value where a leaf's is 0 or undefined (0 where that is too).
    func caseloadStandards(workload: [Double], caseloadEstablishment: [Double]) -> [Double] {
        let yearCount = self.yearCount
        switch caseloadStandard {
        case .fixed(let s):
            return Array(repeating: s, count: leafCount)
        case .calibrated:
            var nationalW = 0.0
            var nationalE = 0.0
            for leaf in 0..<leafCount {
                nationalW += workload[leaf * yearCount]
                nationalE += caseloadEstablishment[leaf]
            }
            let national = (nationalW == 0 || nationalE == 0) ? 0 : nationalW / nationalE
            return (0..<leafCount).map { leaf in
                let w = workload[leaf * yearCount]
                let e = caseloadEstablishment[leaf]
                return (w == 0 || e == 0) ? national : w / e
            }
        }
    }

    // MARK: Aggregates

    /// Sums every aggregate area from its children, deepest first, then derives nothing more:
    /// gaps and headcounts are computed from these sums when read.
    func aggregate(_ result: inout ProjectionResult) {
        let block = roles.count * yearCount
        let hasOBR = obr != nil
        for (child, parent) in aggregationSteps {
            let from = child * block
            let to = parent * block
            for i in 0..<block {
                result.fte[to + i] += result.fte[from + i]
                result.leavers[to + i] += result.leavers[from + i]
                result.entrants[to + i] += result.entrants[from + i]
                result.required[to + i] += result.required[from + i]
                result.shortage[to + i] += result.shortage[from + i]
            }
            if hasOBR {
                for i in 0..<block {
                    result.requiredObr[to + i] += result.requiredObr[from + i]
                    result.shortageObr[to + i] += result.shortageObr[from + i]
                }
            }
        }
    }
}
