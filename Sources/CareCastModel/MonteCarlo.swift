import RealModule

/// Uncertainty about one group of the model's flows or needs, as a structured shock: a national
/// path over years (persistent, AR(1) with `persistence`) and a fixed factor per region.
public struct Uncertainty: Sendable, Equatable {
    public enum Target: String, Sendable, CaseIterable {
        /// Exit rates (the leaver multiplier path and each region's leaver rates).
        case exits
        /// People entering from every source.
        case entrants
        /// Growth of need: a persistent shock to the growth of every activity after the base year.
        case needGrowth
    }

    public var target: Target
    /// Standard deviation of the national log factor (for need: of its yearly growth).
    public var sigma: Double
    /// Year-to-year correlation of the national shock, 0…1.
    public var persistence: Double
    /// Standard deviation of each region's fixed log factor.
    public var regionalSigma: Double
    /// Standard deviation of each leaf's (local authority's) fixed log factor, on exits: how far
    /// an authority's own rate may be from the one the baseline took for it.
    public var localSigma: Double
    /// Standard deviation of each leaf's own log factor in each year (exits and entrants): an
    /// authority's year-to-year noise about its expected rate. Drawn with mean 1, so that the
    /// expected flow stays the baseline's.
    public var localYearSigma: Double
    /// Year-to-year correlation of that noise, 0…1.
    public var localYearPersistence: Double

    public init(
        target: Target, sigma: Double, persistence: Double, regionalSigma: Double, localSigma: Double = 0,
        localYearSigma: Double = 0, localYearPersistence: Double = 0
    ) {
        self.target = target
        self.sigma = sigma
        self.persistence = persistence
        self.regionalSigma = regionalSigma
        self.localSigma = localSigma
        self.localYearSigma = localYearSigma
        self.localYearPersistence = localYearPersistence
    }
}

/// Monte Carlo draws of a projection: each draw is the projection with its uncertain flows and
/// needs shocked, seeded from (run seed, draw index) so that serial and parallel runs agree.
/// ``simulate(draws:tasks:bins:progress:)`` runs each draw's supply in single precision (see
/// ``runSupply(_:layout:fte:)``); ``draw(_:)`` gives a draw's projection, for the engine's
/// double precision.
public struct MonteCarlo: Sendable {
    public let projection: Projection
    public let uncertainties: [Uncertainty]
    public let seed: UInt64
    /// For each leaf, the index of the region (its parent area) whose shock it shares.
    let leafRegion: [Int]
    let regionCount: Int
    /// Leaves (the first storage slots of a result).
    let leafCount: Int

    /// The projections of sampled parameter sets (assumptions with distributions), each built
    /// in full; draw i starts from set i mod their number. Empty: every draw starts from
    /// `projection`. Each has the shape (areas, roles, years) of `projection`.
    public let parameterSets: [Projection]
    /// For each uncertainty with local year-to-year noise and no persistence, its factor
    /// table; empty otherwise.
    let localYearTables: [[Float]]

    public init(projection: Projection, uncertainties: [Uncertainty], seed: UInt64, parameterSets: [Projection] = []) {
        precondition(parameterSets.allSatisfy { $0.hasShape(of: projection) }, "parameter sets must have the projection's shape")
        self.projection = projection
        self.parameterSets = parameterSets
        localYearTables = uncertainties.map { $0.localYearSigma > 0 && $0.localYearPersistence == 0 ? Self.factorTable(sigma: $0.localYearSigma) : [] }
        self.uncertainties = uncertainties
        self.seed = seed
        var regionIndex: [Int: Int] = [:]
        leafRegion = projection.leafAreas.map { area in
            let parent = projection.areas[area].parent ?? area
            if let i = regionIndex[parent] { return i }
            regionIndex[parent] = regionIndex.count
            return regionIndex.count - 1
        }
        regionCount = regionIndex.count
        leafCount = projection.leafCount
    }

    /// The generator of draw `index`: the same for the same run seed and index, on any thread.
    public func generator(for index: Int) -> SplitMix64 {
        var mixer = SplitMix64(seed: seed ^ (UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15))
        return SplitMix64(seed: mixer.next())
    }

    /// A standard normal by the Box–Muller transform.
    static func normal(_ rng: inout SplitMix64) -> Double {
        let u1 = max(rng.unit(), 0x1.0p-53)
        let u2 = rng.unit()
        return Double.sqrt(-2 * Double.log(u1)) * Double.cos(2 * Double.pi * u2)
    }

    /// Φ⁻¹ at i / 4096 for i = 0…4096 (infinite at the ends), for ``fastNormal(_:)``.
    static let normalTable: [Double] = (0...4096).map { i in
        i == 0 ? -.infinity : i == 4096 ? .infinity : Distribution.standardNormalQuantile(Double(i) / 4096)
    }

    /// A standard normal by inverting its distribution function: the top 12 bits of one random
    /// number pick a 1/4096 slice of probability, the next 40 place it within the slice, by
    /// linear interpolation of the quantile function between the slice's ends (exactly in the
    /// two outermost slices, where the function is steep). Cheaper than Box–Muller for the
    /// thousands of per-authority, per-year normals a draw needs.
    static func fastNormal(_ rng: inout SplitMix64, table: UnsafePointer<Double>) -> Double {
        let (slice, within) = Self.slice(&rng)
        if slice == 0 || slice == 4095 { return Distribution.standardNormalQuantile(Self.probability(slice, within)) }
        return table[slice] + (table[slice + 1] - table[slice]) * within
    }

    /// One random number as a 1/4096 slice of probability (its top 12 bits) and a place
    /// within the slice (the next 40).
    @inline(__always)
    static func slice(_ rng: inout SplitMix64) -> (slice: Int, within: Double) {
        let bits = rng.next()
        return (Int(bits >> 52), Double((bits >> 12) & 0xFF_FFFF_FFFF) * 0x1p-40)
    }

    /// The probability at a place within a slice, kept off 0.
    static func probability(_ slice: Int, _ within: Double) -> Double {
        (Double(slice) + Swift.max(within, 0x1p-41)) / 4096
    }

    /// Mean-one factors exp(σe − σ²/2) by [year][leaf], e an AR(1) in years with correlation
    /// `persistence` for each leaf; 1 in the base year; in single precision, as the draws use
    /// them. Without persistence each factor is read straight from `table` (the factor at each
    /// slice end, see ``factorTable(sigma:)``), which spares an exponential per leaf and year,
    /// and each random number gives two factors: each half of it is a 1/4096 slice of
    /// probability (its top 12 bits) and a place within the slice (the next 20), the factor
    /// interpolated between the slice's ends (exactly in the two outermost slices).
    func leafYearFactors(sigma: Double, persistence: Double, table factors: [Float], years: Int, leaves: Int, _ rng: inout SplitMix64) -> [Float] {
        var out = [Float](repeating: 1, count: years * leaves)
        guard years > 1 else { return out }
        let shift = sigma * sigma / 2
        if persistence == 0, factors.count == 4097 {
            factors.withUnsafeBufferPointer { f in
                out.withUnsafeMutableBufferPointer { out in
                    @inline(__always)
                    func factor(_ half: UInt32) -> Float {
                        let slice = Int(half >> 20), within = Float(half & 0xF_FFFF) * 0x1p-20
                        if slice == 0 || slice == 4095 {
                            let probability = (Double(slice) + Swift.max(Double(within), 0x1p-21)) / 4096
                            return Float(Double.exp(sigma * Distribution.standardNormalQuantile(probability) - shift))
                        }
                        return f[slice] + (f[slice + 1] - f[slice]) * within
                    }
                    var i = leaves
                    let end = years * leaves
                    while i < end {
                        let bits = rng.next()
                        out[i] = factor(UInt32(truncatingIfNeeded: bits >> 32))
                        if i + 1 < end { out[i + 1] = factor(UInt32(truncatingIfNeeded: bits)) }
                        i += 2
                    }
                }
            }
            return out
        }
        var state = [Double](repeating: 0, count: leaves)
        let innovation = Double.sqrt(Swift.max(0, 1 - persistence * persistence))
        Self.normalTable.withUnsafeBufferPointer { table in
            for l in 0..<leaves { state[l] = Self.fastNormal(&rng, table: table.baseAddress!) }
            for t in 1..<years {
                if t > 1 {
                    for l in 0..<leaves { state[l] = persistence * state[l] + innovation * Self.fastNormal(&rng, table: table.baseAddress!) }
                }
                for l in 0..<leaves { out[t * leaves + l] = Float(Double.exp(sigma * state[l] - shift)) }
            }
        }
        return out
    }

    /// exp(σ Φ⁻¹(i / 4096) − σ²/2) for i = 0…4096, in single precision.
    static func factorTable(sigma: Double) -> [Float] {
        normalTable.map { Float(Double.exp(sigma * $0 - sigma * sigma / 2)) }
    }

    /// The projection of draw `index`: its parameter set with the draw's shocks applied.
    public func draw(_ index: Int) -> Projection {
        var p = startingProjection(index)
        let shocks = self.shocks(index)
        shocks.supply.apply(to: &p)
        for level in shocks.needLevels {
            for k in p.activities.indices {
                for t in 0..<p.yearCount { p.activities[k].policyFactor[t] *= level[t] }
            }
        }
        return p
    }

    /// The projection draw `index` starts from: its parameter set, or the stated one.
    func startingProjection(_ index: Int) -> Projection {
        parameterSets.isEmpty ? projection : parameterSets[index % parameterSets.count]
    }

    /// Everything random about draw `index`: the structured shocks of each uncertainty, drawn
    /// in order from the draw's generator.
    func shocks(_ index: Int) -> DrawShocks {
        var rng = generator(for: index)
        let years = projection.yearCount, leaves = projection.leafCount
        var shocks = DrawShocks()
        for (k, u) in uncertainties.enumerated() {
            // National path: AR(1), stationary from the first projected year.
            var path = [Double](repeating: 0, count: years)
            var e = Self.normal(&rng)
            let innovation = Double.sqrt(max(0, 1 - u.persistence * u.persistence))
            for t in 1..<max(years, 1) {
                if t > 1 { e = u.persistence * e + innovation * Self.normal(&rng) }
                path[t] = u.sigma * e
            }
            // Fixed regional factors act on exits; entrants take a regional factor each year (below);
            // need's shock is national.
            let regional = (0..<regionCount).map { _ in u.regionalSigma * Self.normal(&rng) }
            switch u.target {
            case .exits:
                shocks.supply.exitPaths.append(path.map { Double.exp($0) })
                let regionFactor = regional.map { Double.exp($0) }
                var leafFactor = leafRegion.map { regionFactor[$0] }
                if u.localSigma > 0 {
                    for leaf in leafFactor.indices { leafFactor[leaf] *= Double.exp(u.localSigma * Self.normal(&rng)) }
                }
                shocks.supply.exitLeafFactors.append(leafFactor)
                if u.localYearSigma > 0 {
                    shocks.supply.exitNoise = leafYearFactors(
                        sigma: u.localYearSigma, persistence: u.localYearPersistence, table: localYearTables[k], years: years, leaves: leaves, &rng)
                }
            case .entrants:
                shocks.supply.entrantPaths.append(path.map { Double.exp($0) })
                if u.localYearSigma > 0 {
                    shocks.supply.entrantNoise = leafYearFactors(
                        sigma: u.localYearSigma, persistence: u.localYearPersistence, table: localYearTables[k], years: years, leaves: leaves, &rng)
                }
                // Each region's own year-to-year factor on its leaves' entrants (mean 1), drawn
                // after everything else so that draws without it keep their random stream.
                if u.regionalSigma > 0, years > 1 {
                    var noise = shocks.supply.entrantNoise ?? [Float](repeating: 1, count: years * leaves)
                    let shift = u.regionalSigma * u.regionalSigma / 2
                    for t in 1..<years {
                        let factors = (0..<regionCount).map { _ in Float(Double.exp(u.regionalSigma * Self.normal(&rng) - shift)) }
                        for leaf in 0..<leaves { noise[t * leaves + leaf] *= factors[leafRegion[leaf]] }
                    }
                    shocks.supply.entrantNoise = noise
                }
            case .needGrowth:
                // The shock is to growth: the level factor accumulates it, starting from 1 at T0.
                var level = 0.0
                var factors = [Double](repeating: 1, count: years)
                for t in 1..<max(years, 1) {
                    level += path[t]
                    factors[t] = Double.exp(level)
                }
                shocks.needLevels.append(factors)
            }
        }
        return shocks
    }
}

/// The shocks of one draw: on supply, and the factors on the level of need by year (1 at the
/// base year), one list per uncertainty on need, applied in turn.
struct DrawShocks {
    var supply = SupplyShocks()
    var needLevels: [[Double]] = []

    /// The factor on need in each year: every uncertainty's, multiplied together.
    func needLevel(years: Int) -> [Double] {
        var level = [Double](repeating: 1, count: years)
        for factors in needLevels {
            for t in 0..<years { level[t] *= factors[t] }
        }
        return level
    }
}

/// A draw's shocks to the supply model: factors applied in turn, each list in the order of the
/// uncertainties, to the leaver path by year, to every leaf's exit rates, and to every source's
/// people by year; and each leaf's own noise in exits and entrants by `[year][leaf]`.
struct SupplyShocks {
    var exitPaths: [[Double]] = []
    var exitLeafFactors: [[Double]] = []
    var exitNoise: [Float]?
    var entrantPaths: [[Double]] = []
    var entrantNoise: [Float]?

    /// The leaver path factor of year index `t`, shocked. These three are the shocks'
    /// arithmetic, wherever they are applied: to a projection (``apply(to:)``) or as the supply
    /// kernel lays out its parameters.
    @inline(__always)
    func leaverPathFactor(_ factor: Double, year t: Int) -> Double {
        var factor = factor
        for path in exitPaths { factor *= path[t] }
        return factor
    }

    /// A leaf's exit rate (ℓ·m), shocked.
    @inline(__always)
    func leaverRate(_ rate: Double, leaf: Int) -> Double {
        var rate = rate
        for leafFactor in exitLeafFactors { rate *= leafFactor[leaf] }
        return rate
    }

    /// A source's people in year index `t`, shocked.
    @inline(__always)
    func people(_ people: Double, year t: Int) -> Double {
        var people = people
        for path in entrantPaths { people *= path[t] }
        return people
    }

    /// Applies the shocks to a projection's parameters (as
    /// ``Projection/withSupplyKernel(_:shocks:entrantFTE:_:)`` lays them out with them: in
    /// double precision, bit for bit the same).
    func apply(to p: inout Projection) {
        for t in 0..<p.yearCount { p.leaverPathFactor[t] = leaverPathFactor(p.leaverPathFactor[t], year: t) }
        if !exitLeafFactors.isEmpty {
            let leaves = max(p.leafCount, 1)
            p.leaverRateBase.withUnsafeMutableBufferPointer { rates in
                for i in rates.indices { rates[i] = leaverRate(rates[i], leaf: i % leaves) }
            }
        }
        if let exitNoise { p.leafYearExitFactor = exitNoise.map(Double.init) }
        for s in p.sources.indices {
            for t in 0..<p.yearCount { p.sources[s].people[t] = people(p.sources[s].people[t], year: t) }
        }
        if let entrantNoise { p.leafYearEntrantFactor = entrantNoise.map(Double.init) }
    }
}

extension Projection {
    /// Whether `other` lays out its result as this projection does: the same areas (in order),
    /// roles and years, so that draws of either fill the same cells.
    public func hasShape(of other: Projection) -> Bool {
        baseYear == other.baseYear && yearCount == other.yearCount && areaSlots == other.areaSlots
            && areas.map(\.code) == other.areas.map(\.code) && roles.map(\.name) == other.roles.map(\.name)
    }
}
