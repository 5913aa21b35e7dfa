import CareCastBaselines
import CareCastFormats
import CareCastModel

/// One run of the explorer: the edition's levers applied to its compiled model and to each
/// prepared parameter set, `draws` draws of the whole authority-level model (as `carecast
/// simulate` runs them, with the same seed giving the same figures), the central (deterministic)
/// projection, and each lever's contribution. Holds the figures compactly (quantiles, not the
/// histograms), so that any area and role can be shown from it.
public struct ExplorerRun: Sendable {
    public let key: ExplorerSettings.RunKey
    public let years: [Int]
    public let areas: [Projection.AreaInfo]
    /// Role names, then "Total".
    public let roleNames: [String]
    /// Role ids, then "total".
    public let roleIDs: [String]
    /// Quantiles (5, 25, 50, 75, 95%) by `[measure][year][role or total][area][q]`.
    let quantiles: [Double]
    /// The share of draws whose supply met the requirement, by `[year][role or total][area]`:
    /// England's (all roles) counted exactly from the draws, every other read off the gap's
    /// histogram (to its resolution: 64 bins over twice the pilot's range).
    let meets: [Double]
    public let central: ProjectionResult
    /// Each lever's contribution to the change in the gap (need-based, all roles) from the
    /// baseline's central projection, for every area, at +5, +10 and +20; with the joint effect.
    public let contributions: [Contribution]
    public let parameterSets: Int

    public struct Contribution: Sendable {
        public var lever: String
        public var label: String
        /// By `[horizon index (5, 10, 20)][area]`.
        public var change: [[Double]]
    }

    public static let quantileLevels = SimulationSummary.quantiles

    public func quantile(_ measure: SimulationSummary.Measure, area: Int, role: Int, yearIndex: Int) -> [Double] {
        let q = Self.quantileLevels.count
        let base = (((measure.rawValue * years.count + yearIndex) * roleNames.count + role) * areas.count + area) * q
        return Array(quantiles[base..<(base + q)])
    }

    public func probabilityMet(area: Int, role: Int, yearIndex: Int) -> Double {
        meets[(yearIndex * roleNames.count + role) * areas.count + area]
    }

    /// Runs `settings` on `edition` with the parameter sets prepared for its seed.
    public static func run(_ settings: ExplorerSettings, edition: ExplorerEdition, parameterSets: [Projection], tasks: Int) async -> ExplorerRun {
        let levers = settings.modelLevers(edition)
        let projection = levers.applied(to: edition.projection)
        let sets = parameterSets.map { levers.applied(to: $0) }
        let monteCarlo = MonteCarlo(projection: projection, uncertainties: edition.uncertainties, seed: settings.seed, parameterSets: sets)
        let summary = await monteCarlo.simulate(draws: settings.draws, tasks: tasks)
        let central = projection.run(trainingSufficiency: false)
        return ExplorerRun(settings: settings, edition: edition, summary: summary, central: central, parameterSets: sets.count)
    }

    init(settings: ExplorerSettings, edition: ExplorerEdition, summary: SimulationSummary, central: ProjectionResult, parameterSets: Int) {
        key = settings.runKey
        years = summary.years
        areas = summary.areas
        roleNames = summary.roles
        roleIDs = edition.projection.roles.map(\.id.rawValue) + ["total"]
        self.central = central
        self.parameterSets = parameterSets
        let levels = Self.quantileLevels
        let measures = SimulationSummary.Measure.allCases
        var q: [Double] = []
        q.reserveCapacity(measures.count * years.count * roleNames.count * areas.count * levels.count)
        for m in measures {
            for t in years.indices {
                for r in roleNames.indices {
                    for a in areas.indices { q += summary.sketch.quantiles(summary.cell(m, area: a, role: r, yearIndex: t), levels) }
                }
            }
        }
        quantiles = q
        let nationalIndex = areas.firstIndex { $0.level == "national" }
        var met: [Double] = []
        met.reserveCapacity(years.count * roleNames.count * areas.count)
        for t in years.indices {
            for r in roleNames.indices {
                for a in areas.indices {
                    if a == nationalIndex && r == roleNames.count - 1 {
                        met.append(summary.supplyMeetsNeed[t])
                    } else {
                        met.append(summary.sketch.fraction(atMost: 0, cell: summary.cell(.gap, area: a, role: r, yearIndex: t)))
                    }
                }
            }
        }
        meets = met
        // Each lever alone on the central projection, then all together: the rest is how they
        // act on each other.
        let base = edition.baselineResult
        func gaps(_ result: ProjectionResult) -> [[Double]] {
            ExplorerSettings.horizons.map { h in
                let t = min(h, result.years.count - 1)
                return result.areas.indices.map { a in
                    result.roles.indices.reduce(0.0) { $0 + result.value(.required, area: a, role: $1, yearIndex: t) - result.value(.fte, area: a, role: $1, yearIndex: t) }
                }
            }
        }
        let baseGaps = gaps(base)
        func change(_ result: ProjectionResult) -> [[Double]] {
            let g = gaps(result)
            return g.indices.map { h in g[h].indices.map { g[h][$0] - baseGaps[h][$0] } }
        }
        var contributions: [Contribution] = []
        let active = edition.levers.filter { settings.levers[$0.name] != nil }
        if !active.isEmpty {
            let all = change(central)
            var sum = all.map { $0.map { _ in 0.0 } }
            for lever in active {
                let alone = settings.alone(lever.name).modelLevers(edition).applied(to: edition.projection).run(trainingSufficiency: false)
                let c = change(alone)
                contributions.append(.init(lever: lever.name, label: lever.label, change: c))
                for h in c.indices { for a in c[h].indices { sum[h][a] += c[h][a] } }
            }
            if active.count > 1 {
                contributions.append(.init(lever: "interaction", label: "The levers acting on each other", change: all.indices.map { h in all[h].indices.map { all[h][$0] - sum[h][$0] } }))
            }
            contributions.append(.init(lever: "all", label: "All levers together", change: all))
        }
        self.contributions = contributions
    }
}
