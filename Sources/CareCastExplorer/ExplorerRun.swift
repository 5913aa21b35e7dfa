import CareCastBaselines
import CareCastFormats
import CareCastModel

/// One run of the explorer: the edition's levers applied to its compiled model and to each
/// prepared parameter set, `draws` draws of the whole authority-level model (as `carecast
/// simulate` runs them, with the same seed giving the same figures), the central (deterministic)
/// projection, and each lever's contribution. Holds the figures compactly (quantiles, not the
/// histograms): every role of its area, and every authority's median for the map.
public struct ExplorerRun: Sendable {
    public let key: ExplorerSettings.RunKey
    public let years: [Int]
    public let areas: [Projection.AreaInfo]
    /// The area the run counted (its index in `areas`).
    public let area: Int
    /// Role names, then "Total".
    public let roleNames: [String]
    /// Role ids, then "total".
    public let roleIDs: [String]
    /// The area's quantiles (5, 25, 50, 75, 95%) by `[measure][year][role or total][q]`.
    let quantiles: [Double]
    /// The share of draws whose supply met the requirement in the area, by `[year][role or
    /// total]`: England's (all roles) counted exactly from the draws, every other read off the
    /// gap's histogram (to its resolution: 64 bins over twice the pilot's range).
    let meets: [Double]
    /// Every authority's median gap and requirement (all roles) at +5, +10 and +20, by
    /// `[horizon][area]` (0 for areas that are not authorities).
    let mapGap: [[Double]]
    let mapRequired: [[Double]]
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

    /// The area's quantiles of a measure for a role (or the total) in a year.
    public func quantile(_ measure: SimulationSummary.Measure, role: Int, yearIndex: Int) -> [Double] {
        let q = Self.quantileLevels.count
        let base = ((measure.rawValue * years.count + yearIndex) * roleNames.count + role) * q
        return Array(quantiles[base..<(base + q)])
    }

    public func probabilityMet(role: Int, yearIndex: Int) -> Double { meets[yearIndex * roleNames.count + role] }

    /// An authority's median gap and requirement (all roles) at a horizon (5, 10 or 20).
    public func mapMedians(area a: Int, horizon: Int) -> (gap: Double, required: Double) {
        let h = ExplorerSettings.horizons.firstIndex(of: horizon) ?? 1
        return (mapGap[h][a], mapRequired[h][a])
    }

    /// The demand levers' values: runs that agree on them share the requirement's layout.
    public static func demandKey(_ settings: ExplorerSettings) -> [String] {
        ["caseload", "trend", "reform", "productivity"].compactMap { name in settings.levers[name].map { "\(name)=\($0)" } }
    }

    /// Runs `settings` on `edition` with the parameter sets prepared for its seed (and, when
    /// given, the layout of their requirement under the same demand levers).
    public static func run(
        _ settings: ExplorerSettings, edition: ExplorerEdition, parameterSets: [Projection], tasks: Int, layout: MonteCarlo.PreparedLayout? = nil
    ) async -> ExplorerRun {
        await runWithLayout(settings, edition: edition, parameterSets: parameterSets, tasks: tasks, layout: layout).run
    }

    /// The run, and the layout of the requirement it used (for the next run with the same seed
    /// and demand levers).
    public static func runWithLayout(
        _ settings: ExplorerSettings, edition: ExplorerEdition, parameterSets: [Projection], tasks: Int, layout given: MonteCarlo.PreparedLayout? = nil
    ) async -> (run: ExplorerRun, layout: MonteCarlo.PreparedLayout) {
        let levers = settings.modelLevers(edition)
        let projection = levers.applied(to: edition.projection)
        let sets = parameterSets.map { levers.applied(to: $0) }
        let monteCarlo = MonteCarlo(projection: projection, uncertainties: edition.uncertainties, seed: settings.seed, parameterSets: sets)
        let area = projection.areas.firstIndex { $0.code.rawValue == settings.area } ?? 0
        let roles = projection.roles.count + 1, years = projection.yearCount
        var cells: [Int] = []
        for m in SimulationSummary.Measure.allCases {
            for t in 0..<years { for r in 0..<roles { cells.append(monteCarlo.cellIndex(m, area: area, role: r, yearIndex: t)) } }
        }
        let leaves = projection.areas.indices.filter { projection.areas[$0].isLeaf }
        let mapStart = cells.count
        for h in ExplorerSettings.horizons {
            let t = min(h, years - 1)
            for m in [SimulationSummary.Measure.gap, .required] { for a in leaves { cells.append(monteCarlo.cellIndex(m, area: a, role: roles - 1, yearIndex: t)) } }
        }
        var layout = given
        if layout == nil { layout = await monteCarlo.prepareLayout(tasks: tasks) }
        let simulation = await monteCarlo.simulate(draws: settings.draws, tasks: tasks, cells: cells, layout: layout)
        let central = projection.run(trainingSufficiency: false)
        return (ExplorerRun(settings: settings, edition: edition, simulation: simulation, area: area, leaves: leaves, mapStart: mapStart, central: central, parameterSets: sets.count), layout!)
    }

    init(settings: ExplorerSettings, edition: ExplorerEdition, simulation: CellSimulation, area: Int, leaves: [Int], mapStart: Int, central: ProjectionResult, parameterSets: Int) {
        key = settings.runKey
        years = central.years
        areas = edition.projection.areas
        self.area = area
        roleNames = edition.projection.roles.map(\.name) + ["Total"]
        roleIDs = edition.projection.roles.map(\.id.rawValue) + ["total"]
        self.central = central
        self.parameterSets = parameterSets
        let levels = Self.quantileLevels
        let roles = roleNames.count
        var q: [Double] = []
        q.reserveCapacity(mapStart * levels.count)
        for k in 0..<mapStart { q += simulation.sketch.quantiles(k, levels) }
        quantiles = q
        let national = areas[area].level == "national"
        let gapStart = 2 * years.count * roles
        meets = (0..<years.count).flatMap { t in
            (0..<roles).map { r in
                national && r == roles - 1 ? simulation.supplyMeetsNeed[t] : simulation.sketch.fraction(atMost: 0, cell: gapStart + t * roles + r)
            }
        }
        var gap = [[Double]](repeating: [Double](repeating: 0, count: areas.count), count: ExplorerSettings.horizons.count)
        var required = gap
        var k = mapStart
        for h in ExplorerSettings.horizons.indices {
            for a in leaves { gap[h][a] = simulation.sketch.quantile(k, 0.5); k += 1 }
            for a in leaves { required[h][a] = simulation.sketch.quantile(k, 0.5); k += 1 }
        }
        mapGap = gap
        mapRequired = required
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
