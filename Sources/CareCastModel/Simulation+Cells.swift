/// A simulation of chosen cells only: for a view that shows a few of a simulation's cells (one
/// area's roles and years, every authority at a few horizons), without binning the tens of
/// thousands it does not show. Each cell's histogram is its own (its range from the pilot's
/// extremes of that cell, its counts from every draw), so each chosen cell's quantiles are
/// exactly those of ``MonteCarlo/simulate(draws:tasks:bins:progress:)``, and so is the share of
/// draws whose national supply met need.
public struct CellSimulation: Sendable {
    public let draws: Int
    public let seed: UInt64
    /// The chosen cells, as indices of the full simulation's layout (``SimulationSummary/cell(_:area:role:yearIndex:)``).
    public let cells: [Int]
    /// Histograms of the chosen cells, in the order of `cells`.
    public let sketch: QuantileSketch
    /// For each year: the share of draws in which England's supply of all roles met its requirement.
    public let supplyMeetsNeed: [Double]
    public let parameterSets: Int
}

extension MonteCarlo {
    /// What a draw's supply and requirement are made of, laid out once: a run with other levers
    /// on demand needs its own; one whose levers act on supply only can reuse the baseline's.
    public struct PreparedLayout: Sendable {
        let layout: DrawLayout
    }

    /// Lays out the requirement of every starting projection, on `tasks` tasks. The requirement
    /// is linear in the level of need (the only shock it takes: caseload standards are
    /// calibrated on the base year, where the level is 1), so a draw's requirement is its
    /// starting projection's times the draw's level of need in each year.
    public func prepareLayout(tasks: Int) async -> PreparedLayout {
        let starts = parameterSets.isEmpty ? [projection] : parameterSets
        let workers = Swift.max(1, Swift.min(tasks, starts.count))
        let parts = await withTaskGroup(of: [(Int, [Float])].self) { group in
            for w in 0..<workers {
                group.addTask {
                    var out: [(Int, [Float])] = []
                    var result = self.projection.run(trainingSufficiency: false)
                    for i in stride(from: w, to: starts.count, by: workers) { out.append((i, self.requirement(of: starts[i], into: &result))) }
                    return out
                }
            }
            var all = [[Float]](repeating: [], count: starts.count)
            for await part in group { for (i, values) in part { all[i] = values } }
            return all
        }
        return PreparedLayout(layout: DrawLayout(years: projection.yearCount, roles: projection.roles.count, slots: projection.areas.count, leaves: leafCount, required: parts))
    }

    /// The full layout's index of a cell: `[measure][year][role or total][slot]`.
    public func cellIndex(_ measure: SimulationSummary.Measure, area: Int, role: Int, yearIndex: Int) -> Int {
        let roles = projection.roles.count + 1, slots = projection.areas.count
        return ((measure.rawValue * projection.yearCount + yearIndex) * roles + role) * slots + projection.areaSlots[area]
    }

    /// Runs `draws` draws on `tasks` tasks and counts the chosen `cells` only (see
    /// ``CellSimulation``). The pilot's draws are run once and counted from what they kept.
    public func simulate(draws: Int, tasks: Int, cells: [Int], bins: Int = 64, layout prepared: PreparedLayout? = nil) async -> CellSimulation {
        let layout: DrawLayout
        if let prepared { layout = prepared.layout } else { layout = await prepareLayout(tasks: tasks).layout }
        let years = layout.years, roles = layout.roles, slots = layout.slots, block = layout.block
        let supplyRows = roles * slots
        // For each year, the chosen cells of that year and where each is in the year's values:
        // the roles' supply (from the draw's run), then the year buffer (total supply,
        // requirement, gap).
        var sources = [[(k: Int, source: Int)]](repeating: [], count: years)
        for (k, c) in cells.enumerated() {
            let m = c / (years * block), rest = c % (years * block), t = rest / block, within = rest % block
            let r = within / slots, s = within % slots
            let source: Int
            switch m {
            case 0: source = r < roles ? r * slots + s : supplyRows + s
            case 1: source = supplyRows + slots + r * slots + s
            default: source = supplyRows + slots + block + r * slots + s
            }
            sources[t].append((k, source))
        }
        let byYear = sources
        let count = cells.count
        let pilotCount = Swift.min(draws, 64)
        let workers = Swift.max(1, tasks)
        // One draw's chosen values into `out` (count floats); its national test into `met`.
        @Sendable func values(_ d: Int, fte: UnsafeMutablePointer<Float>, year: UnsafeMutablePointer<Float>, out: UnsafeMutablePointer<Float>, met: inout [Int]) {
            let (start, level) = runSupply(d, layout: layout, fte: fte)
            layout.required[start].withUnsafeBufferPointer { required in
                for t in 0..<years {
                    yearValues(fte: fte, required: required.baseAddress!, level: Float(level[t]), layout: layout, year: t, into: year, met: &met)
                    let supply = fte + t * supplyRows
                    for (k, source) in byYear[t] { out[k] = source < supplyRows ? supply[source] : year[source - supplyRows] }
                }
            }
        }
        // The pilot: its draws' values are kept, to set each cell's range and to be counted.
        let pilot = await withTaskGroup(of: ([(Int, [Float])], PilotRange, [Int]).self) { group in
            for w in 0..<Swift.min(workers, pilotCount) {
                group.addTask {
                    var range = PilotRange(cells: count)
                    var kept: [(Int, [Float])] = []
                    var met = [Int](repeating: 0, count: years)
                    var fte = [Float](repeating: 0, count: years * supplyRows)
                    var year = [Float](repeating: 0, count: slots + 2 * block)
                    for d in stride(from: w, to: pilotCount, by: workers) {
                        var out = [Float](repeating: 0, count: count)
                        fte.withUnsafeMutableBufferPointer { fte in
                            year.withUnsafeMutableBufferPointer { year in
                                out.withUnsafeMutableBufferPointer { out in
                                    values(d, fte: fte.baseAddress!, year: year.baseAddress!, out: out.baseAddress!, met: &met)
                                    range.add(UnsafePointer(out.baseAddress!))
                                }
                            }
                        }
                        kept.append((d, out))
                    }
                    return (kept, range, met)
                }
            }
            var kept = [[Float]](repeating: [], count: pilotCount)
            var range = PilotRange(cells: count)
            var met = [Int](repeating: 0, count: years)
            for await (part, partRange, partMet) in group {
                for (d, v) in part { kept[d] = v }
                range.merge(partRange)
                for t in 0..<years { met[t] += partMet[t] }
            }
            return (kept, range, met)
        }
        let empty = QuantileSketch(range: pilot.1, bins: bins)
        let kept = pilot.0
        let partials = await withTaskGroup(of: (QuantileSketch, [Int]).self) { group in
            for w in 0..<workers {
                group.addTask {
                    var binner = Binner(empty)
                    var met = [Int](repeating: 0, count: years)
                    var fte = [Float](repeating: 0, count: years * supplyRows)
                    var year = [Float](repeating: 0, count: slots + 2 * block)
                    var out = [Float](repeating: 0, count: count)
                    for d in stride(from: w, to: draws, by: workers) {
                        if d < pilotCount {
                            kept[d].withUnsafeBufferPointer { binner.add($0) }
                            continue
                        }
                        fte.withUnsafeMutableBufferPointer { fte in
                            year.withUnsafeMutableBufferPointer { year in
                                out.withUnsafeMutableBufferPointer { out in
                                    values(d, fte: fte.baseAddress!, year: year.baseAddress!, out: out.baseAddress!, met: &met)
                                }
                            }
                        }
                        out.withUnsafeBufferPointer { binner.add($0) }
                    }
                    return (binner.finish(), met)
                }
            }
            var all: [(QuantileSketch, [Int])] = []
            for await part in group { all.append(part) }
            return all
        }
        var sketch = empty
        var met = pilot.2
        for (partial, partialMet) in partials {
            sketch.merge(partial)
            for t in 0..<years { met[t] += partialMet[t] }
        }
        return CellSimulation(
            draws: draws, seed: seed, cells: cells, sketch: sketch, supplyMeetsNeed: met.map { Double($0) / Double(Swift.max(draws, 1)) },
            parameterSets: parameterSets.count)
    }
}
