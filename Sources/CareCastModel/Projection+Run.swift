extension Projection {
    /// Runs the whole model: supply, demand, aggregates and (unless switched off) training
    /// sufficiency. Pure: the same projection gives the same result, bit for bit.
    public func run(trainingSufficiency includeTrainingSufficiency: Bool = true) -> ProjectionResult {
        let roleCount = roles.count
        let yearCount = self.yearCount
        let cells = areas.count * roleCount * yearCount
        var result = ProjectionResult(
            baseYear: baseYear, years: (0..<yearCount).map { baseYear + $0 }, areas: areas,
            roles: roles, activityIDs: activityIDs, leafAreas: leafAreas, hasOBR: obr != nil,
            fte: Array(repeating: 0, count: cells), leavers: Array(repeating: 0, count: cells),
            entrants: Array(repeating: 0, count: cells), required: Array(repeating: 0, count: cells),
            shortage: Array(repeating: 0, count: cells),
            requiredObr: obr == nil ? [] : Array(repeating: 0, count: cells),
            shortageObr: obr == nil ? [] : Array(repeating: 0, count: cells),
            activityCounts: [], trainingSufficiency: [])
        projectSupply(into: &result)
        projectDemand(into: &result)
        aggregate(&result)
        if includeTrainingSufficiency {
            result.trainingSufficiency = trainingSufficiency(given: result)
        }
        return result
    }

    // MARK: Supply

    /// The stock-flow cohort model, leaf by leaf, written straight into the result's layout.
    func projectSupply(into result: inout ProjectionResult) {
        let roleCount = roles.count
        let bandCount = ageBands.count
        let yearCount = self.yearCount
        var state = baseStock
        var scratch = Array(repeating: 0.0, count: roleCount * bandCount)
        let fteRatios = roles.map(\.fteRatio)
        recordFTE(state, yearIndex: 0, into: &result.fte)
        for t in 1..<max(yearCount, 1) {
            result.leavers.withUnsafeMutableBufferPointer { leavers in
                applyExits(&state, yearIndex: t) { leaf, role, amount in
                    leavers[(leafAreas[leaf] * roleCount + role) * yearCount + t] += amount
                }
            }
            applyAgeing(&state)
            applyProgression(&state, scratch: &scratch)
            for source in sources {
                let people = source.people[t] * fteRatios[source.role]
                result.entrants.withUnsafeMutableBufferPointer { entrants in
                    addEntrants(&state, source: source, fte: people) { leaf, amount in
                        entrants[(leafAreas[leaf] * roleCount + source.role) * yearCount + t] += amount
                    }
                }
            }
            recordFTE(state, yearIndex: t, into: &result.fte)
        }
    }

    private func recordFTE(_ state: [Double], yearIndex t: Int, into fte: inout [Double]) {
        let roleCount = roles.count
        let bandCount = ageBands.count
        let yearCount = self.yearCount
        for leaf in 0..<leafCount {
            let area = leafAreas[leaf]
            for role in 0..<roleCount {
                let base = (leaf * roleCount + role) * bandCount
                var sum = 0.0
                for b in 0..<bandCount { sum += state[base + b] }
                fte[(area * roleCount + role) * yearCount + t] = sum
            }
        }
    }

    /// Step 1: L = S × min(1, ℓ × m × k(t)); S becomes U = S − L.
    @inline(__always)
    func applyExits(_ state: inout [Double], yearIndex t: Int, record: (_ leaf: Int, _ role: Int, _ fte: Double) -> Void) {
        let bandCount = ageBands.count
        let roleCount = roles.count
        let k = leaverPathFactor[t]
        state.withUnsafeMutableBufferPointer { s in
            leaverRateBase.withUnsafeBufferPointer { base in
                for leaf in 0..<leafCount {
                    for role in 0..<roleCount {
                        let offset = (leaf * roleCount + role) * bandCount
                        var total = 0.0
                        for b in offset..<(offset + bandCount) {
                            let leaving = s[b] * min(1, base[b] * k)
                            s[b] -= leaving
                            total += leaving
                        }
                        record(leaf, role, total)
                    }
                }
            }
        }
    }

    /// Step 2: a 1/width share of every band but the last moves up one band.
    @inline(__always)
    func applyAgeing(_ state: inout [Double]) {
        let bandCount = ageBands.count
        guard bandCount > 1 else { return }
        let groups = state.count / bandCount
        state.withUnsafeMutableBufferPointer { s in
            bandWidths.withUnsafeBufferPointer { widths in
                for g in 0..<groups {
                    let offset = g * bandCount
                    var arriving = 0.0
                    for b in 0..<(bandCount - 1) {
                        let u = s[offset + b]
                        let moving = u / Double(widths[b])
                        s[offset + b] = u - moving + arriving
                        arriving = moving
                    }
                    s[offset + bandCount - 1] += arriving
                }
            }
        }
    }

    /// Step 3: every flow computed from the state after ageing, then all applied.
    @inline(__always)
    func applyProgression(_ state: inout [Double], scratch: inout [Double]) {
        guard !progression.isEmpty else { return }
        let bandCount = ageBands.count
        let block = roles.count * bandCount
        state.withUnsafeMutableBufferPointer { s in
            scratch.withUnsafeMutableBufferPointer { before in
                for leaf in 0..<leafCount {
                    let offset = leaf * block
                    for i in 0..<block { before[i] = s[offset + i] }
                    for flow in progression {
                        let from = flow.from * bandCount
                        let to = offset + flow.to * bandCount
                        for b in 0..<bandCount {
                            let moving = before[from + b] * flow.rate
                            s[offset + from + b] -= moving
                            s[to + b] += moving
                        }
                    }
                }
            }
        }
    }

    /// Step 4: `fte` FTE from one source, split over leaves by its area shares and over bands
    /// by its age distribution.
    @inline(__always)
    func addEntrants(_ state: inout [Double], source: EntrantSource, fte: Double, record: (_ leaf: Int, _ fte: Double) -> Void) {
        guard fte != 0 else { return }
        let bandCount = ageBands.count
        let roleCount = roles.count
        state.withUnsafeMutableBufferPointer { s in
            for leaf in 0..<leafCount {
                let share = source.areaShare[leaf]
                guard share != 0 else { continue }
                let amount = fte * share
                let offset = (leaf * roleCount + source.role) * bandCount
                var added = 0.0
                for (band, bandShare) in source.bandShares {
                    let part = amount * bandShare
                    s[offset + band] += part
                    added += part
                }
                record(leaf, added)
            }
        }
    }
}
