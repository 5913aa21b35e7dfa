import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastModel
import Foundation

/// How well has the method done? For every base year that leaves outturn to compare with,
/// calibrate on data up to that year, project to the latest census, and compare with what DfE
/// published, beside two simple benchmarks.
public struct Backtest: Sendable {
    /// One projected figure beside the outturn and the benchmarks' figures.
    public struct Comparison: Sendable {
        public var baseYear: Int
        public var year: Int
        public var level: GeographicLevel
        public var area: String
        public var measure: String
        public var projected: Double
        public var outturn: Double
        /// Last value carried forward, and the linear trend of the three years to the base year.
        public var lastValue: Double
        public var trend: Double
        /// The Monte Carlo 50% and 90% intervals (25th to 75th and 5th to 95th percentiles) of
        /// the projection, when the back-test ran draws (FTE in post only).
        public var interval50: ClosedRange<Double>?
        public var interval90: ClosedRange<Double>?
        public var horizon: Int { year - baseYear }
    }

    public var comparisons: [Comparison]
    public var notes: [String]
    /// Monte Carlo draws per base year (0: central projections only).
    public var draws: Int = 0
    /// Each base year's model input (the placements back-test builds on them).
    public var inputs: [Int: ModelInput] = [:]

    /// Workforce measures, and the demand the caseload rests on: children in need at 31 March
    /// (the model's activities add up to them).
    public static let measures = ["inpost_fte", "leavers_fte", "starters_fte", "agency_fte", "children_in_need"]

    /// With `draws` > 0, each base year's projection is also simulated (the same structured
    /// shocks as `carecast simulate`, seeded by `seed` and the base year) and the outturn is
    /// checked against its 50% and 90% intervals.
    public static func run(_ bundle: EnglandBundle, assumptions: AssumptionSet, baseYears: [Int], draws: Int = 0, seed: UInt64 = 1, parameterSets: Int? = nil, tasks: Int = 1) async throws(DataFileError) -> Backtest {
        var comparisons: [Comparison] = []
        var notes: [String] = []
        var inputs: [Int: ModelInput] = [:]
        let published = bundle.indicators.rows
        func value(_ year: Int, _ level: GeographicLevel, _ code: String, _ measure: String) -> Double? {
            published.first { $0.year == year && $0.level == level && (level == .national || (level == .regional ? $0.regionCode == code : $0.newLACode == code)) }?.value(measure).number
        }
        let cin = try EESFile.read(bundle.path("published/dfe_cin_b1_children_in_need.csv"), measures: ["At31_episodes"]).rows
        func childrenInNeed(_ year: Int, _ level: GeographicLevel, _ code: String) -> Double? {
            cin.first { $0.year == year && $0.level == level && (level == .national || (level == .regional ? $0.regionCode == code : $0.newLACode == code)) }?.value("At31_episodes").number
        }
        for base in baseYears {
            let baseline = try EnglandBaseline.build(bundle, assumptions: assumptions, baseYear: base)
            inputs[base] = baseline.input
            // The benchmarks start from the same figures the method was calibrated on: national
            // ones as published by the base year where the vintages have them.
            let asPublished = try bundle.asPublished(by: base).bundle.indicators.rows
            func known(_ year: Int, _ level: GeographicLevel, _ code: String, _ measure: String) -> Double? {
                guard level == .national else { return value(year, level, code, measure) }
                return asPublished.first { $0.year == year && $0.level == .national }?.value(measure).number
            }
            notes += baseline.notes.demandImputations.filter { $0.contains("Back-test") || $0.contains("role file") }
            let projection: Projection
            do { projection = try Projection(baseline.input) } catch { throw .invalid(file: "back-test \(base)", error.issues) }
            let result = projection.run(trainingSufficiency: false)
            var simulation: SimulationSummary?
            if draws > 0 {
                let monteCarlo = try await EnglandBaseline.monteCarlo(
                    bundle, assumptions: assumptions, projection: projection, seed: seed &+ UInt64(base), draws: draws,
                    parameterSets: parameterSets, baseYear: base)
                simulation = await monteCarlo.simulate(draws: draws, tasks: tasks)
            }
            // The model's leavers are exits and moves into agency work: this share of DfE's.
            let leaverShare = baseline.notes.exitShareOfLeavers + baseline.notes.agency.moveShareOfTurnover
            // Each area's leaves, for the projected children in need of aggregates.
            var leavesOf = [[Int]](repeating: [], count: result.areas.count)
            for (a, area) in result.areas.enumerated() {
                guard let leaf = area.leafIndex else { continue }
                var node: Int? = a
                while let n = node { leavesOf[n].append(leaf); node = result.areas[n].parent }
            }
            for (a, area) in result.areas.enumerated() {
                let level: GeographicLevel = area.level == "national" ? .national : (area.level == "region" ? .regional : .localAuthority)
                let code = area.code.rawValue
                for t in 1..<result.years.count {
                    let year = result.years[t]
                    let supply = result.roles.indices.reduce(0.0) { $0 + result.value(.fte, area: a, role: $1, yearIndex: t) }
                    let exits = result.roles.indices.reduce(0.0) { $0 + result.value(.leavers, area: a, role: $1, yearIndex: t) }
                    let entrants = result.roles.indices.reduce(0.0) { $0 + result.value(.entrants, area: a, role: $1, yearIndex: t) }
                    // Published leavers and starters include moves between authorities; the
                    // model's leavers and entrants (conversions from agency work included) do
                    // not: add them back at the national split.
                    let leavers = exits / leaverShare
                    let starters = entrants + (leavers - exits)
                    let agency = result.roles.indices.reduce(0.0) { $0 + result.value(.agencyFte, area: a, role: $1, yearIndex: t) }
                    let need = leavesOf[a].reduce(0.0) { sum, leaf in
                        sum + result.activityIDs.indices.reduce(0.0) { $0 + result.activityCounts[result.activityIndex(activity: $1, leaf: leaf, yearIndex: t)] }
                    }
                    for (measure, projected) in [("inpost_fte", supply), ("leavers_fte", leavers), ("starters_fte", starters), ("agency_fte", agency), ("children_in_need", need)] {
                        let read: (Int, GeographicLevel, String) -> Double? = measure == "children_in_need" ? childrenInNeed : { value($0, $1, $2, measure) }
                        let readKnown: (Int, GeographicLevel, String) -> Double? = measure == "children_in_need" ? childrenInNeed : { known($0, $1, $2, measure) }
                        guard let outturn = read(year, level, code), let last = readKnown(base, level, code),
                              let earlier = readKnown(base - 2, level, code) else { continue }
                        let slope = (last - earlier) / 2
                        var comparison = Comparison(baseYear: base, year: year, level: level, area: code, measure: measure, projected: projected,
                                                    outturn: outturn, lastValue: last, trend: last + slope * Double(year - base))
                        if measure == "inpost_fte", let sim = simulation {
                            let total = sim.roles.count - 1
                            func q(_ p: Double) -> Double { sim.quantile(.supply, area: a, role: total, yearIndex: t, p) }
                            comparison.interval50 = q(0.25)...max(q(0.25), q(0.75))
                            comparison.interval90 = q(0.05)...max(q(0.05), q(0.95))
                        }
                        comparisons.append(comparison)
                    }
                }
            }
        }
        return Backtest(comparisons: comparisons, notes: Array(Set(notes)).sorted(), draws: draws, inputs: inputs)
    }

    /// How often the outturn fell inside the projection's intervals.
    public struct Coverage: Sendable {
        public var level: GeographicLevel
        public var horizon: Int
        public var count: Int
        /// Shares, 0…1: nominally 0.5 and 0.9.
        public var inside50: Double
        public var inside90: Double
        /// Mean of (outturn − projected) / projected over the cases projected above 0: the
        /// central projection's bias.
        public var meanError: Double
        /// Root mean square of the same relative errors.
        public var rmsError: Double
        /// Median half-width of the 90% intervals, relative to the projection.
        public var halfWidth90: Double
        public init(level: GeographicLevel, horizon: Int, count: Int, inside50: Double, inside90: Double, meanError: Double, rmsError: Double, halfWidth90: Double) {
            self.level = level
            self.horizon = horizon
            self.count = count
            self.inside50 = inside50
            self.inside90 = inside90
            self.meanError = meanError
            self.rmsError = rmsError
            self.halfWidth90 = halfWidth90
        }

        /// Coverage short of nominal by more than chance explains: were the intervals right, as few
        /// cases inside (or fewer) would happen less than 5% of the time (one-sided binomial
        /// test, for the 90% and for the 50% interval). With a handful of cases only a large
        /// shortfall counts; with hundreds, a few points do.
        public var poor: Bool {
            Self.binomialAtMost(Int((inside90 * Double(count)).rounded()), of: count, p: 0.9) < 0.05
                || Self.binomialAtMost(Int((inside50 * Double(count)).rounded()), of: count, p: 0.5) < 0.05
        }

        /// P(X ≤ k) for X binomial with `n` trials of probability `p`.
        public static func binomialAtMost(_ k: Int, of n: Int, p: Double) -> Double {
            guard k < n else { return 1 }
            guard k >= 0 else { return 0 }
            var total = 0.0
            for i in 0...k {
                let logChoose = lgamma(Double(n + 1)) - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1))
                total += exp(logChoose + Double(i) * log(p) + Double(n - i) * log(1 - p))
            }
            return min(1, total)
        }
        /// Whether the bias is most of the error (its square over half the mean square error):
        /// then wider noise would not fix the coverage; the central projection is off.
        public var mostlyBias: Bool { meanError * meanError > rmsError * rmsError / 2 }

        /// In words: what the poor coverage comes from.
        public var diagnosis: String {
            guard poor else { return "" }
            let direction = meanError < 0 ? "below" : "above"
            let bias = NumberFormat.grouped(abs(meanError) * 100, decimals: 1) + "%"
            let width = NumberFormat.grouped(halfWidth90 * 100, decimals: 1) + "%"
            return mostlyBias
                ? "mostly bias: outturn \(bias) \(direction) the projection on average; 90% half-width \(width)"
                : "mostly spread: errors of \(NumberFormat.grouped(rmsError * 100, decimals: 1))% (root mean square) against a 90% half-width of \(width)"
        }
    }

    /// Interval coverage of FTE in post by level and years ahead (empty without draws).
    public func coverage() -> [Coverage] {
        var out: [Coverage] = []
        for level in GeographicLevel.allCases {
            for h in Set(comparisons.map(\.horizon)).sorted() {
                let rows = comparisons.filter { $0.level == level && $0.horizon == h && $0.interval90 != nil }
                guard !rows.isEmpty else { continue }
                let n = Double(rows.count)
                // Relative errors where there was something to project (a unit projected at 0 has none).
                let projected = rows.filter { $0.projected > 0 }
                let m = Double(max(projected.count, 1))
                let errors = projected.map { ($0.outturn - $0.projected) / $0.projected }
                let median = FlowEstimation.median(projected.map { ($0.interval90!.upperBound - $0.interval90!.lowerBound) / 2 / $0.projected })
                out.append(Coverage(level: level, horizon: h, count: rows.count,
                                    inside50: Double(rows.filter { $0.interval50!.contains($0.outturn) }.count) / n,
                                    inside90: Double(rows.filter { $0.interval90!.contains($0.outturn) }.count) / n,
                                    meanError: errors.reduce(0, +) / m,
                                    rmsError: (errors.map { $0 * $0 }.reduce(0, +) / m).squareRoot(),
                                    halfWidth90: median))
            }
        }
        return out
    }

    /// Mean absolute percentage error and mean percentage error (bias) of the method and the
    /// benchmarks, by measure, level and horizon.
    public struct Score: Sendable {
        public var measure: String
        public var level: GeographicLevel
        public var horizon: Int
        public var count: Int
        public var mape: Double
        public var bias: Double
        public var mapeLastValue: Double
        public var mapeTrend: Double
    }

    public func scores() -> [Score] {
        var out: [Score] = []
        let horizons = Set(comparisons.map(\.horizon)).sorted()
        for measure in Self.measures {
            for level in GeographicLevel.allCases {
                for h in horizons {
                    let rows = comparisons.filter { $0.measure == measure && $0.level == level && $0.horizon == h && $0.outturn > 0 }
                    guard !rows.isEmpty else { continue }
                    let n = Double(rows.count)
                    func mape(_ f: (Comparison) -> Double) -> Double { rows.reduce(0) { $0 + abs(f($1) - $1.outturn) / $1.outturn } / n * 100 }
                    out.append(Score(
                        measure: measure, level: level, horizon: h, count: rows.count, mape: mape(\.projected),
                        bias: rows.reduce(0) { $0 + ($1.projected - $1.outturn) / $1.outturn } / n * 100,
                        mapeLastValue: mape(\.lastValue), mapeTrend: mape(\.trend)))
                }
            }
        }
        return out
    }

    public func render() -> String {
        var table: [[String]] = [["Measure", "Level", "Years ahead", "Cases", "MAPE %", "Bias %", "MAPE last value %", "MAPE trend %", "Better benchmark"]]
        for s in scores() {
            let best = min(s.mapeLastValue, s.mapeTrend)
            let verdict = best < s.mape ? (s.mapeLastValue <= s.mapeTrend ? "last value" : "trend") : ""
            table.append([s.measure, s.level.rawValue, String(s.horizon), String(s.count), NumberFormat.grouped(s.mape), NumberFormat.grouped(s.bias),
                          NumberFormat.grouped(s.mapeLastValue), NumberFormat.grouped(s.mapeTrend), verdict])
        }
        var out = "How well has this method done? Calibrated on data up to each base year, projected to \(comparisons.map(\.year).max() ?? 0), compared with what DfE published.\n"
        out += "Leavers and starters are compared as DfE counts them (moves between authorities added back at the national split; moves into agency work and conversions from it are in the model's flows).\n"
        out += "Children in need at 31 March (the demand the caseload rests on: the model's activities add up to them) are compared with DfE's children in need statistics.\n\n"
        out += SummaryTable.align(table, left: [0, 1, 8])
        out += "\nA benchmark named in the last column did better than the method there.\n"
        if !notes.isEmpty { out += "\nWhat the back-test could not hold back:\n" + notes.map { "  \($0)\n" }.joined() }
        out += "  The age profile (2024) and the fast-track figure (c.2024-25) are the only ones in the bundle, so every back-test uses them.\n"
        out += "  Pseudo-real time where the vintages allow: each base year's national FTE in post, starters, leavers and agency FTE are taken as published by then (the newest DfE release up to it, or as first published), for the calibration and the benchmarks alike; local and regional figures, and the outturn compared with, are the latest published (the bundle has no local vintages).\n"
        out += "  The 2024 agency rules (statutory guidance in force from 31 October 2024; first census year reflecting them: 2024) come after every back-test base year, so those projections hold the agency outflow from before the rules and the 2024 outturn carries the break.\n"
        let coverage = coverage()
        if coverage.isEmpty {
            out += "  Interval coverage: run with --draws N to simulate each base year and see how often the outturn fell inside the 50% and 90% intervals.\n"
        } else {
            var t: [[String]] = [["Level", "Years ahead", "Cases", "Inside 50% interval", "Inside 90% interval", ""]]
            for c in coverage {
                t.append([c.level.rawValue, String(c.horizon), String(c.count), NumberFormat.grouped(c.inside50 * 100) + "%", NumberFormat.grouped(c.inside90 * 100) + "%", c.poor ? "POOR: " + c.diagnosis : ""])
            }
            out += "\nInterval coverage of FTE in post (\(draws) draws per base year; nominally 50% and 90%):\n\n" + SummaryTable.align(t, left: [0, 5])
            if coverage.contains(where: \.poor) {
                out += "\nWarning: the outturn fell outside the intervals more often than their width allows. The intervals understate the uncertainty (or the method is biased): read them as a lower bound. Where the diagnosis says bias, the central projection was off by more than the intervals allow, and wider noise would not fix it.\n"
            }
        }
        return out
    }

    public func csv() -> String {
        var out = "base_year,time_period,horizon_years,geographic_level,area_code,measure,projected,outturn,last_value_benchmark,trend_benchmark,p5,p25,p75,p95\n"
        func f(_ x: Double?) -> String { x.map { NumberText.fixedPublic($0, decimals: 1) } ?? "z" }
        for c in comparisons {
            out += "\(c.baseYear),\(c.year),\(c.horizon),\(c.level.rawValue),\(c.area.contains(",") ? "\"\(c.area)\"" : c.area),\(c.measure),\(f(c.projected)),\(f(c.outturn)),\(f(c.lastValue)),\(f(c.trend)),\(f(c.interval90?.lowerBound)),\(f(c.interval50?.lowerBound)),\(f(c.interval50?.upperBound)),\(f(c.interval90?.upperBound))\n"
        }
        return out
    }
}
