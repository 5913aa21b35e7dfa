import CareCastFormats
import CareCastModel
import CareCastReturns
import Foundation

/// Each reporting unit's exits and recruitment, estimated from its own published years and
/// shrunk towards its region by how much those years can support.
///
/// Exits: a unit's leavers per FTE in post, as a log ratio to its region's in the same year, is
/// averaged over every census year to the base year in which the unit reported under its
/// base-year code; that mean is shrunk towards 0 (the region) with the empirical-Bayes weight
/// τ² / (τ² + σ²/n) (`FlowEstimation.shrink`). The region's own level relative to England is
/// its leavers per FTE recency-weighted like the nation's. The multipliers are then scaled so
/// that England's exits are exactly the national rate times the stock.
///
/// Recruitment: a unit recruits what its own exits call for at the national net rate of
/// growth (entrants ∝ FTE × (national entrants rate + national exit rate × (multiplier − 1))),
/// plus `netFlowWeight` times its own shrunk net flow (starters less leavers per FTE in post,
/// less its region's). Shares are floored at 0 and sum to 1.
public struct LocalFlows: Sendable {
    public var exitMultipliers: [Double]
    /// Each unit's region's level (its multiplier with no local deviation): what a unit's own
    /// multiplier reverts to, scaled like the multipliers.
    public var regionMultipliers: [Double]
    /// Each unit's shrunk net flow per FTE in post relative to its region, times the stated weight.
    public var netFlowAdjustments: [Double]
    public var baseFTE: [Double]
    public var summary: Summary

    /// The estimates in figures, for the method section.
    public struct Summary: Sendable {
        public var exitWithinSD = 0.0
        public var exitBetweenSD = 0.0
        public var exitMedianWeight = 0.0
        public var netWithinSD = 0.0
        public var netBetweenSD = 0.0
        public var netMedianWeight = 0.0
        public var netFlowWeight = 0.0
        public var multiplierRange: ClosedRange<Double> = 1...1
        public var medianYears = 0
        /// How long an authority's exit rate relative to its region persists (FlowEstimation.persistence).
        public var exitPersistenceHalfLife: Double?
        public var exitAutocorrelations: [(lag: Int, pairs: Int, r: Double)] = []
        public init() {}
    }

    static func estimate(
        _ bundle: EnglandBundle, reporting: ReportingUnits, stock baseFTE: [Double], halfLife: Double, netFlowWeight: Double
    ) throws(DataFileError) -> LocalFlows {
        let t0 = reporting.year
        struct Flows { var inPost: Double; var starters: Double?; var leavers: Double? }
        var national: [Int: Flows] = [:]
        var regional: [String: [Int: Flows]] = [:]
        var unitYears: [String: [Int: Flows]] = [:]
        for row in bundle.indicators.rows where row.year <= t0 {
            guard let inPost = row.value("inpost_fte").number, inPost > 0 else { continue }
            let flows = Flows(inPost: inPost, starters: row.value("starters_fte").number, leavers: row.value("leavers_fte").number)
            switch row.level {
            case .national: national[row.year] = flows
            case .regional: regional[row.regionCode, default: [:]][row.year] = flows
            case .localAuthority: unitYears[row.newLACode, default: [:]][row.year] = flows
            }
        }
        func rate(_ f: Flows?, _ measure: KeyPath<Flows, Double?>) -> Double? {
            guard let f, let flow = f[keyPath: measure] else { return nil }
            return flow / f.inPost
        }
        func weighted(_ series: [Int: Flows], _ measure: KeyPath<Flows, Double?>) -> Double? {
            FlowEstimation.recencyWeightedMean(series.keys.sorted().compactMap { y in rate(series[y], measure).map { (y, $0) } }, halfLife: halfLife)
        }
        guard let nationalLeaving = weighted(national, \.leavers), nationalLeaving > 0 else {
            throw .badData(file: bundle.indicators.file, [DataProblem(line: 1, column: 0, field: "leavers_fte", message: "no national leavers and FTE in post up to \(t0)")])
        }

        // Deviations of each unit from its region, year by year.
        var exitDeviations: [[Double]] = []
        var exitSeries: [[(year: Int, value: Double)]] = []
        var netDeviations: [[Double]] = []
        for unit in reporting.units {
            let own = unitYears[unit.code] ?? [:]
            let region = regional[unit.regionCode] ?? [:]
            var exits: [Double] = []
            var exitYears: [(year: Int, value: Double)] = []
            var nets: [Double] = []
            for y in own.keys.sorted() {
                guard let r = region[y] else { continue }
                if let leaving = rate(own[y], \.leavers), let regionLeaving = rate(r, \.leavers), regionLeaving > 0 {
                    // Half an FTE stands for a unit that reported no leavers (the log needs a floor).
                    exits.append(Foundation.log(max(leaving, 0.5 / own[y]!.inPost)) - Foundation.log(regionLeaving))
                    exitYears.append((y, exits[exits.count - 1]))
                }
                if let s = rate(own[y], \.starters), let l = rate(own[y], \.leavers), let rs = rate(r, \.starters), let rl = rate(r, \.leavers) {
                    nets.append((s - l) - (rs - rl))
                }
            }
            exitDeviations.append(exits)
            exitSeries.append(exitYears)
            netDeviations.append(nets)
        }
        let exitShrinkage = FlowEstimation.shrink(exitDeviations)
        let netShrinkage = FlowEstimation.shrink(netDeviations)

        var regionLevels = reporting.units.indices.map { u -> Double in
            weighted(regional[reporting.units[u].regionCode] ?? [:], \.leavers).map { $0 / nationalLeaving } ?? 1
        }
        var multipliers = reporting.units.indices.map { u -> Double in regionLevels[u] * Foundation.exp(exitShrinkage.shrunk(u)) }
        let total = baseFTE.reduce(0, +)
        let weightedMultiplier = zip(multipliers, baseFTE).reduce(0) { $0 + $1.0 * $1.1 } / max(total, 1e-9)
        if weightedMultiplier > 0 {
            multipliers = multipliers.map { $0 / weightedMultiplier }
            regionLevels = regionLevels.map { $0 / weightedMultiplier }
        }

        let median = FlowEstimation.median
        var summary = Summary()
        summary.exitWithinSD = exitShrinkage.withinVariance.squareRoot()
        summary.exitBetweenSD = exitShrinkage.betweenVariance.squareRoot()
        summary.exitMedianWeight = median(exitShrinkage.weights)
        summary.netWithinSD = netShrinkage.withinVariance.squareRoot()
        summary.netBetweenSD = netShrinkage.betweenVariance.squareRoot()
        summary.netMedianWeight = median(netShrinkage.weights)
        summary.netFlowWeight = netFlowWeight
        summary.multiplierRange = (multipliers.min() ?? 1)...(multipliers.max() ?? 1)
        summary.medianYears = Int(median(exitShrinkage.counts.map(Double.init)))
        (summary.exitPersistenceHalfLife, summary.exitAutocorrelations) = FlowEstimation.persistence(exitSeries)
        return LocalFlows(
            exitMultipliers: multipliers, regionMultipliers: regionLevels,
            netFlowAdjustments: reporting.units.indices.map { netFlowWeight * netShrinkage.shrunk($0) },
            baseFTE: baseFTE, summary: summary)
    }

    /// Each unit's share of national entrants, given entrants and exits per FTE of the stock
    /// nationally, at its own exit multiplier or (`regional`) its region's. `otherInflows`, by
    /// unit, is FTE that reaches a unit other than as entrants (conversions from its own agency
    /// workers): a unit receiving more of it than its share of the stock recruits that much less.
    public func recruitmentShares(entrantsRate: Double, exitRate: Double, regional: Bool = false, otherInflows: [Double] = []) -> [Double] {
        let multipliers = regional ? regionMultipliers : exitMultipliers
        let stock = baseFTE.reduce(0, +)
        let inflows = otherInflows.count == baseFTE.count ? otherInflows : Array(repeating: 0, count: baseFTE.count)
        let inflowTotal = inflows.reduce(0, +)
        let raw = baseFTE.indices.map { u in
            max(0, baseFTE[u] * (entrantsRate + exitRate * (multipliers[u] - 1) + netFlowAdjustments[u]) - (inflows[u] - inflowTotal * baseFTE[u] / max(stock, 1e-9)))
        }
        let total = raw.reduce(0, +)
        return total > 0 ? raw.map { $0 / total } : raw.map { _ in 1 / Double(max(raw.count, 1)) }
    }
}
