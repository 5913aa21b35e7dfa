/// Quantiles of many draws without keeping them: one fixed histogram per cell, its range set
/// from a pilot of the first draws (values outside fall in the edge bins, and the exact
/// extremes of those values are kept), so memory does not grow with the number of draws.
/// Counts are integers, so merging the histograms of parallel tasks gives the same result in
/// any order.
///
/// Each cell's range is stored in single precision, as its lower end, its bins per unit and
/// the middle of its first bin, and a value's bin is computed in single precision from the
/// last two: the same for the same value on any thread. (Single precision resolves a value to
/// 6 parts in 10⁸: far finer than the figures are published; a cell whose draws were all the
/// same is reported as that value.) Draws are counted through a ``Binner``.
public struct QuantileSketch: Sendable {
    public let cells: Int
    public let bins: Int
    /// Each cell's lower end and bins per unit.
    let low: [Float]
    let scale: [Float]
    /// The middle of each cell's first bin (its lower end plus half a bin), from which a
    /// value's place in bins is measured (see ``bin(of:cell:)``).
    let origin: [Float]
    /// Counts by `[cell][bin]`; empty while nothing is counted (so that the empty sketches
    /// every task starts from take no room).
    var counts: [UInt32]
    /// The lowest value below each cell's range and the highest above it (±∞ while none).
    var minimum: [Double]
    var maximum: [Double]
    /// Each cell's value in the pilot when it was the same in every pilot draw; NaN otherwise.
    let constant: [Double]
    public private(set) var draws = 0

    /// A sketch whose ranges come from `pilot`, draws laid out one after another (cells each):
    /// each cell's range is the pilot's, widened by half its span on either side. The pilot's
    /// draws are not counted: add them through a ``Binner``.
    init<Value: BinaryFloatingPoint>(pilot: [Value], cells: Int, bins: Int) {
        self.init(pilots: [pilot], cells: cells, bins: bins)
    }

    /// A sketch whose ranges come from the draws of all of `pilots` together (the order of the
    /// draws does not matter).
    init<Value: BinaryFloatingPoint>(pilots: [[Value]], cells: Int, bins: Int) {
        var range = PilotRange(cells: cells)
        for pilot in pilots {
            pilot.withUnsafeBufferPointer { pilot in
                for d in 0..<(pilot.count / Swift.max(cells, 1)) { range.add(pilot.baseAddress! + d * cells) }
            }
        }
        self.init(range: range, bins: bins)
    }

    /// A sketch whose ranges come from a pilot's extremes: each cell's range is the pilot's,
    /// widened by half its span on either side (0…1 when the pilot had no draws).
    init(range: PilotRange, bins: Int) {
        precondition(bins >= 2 && bins <= 256, "bins must fit a byte")
        let cells = range.lowest.count
        self.cells = cells
        self.bins = bins
        var low = [Float](repeating: 0, count: cells), scale = [Float](repeating: 0, count: cells)
        var origin = [Float](repeating: 0, count: cells)
        var constant = [Double](repeating: .nan, count: cells)
        for c in 0..<cells {
            var (lo, hi) = (range.lowest[c], range.highest[c])
            if range.draws == 0 { (lo, hi) = (0, 1) }
            if lo == hi { constant[c] = lo }
            let span = Swift.max(hi - lo, Swift.max(abs(hi), 1) * 1e-6)
            low[c] = Float(lo - span / 2)
            scale[c] = Float(Double(bins) / (span * 2))
            origin[c] = Float(lo - span / 2 + span / Double(bins))
        }
        self.low = low
        self.scale = scale
        self.origin = origin
        self.constant = constant
        counts = []
        minimum = [Double](repeating: .infinity, count: cells)
        maximum = [Double](repeating: -.infinity, count: cells)
    }

    mutating func merge(_ other: QuantileSketch) {
        draws += other.draws
        if counts.isEmpty {
            counts = other.counts
        } else if !other.counts.isEmpty {
            for i in counts.indices { counts[i] &+= other.counts[i] }
        }
        for c in 0..<cells {
            minimum[c] = Swift.min(minimum[c], other.minimum[c])
            maximum[c] = Swift.max(maximum[c], other.maximum[c])
        }
    }

    /// The q-quantile (0…1) of a cell, interpolated within its bin. The edge bins reach out to
    /// the exact extremes of the values that fell outside the range. A cell whose pilot draws
    /// were all the same has a range a millionth of that value wide: its quantiles in the bin
    /// of that value are that value.
    public func quantile(_ cell: Int, _ q: Double) -> Double {
        let target = q * Double(draws)
        var seen = 0.0
        let width = 1 / Double(scale[cell]), start = Double(low[cell])
        for b in 0..<bins {
            let count = counts.isEmpty ? 0 : Double(counts[cell * bins + b])
            if seen + count >= target && count > 0 {
                var lo = start + Double(b) * width, hi = lo + width
                if b == 0 { lo = Swift.min(lo, minimum[cell]) }
                if b == bins - 1 { hi = Swift.max(hi, maximum[cell]) }
                // A cell that was constant in the pilot, its value in this bin: that value
                // (the bin, a few parts in 10⁸ of it wide, can say no more).
                if !constant[cell].isNaN && bin(of: constant[cell], cell: cell) == b { return constant[cell] }
                return lo + (hi - lo) * ((target - seen) / count)
            }
            seen += count
        }
        return start
    }

    /// Several quantiles of a cell (`qs` in increasing order) in one pass over its bins: each
    /// exactly ``quantile(_:_:)``'s.
    public func quantiles(_ cell: Int, _ qs: [Double]) -> [Double] {
        var out = [Double](repeating: Double(low[cell]), count: qs.count)
        var next = 0
        var seen = 0.0
        let width = 1 / Double(scale[cell]), start = Double(low[cell])
        for b in 0..<bins where next < qs.count {
            let count = counts.isEmpty ? 0 : Double(counts[cell * bins + b])
            while next < qs.count, count > 0, seen + count >= qs[next] * Double(draws) {
                let target = qs[next] * Double(draws)
                var lo = start + Double(b) * width, hi = lo + width
                if b == 0 { lo = Swift.min(lo, minimum[cell]) }
                if b == bins - 1 { hi = Swift.max(hi, maximum[cell]) }
                out[next] = !constant[cell].isNaN && bin(of: constant[cell], cell: cell) == b ? constant[cell] : lo + (hi - lo) * ((target - seen) / count)
                next += 1
            }
            seen += count
        }
        return out
    }

    /// The share of draws at or below `x` in a cell, interpolated within its bin as
    /// ``quantile(_:_:)`` interpolates (its inverse, to the bin's resolution).
    public func fraction(atMost x: Double, cell: Int) -> Double {
        guard draws > 0, !counts.isEmpty else { return 0 }
        if !constant[cell].isNaN && counts[cell * bins + bin(of: constant[cell], cell: cell)] == UInt32(draws) { return x >= constant[cell] ? 1 : 0 }
        var below = 0.0
        let width = 1 / Double(scale[cell]), start = Double(low[cell])
        for b in 0..<bins {
            let count = Double(counts[cell * bins + b])
            var lo = start + Double(b) * width, hi = lo + width
            if b == 0 { lo = Swift.min(lo, minimum[cell]) }
            if b == bins - 1 { hi = Swift.max(hi, maximum[cell]) }
            if x >= hi {
                below += count
            } else {
                if x > lo { below += count * (x - lo) / (hi - lo) }
                break
            }
        }
        return Swift.min(1, below / Double(draws))
    }

    /// Where a value falls in a cell's range, in bins from the middle of its first bin: bin b
    /// covers places b − ½ ..< b + ½ (the vectorised loop of ``Binner/bin(_:first:count:)``
    /// computes the same, inline).
    func place(of value: Double, cell: Int) -> Float {
        (Float(value) - origin[cell]) * scale[cell]
    }

    /// Whether a value is outside its cell's range (NaN is): its place is below −½ or at or
    /// above `bins` − ½.
    func isOutside(_ value: Double, cell: Int) -> Bool {
        let place = place(of: value, cell: cell)
        return !(place >= -0.5 && place < Float(bins) - 0.5)
    }

    /// The bin a value falls in, as a ``Binner`` counts it: its place rounded to the nearest
    /// bin, clamped to the edge bins (NaN to the first). A place exactly between two bins (a
    /// value on an inner edge) goes to the even one.
    func bin(of value: Double, cell: Int) -> Int {
        let place = place(of: value, cell: cell)
        guard place > 0 else { return 0 }
        guard place < Float(bins - 1) else { return bins - 1 }
        return Int(place.rounded(.toNearestOrEven))
    }
}

/// The lowest and highest value of each cell over a pilot's draws, gathered a draw at a time
/// (in any order, and merged in any order: the same extremes).
struct PilotRange: Sendable {
    private(set) var lowest: [Double]
    private(set) var highest: [Double]
    private(set) var draws = 0

    init(cells: Int) {
        lowest = [Double](repeating: .infinity, count: cells)
        highest = [Double](repeating: -.infinity, count: cells)
    }

    /// One draw's values, one per cell.
    mutating func add<Value: BinaryFloatingPoint>(_ values: UnsafePointer<Value>) {
        draws += 1
        lowest.withUnsafeMutableBufferPointer { lowest in
            highest.withUnsafeMutableBufferPointer { highest in
                for c in 0..<lowest.count {
                    let v = Double(values[c])
                    lowest[c] = v < lowest[c] ? v : lowest[c]
                    highest[c] = v > highest[c] ? v : highest[c]
                }
            }
        }
    }

    mutating func merge(_ other: PilotRange) {
        draws += other.draws
        for c in lowest.indices {
            lowest[c] = Swift.min(lowest[c], other.lowest[c])
            highest[c] = Swift.max(highest[c], other.highest[c])
        }
    }
}

/// Counts draws into a sketch's histograms, cheaply: each draw's values are turned into one
/// byte per cell (its bin) and kept in a batch; a full batch is counted cell by cell, so that
/// each cell's bins are touched `batch` times in a row while they are in cache. Counts are
/// kept in 16 bits and moved into the sketch's 32-bit counts before they could overflow.
struct Binner {
    private(set) var sketch: QuantileSketch
    let batch: Int
    private var bytes: [UInt8]
    private var filled = 0
    private var counts: [UInt16]
    /// Draws in `counts` not yet moved into the sketch.
    private var pending = 0

    init(_ sketch: QuantileSketch, batch: Int = 64) {
        self.sketch = sketch
        self.batch = batch
        bytes = [UInt8](repeating: 0, count: sketch.cells * batch)
        counts = [UInt16](repeating: 0, count: sketch.cells * sketch.bins)
    }

    /// Bins the current draw's values of the cells `first ..< first + count` (in the
    /// sketch's cell order). Every cell is binned once per draw, then ``endDraw()``.
    mutating func bin<Value: BinaryFloatingPoint>(_ values: UnsafePointer<Value>, first: Int, count: Int) {
        let top = Float(sketch.bins - 1), limit = Float(sketch.bins) - 0.5
        let chunk = 256
        var missed: [Int] = []
        bytes.withUnsafeMutableBufferPointer { bytes in
            sketch.origin.withUnsafeBufferPointer { origin in
                sketch.scale.withUnsafeBufferPointer { scale in
                    let row = bytes.baseAddress! + (filled &* sketch.cells &+ first)
                    let middle = origin.baseAddress! + first, perUnit = scale.baseAddress! + first
                    var start = 0
                    while start < count {
                        let end = Swift.min(start &+ chunk, count)
                        // The bin is the place clamped to the edge bins (NaN to the first) and
                        // rounded to the nearest with 2²³ (exact for 0…255, halves to even): no
                        // trapping conversion, so that the loop vectorises (as does the flag,
                        // an integer OR). A place outside the range marks the chunk, to be
                        // looked at again.
                        var miss: UInt32 = 0
                        for c in start..<end {
                            let place = (Float(values[c]) - middle[c]) * perUnit[c]
                            let above = place > 0 ? place : 0
                            let clamped = above < top ? above : top
                            row[c] = UInt8(truncatingIfNeeded: (clamped + 0x1p23).bitPattern)
                            miss |= (place < -0.5 ? 1 : 0) | (place >= limit ? 1 : 0)
                        }
                        if miss != 0 { missed.append(start) }
                        start = end
                    }
                }
            }
        }
        for start in missed { noteExtremes(values, first: first, start..<Swift.min(start + chunk, count)) }
    }

    /// Ends the current draw: every cell has been binned.
    mutating func endDraw() {
        filled += 1
        if filled == batch { countBatch() }
    }

    /// Bins one draw's values (one per cell, in the sketch's cell order).
    mutating func add<Value: BinaryFloatingPoint>(_ values: UnsafeBufferPointer<Value>) {
        bin(values.baseAddress!, first: 0, count: sketch.cells)
        endDraw()
    }

    /// The exact extremes of values outside their cell's range.
    private mutating func noteExtremes<Value: BinaryFloatingPoint>(_ values: UnsafePointer<Value>, first: Int, _ range: Range<Int>) {
        for i in range {
            let v = Double(values[i]), c = first + i
            if sketch.isOutside(v, cell: c) {
                if v < sketch.minimum[c] { sketch.minimum[c] = v }
                if v > sketch.maximum[c] { sketch.maximum[c] = v }
            }
        }
    }

    private mutating func countBatch() {
        let cells = sketch.cells, bins = sketch.bins, n = filled
        if pending + n > Int(UInt16.max) { flush() }
        bytes.withUnsafeBufferPointer { bytes in
            counts.withUnsafeMutableBufferPointer { counts in
                // Four cells at a time: four independent chains of increments, so that one
                // waiting on its last store does not hold up the others.
                let raw = UnsafeRawPointer(bytes.baseAddress!)
                var c = 0
                while c &+ 4 <= cells {
                    let row0 = counts.baseAddress! + c &* bins
                    let row1 = row0 + bins, row2 = row1 + bins, row3 = row2 + bins
                    for d in 0..<n {
                        let four = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: d &* cells &+ c, as: UInt32.self))
                        row0[Int(four & 0xFF)] &+= 1
                        row1[Int((four >> 8) & 0xFF)] &+= 1
                        row2[Int((four >> 16) & 0xFF)] &+= 1
                        row3[Int(four >> 24)] &+= 1
                    }
                    c &+= 4
                }
                while c < cells {
                    let row = counts.baseAddress! + c &* bins
                    for d in 0..<n { row[Int(bytes[d &* cells &+ c])] &+= 1 }
                    c &+= 1
                }
            }
        }
        pending += n
        sketch.addDraws(n)
        filled = 0
    }

    /// Moves the 16-bit counts into the sketch.
    private mutating func flush() {
        guard pending > 0 else { return }
        if sketch.counts.isEmpty { sketch.counts = [UInt32](repeating: 0, count: counts.count) }
        counts.withUnsafeMutableBufferPointer { small in
            sketch.counts.withUnsafeMutableBufferPointer { large in
                for i in 0..<small.count {
                    large[i] &+= UInt32(small[i])
                    small[i] = 0
                }
            }
        }
        pending = 0
    }

    /// The sketch with every draw added so far counted.
    mutating func finish() -> QuantileSketch {
        if filled > 0 { countBatch() }
        flush()
        return sketch
    }
}

extension QuantileSketch {
    fileprivate mutating func addDraws(_ n: Int) { draws += n }
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

    init(draws: Int, seed: UInt64, years: [Int], areas: [Projection.AreaInfo], roles: [String], sketch: QuantileSketch, supplyMeetsNeed: [Double], areaSlots: [Int]) {
        self.draws = draws
        self.seed = seed
        self.years = years
        self.areas = areas
        self.roles = roles
        self.sketch = sketch
        self.supplyMeetsNeed = supplyMeetsNeed
        self.areaSlots = areaSlots
    }

    public enum Measure: Int, CaseIterable, Sendable {
        case supply, required, gap
    }

    /// Each area's storage slot (as in ``ProjectionResult``): leaves first.
    let areaSlots: [Int]

    /// Cell layout: `[measure][year][role or total][slot]`, the area's storage slot.
    public func cell(_ measure: Measure, area: Int, role: Int, yearIndex: Int) -> Int {
        ((measure.rawValue * years.count + yearIndex) * roles.count + role) * areas.count + areaSlots[area]
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
    /// The figures a draw is made of, laid out once: each starting projection's requirement
    /// (without shocks) by `[year][role or total][slot]`, and the shape of a draw.
    struct DrawLayout: Sendable {
        let years: Int
        let roles: Int
        let slots: Int
        let leaves: Int
        /// `(roles + 1) × slots`: one measure of one year.
        var block: Int { (roles + 1) * slots }
        /// The requirement laid out `[year][role or total][slot]`, in single precision, for each
        /// starting projection (the parameter sets, or the stated projection alone).
        let required: [[Float]]
    }

    /// A starting projection's requirement laid out `[year][role or total][slot]` in single
    /// precision, by a lean run into `result` (reused).
    func requirement(of p: Projection, into result: inout ProjectionResult) -> [Float] {
        let years = projection.yearCount, roles = projection.roles.count, slots = projection.areas.count
        let block = (roles + 1) * slots
        let requiredMetric = ProjectionResult.Metric.required.rawValue
        p.runRequirement(into: &result)
        var out = [Double](repeating: 0, count: years * block)
        result.values.withUnsafeBufferPointer { values in
            for t in 0..<years {
                for r in 0..<roles {
                    let row = values.baseAddress! + ((requiredMetric * years + t) * roles + r) * slots
                    for s in 0..<slots {
                        out[t * block + r * slots + s] = row[s]
                        out[t * block + roles * slots + s] += row[s]
                    }
                }
            }
        }
        return out.map { Float($0) }
    }

    /// Draw `index`'s supply: FTE in post by `[year][role][slot]` (aggregates included) into
    /// `fte`, as ``draw(_:)``'s projection gives it, without building that projection, and in
    /// single precision: twice the values per vector instruction of double precision, and
    /// within a few parts in 10⁶ of it (far finer than the histograms resolve, and than the
    /// figures are published). Returns the index of its starting projection and its level of
    /// need by year.
    func runSupply(_ index: Int, layout: DrawLayout, fte: UnsafeMutablePointer<Float>) -> (start: Int, needLevel: [Double]) {
        let p = startingProjection(index)
        let shocks = self.shocks(index)
        let figures = Projection.Figures(base: fte, rows: layout.roles, areas: layout.slots, years: layout.years)
        p.projectSupply(into: figures, lean: true, shocks: shocks.supply)
        p.aggregate(figures, metrics: 1, only: [.fte])
        return (parameterSets.isEmpty ? 0 : index % parameterSets.count, shocks.needLevel(years: layout.years))
    }

    /// One year (index `t`) of a draw whose supply is in `fte` (``runSupply(_:layout:fte:)``):
    /// into `out`, the total supply of all roles by slot, then the requirement and the gap
    /// (required − supply), each `[role or total][slot]`. Counts in `met` whether national
    /// supply (all leaves, all roles) met need.
    @inline(__always)
    func yearValues(
        fte: UnsafePointer<Float>, required: UnsafePointer<Float>, level: Float, layout: DrawLayout, year t: Int,
        into out: UnsafeMutablePointer<Float>, met: inout [Int]
    ) {
        let roles = layout.roles, slots = layout.slots, block = layout.block
        let supply = fte + t * roles * slots
        let supplyTotal = out, requiredOut = out + slots, gap = out + slots + block
        let requiredIn = required + t * block
        for i in 0..<block { requiredOut[i] = requiredIn[i] * level }
        supplyTotal.update(repeating: 0, count: slots)
        for r in 0..<roles {
            let row = supply + r * slots, need = requiredOut + r * slots, short = gap + r * slots
            for s in 0..<slots {
                short[s] = need[s] - row[s]
                supplyTotal[s] += row[s]
            }
        }
        let requiredTotal = requiredOut + roles * slots, gapTotal = gap + roles * slots
        for s in 0..<slots { gapTotal[s] = requiredTotal[s] - supplyTotal[s] }
        // The leaves are the first slots.
        var nationalSupply = 0.0, nationalRequired = 0.0
        for s in 0..<layout.leaves {
            nationalSupply += Double(supplyTotal[s])
            nationalRequired += Double(requiredTotal[s])
        }
        if nationalSupply >= nationalRequired { met[t] += 1 }
    }

    /// Draw `index`'s values in the summary's cell layout (`[measure][year][role or total][slot]`),
    /// and whether national supply met need by year.
    func values(of index: Int, layout: DrawLayout, into out: UnsafeMutablePointer<Float>, met: inout [Int]) {
        let years = layout.years, roles = layout.roles, slots = layout.slots, block = layout.block
        withUnsafeTemporaryAllocation(of: Float.self, capacity: years * roles * slots + slots + 2 * block) { scratch in
            let fte = scratch.baseAddress!, year = fte + years * roles * slots
            let (start, level) = runSupply(index, layout: layout, fte: fte)
            layout.required[start].withUnsafeBufferPointer { required in
                for t in 0..<years {
                    yearValues(fte: fte, required: required.baseAddress!, level: Float(level[t]), layout: layout, year: t, into: year, met: &met)
                    (out + t * block).update(from: fte + t * roles * slots, count: roles * slots)
                    (out + t * block + roles * slots).update(from: year, count: slots)
                    (out + (years + t) * block).update(from: year + slots, count: block)
                    (out + (2 * years + t) * block).update(from: year + slots + block, count: block)
                }
            }
        }
    }

    /// Runs and bins draw `index`, year by year, through a buffer of one year's values that
    /// stays in cache (`fte` holds the draw's supply); counts in `met` whether national supply
    /// met need by year.
    func bin(
        _ index: Int, layout: DrawLayout, into binner: inout Binner, fte: UnsafeMutablePointer<Float>,
        yearValues buffer: UnsafeMutablePointer<Float>, met: inout [Int]
    ) {
        let years = layout.years, roles = layout.roles, slots = layout.slots, block = layout.block
        let (start, level) = runSupply(index, layout: layout, fte: fte)
        layout.required[start].withUnsafeBufferPointer { required in
            for t in 0..<years {
                yearValues(fte: fte, required: required.baseAddress!, level: Float(level[t]), layout: layout, year: t, into: buffer, met: &met)
                // The single roles' supply straight from the run, then the total supply, the
                // requirement and the gaps.
                binner.bin(fte + t * roles * slots, first: t * block, count: roles * slots)
                binner.bin(buffer, first: t * block + roles * slots, count: slots)
                binner.bin(buffer + slots, first: (years + t) * block, count: block)
                binner.bin(buffer + slots + block, first: (2 * years + t) * block, count: block)
            }
        }
        binner.endDraw()
    }

    /// Runs `draws` draws on `tasks` concurrent tasks. The first draws (up to 64) are a pilot
    /// that sets each cell's histogram range (their extremes only are kept); then every draw,
    /// the pilot's included, is run and counted once. Same seed, same summary, whatever the
    /// number of tasks.
    public func simulate(draws: Int, tasks: Int, bins: Int = 64, progress: (@Sendable (Int) -> Void)? = nil) async -> SimulationSummary {
        let layout = await prepareLayout(tasks: tasks).layout
        let years = layout.years, roles = layout.roles, slots = layout.slots
        let cells = 3 * years * layout.block
        let pilotCount = Swift.min(draws, 64)
        let workers = Swift.max(1, tasks)
        // The pilot's draws on all tasks: task w takes draws w, w + workers, … below pilotCount.
        let range = await withTaskGroup(of: PilotRange.self) { group in
            for w in 0..<Swift.min(workers, pilotCount) {
                group.addTask {
                    var range = PilotRange(cells: cells)
                    var values = [Float](repeating: 0, count: cells)
                    var met = [Int](repeating: 0, count: years)
                    values.withUnsafeMutableBufferPointer { buffer in
                        for d in stride(from: w, to: pilotCount, by: workers) {
                            self.values(of: d, layout: layout, into: buffer.baseAddress!, met: &met)
                            range.add(buffer.baseAddress!)
                        }
                    }
                    return range
                }
            }
            var range = PilotRange(cells: cells)
            for await part in group { range.merge(part) }
            return range
        }
        var met = [Int](repeating: 0, count: years)
        let empty = QuantileSketch(range: range, bins: bins)
        var sketch = empty
        let partials = await withTaskGroup(of: (QuantileSketch, [Int]).self) { group in
            for w in 0..<workers {
                group.addTask {
                    var binner = Binner(empty)
                    var localMet = [Int](repeating: 0, count: years)
                    var fte = [Float](repeating: 0, count: years * roles * slots)
                    var yearValues = [Float](repeating: 0, count: slots + 2 * layout.block)
                    var d = w
                    var sinceProgress = 0
                    fte.withUnsafeMutableBufferPointer { fte in
                        yearValues.withUnsafeMutableBufferPointer { yearValues in
                            while d < draws {
                                self.bin(d, layout: layout, into: &binner, fte: fte.baseAddress!, yearValues: yearValues.baseAddress!, met: &localMet)
                                d += workers
                                sinceProgress += 1
                                if sinceProgress == 16 {
                                    progress?(sinceProgress)
                                    sinceProgress = 0
                                }
                            }
                        }
                    }
                    if sinceProgress > 0 { progress?(sinceProgress) }
                    return (binner.finish(), localMet)
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
            supplyMeetsNeed: met.map { Double($0) / Double(Swift.max(draws, 1)) }, areaSlots: projection.areaSlots)
        summary.parameterSets = parameterSets.count
        return summary
    }
}
