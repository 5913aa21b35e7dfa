extension Projection {
    /// E[a,r]: FTE in post plus vacancies at the base year, `[role][leaf]`.
    public var establishment: [Double] {
        let bandCount = ageBands.count
        let roleCount = roles.count
        var e = [Double](repeating: 0, count: roleCount * leafCount)
        for r in 0..<roleCount {
            for leaf in 0..<leafCount {
                var sum = 0.0
                for b in 0..<bandCount { sum += baseStock[(r * bandCount + b) * leafCount + leaf] }
                e[r * leafCount + leaf] = baseVacancies[leaf * roleCount + r] + sum
            }
        }
        return e
    }

    /// Activities, workload and the required FTE of every leaf, role and year (both methods),
    /// with leaf shortages, all as loops over contiguous leaves. Returns the activity counts
    /// C[k,a,t], `[activity][year][leaf]`.
    func projectDemand(into figures: Figures<Double>, lean: Bool = false) -> [Double] {
        let roleCount = roles.count
        let yearCount = self.yearCount
        let groupCount = ageGroups.count
        let leafCount = self.leafCount
        let activityCount = activities.count
        let e = establishment

        let productivity = (0..<yearCount).map { power(1 + productivityGrowth, $0) }
        // 1 / π(t): the inner loops multiply rather than divide.
        let inverseProductivity = productivity.map { 1 / $0 }

        // C[k,a,t] = B × Σ_g mix·P/P0 × (1+trend)^t × policy(t), and W[a,t] = Σ_k C·weight.
        var workload = [Double](repeating: 0, count: yearCount * leafCount)
        let counts = [Double](unsafeUninitializedCapacity: activityCount * yearCount * leafCount) { c, initialized in
            let counts = c.baseAddress!
            counts.initialize(repeating: 0, count: activityCount * yearCount * leafCount)
            populationRatio.withUnsafeBufferPointer { ratio in
                workload.withUnsafeMutableBufferPointer { w in
                    withUnsafeTemporaryAllocation(of: Double.self, capacity: leafCount) { scratch in
                        let demography = scratch.baseAddress!
                        for (k, activity) in activities.enumerated() {
                            activity.baseCounts.withUnsafeBufferPointer { base in
                                for t in 0..<yearCount {
                                    demography.update(repeating: 0, count: leafCount)
                                    for g in 0..<groupCount where activity.ageMix[g] != 0 {
                                        multiplyAdd(demography, activity.ageMix[g], ratio.baseAddress! + (g &* yearCount &+ t) &* leafCount, count: leafCount)
                                    }
                                    let yearFactor = power(1 + activity.trend, t)
                                    let policy = activity.policyFactor[t]
                                    let out = counts + (k &* yearCount &+ t) &* leafCount
                                    let load = w.baseAddress! + t &* leafCount
                                    let weight = activity.weight
                                    let baseRow = UnsafeMutablePointer(mutating: base.baseAddress!)
                                    let yearLanes = Lanes(repeating: yearFactor)
                                    let policyLanes = Lanes(repeating: policy)
                                    let weightLanes = Lanes(repeating: weight)
                                    forEachLane(leafCount) { l in
                                        let count = baseRow.lanes(l) * demography.lanes(l) * yearLanes * policyLanes
                                        out.setLanes(l, count)
                                        load.setLanes(l, load.lanes(l) + count * weightLanes)
                                    } scalar: { l in
                                        let count = baseRow[l] * demography[l] * yearFactor * policy
                                        out[l] = count
                                        load[l] += count * weight
                                    }
                                }
                            }
                        }
                    }
                }
            }
            initialized = activityCount * yearCount * leafCount
        }

        // Caseload roles share W / s / π in proportion to their establishment.
        var caseloadE = [Double](repeating: 0, count: leafCount)
        for r in caseloadRoles {
            for leaf in 0..<leafCount { caseloadE[leaf] += e[r * leafCount + leaf] }
        }
        let standards = caseloadStandards(workload: workload, caseloadEstablishment: caseloadE)
        let perStandard = standards.map { $0 == 0 ? 0 : 1 / $0 }
        let caseloadShare = 1 / Double(max(caseloadRoles.count, 1))
        // What multiplies the role's driver in each leaf: its share of the caseload, or its
        // ratio to the role it follows (the national ratio where that role's E is 0).
        var factor = [Double](repeating: 0, count: roleCount * leafCount)
        for r in 0..<roleCount {
            switch roles[r].demand {
            case .caseload:
                for leaf in 0..<leafCount {
                    factor[r * leafCount + leaf] = caseloadE[leaf] == 0 ? caseloadShare : e[r * leafCount + leaf] / caseloadE[leaf]
                }
            case .ratio(let of):
                var sumR = 0.0
                var sumOf = 0.0
                for leaf in 0..<leafCount {
                    sumR += e[r * leafCount + leaf]
                    sumOf += e[of * leafCount + leaf]
                }
                let national = sumOf == 0 ? 0 : sumR / sumOf
                for leaf in 0..<leafCount {
                    let eOf = e[of * leafCount + leaf]
                    factor[r * leafCount + leaf] = eOf == 0 ? national : e[r * leafCount + leaf] / eOf
                }
            case .perActivity:
                break
            }
        }

        // The rules as plain numbers for the loops below.
        let perActivityRoles: [(Int, Int, Double)] = roles.indices.compactMap { r in
            guard case .perActivity(let k, let staffPerUnit) = roles[r].demand else { return nil }
            return (r, k, staffPerUnit)
        }
        let ratioRoles: [(Int, Int)] = ratioOrder.compactMap { r in
            guard case .ratio(let of) = roles[r].demand else { return nil }
            return (r, of)
        }
        workload.withUnsafeBufferPointer { w in
            counts.withUnsafeBufferPointer { c in
                factor.withUnsafeBufferPointer { f in
                    perStandard.withUnsafeBufferPointer { perS in
                        for t in 0..<yearCount {
                            let inversePi = inverseProductivity[t]
                            let inversePiLanes = Lanes(repeating: inversePi)
                            let load = UnsafeMutablePointer(mutating: w.baseAddress! + t &* leafCount)
                            let perStandard = UnsafeMutablePointer(mutating: perS.baseAddress!)
                            for r in caseloadRoles {
                                let out = figures.row(.required, t, r)
                                let share = UnsafeMutablePointer(mutating: f.baseAddress! + r &* leafCount)
                                forEachLane(leafCount) { l in
                                    out.setLanes(l, load.lanes(l) * perStandard.lanes(l) * inversePiLanes * share.lanes(l))
                                } scalar: { l in
                                    out[l] = load[l] * perStandard[l] * inversePi * share[l]
                                }
                            }
                            for (r, k, staffPerUnit) in perActivityRoles {
                                let out = figures.row(.required, t, r)
                                let source = UnsafeMutablePointer(mutating: c.baseAddress! + (k &* yearCount &+ t) &* leafCount)
                                let perUnit = Lanes(repeating: staffPerUnit)
                                forEachLane(leafCount) { l in
                                    out.setLanes(l, source.lanes(l) * perUnit * inversePiLanes)
                                } scalar: { l in
                                    out[l] = source[l] * staffPerUnit * inversePi
                                }
                            }
                            for (r, of) in ratioRoles {
                                let out = figures.row(.required, t, r)
                                let source = figures.row(.required, t, of)
                                let ratio = UnsafeMutablePointer(mutating: f.baseAddress! + r &* leafCount)
                                forEachLane(leafCount) { l in
                                    out.setLanes(l, source.lanes(l) * ratio.lanes(l))
                                } scalar: { l in
                                    out[l] = source[l] * ratio[l]
                                }
                            }
                            for r in 0..<roleCount {
                                if !lean { positivePart(of: figures.row(.required, t, r), minus: figures.row(.fte, t, r), into: figures.row(.shortage, t, r), count: leafCount) }
                            }
                            if agency != nil, !lean {
                                // v2: max(0, required − fte − agency FTE), in each leaf.
                                for r in 0..<roleCount {
                                    let out = figures.row(.shortageWithAgency, t, r)
                                    let required = figures.row(.required, t, r)
                                    let fte = figures.row(.fte, t, r)
                                    let agencyFTE = figures.row(.agencyFte, t, r)
                                    for l in 0..<leafCount {
                                        let gap = required[l] - fte[l] - agencyFTE[l]
                                        out[l] = gap > 0 ? gap : 0
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        // The OBR-consistent requirement: E × D[a,t] × (1+g)^t / π(t).
        if let obr, !lean {
            population.withUnsafeBufferPointer { persons in
                e.withUnsafeBufferPointer { e in
                    withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * leafCount) { scratch in
                        let base = scratch.baseAddress!
                        let pressure = base + leafCount
                        for t in 0..<yearCount {
                            // D[a,t] = Σ_g P[a,g,t]·w[g] / Σ_g P[a,g,T0]·w[g]; with v2's index,
                            // Σ_g P[a,g,T0]·w[g]·I[g,t]/I[g,T0] / Σ_g P[a,g,T0]·w[g].
                            pressure.update(repeating: 0, count: leafCount)
                            if t == 0 { base.update(repeating: 0, count: leafCount) }
                            for g in 0..<groupCount where obr.costWeights[g] != 0 {
                                if obr.indexRatio.isEmpty {
                                    multiplyAdd(pressure, obr.costWeights[g], persons.baseAddress! + (g &* yearCount &+ t) &* leafCount, count: leafCount, weightFirst: false)
                                } else {
                                    let weight = obr.costWeights[g] * obr.indexRatio[g * yearCount + t]
                                    multiplyAdd(pressure, weight, persons.baseAddress! + g &* yearCount &* leafCount, count: leafCount, weightFirst: false)
                                }
                            }
                            if t == 0 { base.update(from: pressure, count: leafCount) }
                            for leaf in 0..<leafCount { pressure[leaf] = pressure[leaf] / base[leaf] }
                            let growth = power(1 + obr.nonDemographicGrowth, t) / productivity[t]
                            for r in 0..<roleCount {
                                let out = figures.row(.requiredObr, t, r)
                                let establishment = e.baseAddress! + r &* leafCount
                                let establishmentRow = UnsafeMutablePointer(mutating: establishment)
                                let growthLanes = Lanes(repeating: growth)
                                forEachLane(leafCount) { l in
                                    out.setLanes(l, establishmentRow.lanes(l) * pressure.lanes(l) * growthLanes)
                                } scalar: { l in
                                    out[l] = establishmentRow[l] * pressure[l] * growth
                                }
                                positivePart(of: out, minus: figures.row(.fte, t, r), into: figures.row(.shortageObr, t, r), count: leafCount)
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
    /// `workload` is W laid out `[year][leaf]`.
    func caseloadStandards(workload: [Double], caseloadEstablishment: [Double]) -> [Double] {
        let standards = ruleStandards(workload: workload, caseloadEstablishment: caseloadEstablishment)
        // v2: a leaf's own standard replaces the rule's there.
        let chosen = areaStandards.isEmpty ? standards : (0..<leafCount).map { areaStandards[$0] ?? standards[$0] }
        return standardMultiplier == 1 ? chosen : chosen.map { $0 * standardMultiplier }
    }

    private func ruleStandards(workload: [Double], caseloadEstablishment: [Double]) -> [Double] {
        switch caseloadStandard {
        case .fixed(let s):
            return Array(repeating: s, count: leafCount)
        case .calibrated:
            var nationalW = 0.0
            var nationalE = 0.0
            for leaf in 0..<leafCount {
                nationalW += workload[leaf]
                nationalE += caseloadEstablishment[leaf]
            }
            let national = (nationalW == 0 || nationalE == 0) ? 0 : nationalW / nationalE
            return (0..<leafCount).map { leaf in
                let w = workload[leaf]
                let e = caseloadEstablishment[leaf]
                return (w == 0 || e == 0) ? national : w / e
            }
        }
    }

    // MARK: Aggregates

    /// Every aggregate slot of every row is the sum of its direct children (runs of leaf slots
    /// and aggregate slots), deepest first. Gaps and headcounts are derived when read.
    func aggregate<Scalar: KernelScalar>(_ figures: Figures<Scalar>, metrics: Int, only: [ProjectionResult.Metric]? = nil) {
        // The sums as plain integers: aggregate a's terms are terms[offset[a] ..< offset[a+1]],
        // each a start slot and a count.
        var offsets = [0]
        var starts: [Int] = []
        var counts: [Int] = []
        for aggregate in aggregateSums {
            for term in aggregate.terms {
                starts.append(term.lowerBound)
                counts.append(term.count)
            }
            offsets.append(starts.count)
        }
        let targets = aggregateSums.map(\.slot)
        let rowsPerMetric = yearCount * roles.count
        let rowList: [Int] = only.map { list in list.flatMap { m in (0..<rowsPerMetric).map { m.rawValue * rowsPerMetric + $0 } } }
            ?? Array(0..<(metrics * rowsPerMetric))
        offsets.withUnsafeBufferPointer { offsets in
            starts.withUnsafeBufferPointer { starts in
                counts.withUnsafeBufferPointer { counts in
                    targets.withUnsafeBufferPointer { targets in
                        for row in rowList {
                            let slots = figures.base + row &* figures.areas
                            for a in 0..<targets.count {
                                var total: Scalar = 0
                                for i in offsets[a]..<offsets[a &+ 1] {
                                    let count = counts[i]
                                    total += count == 1 ? slots[starts[i]] : sum(slots + starts[i], count: count)
                                }
                                slots[targets[a]] = total
                            }
                        }
                    }
                }
            }
        }
    }
}

/// y[i] += a × x[i] (`weightFirst`) or y[i] += x[i] × a, four lanes at a time.
@inline(__always)
func multiplyAdd(_ y: UnsafeMutablePointer<Double>, _ a: Double, _ x: UnsafePointer<Double>, count: Int, weightFirst: Bool = true) {
    let x = UnsafeMutablePointer(mutating: x)
    let lanes = Lanes(repeating: a)
    if weightFirst {
        forEachLane(count) { i in y.setLanes(i, y.lanes(i) + lanes * x.lanes(i)) } scalar: { i in y[i] += a * x[i] }
    } else {
        forEachLane(count) { i in y.setLanes(i, y.lanes(i) + x.lanes(i) * lanes) } scalar: { i in y[i] += x[i] * a }
    }
}

/// out[i] = max(0, a[i] − b[i]), four lanes at a time.
@inline(__always)
func positivePart(of a: UnsafeMutablePointer<Double>, minus b: UnsafeMutablePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int) {
    let zero = Lanes(repeating: 0)
    forEachLane(count) { i in
        out.setLanes(i, pointwiseMax(a.lanes(i) - b.lanes(i), zero))
    } scalar: { i in
        let gap = a[i] - b[i]
        out[i] = gap > 0 ? gap : 0
    }
}

/// Σ p[i] over `count` values, four running sums combined at the end (deterministic).
@inline(__always)
func sum<Scalar: KernelScalar>(_ p: UnsafeMutablePointer<Scalar>, count: Int) -> Scalar {
    var lanes = SIMD4<Scalar>(repeating: 0)
    var tail: Scalar = 0
    forEachLane(count) { i in lanes += p.lanes(i) } scalar: { i in tail += p[i] }
    return lanes.sum() + tail
}

/// to[i] += from[i], four at a time (the compiler cannot prove the buffers do not overlap).
@inline(__always)
func addInPlace<Scalar: KernelScalar>(_ to: UnsafeMutablePointer<Scalar>, _ from: UnsafeMutablePointer<Scalar>, count: Int) {
    var i = 0
    while i &+ 4 <= count {
        to.setLanes(i, to.lanes(i) + from.lanes(i))
        i &+= 4
    }
    while i < count {
        to[i] += from[i]
        i &+= 1
    }
}
