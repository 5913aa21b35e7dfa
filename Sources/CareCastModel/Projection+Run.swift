extension Projection {
    /// Runs the whole model: supply, demand, aggregates and (unless switched off) training
    /// sufficiency. Pure: the same projection gives the same result, bit for bit.
    public func run(trainingSufficiency includeTrainingSufficiency: Bool = true) -> ProjectionResult {
        let metricCount = ProjectionResult.Metric.storedCount(hasOBR: obr != nil, hasAgency: agency != nil, hasEarlyCareer: earlyCareer != nil)
        let cells = areas.count * roles.count * yearCount
        var activityCounts: [Double] = []
        let values = [Double](unsafeUninitializedCapacity: metricCount * cells) { buffer, initialized in
            // Supply and demand write every leaf slot; aggregation writes every aggregate slot.
            let figures = Figures(base: buffer.baseAddress!, rows: roles.count, areas: areas.count, years: yearCount)
            // Slots of metrics stored only to keep later ones in place (the OBR ones without
            // `demand.obr`, the agency ones without `agency`) hold 0.
            let perMetric = cells
            for metric in ProjectionResult.Metric.allCases where metric.rawValue < metricCount && !hasMetric(metric) {
                (buffer.baseAddress! + metric.rawValue * perMetric).initialize(repeating: 0, count: perMetric)
            }
            projectSupply(into: figures)
            activityCounts = projectDemand(into: figures)
            aggregate(figures, metrics: metricCount)
            initialized = metricCount * cells
        }
        var result = ProjectionResult(
            baseYear: baseYear, years: (0..<yearCount).map { baseYear + $0 }, areas: areas,
            roles: roles, activityIDs: activityIDs, leafAreas: leafAreas, areaSlots: areaSlots,
            hasOBR: obr != nil, hasAgency: agency != nil, hasEarlyCareer: earlyCareer != nil, values: values, activityCounts: activityCounts, trainingSufficiency: [])
        result.specVersion = specVersion
        if includeTrainingSufficiency {
            result.trainingSufficiency = trainingSufficiency(given: result)
        }
        return result
    }

    /// Whether this projection computes `metric` (the OBR ones need `demand.obr`, and so on).
    func hasMetric(_ metric: ProjectionResult.Metric) -> Bool {
        switch metric {
        case .requiredObr, .shortageObr: obr != nil
        case .agencyFte, .agencyMoves, .agencyConversions, .agencyLeavers, .agencyEntrants, .shortageWithAgency: agency != nil
        case .earlyCareerFte: earlyCareer != nil
        default: true
        }
    }

    /// Runs the projection into `result`, reusing its storage when it has the same shape (as
    /// in Monte Carlo, where every draw has the same areas, roles and years): no allocation per
    /// run. Training sufficiency is not computed. `lean` computes only FTE in post and the
    /// need-based requirement (all that a Monte Carlo draw reads): the other figures of
    /// `result` are then left as they were.
    public func run(into result: inout ProjectionResult, lean: Bool = false) {
        let metricCount = ProjectionResult.Metric.storedCount(hasOBR: obr != nil, hasAgency: agency != nil, hasEarlyCareer: earlyCareer != nil)
        let cells = areas.count * roles.count * yearCount
        guard result.values.count == metricCount * cells, result.areas.count == areas.count,
              result.roles.count == roles.count, result.years.count == yearCount else {
            result = run(trainingSufficiency: false)
            return
        }
        var counts: [Double] = []
        result.values.withUnsafeMutableBufferPointer { buffer in
            let figures = Figures(base: buffer.baseAddress!, rows: roles.count, areas: areas.count, years: yearCount)
            projectSupply(into: figures, lean: lean)
            counts = projectDemand(into: figures, lean: lean)
            aggregate(figures, metrics: metricCount, only: lean ? [.fte, .required] : nil)
        }
        result.activityCounts = counts
        result.trainingSufficiency = []
        result.specVersion = specVersion
    }

    /// The need-based requirement alone into `result` (a result of this projection's shape):
    /// every slot's `required`, as ``run(into:lean:)`` writes it (the requirement does not read
    /// supply); the other figures are left as they were.
    func runRequirement(into result: inout ProjectionResult) {
        let metricCount = ProjectionResult.Metric.storedCount(hasOBR: obr != nil, hasAgency: agency != nil, hasEarlyCareer: earlyCareer != nil)
        guard result.values.count == metricCount * areas.count * roles.count * yearCount else {
            result = run(trainingSufficiency: false)
            return
        }
        result.values.withUnsafeMutableBufferPointer { buffer in
            let figures = Figures(base: buffer.baseAddress!, rows: roles.count, areas: areas.count, years: yearCount)
            _ = projectDemand(into: figures, lean: true)
            aggregate(figures, metrics: metricCount, only: [.required])
        }
    }

    /// Raw access to the result's figures while they are computed: `[metric][year][role][slot]`.
    struct Figures<Scalar> {
        let base: UnsafeMutablePointer<Scalar>
        /// Roles, area slots and years.
        let rows: Int
        let areas: Int
        let years: Int

        /// The slots of one metric, year and role: leaves first, then aggregates.
        @inline(__always)
        func row(_ m: ProjectionResult.Metric, _ t: Int, _ r: Int) -> UnsafeMutablePointer<Scalar> {
            base + ((m.rawValue &* years &+ t) &* rows &+ r) &* areas
        }
    }

    // MARK: Supply

    /// The stock-flow cohort model over all leaves at once: the state is `[role][band][leaf]`,
    /// so every step is a loop over contiguous leaves, and each year's figures are written as
    /// whole rows of the result. `lean` writes FTE in post only, not leavers and entrants.
    /// `shocks` (a Monte Carlo draw's) are applied to the parameters as they are laid out, with
    /// the arithmetic of ``SupplyShocks/apply(to:)``: in double precision the same figures, bit
    /// for bit, without a shocked copy of the projection. In single precision (`Float`, as the
    /// Monte Carlo draws run) the parameters are rounded once laid out and every step runs in
    /// single precision: the figures agree to a few parts in 10⁶.
    func projectSupply<Scalar: KernelScalar>(into figures: Figures<Scalar>, lean: Bool = false, shocks: SupplyShocks? = nil) {
        let roleCount = roles.count
        let leafCount = self.leafCount
        let rowStride = figures.areas
        let entrantFTE: (Int, Int) -> Double = { s, t in
            let people = shocks.map { $0.people(sources[s].people[t], year: t) } ?? sources[s].people[t]
            return people * roles[sources[s].role].fteRatio
        }
        withSupplyKernel(Scalar.self, shocks: shocks, entrantFTE: entrantFTE) { kernel in
            for i in baseStock.indices { kernel.state[i] = Scalar(baseStock[i]) }
            for t in 0..<yearCount {
                let leavers = lean ? nil : figures.row(.leavers, t, 0)
                let entrants = lean ? nil : figures.row(.entrants, t, 0)
                let record = lean || agency == nil ? nil : AgencyRecord(
                    fte: figures.row(.agencyFte, t, 0), moves: figures.row(.agencyMoves, t, 0),
                    conversions: figures.row(.agencyConversions, t, 0), leavers: figures.row(.agencyLeavers, t, 0),
                    entrants: figures.row(.agencyEntrants, t, 0))
                if let entrants {
                    for r in 0..<roleCount { (entrants + r &* rowStride).update(repeating: 0, count: leafCount) }
                }
                if t > 0 {
                    // Advancing to year t reads year t − 1's state and writes its FTE.
                    kernel.advance(yearIndex: t, leavers: leavers, rowStride: rowStride, previousFTE: figures.row(.fte, t - 1, 0))
                    kernel.agencyStep(yearIndex: t, leavers: leavers, entrants: entrants, rowStride: rowStride, record: record)
                    kernel.addEntrants(yearIndex: t, entrants: entrants, rowStride: rowStride)
                } else {
                    if let leavers {
                        for r in 0..<roleCount { (leavers + r &* rowStride).update(repeating: 0, count: leafCount) }
                    }
                    if let record { kernel.recordAgencyBase(record, rowStride: rowStride) }
                }
            }
            let fte = figures.row(.fte, yearCount - 1, 0)
            for r in 0..<roleCount { kernel.sumBands(role: r, into: fte + r &* rowStride) }
            if let earlyCareer, !lean { followEarlyCareer(earlyCareer, kernel: kernel, into: figures) }
        }
    }

    /// Model v2's early-career cohorts (docs/MODEL.md, "Early-career supply"): each cohort goes
    /// through leavers, ageing and progression with the main kernel's parameters, then they
    /// shift, and the listed pipelines' entrants of the year start cohort 0. Writes each year's
    /// `earlyCareerFte`.
    func followEarlyCareer<Scalar: KernelScalar>(_ parameters: EarlyCareerParameters, kernel: SupplyKernel<Scalar>, into figures: Figures<Scalar>) {
        // A cohort is kept by the years it has left in the early-career years (it leaves them at
        // 0). Cohorts that cannot leave them within the horizon are followed as one: the
        // figures are the same, and memory is bounded by the horizon, not by Y.
        let cells = roles.count * ageBands.count * leafCount
        let horizon = yearCount - 1
        let years = parameters.years
        let poolSize = horizon + 3
        withUnsafeTemporaryAllocation(of: Scalar.self, capacity: poolSize * cells) { buffer in
            let base = buffer.baseAddress!
            var free = Array((0..<poolSize).reversed())
            func take() -> (slot: Int, kernel: SupplyKernel<Scalar>) {
                let slot = free.removeLast()
                (base + slot * cells).update(repeating: 0, count: cells)
                return (slot, kernel.following(state: base + slot * cells))
            }
            let lasting = take()
            var cohorts: [(left: Int, slot: Int, kernel: SupplyKernel<Scalar>)] = []
            for (since, values) in parameters.stock {
                let left = years - since
                let target: SupplyKernel<Scalar>
                if left > horizon {
                    target = lasting.kernel
                } else {
                    let new = take()
                    cohorts.append((left, new.slot, new.kernel))
                    target = new.kernel
                }
                for i in 0..<cells { target.state[i] += Scalar(values[i]) }
            }
            func record(_ t: Int) {
                for r in 0..<roles.count {
                    let out = figures.row(.earlyCareerFte, t, r)
                    out.update(repeating: 0, count: leafCount)
                    for b in 0..<ageBands.count { addInPlace(out, lasting.kernel.row(r, b), count: leafCount) }
                    for cohort in cohorts {
                        for b in 0..<ageBands.count { addInPlace(out, cohort.kernel.row(r, b), count: leafCount) }
                    }
                }
            }
            record(0)
            for t in 1..<yearCount {
                lasting.kernel.advance(yearIndex: t, leavers: nil, rowStride: 0)
                for cohort in cohorts { cohort.kernel.advance(yearIndex: t, leavers: nil, rowStride: 0) }
                // A year on: those with none left leave the early-career years.
                for i in cohorts.indices { cohorts[i].left -= 1 }
                for cohort in cohorts where cohort.left == 0 { free.append(cohort.slot) }
                cohorts.removeAll { $0.left == 0 }
                // This year's entrants: a cohort of their own if they leave within the horizon.
                let target: SupplyKernel<Scalar>
                if years > horizon - t {
                    target = lasting.kernel
                } else {
                    let new = take()
                    cohorts.append((years, new.slot, new.kernel))
                    target = new.kernel
                }
                for source in parameters.sources { target.addEntrants(yearIndex: t, entrants: nil, rowStride: 0, only: source) }
                record(t)
            }
        }
    }

    /// Lays the supply parameters out in two temporary buffers (doubles and integers) and
    /// hands the kernel that reads them to `body`. `entrantFTE(s, t)` is the FTE source `s`
    /// brings in year index `t`, before area and band shares.
    /// With `shocks`, the exit shocks are applied to the rates and path as they are laid out, and
    /// their noise replaces the projection's (entrant shocks are the caller's, in `entrantFTE`).
    /// The parameters are laid out in `Scalar` (rounded from the projection's doubles once the
    /// shocks are applied in double precision).
    /// `agencyEntrants` false leaves out entrants to agency work from elsewhere (training
    /// sufficiency's marginal run, which starts from nobody).
    func withSupplyKernel<Scalar: KernelScalar, R>(
        _: Scalar.Type, shocks: SupplyShocks? = nil, agencyEntrants includeAgencyEntrants: Bool = true,
        entrantFTE: (Int, Int) -> Double, _ body: (SupplyKernel<Scalar>) -> R
    ) -> R {
        let roleCount = roles.count
        let bandCount = ageBands.count
        let cells = roleCount * bandCount * leafCount
        let sourceCount = sources.count
        let bandShareCount = sources.reduce(0) { $0 + $1.bandShares.count }
        let noiseCount = yearCount * leafCount
        // A draw's noise (single precision) replaces the projection's own.
        let reverting = leaverReversionFactor.count == noiseCount
        let exitNoise = shocks?.exitNoise.map { $0.count == noiseCount } ?? (leafYearExitFactor.count == noiseCount)
        let entrantNoise = shocks?.entrantNoise.map { $0.count == noiseCount } ?? (leafYearEntrantFactor.count == noiseCount)
        func layNoise(_ drawn: [Float]?, _ own: [Double], into p: UnsafeMutablePointer<Scalar>) {
            if let drawn {
                drawn.withUnsafeBufferPointer { for i in 0..<noiseCount { p[i] = Scalar($0[i]) } }
            } else {
                own.withUnsafeBufferPointer { for i in 0..<noiseCount { p[i] = Scalar($0[i]) } }
            }
        }
        let responsive = progression.contains { $0.response != nil }
        let responsiveCount = responsive ? yearCount * progression.count * leafCount + 3 * progression.count + progression.count * leafCount : 0
        let targetCount = sources.contains { $0.areaShareTarget != nil } ? sourceCount * leafCount + yearCount : 0
        let agencyCells = agency.map { _ in roleCount * leafCount } ?? 0
        let agencyEntrantCount = includeAgencyEntrants ? (agency?.entrants.count ?? 0) : 0
        let agencyCount = agency.map { 2 * agencyCells + noiseCount + yearCount + $0.bandShares.count + agencyEntrantCount } ?? 0
        let doubleCount = cells + progression.count * bandCount * leafCount + 2 * leafCount
            + leaverRateBase.count + bandCount + yearCount + progression.count
            + sourceCount * yearCount + sourceCount * leafCount + bandShareCount
            + (exitNoise || reverting ? noiseCount : 0) + (entrantNoise ? noiseCount : 0) + targetCount + agencyCount + responsiveCount
        let intCount = 2 * progression.count + sourceCount + (sourceCount + 1) + bandShareCount + (agency?.bands.count ?? 0)
            + (responsive ? progression.count : 0)
        return withUnsafeTemporaryAllocation(of: Scalar.self, capacity: doubleCount) { doubles in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: intCount) { ints in
                var d = doubles.baseAddress!
                var n = ints.baseAddress!
                func take(_ count: Int) -> UnsafeMutablePointer<Scalar> {
                    defer { d += count }
                    d.initialize(repeating: 0, count: count)
                    return d
                }
                func takeInts(_ count: Int) -> UnsafeMutablePointer<Int> {
                    defer { n += count }
                    n.initialize(repeating: 0, count: count)
                    return n
                }
                let state = take(cells)
                let moving = take(progression.count * bandCount * leafCount)
                let total = take(leafCount)
                let arriving = take(leafCount)
                let rates = take(leaverRateBase.count)
                leaverRateBase.withUnsafeBufferPointer { base in
                    if let shocks, !shocks.exitLeafFactors.isEmpty {
                        for row in 0..<(base.count / Swift.max(leafCount, 1)) {
                            for leaf in 0..<leafCount {
                                rates[row &* leafCount &+ leaf] = Scalar(shocks.leaverRate(base[row &* leafCount &+ leaf], leaf: leaf))
                            }
                        }
                    } else {
                        for i in 0..<base.count { rates[i] = Scalar(base[i]) }
                    }
                }
                let reciprocals = take(bandCount)
                for b in 0..<min(bandCount, bandWidthReciprocals.count) { reciprocals[b] = Scalar(bandWidthReciprocals[b]) }
                let pathFactor = take(yearCount)
                for t in 0..<yearCount {
                    pathFactor[t] = Scalar(shocks.map { $0.leaverPathFactor(leaverPathFactor[t], year: t) } ?? leaverPathFactor[t])
                }
                var exitFactor: UnsafeMutablePointer<Scalar>?
                if exitNoise || reverting {
                    let p = take(noiseCount)
                    if exitNoise {
                        layNoise(shocks?.exitNoise, leafYearExitFactor, into: p)
                    } else {
                        p.update(repeating: 1, count: noiseCount)
                    }
                    // Version 2: each leaf's leaver multiplier reverting, as a factor on its own.
                    if reverting { for i in 0..<noiseCount { p[i] *= Scalar(leaverReversionFactor[i]) } }
                    exitFactor = p
                }
                var entrantFactor: UnsafeMutablePointer<Scalar>?
                if entrantNoise {
                    let p = take(noiseCount)
                    layNoise(shocks?.entrantNoise, leafYearEntrantFactor, into: p)
                    entrantFactor = p
                }
                let flowRate = take(progression.count)
                let flowFrom = takeInts(progression.count)
                let flowTo = takeInts(progression.count)
                for (i, flow) in progression.enumerated() {
                    flowRate[i] = Scalar(flow.rate)
                    flowFrom[i] = flow.from
                    flowTo[i] = flow.to
                }
                let sourceFTE = take(sourceCount * yearCount)
                let sourceShare = take(sourceCount * leafCount)
                let bandShare = take(bandShareCount)
                let sourceRole = takeInts(sourceCount)
                let bandOffset = takeInts(sourceCount + 1)
                let bandIndex = takeInts(bandShareCount)
                var offset = 0
                for (s, source) in sources.enumerated() {
                    sourceRole[s] = source.role
                    bandOffset[s] = offset
                    for t in 1..<max(yearCount, 1) { sourceFTE[s * yearCount + t] = Scalar(entrantFTE(s, t)) }
                    for leaf in 0..<leafCount { sourceShare[s * leafCount + leaf] = Scalar(source.areaShare[leaf]) }
                    for (band, share) in source.bandShares {
                        bandIndex[offset] = band
                        bandShare[offset] = Scalar(share)
                        offset += 1
                    }
                }
                bandOffset[sourceCount] = offset
                // Version 2: area shares reverting to a target, with weight w(y) on the source's own.
                var shareTargets: (targets: UnsafeMutablePointer<Scalar>, weight: UnsafeMutablePointer<Scalar>, has: [Bool])?
                if targetCount > 0 {
                    let targets = take(sourceCount * leafCount)
                    let weight = take(yearCount)
                    for (s, source) in sources.enumerated() {
                        if let target = source.areaShareTarget { for leaf in 0..<leafCount { targets[s * leafCount + leaf] = Scalar(target[leaf]) } }
                    }
                    for t in 0..<yearCount { weight[t] = Scalar(t < reversionWeight.count ? reversionWeight[t] : 1) }
                    shareTargets = (targets, weight, sources.map { $0.areaShareTarget != nil })
                }
                var agencyKernel: AgencyKernel<Scalar>?
                if let agency {
                    let state = take(agencyCells)
                    let leaving = take(agencyCells)
                    let move = take(noiseCount)
                    let out = take(yearCount)
                    let shares = take(agency.bandShares.count)
                    let bands = takeInts(agency.bands.count)
                    for i in 0..<agencyCells { state[i] = Scalar(agency.stock[i]) }
                    for i in 0..<noiseCount { move[i] = Scalar(agency.moveRate[i]) }
                    for t in 0..<yearCount { out[t] = Scalar(agency.outflowRate[t]) }
                    for i in agency.bands.indices {
                        bands[i] = agency.bands[i]
                        shares[i] = Scalar(agency.bandShares[i])
                    }
                    var entrants: UnsafeMutablePointer<Scalar>?
                    if agencyEntrantCount > 0 {
                        let p = take(agencyEntrantCount)
                        for i in 0..<agencyEntrantCount { p[i] = Scalar(agency.entrants[i]) }
                        entrants = p
                    }
                    agencyKernel = AgencyKernel(
                        state: state, leavers: leaving, moveRate: move, outflowRate: out, conversionShare: Scalar(agency.conversionShare),
                        bandCount: agency.bands.count, bands: bands, bandShares: shares, entrants: entrants)
                }
                // Version 2: responsive progression's parameters, and each step's rates by leaf.
                var responsiveKernel: ResponsiveProgression<Scalar>?
                if responsive {
                    let rates = take(yearCount * progression.count * leafCount)
                    let strength = take(progression.count)
                    let maxRate = take(progression.count)
                    let national = take(progression.count)
                    let targets = take(progression.count * leafCount)
                    let active = takeInts(progression.count)
                    for (f, flow) in progression.enumerated() {
                        guard let response = flow.response else { continue }
                        active[f] = 1
                        strength[f] = Scalar(response.strength)
                        maxRate[f] = Scalar(response.maxRate)
                        national[f] = Scalar(response.targetRatio)
                        for l in 0..<leafCount { targets[f * leafCount + l] = Scalar(response.targets[l]) }
                    }
                    responsiveKernel = ResponsiveProgression(rates: rates, strength: strength, maxRate: maxRate, national: national, targets: targets, active: active, replay: false)
                }
                let kernel = SupplyKernel(
                    roleCount: roleCount, bandCount: bandCount, yearCount: yearCount, leafCount: leafCount,
                    state: state, moving: moving, total: total, arriving: arriving, rates: rates,
                    reciprocals: reciprocals, pathFactor: pathFactor, exitFactor: exitFactor, entrantFactor: entrantFactor,
                    flowCount: progression.count,
                    flowRate: flowRate, flowFrom: flowFrom, flowTo: flowTo, sourceCount: sourceCount,
                    sourceFTE: sourceFTE, sourceShare: sourceShare, sourceRole: sourceRole,
                    bandOffset: bandOffset, bandIndex: bandIndex, bandShare: bandShare,
                    shareTargets: shareTargets.map { ($0.targets, $0.weight) }, sourceHasTarget: shareTargets?.has ?? [],
                    agency: agencyKernel, responsive: responsiveKernel)
                return body(kernel)
            }
        }
    }

    /// The inner loops of the supply model over raw buffers laid out `[role][band][leaf]`: no
    /// arrays, no reference counting, every innermost loop over contiguous leaves.
    struct SupplyKernel<Scalar: KernelScalar> {
        typealias V = SIMD4<Scalar>
        let roleCount: Int
        let bandCount: Int
        let yearCount: Int
        let leafCount: Int
        /// FTE by [role][band][leaf].
        fileprivate(set) var state: UnsafeMutablePointer<Scalar>
        /// Scratch: progression flows by [flow][band][leaf]; one vector over leaves.
        let moving: UnsafeMutablePointer<Scalar>
        let total: UnsafeMutablePointer<Scalar>
        /// Scratch: one source's entrants by leaf, before age bands.
        let arriving: UnsafeMutablePointer<Scalar>
        /// ℓ·m by [role][band][leaf]; 1/width by band; k(t) by year index.
        let rates: UnsafeMutablePointer<Scalar>
        let reciprocals: UnsafeMutablePointer<Scalar>
        let pathFactor: UnsafeMutablePointer<Scalar>
        /// A factor on each leaf's exit rate and entrants by [year][leaf], when drawn.
        let exitFactor: UnsafeMutablePointer<Scalar>?
        let entrantFactor: UnsafeMutablePointer<Scalar>?
        let flowCount: Int
        let flowRate: UnsafeMutablePointer<Scalar>
        let flowFrom: UnsafeMutablePointer<Int>
        let flowTo: UnsafeMutablePointer<Int>
        let sourceCount: Int
        /// FTE by [source][year index]; area share by [source][leaf]; the source's role.
        let sourceFTE: UnsafeMutablePointer<Scalar>
        let sourceShare: UnsafeMutablePointer<Scalar>
        let sourceRole: UnsafeMutablePointer<Int>
        /// Source s's band shares are entries bandOffset[s] ..< bandOffset[s+1].
        let bandOffset: UnsafeMutablePointer<Int>
        let bandIndex: UnsafeMutablePointer<Int>
        let bandShare: UnsafeMutablePointer<Scalar>
        /// Version 2: area-share targets `[source][leaf]` and w by year index, when any source has one.
        let shareTargets: (targets: UnsafeMutablePointer<Scalar>, weight: UnsafeMutablePointer<Scalar>)?
        let sourceHasTarget: [Bool]
        /// Version 2: the agency stock and its flows.
        fileprivate(set) var agency: AgencyKernel<Scalar>?
        /// Version 2: progression rates that respond to the destination's shortfall.
        fileprivate(set) var responsive: ResponsiveProgression<Scalar>?

        @inline(__always)
        func row(_ role: Int, _ band: Int) -> UnsafeMutablePointer<Scalar> {
            state + (role &* bandCount &+ band) &* leafCount
        }

        /// Σ_b S of one role, summed over leaves.
        @inline(__always)
        func nationalFTE(role r: Int) -> Scalar {
            sumBands(role: r, into: total)
            var sum: Scalar = 0
            for l in 0..<leafCount { sum += total[l] }
            return sum
        }

        @inline(__always)
        func sumBands(role r: Int, into o: UnsafeMutablePointer<Scalar>) {
            o.update(repeating: 0, count: leafCount)
            for b in 0..<bandCount { addInPlace(o, row(r, b), count: leafCount) }
        }

        /// Steps 1–3 of one year: leavers (FTE by role, one row of leaves every `rowStride`,
        /// written to `leavers` when given), ageing, progression.
        @inline(__always)
        func advance(
            yearIndex t: Int, leavers: UnsafeMutablePointer<Scalar>?, rowStride: Int,
            previousFTE: UnsafeMutablePointer<Scalar>? = nil
        ) {
            let k = pathFactor[t]
            let kLanes = V(repeating: k)
            let one = V(repeating: 1)
            let leafCount = self.leafCount
            let lastBand = bandCount &- 1
            let bandStride = leafCount
            for r in 0..<roleCount {
                // 1. Leavers, L = S × min(1, ℓ·m·k), U = S − L; and 2. ageing, U[b]/width[b]
                // moves up (the open last band keeps its own): one pass down the bands of four
                // leaves at a time, with the running sums in registers. The state read here is
                // last year's, so its band sum is last year's FTE, written on the way.
                let s = row(r, 0)
                let rate = rates + r &* bandCount &* leafCount
                // The agency step reads each year's leavers: into its own rows when not written out.
                let leaving = leavers.map { $0 + r &* rowStride } ?? agency.map { $0.leavers + r &* leafCount }
                let fte = previousFTE.map { $0 + r &* rowStride }
                let noise = exitFactor.map { $0 + t &* leafCount }
                forEachLane(leafCount) { l in
                    let kLanes = noise.map { kLanes * $0.lanes(l) } ?? kLanes
                    var carry = V(repeating: 0)
                    var total = V(repeating: 0)
                    var before = V(repeating: 0)
                    for b in 0..<bandCount {
                        let cell = b &* bandStride &+ l
                        let stock = s.lanes(cell)
                        before += stock
                        let out = stock * pointwiseMin(rate.lanes(cell) * kLanes, one)
                        total += out
                        let u = stock - out
                        if b < lastBand {
                            let up = u * V(repeating: reciprocals[b])
                            s.setLanes(cell, u - up + carry)
                            carry = up
                        } else {
                            s.setLanes(cell, u + carry)
                        }
                    }
                    leaving?.setLanes(l, total)
                    fte?.setLanes(l, before)
                } scalar: { l in
                    let k = noise.map { k * $0[l] } ?? k
                    var carry: Scalar = 0
                    var total: Scalar = 0
                    var before: Scalar = 0
                    for b in 0..<bandCount {
                        let cell = b &* bandStride &+ l
                        let stock = s[cell]
                        before += stock
                        let p = rate[cell] * k
                        let out = stock * (p < 1 ? p : 1)
                        total += out
                        let u = stock - out
                        if b < lastBand {
                            let up = u * reciprocals[b]
                            s[cell] = u - up + carry
                            carry = up
                        } else {
                            s[cell] = u + carry
                        }
                    }
                    leaving?[l] = total
                    fte?[l] = before
                }
            }
            // 3. Progression: every flow from the state after ageing, then all applied.
            if let responsive {
                // v2: each flow's rate by leaf, from the state after ageing (or, following a
                // cohort, the rates the main state had in this step).
                let rho = responsive.rates + t &* flowCount &* leafCount
                if !responsive.replay { responsiveRates(responsive, into: rho) }
                for f in 0..<flowCount {
                    let r = rho + f &* leafCount
                    for b in 0..<bandCount {
                        let from = row(flowFrom[f], b)
                        let x = moving + (f &* bandCount &+ b) &* leafCount
                        for l in 0..<leafCount { x[l] = from[l] * r[l] }
                    }
                }
            } else {
                for f in 0..<flowCount {
                    let rate = flowRate[f]
                    let rateLanes = V(repeating: rate)
                    for b in 0..<bandCount {
                        let from = row(flowFrom[f], b)
                        let x = moving + (f &* bandCount &+ b) &* leafCount
                        forEachLane(leafCount) { l in x.setLanes(l, from.lanes(l) * rateLanes) } scalar: { l in x[l] = from[l] * rate }
                    }
                }
            }
            for f in 0..<flowCount {
                for b in 0..<bandCount {
                    let from = row(flowFrom[f], b)
                    let to = row(flowTo[f], b)
                    let x = moving + (f &* bandCount &+ b) &* leafCount
                    forEachLane(leafCount) { l in
                        from.setLanes(l, from.lanes(l) - x.lanes(l))
                        to.setLanes(l, to.lanes(l) + x.lanes(l))
                    } scalar: { l in
                        from[l] -= x[l]
                        to[l] += x[l]
                    }
                }
            }
        }

        /// Step 4: each source's FTE split by area share and age distribution; the FTE added
        /// accumulated by role (rows `rowStride` apart) into `entrants` when given.
        @inline(__always)
        func addEntrants(yearIndex t: Int, entrants: UnsafeMutablePointer<Scalar>?, rowStride: Int, only: Int? = nil) {
            for source in 0..<sourceCount where only == nil || only == source {
                let fte = sourceFTE[source &* yearCount &+ t]
                guard fte != 0 else { continue }
                let share = sourceShare + source &* leafCount
                let role = sourceRole[source]
                let noise = entrantFactor.map { $0 + t &* leafCount }
                // The source's FTE by leaf (its area share, and each leaf's noise), then split
                // by age band. Without `entrants` to write, the sum over bands is not kept.
                if let shareTargets, sourceHasTarget[source] {
                    // σ(y) = σ* + (σ − σ*) w(y).
                    let target = shareTargets.targets + source &* leafCount
                    let w = shareTargets.weight[t]
                    for l in 0..<leafCount { arriving[l] = fte * (target[l] + (share[l] - target[l]) * w) * (noise?[l] ?? 1) }
                } else if let noise {
                    for l in 0..<leafCount { arriving[l] = fte * share[l] * noise[l] }
                } else {
                    for l in 0..<leafCount { arriving[l] = fte * share[l] }
                }
                if entrants != nil { total.update(repeating: 0, count: leafCount) }
                for i in bandOffset[source]..<bandOffset[source &+ 1] {
                    let s = row(role, bandIndex[i])
                    let bandShare = self.bandShare[i]
                    if entrants != nil {
                        for l in 0..<leafCount {
                            let part = arriving[l] * bandShare
                            s[l] += part
                            total[l] += part
                        }
                    } else {
                        for l in 0..<leafCount { s[l] += arriving[l] * bandShare }
                    }
                }
                if let entrants {
                    let e = entrants + role &* rowStride
                    for l in 0..<leafCount { e[l] += total[l] }
                }
            }
        }
    
        /// Step 3a of model v2 (after progression, before entrants): moves of this year's
        /// leavers into agency work, the agency stock's outflow and its conversions into LA
        /// posts (added to the state as step 4 entrants, and to `entrants` when given), entrants
        /// to agency work from elsewhere. `leavers` is where `advance` wrote the leavers (rows
        /// `rowStride` apart), or `nil` for the agency's own rows. `record`, when given, takes
        /// the year's agency figures.
        @inline(__always)
        func agencyStep(yearIndex t: Int, leavers: UnsafeMutablePointer<Scalar>?, entrants: UnsafeMutablePointer<Scalar>?, rowStride: Int, record: AgencyRecord<Scalar>?) {
            guard let agency else { return }
            let out = agency.outflowRate[t]
            let kappa = agency.conversionShare
            for r in 0..<roleCount {
                let q = agency.state + r &* leafCount
                let leaving = leavers.map { $0 + r &* rowStride } ?? agency.leavers + r &* leafCount
                let move = agency.moveRate + t &* leafCount
                let arriving = agency.entrants.map { $0 + (t &* roleCount &+ r) &* leafCount }
                for l in 0..<leafCount {
                    let moves = leaving[l] * move[l]
                    let outflow = q[l] * out
                    let conversions = outflow * kappa
                    let fromElsewhere = arriving?[l] ?? 0
                    q[l] = q[l] - outflow + moves + fromElsewhere
                    for i in 0..<agency.bandCount {
                        let s = row(r, agency.bands[i])
                        s[l] += conversions * agency.bandShares[i]
                    }
                    if let entrants { entrants[r &* rowStride &+ l] += conversions }
                    if let record {
                        record.fte[r &* rowStride &+ l] = q[l]
                        record.moves[r &* rowStride &+ l] = moves
                        record.conversions[r &* rowStride &+ l] = conversions
                        record.leavers[r &* rowStride &+ l] = outflow - conversions
                        record.entrants[r &* rowStride &+ l] = fromElsewhere
                    }
                }
            }
        }

        /// The base year's agency figures: the stock given, no flows.
        func recordAgencyBase(_ record: AgencyRecord<Scalar>, rowStride: Int) {
            guard let agency else { return }
            for r in 0..<roleCount {
                for l in 0..<leafCount {
                    record.fte[r &* rowStride &+ l] = agency.state[r &* leafCount &+ l]
                    record.moves[r &* rowStride &+ l] = 0
                    record.conversions[r &* rowStride &+ l] = 0
                    record.leavers[r &* rowStride &+ l] = 0
                    record.entrants[r &* rowStride &+ l] = 0
                }
            }
        }

        /// ρ[f][l] = min(c, max(0, rate × (1 + λ g))) for a responsive flow, its rate otherwise;
        /// then, where the rates out of one role in a leaf add up to more than 1, each divided by
        /// their sum (docs/MODEL.md, "Responsive progression").
        func responsiveRates(_ responsive: ResponsiveProgression<Scalar>, into rho: UnsafeMutablePointer<Scalar>) {
            for f in 0..<flowCount {
                let out = rho + f &* leafCount
                let rate = flowRate[f]
                guard responsive.active[f] != 0 else {
                    out.update(repeating: rate, count: leafCount)
                    continue
                }
                // Vf and Vt by leaf, in the two scratch rows free at this point of the step.
                sumBands(role: flowFrom[f], into: total)
                sumBands(role: flowTo[f], into: arriving)
                let targets = responsive.targets + f &* leafCount
                let strength = responsive.strength[f], cap = responsive.maxRate[f], national = responsive.national[f]
                for l in 0..<leafCount {
                    // The shortfall in FTE of the destination, per FTE the source would need at
                    // the row's own (national) ratio: one coefficient for every leaf, so that
                    // shortfalls and surpluses across leaves net out as they do nationally.
                    let scale = national * total[l]
                    let g: Scalar = scale > 0 ? (targets[l] * total[l] - arriving[l]) / scale : 0
                    let r = rate * (1 + strength * g)
                    out[l] = Swift.min(cap, Swift.max(0, r))
                }
            }
            // By role, the sum over its flows (in flow order, as one leaf at a time would add
            // them) in the scratch row `total`, then each flow's rates divided where it passes 1:
            // loops over contiguous leaves.
            for role in 0..<roleCount {
                var any = false
                for f in 0..<flowCount where flowFrom[f] == role {
                    let row = rho + f &* leafCount
                    if any {
                        for l in 0..<leafCount { total[l] += row[l] }
                    } else {
                        total.update(from: row, count: leafCount)
                        any = true
                    }
                }
                guard any else { continue }
                for f in 0..<flowCount where flowFrom[f] == role {
                    let row = rho + f &* leafCount
                    for l in 0..<leafCount where total[l] > 1 { row[l] /= total[l] }
                }
            }
        }

        /// The same kernel over another state (an early-career cohort): the same rates, paths,
        /// noise and sources, no agency stock (a cohort's movers into agency work just leave).
        func following(state other: UnsafeMutablePointer<Scalar>) -> SupplyKernel {
            var cohort = self
            cohort.state = other
            cohort.agency = nil
            cohort.responsive?.replay = true
            return cohort
        }
    }
}

/// The agency stock's buffers in a supply kernel (model v2).
struct AgencyKernel<Scalar: KernelScalar> {
    /// Q by [role][leaf].
    let state: UnsafeMutablePointer<Scalar>
    /// Scratch: the year's leavers by [role][leaf] when the caller does not keep them.
    let leavers: UnsafeMutablePointer<Scalar>
    /// min(1, α α_a μ) by [year][leaf]; min(1, o ω) by year; κ.
    let moveRate: UnsafeMutablePointer<Scalar>
    let outflowRate: UnsafeMutablePointer<Scalar>
    let conversionShare: Scalar
    let bandCount: Int
    let bands: UnsafeMutablePointer<Int>
    let bandShares: UnsafeMutablePointer<Scalar>
    /// A by [year][role][leaf], when there are entrants from elsewhere.
    let entrants: UnsafeMutablePointer<Scalar>?
}

/// Where a year's agency figures go: rows of the result, one per role `rowStride` apart.
struct AgencyRecord<Scalar> {
    let fte: UnsafeMutablePointer<Scalar>
    let moves: UnsafeMutablePointer<Scalar>
    let conversions: UnsafeMutablePointer<Scalar>
    let leavers: UnsafeMutablePointer<Scalar>
    let entrants: UnsafeMutablePointer<Scalar>
}

/// Responsive progression's buffers in a supply kernel (model v2): each step's rates by flow and
/// leaf, and each flow's strength, cap and target ratios by leaf.
struct ResponsiveProgression<Scalar: KernelScalar> {
    /// ρ by [year][flow][leaf], written by the main state's steps.
    let rates: UnsafeMutablePointer<Scalar>
    let strength: UnsafeMutablePointer<Scalar>
    let maxRate: UnsafeMutablePointer<Scalar>
    /// θ̄ by flow.
    let national: UnsafeMutablePointer<Scalar>
    /// θ by [flow][leaf].
    let targets: UnsafeMutablePointer<Scalar>
    /// 1 where the flow responds.
    let active: UnsafeMutablePointer<Int>
    /// True for a cohort: read the main state's rates, do not compute them.
    var replay: Bool
}
