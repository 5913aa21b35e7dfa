extension Projection {
    /// E[a,r]: FTE in post plus vacancies at the base year, `[leaf][role]`.
    public var establishment: [Double] {
        let bandCount = ageBands.count
        let roleCount = roles.count
        var e = baseVacancies
        baseStock.withUnsafeBufferPointer { stock in
            for leaf in 0..<leafCount {
                for r in 0..<roleCount {
                    var sum = 0.0
                    for b in 0..<bandCount { sum += stock[(r * bandCount + b) * leafCount + leaf] }
                    e[leaf * roleCount + r] += sum
                }
            }
        }
        return e
    }

    /// Activities, workload and the required FTE of every leaf, role and year (both methods),
    /// with leaf shortages. Returns the activity counts C[k,a,t], `[activity][leaf][year]`.
    func projectDemand(into figures: Figures) -> [Double] {
        let roleCount = roles.count
        let yearCount = self.yearCount
        let groupCount = ageGroups.count
        let leafCount = self.leafCount
        let activityCount = activities.count
        let e = establishment

        // Year factors: (1+trend)^t × policy_k(t) per activity; π(t).
        var trendFactor = [Double](repeating: 0, count: activityCount * yearCount)
        for (k, activity) in activities.enumerated() {
            for t in 0..<yearCount { trendFactor[k * yearCount + t] = power(1 + activity.trend, t) }
        }
        let policyFactor = activities.flatMap(\.policyFactor)
        let productivity = (0..<yearCount).map { power(1 + productivityGrowth, $0) }
        // 1 / π(t): the inner loops multiply rather than divide.
        let inverseProductivity = productivity.map { 1 / $0 }

        // C[k,a,t] = B × Σ_g mix·P/P0 × (1+trend)^t × policy(t), and W[a,t] = Σ_k C·weight.
        var workload = [Double](repeating: 0, count: leafCount * yearCount)
        let counts = [Double](unsafeUninitializedCapacity: activityCount * leafCount * yearCount) { c, initialized in
            populationRatio.withUnsafeBufferPointer { ratio in
                workload.withUnsafeMutableBufferPointer { w in
                    withUnsafeTemporaryAllocation(of: Double.self, capacity: yearCount) { demography in
                        for k in 0..<activityCount {
                            let mix = activities[k].ageMix
                            let weight = activities[k].weight
                            let baseCounts = activities[k].baseCounts
                            for leaf in 0..<leafCount {
                                demography.initialize(repeating: 0)
                                for g in 0..<groupCount where mix[g] != 0 {
                                    let share = mix[g]
                                    let row = (leaf &* groupCount &+ g) &* yearCount
                                    for t in 0..<yearCount { demography[t] += share * ratio[row &+ t] }
                                }
                                let base = baseCounts[leaf]
                                let out = (k &* leafCount &+ leaf) &* yearCount
                                for t in 0..<yearCount {
                                    let count = base * demography[t] * trendFactor[k &* yearCount &+ t] * policyFactor[k &* yearCount &+ t]
                                    (c.baseAddress! + (out &+ t)).initialize(to: count)
                                    w[leaf &* yearCount &+ t] += count * weight
                                }
                            }
                        }
                    }
                }
            }
            initialized = activityCount * leafCount * yearCount
        }

        // Caseload roles share W / s / π in proportion to their establishment.
        var caseloadE = [Double](repeating: 0, count: leafCount)
        for leaf in 0..<leafCount {
            for r in caseloadRoles { caseloadE[leaf] += e[leaf * roleCount + r] }
        }
        let standards = caseloadStandards(workload: workload, caseloadEstablishment: caseloadE)
        // Each role's rule as plain numbers: kind (0 caseload, 1 ratio, 2 per activity), the
        // role or activity it refers to, staff per unit; and the national ratio for E[of] = 0.
        var kind = [Int](repeating: 0, count: roleCount)
        var target = [Int](repeating: 0, count: roleCount)
        var staffPerUnit = [Double](repeating: 0, count: roleCount)
        var nationalRatio = [Double](repeating: 0, count: roleCount)
        for r in 0..<roleCount {
            switch roles[r].demand {
            case .caseload:
                kind[r] = 0
            case .ratio(let of):
                kind[r] = 1
                target[r] = of
                var sumR = 0.0
                var sumOf = 0.0
                for leaf in 0..<leafCount {
                    sumR += e[leaf * roleCount + r]
                    sumOf += e[leaf * roleCount + of]
                }
                nationalRatio[r] = sumOf == 0 ? 0 : sumR / sumOf
            case .perActivity(let activity, let perUnit):
                kind[r] = 2
                target[r] = activity
                staffPerUnit[r] = perUnit
            }
        }
        let caseloadShare = 1 / Double(max(caseloadRoles.count, 1))
        let fte = figures.metric(.fte)
        let required = figures.metric(.required)
        let shortage = figures.metric(.shortage)

        counts.withUnsafeBufferPointer { c in
            workload.withUnsafeBufferPointer { w in
                inverseProductivity.withUnsafeBufferPointer { pi in
                    e.withUnsafeBufferPointer { e in
                        for leaf in 0..<leafCount {
                            let areaCells = leafAreas[leaf] &* roleCount &* yearCount
                            let s = standards[leaf]
                            let ownE = e.baseAddress! + leaf &* roleCount
                            for r in 0..<roleCount where kind[r] != 1 {
                                let out = required + (areaCells &+ r &* yearCount)
                                if kind[r] == 0 {
                                    let share = caseloadE[leaf] == 0 ? caseloadShare : ownE[r] / caseloadE[leaf]
                                    // W / s / π, with the divisions done once as reciprocals.
                                    let perStandard = s == 0 ? 0 : 1 / s
                                    for t in 0..<yearCount {
                                        out[t] = w[leaf &* yearCount &+ t] * perStandard * pi[t] * share
                                    }
                                } else {
                                    let source = (target[r] &* leafCount &+ leaf) &* yearCount
                                    let perUnit = staffPerUnit[r]
                                    for t in 0..<yearCount { out[t] = c[source &+ t] * perUnit * pi[t] }
                                }
                            }
                            for r in ratioOrder {
                                let of = target[r]
                                let ratio = ownE[of] == 0 ? nationalRatio[r] : ownE[r] / ownE[of]
                                let out = required + (areaCells &+ r &* yearCount)
                                let source = required + (areaCells &+ of &* yearCount)
                                for t in 0..<yearCount { out[t] = source[t] * ratio }
                            }
                            for i in areaCells..<(areaCells &+ roleCount &* yearCount) {
                                let gap = required[i] - fte[i]
                                shortage[i] = gap > 0 ? gap : 0
                            }
                        }
                    }
                }
            }
        }

        // The OBR-consistent requirement: E × D[a,t] × (1+g)^t / π(t).
        if let obr {
            let requiredObr = figures.metric(.requiredObr)
            let shortageObr = figures.metric(.shortageObr)
            // (1 + g)^t / π(t) by year.
            var growth = [Double](repeating: 0, count: yearCount)
            for t in 0..<yearCount { growth[t] = power(1 + obr.nonDemographicGrowth, t) / productivity[t] }
            let weights = obr.costWeights
            population.withUnsafeBufferPointer { persons in
                withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * yearCount) { scratch in
                    let weighted = scratch.baseAddress!
                    let pressure = weighted + yearCount
                    for leaf in 0..<leafCount {
                        let areaCells = leafAreas[leaf] &* roleCount &* yearCount
                        weighted.update(repeating: 0, count: yearCount)
                        for g in 0..<groupCount where weights[g] != 0 {
                            let row = (leaf &* groupCount &+ g) &* yearCount
                            for t in 0..<yearCount { weighted[t] += persons[row &+ t] * weights[g] }
                        }
                        for t in 0..<yearCount { pressure[t] = weighted[t] / weighted[0] }
                        for r in 0..<roleCount {
                            let out = areaCells &+ r &* yearCount
                            let establishment = e[leaf &* roleCount &+ r]
                            for t in 0..<yearCount {
                                let value = establishment * pressure[t] * growth[t]
                                requiredObr[out &+ t] = value
                                let gap = value - fte[out &+ t]
                                shortageObr[out &+ t] = gap > 0 ? gap : 0
                            }
                        }
                    }
                }
            }
        }
        return counts
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

    /// Sums every aggregate area from its children, deepest first. Gaps and headcounts are
    /// derived from these sums when read.
    func aggregate(_ figures: Figures) {
        let block = roles.count * yearCount
        let metrics = figures.hasOBR ? ProjectionResult.Metric.allCases.count : ProjectionResult.Metric.requiredObr.rawValue
        for (child, parent) in aggregationSteps {
            for m in 0..<metrics {
                let from = figures.base + m * figures.cells + child * block
                let to = figures.base + m * figures.cells + parent * block
                addInPlace(to, from, count: block)
            }
        }
    }
}

/// to[i] += from[i], four at a time (the compiler cannot prove the buffers do not overlap).
@inline(__always)
func addInPlace(_ to: UnsafeMutablePointer<Double>, _ from: UnsafeMutablePointer<Double>, count: Int) {
    let target = UnsafeMutableRawPointer(to)
    let source = UnsafeRawPointer(from)
    var i = 0
    while i &+ 4 <= count {
        let sum = target.loadUnaligned(fromByteOffset: i &* 8, as: SIMD4<Double>.self)
            + source.loadUnaligned(fromByteOffset: i &* 8, as: SIMD4<Double>.self)
        target.storeBytes(of: sum, toByteOffset: i &* 8, as: SIMD4<Double>.self)
        i &+= 4
    }
    while i < count {
        to[i] += from[i]
        i &+= 1
    }
}
