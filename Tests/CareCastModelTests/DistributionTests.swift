import CareCastModel
import Testing

@Suite("Distributions of uncertain assumptions and their stratified sampling")
struct DistributionTests {
    @Test("The standard normal quantile matches published values to 1e-12")
    func normalQuantile() {
        let known: [(p: Double, z: Double)] = [
            (0.5, 0), (0.975, 1.959963984540054), (0.05, -1.6448536269514729), (0.95, 1.6448536269514729),
            (0.25, -0.6744897501960817), (1e-6, -4.753424308822899), (0.999, 3.090232306167813),
        ]
        for (p, z) in known {
            #expect(abs(Distribution.standardNormalQuantile(p) - z) < 1e-12, "Φ⁻¹(\(p))")
        }
    }

    @Test("Each kind's quantile function: normal, lognormal, triangular, uniform and variants")
    func quantiles() {
        #expect(abs(Distribution.normal(mean: 2, sd: 0.5).quantile(0.975) - (2 + 0.5 * 1.959963984540054)) < 1e-12)
        #expect(abs(Distribution.lognormal(median: 3, sigma: 0.2).quantile(0.5) - 3) < 1e-12)
        #expect(abs(Distribution.lognormal(median: 3, sigma: 0.2).quantile(0.95) - 3 * Double.exp(0.2 * 1.6448536269514729)) < 1e-11)
        // Triangular (0, 0.5, 2): F(x) = x² / (2 × 0.5) below the mode, so x = √(u × 1) there.
        let triangle = Distribution.triangular(low: 0, mode: 0.5, high: 2)
        #expect(abs(triangle.quantile(0.1) - 0.1.squareRoot()) < 1e-12)
        #expect(abs(triangle.quantile(0.25) - 0.5) < 1e-12)
        // Above the mode: 1 − F(x) = (2 − x)² / (2 × 1.5).
        #expect(abs(triangle.quantile(0.9) - (2 - (0.1 * 3).squareRoot())) < 1e-12)
        #expect(abs(Distribution.uniform(low: -1, high: 3).quantile(0.25) - 0) < 1e-12)
        let variants = Distribution.variants([.init(name: "a", probability: 0.2), .init(name: "b", probability: 0.5), .init(name: "c", probability: 0.3)])
        #expect(variants.quantile(0.1) == 0)
        #expect(variants.quantile(0.2) == 1)
        #expect(variants.quantile(0.69) == 1)
        #expect(variants.quantile(0.71) == 2)
        #expect(variants.quantile(1) == 2)
        #expect(triangle.mean == 2.5 / 3)
        #expect(variants.mean == nil)
    }

    @Test("A Latin hypercube puts one point in each stratum of every dimension, the same for the same seed")
    func latinHypercube() {
        let points = LatinHypercube.points(count: 40, dimensions: 5, seed: 9)
        #expect(points.count == 40)
        for j in 0..<5 {
            let strata = points.map { Int($0[j] * 40) }.sorted()
            #expect(strata == Array(0..<40), "dimension \(j)")
            #expect(points.allSatisfy { $0[j] > 0 && $0[j] < 1 })
        }
        #expect(LatinHypercube.points(count: 40, dimensions: 5, seed: 9) == points)
        #expect(LatinHypercube.points(count: 40, dimensions: 5, seed: 10) != points)
        // Dimensions are paired at random, not in step.
        #expect(points.map { Int($0[0] * 40) } != points.map { Int($0[1] * 40) })
    }

    @Test("Draws start from the parameter sets in turn; same seed, same quantiles, whatever the tasks")
    func parameterSets() async throws {
        let input = MonteCarloTests.input
        var low = input, high = input
        for i in low.stock.indices { low.stock[i].fte *= 0.9 }
        for i in high.stock.indices { high.stock[i].fte *= 1.1 }
        let central = try Projection(input)
        let sets = [try Projection(low), try Projection(high)]
        let mc = MonteCarlo(projection: central, uncertainties: [], seed: 3, parameterSets: sets)
        #expect(mc.draw(0).run().values == sets[0].run().values)
        #expect(mc.draw(1).run().values == sets[1].run().values)
        #expect(mc.draw(4).run().values == sets[0].run().values)
        let one = await mc.simulate(draws: 100, tasks: 1)
        let two = await mc.simulate(draws: 100, tasks: 2)
        #expect(MonteCarloTests.cells(one) == MonteCarloTests.cells(two))
        #expect(one.parameterSets == 2)
        // With no shocks the draws are the two sets half and half: the 5% quantile of supply
        // is the low set's and the 95% the high set's (to within a bin).
        let area = 0, t = 5
        let lowSupply = sets[0].run().value(.fte, area: area, role: 0, yearIndex: t)
        let highSupply = sets[1].run().value(.fte, area: area, role: 0, yearIndex: t)
        let q05 = one.quantile(.supply, area: area, role: 0, yearIndex: t, 0.05)
        let q95 = one.quantile(.supply, area: area, role: 0, yearIndex: t, 0.95)
        let bin = (highSupply - lowSupply) * 2 / 64
        #expect(abs(q05 - lowSupply) <= bin)
        #expect(abs(q95 - highSupply) <= bin)
        var shorter = input
        shorter.horizon = input.horizon - 1
        #expect(!(try Projection(shorter)).hasShape(of: central))
        #expect(sets[0].hasShape(of: central))
    }
}
