import CareCastModel
import Testing

@Suite("Monte Carlo draws and streamed quantiles")
struct MonteCarloTests {
    static let input = SyntheticInput.englandSized(seed: 11, localAuthorities: 20, regions: 4, horizon: 12)
    static let shocks: [Uncertainty] = [
        .init(target: .exits, sigma: 0.08, persistence: 0.5, regionalSigma: 0.06),
        .init(target: .entrants, sigma: 0.08, persistence: 0, regionalSigma: 0),
        .init(target: .needGrowth, sigma: 0.025, persistence: 0, regionalSigma: 0),
    ]

    static func monteCarlo(_ shocks: [Uncertainty] = shocks, seed: UInt64 = 5) throws -> MonteCarlo {
        MonteCarlo(projection: try Projection(input), uncertainties: shocks, seed: seed)
    }

    static func cells(_ s: SimulationSummary) -> [Double] { s.allQuantiles() }

    @Test("Same seed, same quantiles, whatever the number of tasks; another seed differs")
    func deterministic() async throws {
        let mc = try Self.monteCarlo()
        let one = await mc.simulate(draws: 150, tasks: 1)
        let three = await mc.simulate(draws: 150, tasks: 3)
        #expect(Self.cells(one) == Self.cells(three))
        #expect(one.supplyMeetsNeed == three.supplyMeetsNeed)
        let other = await (try Self.monteCarlo(seed: 6)).simulate(draws: 150, tasks: 2)
        #expect(Self.cells(other) != Self.cells(one))
        #expect(mc.draw(7).leaverPathFactor == mc.draw(7).leaverPathFactor)
    }

    @Test("A local factor moves each authority's exit rates on its own; regions alone move their authorities together")
    func localFactor() throws {
        let base = try Projection(Self.input)
        // Rates are laid out [row (role, band)][leaf]: a row where every leaf has a rate.
        let leaves = base.leafCount
        let rows = base.leaverRateBase.count / leaves
        let row = try #require((0..<rows).first { r in (0..<leaves).allSatisfy { base.leaverRateBase[r * leaves + $0] > 0 } })
        func factors(_ u: Uncertainty) throws -> [Double] {
            let p = try Self.monteCarlo([u]).draw(3)
            return (0..<leaves).map { p.leaverRateBase[row * leaves + $0] / base.leaverRateBase[row * leaves + $0] }
        }
        let regional = try factors(.init(target: .exits, sigma: 0, persistence: 0, regionalSigma: 0.1))
        let local = try factors(.init(target: .exits, sigma: 0, persistence: 0, regionalSigma: 0, localSigma: 0.2))
        #expect(Set(regional.map { ($0 * 1e9).rounded() }).count <= 4, "four regions, four factors")
        #expect(Set(local.map { ($0 * 1e9).rounded() }).count == base.leafCount, "a factor per authority")
        let spread = local.map { Double.log($0) }
        #expect(spread.contains { $0 > 0 } && spread.contains { $0 < 0 })
        #expect(try factors(.init(target: .exits, sigma: 0, persistence: 0, regionalSigma: 0, localSigma: 0)).allSatisfy { abs($0 - 1) < 1e-12 })
    }

    @Test("A lean run (as each draw makes) gives the full run's FTE and requirement bit for bit, and leaves the rest alone")
    func leanRun() throws {
        let mc = try Self.monteCarlo()
        let first = mc.draw(3), second = mc.draw(4)
        let full = second.run(trainingSufficiency: false)
        var result = first.run(trainingSufficiency: false)
        let before = result
        second.run(into: &result, lean: true)
        for area in full.areas.indices {
            for role in full.roles.indices {
                for t in full.years.indices {
                    #expect(result.value(.fte, area: area, role: role, yearIndex: t) == full.value(.fte, area: area, role: role, yearIndex: t))
                    #expect(result.value(.required, area: area, role: role, yearIndex: t) == full.value(.required, area: area, role: role, yearIndex: t))
                    #expect(result.value(.leavers, area: area, role: role, yearIndex: t) == before.value(.leavers, area: area, role: role, yearIndex: t))
                    #expect(result.value(.entrants, area: area, role: role, yearIndex: t) == before.value(.entrants, area: area, role: role, yearIndex: t))
                }
            }
        }
        #expect(full.value(.leavers, area: 0, role: 0, yearIndex: 5) != before.value(.leavers, area: 0, role: 0, yearIndex: 5))
    }

    @Test("Without uncertainty every quantile is the deterministic projection")
    func noUncertainty() async throws {
        let quiet = Self.shocks.map { Uncertainty(target: $0.target, sigma: 0, persistence: 0, regionalSigma: 0) }
        let summary = await (try Self.monteCarlo(quiet)).simulate(draws: 40, tasks: 2)
        let result = try Projection(Self.input).run()
        for t in [0, 5, 12] {
            for q in SimulationSummary.quantiles {
                let supply = summary.quantile(.supply, area: 0, role: 0, yearIndex: t, q)
                #expect(abs(supply - result.value(.fte, area: 0, role: 0, yearIndex: t)) < 1e-6 * max(1, supply))
            }
        }
    }

    @Test("Quantiles are ordered, within a bin of the exact ones, and widen with the horizon")
    func quantiles() async throws {
        let mc = try Self.monteCarlo()
        let draws = 400
        let summary = await mc.simulate(draws: draws, tasks: 2)
        // Exact quantiles of national (area 0) total supply at +10 from the same draws.
        let total = summary.roles.count - 1
        var exact: [Double] = []
        for d in 0..<draws {
            let r = mc.draw(d).run(trainingSufficiency: false)
            exact.append(r.roles.indices.reduce(0) { $0 + r.value(.fte, area: 0, role: $1, yearIndex: 10) })
        }
        exact.sort()
        let spread = exact.last! - exact.first!
        for q in SimulationSummary.quantiles {
            let sketch = summary.quantile(.supply, area: 0, role: total, yearIndex: 10, q)
            let truth = exact[min(draws - 1, Int((q * Double(draws)).rounded(.down)))]
            #expect(abs(sketch - truth) <= spread * 2 / 64 + 1e-9, "q\(q): sketch \(sketch), exact \(truth)")
        }
        let q = SimulationSummary.quantiles.map { summary.quantile(.gap, area: 0, role: total, yearIndex: 10, $0) }
        #expect(q == q.sorted())
        let width = { (t: Int) in summary.quantile(.supply, area: 0, role: total, yearIndex: t, 0.95) - summary.quantile(.supply, area: 0, role: total, yearIndex: t, 0.05) }
        #expect(width(2) < width(6) && width(6) < width(12))
        #expect(summary.supplyMeetsNeed.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    @Test("Draws carry a shared national shock: local supplies move together")
    func sharedShock() throws {
        let mc = try Self.monteCarlo([.init(target: .exits, sigma: 0.1, persistence: 0.7, regionalSigma: 0)])
        let base = try Projection(Self.input).run()
        let a = base.leafAreas[0], b = base.leafAreas[7]
        var x: [Double] = [], y: [Double] = []
        for d in 0..<60 {
            let r = mc.draw(d).run(trainingSufficiency: false)
            x.append(r.value(.fte, area: a, role: 0, yearIndex: 10) / base.value(.fte, area: a, role: 0, yearIndex: 10))
            y.append(r.value(.fte, area: b, role: 0, yearIndex: 10) / base.value(.fte, area: b, role: 0, yearIndex: 10))
        }
        let mx = x.reduce(0, +) / 60, my = y.reduce(0, +) / 60
        let cov = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let sx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }, sy = y.reduce(0) { $0 + ($1 - my) * ($1 - my) }
        #expect(cov / (sx * sy).squareRoot() > 0.9)
    }
}
