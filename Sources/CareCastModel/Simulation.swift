/// Quantiles of many draws without keeping them: one fixed histogram per cell, its range set
/// from a pilot of the first draws (values outside fall in the edge bins, with the exact
/// extremes kept), so memory does not grow with the number of draws. Counts are integers, so
/// merging the histograms of parallel tasks gives the same result in any order.
public struct QuantileSketch: Sendable {
    public let cells: Int
    public let bins: Int
    var low: [Double]
    var inverseWidth: [Double]
    var counts: [UInt32]
    var minimum: [Double]
    var maximum: [Double]
    public private(set) var draws = 0

    /// A sketch whose ranges come from `pilot`, draws laid out one after another (cells each).
    init(pilot: [Double], cells: Int, bins: Int) {
        self.cells = cells
        self.bins = bins
        let n = pilot.count / max(cells, 1)
        var low = [Double](repeating: 0, count: cells), inverse = low
        var minimum = [Double](repeating: .infinity, count: cells), maximum = [Double](repeating: -.infinity, count: cells)
        for c in 0..<cells {
            var lo = Double.infinity, hi = -Double.infinity
            for d in 0..<n {
                let v = pilot[d * cells + c]
                lo = Swift.min(lo, v)
                hi = Swift.max(hi, v)
            }
            let span = Swift.max(hi - lo, Swift.max(abs(hi), 1) * 1e-6)
            low[c] = lo - span / 2
            inverse[c] = Double(bins) / (span * 2)
            minimum[c] = lo
            maximum[c] = hi
        }
        self.low = low
        self.inverseWidth = inverse
        counts = [UInt32](repeating: 0, count: cells * bins)
        self.minimum = minimum
        self.maximum = maximum
    }

    /// Adds one draw's values (one per cell).
    mutating func add(_ values: UnsafeBufferPointer<Double>) {
        addBatch(values, count: 1)
    }

    /// Adds `count` draws laid out one after another (`cells` values each). Cell by cell, so
    /// that each cell's bins are touched `count` times in a row while they are in cache.
    mutating func addBatch(_ values: UnsafeBufferPointer<Double>, count: Int) {
        draws += count
        let bins = self.bins
        let cells = self.cells
        let top = Double(bins)
        low.withUnsafeBufferPointer { low in
            inverseWidth.withUnsafeBufferPointer { inverse in
                minimum.withUnsafeMutableBufferPointer { minimum in
                    maximum.withUnsafeMutableBufferPointer { maximum in
                        counts.withUnsafeMutableBufferPointer { counts in
                            for c in 0..<cells {
                                let lo = low[c], scale = inverse[c]
                                let row = counts.baseAddress! + c &* bins
                                for d in 0..<count {
                                    let v = values[d &* cells &+ c]
                                    let position = (v - lo) * scale
                                    if position >= 0 && position < top {
                                        row[Int(position)] &+= 1
                                    } else {
                                        row[position < 0 ? 0 : bins &- 1] &+= 1
                                        if v < minimum[c] { minimum[c] = v }
                                        if v > maximum[c] { maximum[c] = v }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    mutating func merge(_ other: QuantileSketch) {
        draws += other.draws
        for i in counts.indices { counts[i] &+= other.counts[i] }
        for c in 0..<cells {
            minimum[c] = Swift.min(minimum[c], other.minimum[c])
            maximum[c] = Swift.max(maximum[c], other.maximum[c])
        }
    }

    /// The q-quantile (0…1) of a cell, interpolated within its bin.
    public func quantile(_ cell: Int, _ q: Double) -> Double {
        let target = q * Double(draws)
        var seen = 0.0
        let width = 1 / inverseWidth[cell]
        for b in 0..<bins {
            let count = Double(counts[cell * bins + b])
            if seen + count >= target && count > 0 {
                var lo = low[cell] + Double(b) * width, hi = lo + width
                if b == 0 { lo = Swift.min(lo, minimum[cell]) }
                if b == bins - 1 { hi = Swift.max(hi, maximum[cell]) }
                lo = Swift.max(lo, minimum[cell])
                hi = Swift.min(hi, maximum[cell])
                return lo + (hi - lo) * ((target - seen) / count)
            }
            seen += count
        }
        return maximum[cell]
    }
}

/// The result of a simulation: quantiles of supply, required workforce and gap for every area,
/// role (and all roles) and year, and how often supply met need nationally.
public struct SimulationSummary: Sendable {
    public let draws: Int
    public let seed: UInt64
    public let years: [Int]
    public let areas: [Projection.AreaInfo]
    /// Role names, then "Total" for all roles.
    public let roles: [String]
    public let sketch: QuantileSketch
    /// Parameter sets the draws started from (0: none, the assumptions had no distributions).
    public var parameterSets = 0
    /// For each year: the share of draws in which England's (all leaves') supply of all roles
    /// was at least its required workforce.
    public let supplyMeetsNeed: [Double]

    public enum Measure: Int, CaseIterable, Sendable {
        case supply, required, gap
    }

    /// Cell layout: `[measure][year][role or total][area]`.
    public func cell(_ measure: Measure, area: Int, role: Int, yearIndex: Int) -> Int {
        ((measure.rawValue * years.count + yearIndex) * roles.count + role) * areas.count + area
    }

    public func quantile(_ measure: Measure, area: Int, role: Int, yearIndex: Int, _ q: Double) -> Double {
        sketch.quantile(cell(measure, area: area, role: role, yearIndex: yearIndex), q)
    }

    public static let quantiles = [0.05, 0.25, 0.5, 0.75, 0.95]

    /// Every quantile of every cell, measure by measure, year by year, role by role, area by
    /// area: two summaries are the same when these are.
    public func allQuantiles() -> [Double] {
        var out: [Double] = []
        for m in Measure.allCases {
            for t in years.indices {
                for r in roles.indices {
                    for a in areas.indices {
                        for q in Self.quantiles { out.append(quantile(m, area: a, role: r, yearIndex: t, q)) }
                    }
                }
            }
        }
        return out
    }
}

extension MonteCarlo {
    /// Values of one draw in the summary's cell layout, and whether national supply met need by year.
    func values(of result: ProjectionResult, into out: UnsafeMutableBufferPointer<Double>, met: inout [Int]) {
        let years = result.years.count, roles = result.roles.count, areas = result.areas.count
        let rolesWithTotal = roles + 1
        let fteMetric = ProjectionResult.Metric.fte.rawValue, requiredMetric = ProjectionResult.Metric.required.rawValue
        result.values.withUnsafeBufferPointer { values in
            result.areaSlots.withUnsafeBufferPointer { slots in
                for t in 0..<years {
                    var nationalSupply = 0.0, nationalRequired = 0.0
                    let supplyTotal = out.baseAddress! + ((0 * years + t) * rolesWithTotal + roles) * areas
                    let requiredTotal = out.baseAddress! + ((1 * years + t) * rolesWithTotal + roles) * areas
                    let gapTotal = out.baseAddress! + ((2 * years + t) * rolesWithTotal + roles) * areas
                    supplyTotal.update(repeating: 0, count: areas)
                    requiredTotal.update(repeating: 0, count: areas)
                    for r in 0..<roles {
                        let fteRow = values.baseAddress! + ((fteMetric * years + t) * roles + r) * areas
                        let requiredRow = values.baseAddress! + ((requiredMetric * years + t) * roles + r) * areas
                        let supply = out.baseAddress! + ((0 * years + t) * rolesWithTotal + r) * areas
                        let required = out.baseAddress! + ((1 * years + t) * rolesWithTotal + r) * areas
                        let gap = out.baseAddress! + ((2 * years + t) * rolesWithTotal + r) * areas
                        for a in 0..<areas {
                            let slot = slots[a]
                            let f = fteRow[slot], q = requiredRow[slot]
                            supply[a] = f
                            required[a] = q
                            gap[a] = q - f
                            supplyTotal[a] += f
                            requiredTotal[a] += q
                        }
                    }
                    for a in 0..<areas {
                        gapTotal[a] = requiredTotal[a] - supplyTotal[a]
                        if leafFlags[a] {
                            nationalSupply += supplyTotal[a]
                            nationalRequired += requiredTotal[a]
                        }
                    }
                    if nationalSupply >= nationalRequired { met[t] += 1 }
                }
            }
        }
    }

    /// Runs `draws` draws on `tasks` concurrent tasks. The first draws (up to 64) are a pilot
    /// that sets each cell's histogram range; every draw then counts once. Same seed, same
    /// summary, whatever the number of tasks.
    public func simulate(draws: Int, tasks: Int, bins: Int = 64, progress: (@Sendable (Int) -> Void)? = nil) async -> SimulationSummary {
        let years = projection.yearCount, roles = projection.roles.count, areas = projection.areas.count
        let cells = 3 * years * (roles + 1) * areas
        let pilotCount = Swift.min(draws, 64)
        var pilot = [Double](repeating: 0, count: pilotCount * cells)
        var met = [Int](repeating: 0, count: years)
        pilot.withUnsafeMutableBufferPointer { buffer in
            for d in 0..<pilotCount {
                let result = draw(d).run(trainingSufficiency: false)
                values(of: result, into: UnsafeMutableBufferPointer(rebasing: buffer[(d * cells)..<((d + 1) * cells)]), met: &met)
            }
        }
        var sketch = QuantileSketch(pilot: pilot, cells: cells, bins: bins)
        pilot.withUnsafeBufferPointer { buffer in
            for d in 0..<pilotCount { sketch.add(UnsafeBufferPointer(rebasing: buffer[(d * cells)..<((d + 1) * cells)])) }
        }
        pilot = []
        progress?(pilotCount)
        let empty = sketch
        let workers = Swift.max(1, tasks)
        let partials = await withTaskGroup(of: (QuantileSketch, [Int]).self) { group in
            for w in 0..<workers {
                group.addTask {
                    var local = empty
                    local.resetCounts()
                    var localMet = [Int](repeating: 0, count: years)
                    // Draws in batches: values of a batch, then into the histograms cell by cell.
                    let batch = 16
                    var scratch = [Double](repeating: 0, count: cells * batch)
                    var result = self.projection.run(trainingSufficiency: false)
                    var d = pilotCount + w
                    while d < draws {
                        var filled = 0
                        while filled < batch && d < draws {
                            self.draw(d).run(into: &result, lean: true)
                            scratch.withUnsafeMutableBufferPointer {
                                self.values(of: result, into: UnsafeMutableBufferPointer(rebasing: $0[(filled * cells)..<((filled + 1) * cells)]), met: &localMet)
                            }
                            filled += 1
                            d += workers
                        }
                        scratch.withUnsafeBufferPointer { local.addBatch($0, count: filled) }
                        progress?(filled)
                    }
                    return (local, localMet)
                }
            }
            var all: [(QuantileSketch, [Int])] = []
            for await partial in group { all.append(partial) }
            return all
        }
        for (partial, partialMet) in partials {
            sketch.merge(partial)
            for t in 0..<years { met[t] += partialMet[t] }
        }
        var summary = SimulationSummary(
            draws: draws, seed: seed, years: (0..<years).map { projection.baseYear + $0 }, areas: projection.areas,
            roles: projection.roles.map(\.name) + ["Total"], sketch: sketch,
            supplyMeetsNeed: met.map { Double($0) / Double(Swift.max(draws, 1)) })
        summary.parameterSets = parameterSets.count
        return summary
    }
}

extension QuantileSketch {
    mutating func resetCounts() {
        for i in counts.indices { counts[i] = 0 }
        draws = 0
    }
}
