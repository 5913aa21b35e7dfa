import CareCastData
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

    /// `runs[0]` is the baseline; the rest are the ranked scenarios (title, result, input, costs).
    static func build(
        baseline: (result: ProjectionResult, input: ModelInput, costs: CostAssumptions),
        scenarios: [(title: String, result: ProjectionResult, input: ModelInput, costs: CostAssumptions)],
        assumptions: AssumptionSet, draws: Int, seed: UInt64
    ) -> CostRanking {
        let area = AreaCode(England.code)
        let years = baseline.result.years.count
        let horizons = ModelInput.reportingHorizons.filter { $0 < years }
        func gap(_ r: ProjectionResult, _ t: Int, role: Int? = nil) -> Double {
            guard let a = r.areaIndex(area) else { return 0 }
            let roles = role.map { [$0] } ?? Array(r.roles.indices)
            return roles.reduce(0) { $0 + r.value(.required, area: a, role: $1, yearIndex: t) - r.value(.fte, area: a, role: $1, yearIndex: t) }
        }
        func closed(_ r: ProjectionResult, _ t: Int, role: Int? = nil) -> Double {
            let base = gap(baseline.result, t, role: role)
            return min(max(base, 0), base - gap(r, t, role: role))
        }
        let closedByHorizon = horizons.map { h in scenarios.map { closed($0.result, h) } }
        func entries(_ costs: (CostAssumptions) -> CostAssumptions) -> [[Entry]] {
            let base = CostProjection(result: baseline.result, input: baseline.input, area: area, assumptions: costs(baseline.costs))
            let projections = scenarios.map { CostProjection(result: $0.result, input: $0.input, area: area, assumptions: costs($0.costs)) }
            return horizons.enumerated().map { k, h in
                scenarios.indices.map { i in
                    let extra = projections[i].discounted(through: h) - base.discounted(through: h)
                    let c = closedByHorizon[k][i]
                    return Entry(title: scenarios[i].title, closed: c, extra: extra, perFTE: c > 1 ? extra / c : nil)
                }
            }
        }
        let stated = entries { $0 }
        // Draws of the cost assumptions with stated ranges, uniform within each.
        let ranged = drawnAssumptions.compactMap { d -> (name: String, range: ClosedRange<Double>, set: @Sendable (inout CostAssumptions, Double) -> Void)? in
            guard let range = assumptions[d.name]?.range else { return nil }
            return (d.name, range, d.set)
        }
        var generator = SplitMix64(seed: seed)
        var counts = Array(repeating: [Int](repeating: 0, count: scenarios.count), count: horizons.count)
        for _ in 0..<draws {
            let values = ranged.map { $0.range.lowerBound + ($0.range.upperBound - $0.range.lowerBound) * generator.unit() }
            let drawn = entries { costs in
                var c = costs
                for (i, r) in ranged.enumerated() { r.set(&c, values[i]) }
                return c
            }
            for k in horizons.indices {
                if let best = drawn[k].indices.filter({ drawn[k][$0].perFTE != nil }).min(by: { drawn[k][$0].perFTE! < drawn[k][$1].perFTE! }) {
                    counts[k][best] += 1
                }
            }
        }
        let shares = horizons.indices.map { k in scenarios.indices.map { (scenarios[$0].title, draws > 0 ? Double(counts[k][$0]) / Double(draws) : 0) } }
        // By role at +10 (or the last horizon): the extra cost per FTE of that role's gap closed.
        let t = horizons.contains(10) ? 10 : (horizons.last ?? 0)
        let k10 = horizons.firstIndex(of: t) ?? 0
        let byRole = baseline.result.roles.indices.map { r -> (role: String, baseGap: Double, title: String?, perFTE: Double?) in
            var best: (String, Double)?
            for (i, s) in scenarios.enumerated() {
                let c = closed(s.result, t, role: r)
                guard c > 1, !stated.isEmpty else { continue }
                let per = stated[k10][i].extra / c
                if best == nil || per < best!.1 { best = (s.title, per) }
            }
            return (baseline.result.roles[r].name, gap(baseline.result, t, role: r), best?.0, best?.1)
        }
        return CostRanking(horizons: horizons, entries: stated, cheapestShare: shares, draws: draws, drawn: ranged.map(\.name), byRole: byRole)
    }
}
