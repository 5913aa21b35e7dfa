import CareCastFormats
import CareCastModel
import CareCastReturns
import Foundation

/// What the published series say about need, estimated afresh for each edition: the relative
/// workload of each kind of need (from authorities' case-holding FTE against their counts of
/// each, over every census year), each authority's caseload standard shrunk towards England's,
/// and the trend in England's rates of need per child with an out-of-sample test of carrying it.
public struct NeedEvidence: Sendable {
    /// The activities, in the order the baseline builds them.
    public static let activityIDs = ["children_in_need_other", "child_protection_not_looked_after", "looked_after"]

    /// One authority in one census year: case-holding FTE, its establishment factor and its
    /// counts at the 31 March before.
    struct Observation {
        var code: String
        var year: Int
        var caseHolders: Double
        /// (FTE in post + vacancies) / FTE in post: case holders' FTE scaled to posts.
        var postsPerFTE: Double
        /// Other children in need, on a plan and not looked after, looked after.
        var counts: [Double]
    }

    public struct Weight: Sendable {
        public var activity: String
        /// From the authorities' panel: FTE per child relative to other children in need.
        public var data: Double
        public var dataSD: Double
        /// From published time-use evidence (the assumption's value and spread), if stated.
        public var prior: Double?
        public var priorSD: Double?
        /// Precision-weighted: the relative weight the baseline uses, and its standard deviation.
        public var weight: Double
        public var sd: Double
    }

    public struct UnitStandard: Sendable {
        public var unit: String
        public var years: Int
        /// Mean over its years of log(standard / England's), before shrinking.
        public var relative: Double
        /// τ² / (τ² + σ²/n): the share of its own mean the estimate keeps.
        public var reliability: Double
        /// The base year's calibrated standard (weighted cases per caseload FTE).
        public var calibrated: Double
        /// The estimated standard the baseline uses.
        public var shrunk: Double
    }

    public struct Trend: Sendable {
        public var activity: String
        public var years: ClosedRange<Int>
        /// Log-linear growth of the rate per child a year, over `years`.
        public var growth: Double
        /// (year, children per 10,000 aged 0–17).
        public var rates: [(year: Int, rate: Double)]
    }

    public var weights: [Weight] = []
    public var panelObservations = 0
    public var panelAuthorities = 0
    public var panelYears: ClosedRange<Int> = 0...0
    public var bootstrapReplicates = 0
    /// Between-authority variance of the persistent log standard (τ²) and the within-authority
    /// year-to-year variance (σ²).
    public var betweenVariance = 0.0
    public var withinVariance = 0.0
    public var standards: [UnitStandard] = []
    /// England's standard the shrinkage is towards (weighted cases per caseload FTE), set so that
    /// England's requirement at the base year is its establishment.
    public var nationalStandard = 0.0
    public var trends: [Trend] = []
    /// Mean absolute log error of each activity's rate projected with damping φ, by horizon
    /// 1…5 years (base years from four years into the series).
    public var dampingErrors: [(phi: Double, byHorizon: [Double])] = []

    /// Bootstrap replicates of the workload weights and the generator's seed (fixed, so each
    /// build gives the same standard deviations).
    public static let replicates = 200
    public static let seed: UInt64 = 0x6361_7365_6c6f_6164

    /// The damping factors the out-of-sample table compares.
    public static let dampingCandidates = [0.0, 0.5, 0.8, 1.0]
}

extension NeedEvidence {
    /// FTE per child of each activity from every authority and census year up to `baseYear`:
    /// case-holding FTE = Σ_k b_k × count_k, fitted by least squares on relative errors (each
    /// observation weighted 1/FTE², so large and small authorities count alike), with standard
    /// deviations from a bootstrap over authorities (all an authority's years together).
    static func panel(_ bundle: EnglandBundle, baseYear: Int, overlap: Double) throws(DataFileError) -> [Observation] {
        try rawPanel(bundle, baseYear: baseYear).compactMap { raw in
            let plans = raw.cpp * (1 - overlap)
            let other = raw.cin - plans - raw.cla
            guard other > 0 else { return nil }
            return Observation(code: raw.code, year: raw.year, caseHolders: raw.caseHolders, postsPerFTE: raw.postsPerFTE, counts: [other, plans, raw.cla])
        }
    }

    /// One authority-year as published: case-holding FTE, posts per FTE in post, and all children
    /// in need, on a plan and looked after at the 31 March before.
    struct RawObservation: Sendable {
        var code: String
        var year: Int
        var caseHolders: Double
        var postsPerFTE: Double
        var cin: Double
        var cpp: Double
        var cla: Double
    }

    static func rawPanel(_ bundle: EnglandBundle, baseYear: Int) throws(DataFileError) -> [RawObservation] {
        if let cached = bundle.cache.needPanels.withLock({ $0[baseYear] }) { return cached }
        let counts = try bundle.tidy("tidy/cla_cin_cpp_demand.csv", columns: ["year", "geographic_level", "geography_code", "measure", "value", "value_flag"])
        let c = (year: counts.column("year")!, level: counts.column("geographic_level")!, code: counts.column("geography_code")!,
                 measure: counts.column("measure")!, value: counts.column("value")!, flag: counts.column("value_flag")!)
        // Authorities' counts with no flag, by "year|code|measure" (one pass over the file).
        let wanted: Set<String> = ["cin_at_31_march", "cpp_at_31_march", "cla_at_31_march"]
        var byKey: [String: Double] = [:]
        for (i, fields) in counts.rows.enumerated() where fields[c.level] == "local_authority" && fields[c.flag].isEmpty && wanted.contains(fields[c.measure]) {
            guard let v = Double(fields[c.value]) else {
                throw .badData(file: counts.file, [DataProblem(line: counts.lines[i], column: c.value + 1, field: "value", message: "expected a number with no flag, got \"\(fields[c.value])\"")])
            }
            let key = fields[c.year] + "|" + fields[c.code] + "|" + fields[c.measure]
            if byKey[key] == nil { byKey[key] = v }
        }
        func count(_ year: Int, _ code: String, _ measure: String) -> Double? { byKey[String(year) + "|" + code + "|" + measure] }
        var out: [RawObservation] = []
        for row in bundle.indicators.rows where row.level == .localAuthority && row.year <= baseYear {
            guard let holders = row.value("case_holders_fte").number, holders > 0,
                  let inPost = row.value("inpost_fte").number, inPost > 0 else { continue }
            let vacancies = row.value("vacancy_fte").number ?? 0
            guard let cin = count(row.year, row.newLACode, "cin_at_31_march"), let cpp = count(row.year, row.newLACode, "cpp_at_31_march"),
                  let cla = count(row.year, row.newLACode, "cla_at_31_march") else { continue }
            out.append(RawObservation(code: row.newLACode, year: row.year, caseHolders: holders, postsPerFTE: (inPost + vacancies) / inPost, cin: cin, cpp: cpp, cla: cla))
        }
        bundle.cache.needPanels.withLock { $0[baseYear] = out }
        return out
    }

    /// England's children in need, plans and looked-after children at 31 March, and children
    /// aged 0-17 at mid-year, by year to the base year.
    struct RawSeries: Sendable {
        var cin: [Int: Double] = [:]
        var cpp: [Int: Double] = [:]
        var cla: [Int: Double] = [:]
        var population: [Int: Double] = [:]
    }

    static func rawSeries(_ bundle: EnglandBundle, baseYear: Int) throws(DataFileError) -> RawSeries {
        if let cached = bundle.cache.needSeries.withLock({ $0[baseYear] }) { return cached }
        let counts = try bundle.tidy("tidy/cla_cin_cpp_demand.csv", columns: ["year", "geographic_level", "measure", "value", "value_flag"])
        let c = (year: counts.column("year")!, level: counts.column("geographic_level")!, measure: counts.column("measure")!, value: counts.column("value")!)
        var series: [String: [Int: Double]] = [:]
        for fields in counts.rows where fields[c.level] == "national" {
            guard let y = Int(fields[c.year]), let v = Double(fields[c.value]), y <= baseYear else { continue }
            series[fields[c.measure], default: [:]][y] = v
        }
        var out = RawSeries()
        // Looked-after children: the revised series, and first-published figures before it.
        out.cla = series["cla_at_31_march_first_published"] ?? [:]
        for (y, v) in series["cla_at_31_march"] ?? [:] { out.cla[y] = v }
        out.cin = series["cin_at_31_march"] ?? [:]
        out.cpp = series["cpp_at_31_march"] ?? [:]
        for row in try bundle.ees("published/ons_mid_year_population_0_17.csv", filters: ["age_group"], measures: ["population_estimate"]).rows where row.level == .national {
            if let n = row.value("population_estimate").number { out.population[row.year] = n }
        }
        bundle.cache.needSeries.withLock { $0[baseYear] = out }
        return out
    }

    /// The normal equations of Σ ((y − X b) / y)² over some observations: X'WX and X'Wy.
    struct NormalEquations {
        /// X'WX in lanes 0…8 (row by row), X'Wy in lanes 9…11.
        var lanes = SIMD16<Double>()

        mutating func add(_ o: Observation) {
            let w = 1 / (o.caseHolders * o.caseHolders)
            for p in 0..<3 {
                lanes[9 + p] += w * o.counts[p] * o.caseHolders
                for q in 0..<3 { lanes[p * 3 + q] += w * o.counts[p] * o.counts[q] }
            }
        }

        mutating func add(_ other: NormalEquations) { lanes += other.lanes }

        /// b, or nil when singular.
        var solution: [Double]? { NeedEvidence.solve((0..<9).map { lanes[$0] }, (9..<12).map { lanes[$0] }, 3) }
    }

    /// Gaussian elimination with partial pivoting; nil when the system is singular.
    static func solve(_ matrix: [Double], _ vector: [Double], _ k: Int) -> [Double]? {
        var a = matrix, b = vector
        for col in 0..<k {
            var pivot = col
            for r in (col + 1)..<k where abs(a[r * k + col]) > abs(a[pivot * k + col]) { pivot = r }
            guard abs(a[pivot * k + col]) > 1e-300 else { return nil }
            if pivot != col {
                for q in 0..<k { a.swapAt(col * k + q, pivot * k + q) }
                b.swapAt(col, pivot)
            }
            for r in (col + 1)..<k {
                let f = a[r * k + col] / a[col * k + col]
                for q in col..<k { a[r * k + q] -= f * a[col * k + q] }
                b[r] -= f * b[col]
            }
        }
        var x = [Double](repeating: 0, count: k)
        for r in stride(from: k - 1, through: 0, by: -1) {
            var s = b[r]
            for q in (r + 1)..<k { s -= a[r * k + q] * x[q] }
            x[r] = s / a[r * k + r]
        }
        return x
    }

    /// The relative workload weights (other children in need = 1) from the panel: FTE per child
    /// of each activity by least squares on relative errors (case-holding FTE = Σ_k b_k ×
    /// count_k, each observation weighted 1/FTE², so large and small authorities count alike),
    /// standard deviations from a bootstrap over authorities (all an authority's years
    /// together), each combined with its stated prior (mean, sd) by precision where one is given.
    static func weights(_ panel: [Observation], priors: [String: (mean: Double, sd: Double)], replicates: Int, seed: UInt64) -> [Weight] {
        // Each authority's own normal equations; a replicate sums those of the authorities drawn.
        let codes = Array(Set(panel.map(\.code))).sorted()
        var byCode: [String: NormalEquations] = [:]
        for o in panel { byCode[o.code, default: NormalEquations()].add(o) }
        let clusters = codes.map { byCode[$0]! }
        var all = NormalEquations()
        for c in clusters { all.add(c) }
        guard let b = all.solution, b[0] > 0 else { return [] }
        var generator = SplitMix64(seed: seed)
        var sums = [Double](repeating: 0, count: 3), squares = [Double](repeating: 0, count: 3)
        var kept = 0
        for _ in 0..<replicates {
            var drawn = NormalEquations()
            for _ in clusters.indices { drawn.add(clusters[Int(generator.unit() * Double(clusters.count))]) }
            guard let r = drawn.solution, r[0] > 0 else { continue }
            kept += 1
            for k in 0..<3 {
                sums[k] += r[k] / r[0]
                squares[k] += (r[k] / r[0]) * (r[k] / r[0])
            }
        }
        return activityIDs.enumerated().map { k, id in
            let data = b[k] / b[0]
            let mean = kept > 0 ? sums[k] / Double(kept) : data
            let dataSD = kept > 1 ? (max(0, squares[k] / Double(kept) - mean * mean) * Double(kept) / Double(kept - 1)).squareRoot() : 0
            var weight = data, sd = dataSD
            let prior = priors[id]
            if k == 0 {
                weight = 1
                sd = 0
            } else if let prior, prior.sd > 0, dataSD > 0 {
                let precision = 1 / (dataSD * dataSD) + 1 / (prior.sd * prior.sd)
                weight = (data / (dataSD * dataSD) + prior.mean / (prior.sd * prior.sd)) / precision
                sd = (1 / precision).squareRoot()
            }
            return Weight(activity: id, data: data, dataSD: k == 0 ? 0 : dataSD, prior: prior?.mean, priorSD: prior?.sd, weight: weight, sd: sd)
        }
    }

    /// Each unit's standard: the mean over its census years of log(its weighted cases per post /
    /// England's), kept in the share its years support (τ² / (τ² + σ²/n), method of moments),
    /// times England's standard, which is set so that England's requirement at the base year
    /// equals its establishment. `workload` and `establishment` (caseload roles) are each unit's
    /// at the base year; `followers` is each unit's establishment of every role whose requirement
    /// follows the caseload (the caseload roles and those in ratio to them), so that England's
    /// requirement of all of them at the base year is their establishment.
    mutating func shrinkStandards(
        _ panel: [Observation], weights w: [Double], reporting: ReportingUnits, workload: [Double], establishment: [Double], followers: [Double]
    ) {
        // Log relative standard by unit and year (authorities that are whole units only).
        var byUnit: [Int: [(year: Int, value: Double)]] = [:]
        let years = Array(Set(panel.map(\.year))).sorted()
        for year in years {
            let rows = panel.filter { $0.year == year }
            var totalW = 0.0, totalPosts = 0.0
            for o in rows {
                totalW += o.counts[0] * w[0] + o.counts[1] * w[1] + o.counts[2] * w[2]
                totalPosts += o.caseHolders * o.postsPerFTE
            }
            guard totalW > 0, totalPosts > 0 else { continue }
            let england = totalW / totalPosts
            for o in rows {
                guard let u = reporting.unit(ofMember: o.code), reporting.units[u].members.count == 1 else { continue }
                let load = o.counts[0] * w[0] + o.counts[1] * w[1] + o.counts[2] * w[2]
                let q = load / (o.caseHolders * o.postsPerFTE)
                guard q > 0 else { continue }
                byUnit[u, default: []].append((year, Foundation.log(q / england)))
            }
        }
        // σ²: pooled within-unit variance; τ²: variance of unit means less the mean sampling variance.
        var within = 0.0, withinDF = 0
        var means: [Int: (mean: Double, n: Int)] = [:]
        for u in byUnit.keys.sorted() {
            let values = byUnit[u]!.map(\.value)
            let mean = values.reduce(0, +) / Double(values.count)
            means[u] = (mean, values.count)
            for v in values { within += (v - mean) * (v - mean) }
            withinDF += values.count - 1
        }
        let sigma2 = withinDF > 0 ? within / Double(withinDF) : 0
        let unitMeans = means.keys.sorted().map { means[$0]! }
        let grand = unitMeans.isEmpty ? 0 : unitMeans.reduce(0) { $0 + $1.mean } / Double(unitMeans.count)
        let spread = unitMeans.count > 1 ? unitMeans.reduce(0) { $0 + ($1.mean - grand) * ($1.mean - grand) } / Double(unitMeans.count - 1) : 0
        let sampling = unitMeans.isEmpty ? 0 : unitMeans.reduce(0) { $0 + sigma2 / Double($1.n) } / Double(unitMeans.count)
        let tau2 = max(0, spread - sampling)
        betweenVariance = tau2
        withinVariance = sigma2

        var relative = [Double](repeating: 0, count: reporting.units.count)
        var reliability = [Double](repeating: 0, count: reporting.units.count)
        var yearsOf = [Int](repeating: 0, count: reporting.units.count)
        for (u, m) in means {
            let lambda = tau2 + sigma2 / Double(m.n) > 0 ? tau2 / (tau2 + sigma2 / Double(m.n)) : 0
            relative[u] = m.mean
            reliability[u] = lambda
            yearsOf[u] = m.n
        }
        // England's standard S: Σ_u W_u (F_u / E_u) / (S e^{λμ}) = Σ_u F_u.
        var totalE = 0.0, scaled = 0.0
        for u in reporting.units.indices where establishment[u] > 0 {
            totalE += followers[u]
            scaled += workload[u] * (followers[u] / establishment[u]) / Foundation.exp(reliability[u] * relative[u])
        }
        nationalStandard = totalE > 0 ? scaled / totalE : 0
        standards = reporting.units.indices.map { u in
            UnitStandard(
                unit: reporting.units[u].code, years: yearsOf[u], relative: relative[u], reliability: reliability[u],
                calibrated: establishment[u] > 0 ? workload[u] / establishment[u] : 0,
                shrunk: nationalStandard * Foundation.exp(reliability[u] * relative[u]))
        }
    }

    /// England's rate per 10,000 children of each activity, each 31 March to `baseYear`, its
    /// log-linear trend, and how well carrying a trend damped by φ would have done out of sample.
    mutating func estimateTrends(_ bundle: EnglandBundle, baseYear: Int, overlap: Double) throws(DataFileError) {
        let raw = try Self.rawSeries(bundle, baseYear: baseYear)
        let population = raw.population, cla = raw.cla
        // Children at 31 March of year y over the mid-year estimate before it (as DfE's rates).
        func children(_ y: Int) -> Double? { population[y - 1] ?? population[y] }
        let cin = raw.cin, cpp = raw.cpp
        var rates: [[Int: Double]] = [[:], [:], [:]]
        for y in Set(cin.keys).intersection(cpp.keys).intersection(cla.keys).sorted() {
            guard let n = children(y), n > 0 else { continue }
            let plans = cpp[y]! * (1 - overlap)
            let values = [cin[y]! - plans - cla[y]!, plans, cla[y]!]
            for k in 0..<3 { rates[k][y] = values[k] / n * 10_000 }
        }
        func slope(_ points: [(Int, Double)]) -> Double {
            guard points.count > 1 else { return 0 }
            let mx = points.reduce(0.0) { $0 + Double($1.0) } / Double(points.count)
            let my = points.reduce(0.0) { $0 + Foundation.log($1.1) } / Double(points.count)
            var sxy = 0.0, sxx = 0.0
            for (x, y) in points {
                sxy += (Double(x) - mx) * (Foundation.log(y) - my)
                sxx += (Double(x) - mx) * (Double(x) - mx)
            }
            return sxx > 0 ? sxy / sxx : 0
        }
        trends = Self.activityIDs.enumerated().compactMap { k, id in
            let points = rates[k].keys.sorted().map { ($0, rates[k][$0]!) }
            guard let first = points.first?.0, let last = points.last?.0 else { return nil }
            return Trend(activity: id, years: first...last, growth: slope(points), rates: points.map { (year: $0.0, rate: $0.1) })
        }
        // Out of sample: from each base year four or more years into the series, project 1…5
        // years ahead with the trend fitted to that base year, damped by φ.
        dampingErrors = Self.dampingCandidates.map { phi in
            var byHorizon: [Double] = []
            for h in 1...5 {
                var total = 0.0, n = 0
                for k in 0..<3 {
                    let years = rates[k].keys.sorted()
                    guard let first = years.first else { continue }
                    for origin in years where origin >= first + 4 {
                        guard let actual = rates[k][origin + h] else { continue }
                        let g = slope(years.filter { $0 <= origin }.map { ($0, rates[k][$0]!) })
                        let projected = rates[k][origin]! * Foundation.exp(g * Self.dampedSteps(phi, h))
                        total += abs(Foundation.log(projected / actual))
                        n += 1
                    }
                }
                byHorizon.append(n > 0 ? total / Double(n) : .nan)
            }
            return (phi, byHorizon)
        }
    }

    /// Σ_{j=1…h} φ^j: the years of trend a damped projection carries h years ahead.
    public static func dampedSteps(_ phi: Double, _ h: Int) -> Double {
        var total = 0.0, term = 1.0
        for _ in 0..<max(0, h) {
            term *= phi
            total += term
        }
        return total
    }

    /// England's establishment (FTE in post plus vacancies) per child aged 0-17 (the mid-year
    /// estimate of the census year): its growth a year from the first census year to the last.
    public static func establishmentPerChildTrend(_ bundle: EnglandBundle) -> (growth: Double, years: ClosedRange<Int>)? {
        let rows = bundle.indicators.rows.filter { $0.level == .national }.sorted { $0.year < $1.year }
        guard let first = rows.first, let last = rows.last, last.year > first.year,
              let e0 = first.value("inpost_fte").number, let v0 = first.value("vacancy_fte").number,
              let e1 = last.value("inpost_fte").number, let v1 = last.value("vacancy_fte").number,
              let series = try? rawSeries(bundle, baseYear: last.year),
              let c0 = series.population[first.year], let c1 = series.population[last.year] ?? series.population[last.year - 1] else { return nil }
        let ratio = ((e1 + v1) / c1) / ((e0 + v0) / c0)
        return (Foundation.pow(ratio, 1 / Double(last.year - first.year)) - 1, first.year...last.year)
    }
}
