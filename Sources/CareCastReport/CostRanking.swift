import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastModel
import Foundation

/// "What is the cheapest way to close the gap?": each costed scenario's extra cost against the
/// baseline (present value, Green Book) per FTE of the baseline's gap it closes (capped at that
/// gap), at each horizon and for each role, with how often each is cheapest across draws of
/// the cost assumptions within their stated ranges.
public struct CostRanking: Sendable {
    public struct Entry: Sendable {
        public var title: String
        /// The +h gap closed, capped at the baseline's (FTE), the extra cost (£, present value
        /// over the h years) and their ratio (nil where nothing is closed).
        public var closed: Double
        public var extra: Double
        public var perFTE: Double?
    }

    public var horizons: [Int]
    /// `[horizon][scenario]`, ranked scenarios only, at the stated cost assumptions.
    public var entries: [[Entry]]
    /// `[horizon]`: each ranked scenario's share of draws in which it is cheapest per FTE gained.
    public var cheapestShare: [[(title: String, share: Double)]]
    public var draws: Int
    /// The Monte Carlo's parameter sets the draws cycle through (0: the baseline's alone).
    public var parameterSets: Int
    /// The assumptions drawn (uniform over each stated range).
    public var drawn: [String]
    /// At +10, for each role: the ranked scenario that closes that role's gap most cheaply.
    public var byRole: [(role: String, baseGap: Double, title: String?, perFTE: Double?)]

    /// The cost assumptions drawn, and how each sets its field.
    static let drawnAssumptions: [(name: String, set: @Sendable (inout CostAssumptions, Double) -> Void)] = [
        ("cost_salary", { $0.salary = $1 }), ("cost_employer_pension_rate", { $0.pensionRate = $1 }),
        ("cost_real_earnings_growth", { $0.realEarningsGrowth = $1 }), ("cost_agency_premium", { $0.agencyPremium = $1 }),
        ("cost_conversion_incentive", { $0.conversionIncentive = $1 }),
    ]

    /// The ranking at the stated assumptions (`baseline` and each scenario's `stated` figures),
    /// and across `draws` draws: draw i takes parameter set i mod K (the baseline's figures in
    /// `baselineSets`, each scenario's in its `perSet`, or its stated figures where its levers
    /// cannot be applied to a compiled projection) and cost assumptions drawn uniform over
    /// their stated ranges.
    static func build(
        baseline: (figures: CostFigures, costs: CostAssumptions), baselineSets: [CostFigures],
        scenarios: [(title: String, figures: CostFigures, perSet: [CostFigures]?, costs: CostAssumptions)],
        assumptions: AssumptionSet, draws: Int, seed: UInt64
    ) -> CostRanking {
        let horizons = ModelInput.reportingHorizons.filter { $0 < baseline.figures.years.count }
        func closed(_ base: CostFigures, _ s: CostFigures, _ t: Int, role: Int? = nil) -> Double {
            let b = base.gap(t, role: role)
            return min(max(b, 0), b - s.gap(t, role: role))
        }
        func entries(base: CostFigures, scenario: (Int) -> CostFigures, _ costs: (CostAssumptions) -> CostAssumptions) -> [[Entry]] {
            let baseCost = CostProjection(figures: base, assumptions: costs(baseline.costs))
            let figures = scenarios.indices.map(scenario)
            let projections = scenarios.indices.map { CostProjection(figures: figures[$0], assumptions: costs(scenarios[$0].costs)) }
            return horizons.map { h in
                scenarios.indices.map { i in
                    let extra = projections[i].discounted(through: h) - baseCost.discounted(through: h)
                    let c = closed(base, figures[i], h)
                    return Entry(title: scenarios[i].title, closed: c, extra: extra, perFTE: c > 1 ? extra / c : nil)
                }
            }
        }
        let stated = entries(base: baseline.figures, scenario: { scenarios[$0].figures }) { $0 }
        let ranged = drawnAssumptions.compactMap { d -> (name: String, range: ClosedRange<Double>, set: @Sendable (inout CostAssumptions, Double) -> Void)? in
            guard let range = assumptions[d.name]?.range else { return nil }
            return (d.name, range, d.set)
        }
        let sets = baselineSets.isEmpty ? [baseline.figures] : baselineSets
        var generator = SplitMix64(seed: seed)
        var counts = Array(repeating: [Int](repeating: 0, count: scenarios.count), count: horizons.count)
        for i in 0..<draws {
            let k = i % sets.count
            let values = ranged.map { $0.range.lowerBound + ($0.range.upperBound - $0.range.lowerBound) * generator.unit() }
            let drawn = entries(base: sets[k], scenario: { s in scenarios[s].perSet.map { $0[k] } ?? scenarios[s].figures }) { costs in
                var c = costs
                for (j, r) in ranged.enumerated() { r.set(&c, values[j]) }
                return c
            }
            for h in horizons.indices {
                if let best = drawn[h].indices.filter({ drawn[h][$0].perFTE != nil }).min(by: { drawn[h][$0].perFTE! < drawn[h][$1].perFTE! }) {
                    counts[h][best] += 1
                }
            }
        }
        let shares = horizons.indices.map { h in scenarios.indices.map { (scenarios[$0].title, draws > 0 ? Double(counts[h][$0]) / Double(draws) : 0) } }
        // By role at +10 (or the last horizon): the extra cost per FTE of that role's gap closed.
        let t = horizons.contains(10) ? 10 : (horizons.last ?? 0)
        let k10 = horizons.firstIndex(of: t) ?? 0
        let byRole = baseline.figures.roles.indices.map { r -> (role: String, baseGap: Double, title: String?, perFTE: Double?) in
            var best: (String, Double)?
            for (i, s) in scenarios.enumerated() {
                let c = closed(baseline.figures, s.figures, t, role: r)
                guard c > 1, !stated.isEmpty else { continue }
                let per = stated[k10][i].extra / c
                if best == nil || per < best!.1 { best = (s.title, per) }
            }
            return (baseline.figures.roles[r], baseline.figures.gap(t, role: r), best?.0, best?.1)
        }
        return CostRanking(
            horizons: horizons, entries: stated, cheapestShare: shares, draws: draws, parameterSets: baselineSets.count,
            drawn: ranged.map(\.name), byRole: byRole)
    }
}
