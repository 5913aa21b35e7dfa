import CareCastModel
import Foundation
import Testing

@Suite("Estimating rates from published series")
struct FlowEstimationTests {
    @Test("Recency weights halve every half-life: the latest year counts 1, one half-life earlier 1/2")
    func recency() throws {
        let mean = try #require(FlowEstimation.recencyWeightedMean([(2020, 10), (2022, 20), (2024, 40)], halfLife: 2))
        // Weights 1/4, 1/2, 1.
        #expect(abs(mean - (10.0 / 4 + 20.0 / 2 + 40) / 1.75) < 1e-12)
        #expect(FlowEstimation.recencyWeightedMean([], halfLife: 3) == nil)
        // A very long half-life is the plain mean; order does not matter.
        let plain = try #require(FlowEstimation.recencyWeightedMean([(2024, 3), (2020, 1)], halfLife: 1e9))
        #expect(abs(plain - 2) < 1e-6)
    }

    @Test("Empirical Bayes: σ² pools each unit's years about its own mean, τ² is the spread of means less their noise, weights τ²/(τ²+σ²/n)")
    func shrinkage() {
        // Unit means 1, -1, 0 and 0 (no years); within variance: ((0.5² + 0.5²) + (0.5² + 0.5²) + (1² + 1²)) / 3 = 1.
        let s = FlowEstimation.shrink([[1.5, 0.5], [-1.5, -0.5], [1, -1], []])
        #expect(s.means == [1, -1, 0, 0])
        #expect(abs(s.withinVariance - 1) < 1e-12)
        // Means of the three observed units: variance (1 + 1 + 0) / 2 = 1, less mean σ²/n = 1/2.
        #expect(abs(s.betweenVariance - 0.5) < 1e-12)
        #expect(abs(s.weights[0] - 0.5) < 1e-12)
        #expect(s.weights[3] == 0)
        #expect(abs(s.shrunk(1) + 0.5) < 1e-12)
        // Pure noise (means no more spread than their years explain) shrinks everything to 0.
        let noise = FlowEstimation.shrink([[1, -1], [-1, 1], [0.5, -0.5]])
        #expect(noise.betweenVariance == 0 && noise.weights.allSatisfy { $0 == 0 })
    }

    @Test("Persistence: the half-life of units' deviations is recovered from their autocorrelation across lags")
    func persistence() throws {
        // 500 units, 8 years: a persistent part decaying by ρ = 0.8 a year (half-life
        // ln 2 / −ln 0.8 ≈ 3.1 years) plus as much yearly noise.
        var random = SplitMix64(seed: 7)
        func normal() -> Double {
            let u = max(Double(random.next() >> 11) / Double(1 << 53), 1e-300)
            let v = Double(random.next() >> 11) / Double(1 << 53)
            return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
        }
        var series: [[(year: Int, value: Double)]] = []
        for _ in 0..<500 {
            var level = normal()
            var years: [(year: Int, value: Double)] = []
            for y in 2017...2024 {
                years.append((y, level + normal()))
                level = 0.8 * level + (1 - 0.64).squareRoot() * normal()
            }
            series.append(years)
        }
        let estimate = FlowEstimation.persistence(series)
        let halfLife = try #require(estimate.halfLife)
        #expect(abs(halfLife - Foundation.log(2) / -Foundation.log(0.8)) < 0.8, "got \(halfLife)")
        #expect(estimate.correlations.map(\.lag) == [1, 2, 3, 4, 5, 6])
        // Noise alone: no correlation at any lag.
        let noise = (0..<500).map { _ in (2017...2024).map { (year: $0, value: normal()) } }
        #expect(FlowEstimation.persistence(noise).correlations.allSatisfy { abs($0.r) < 0.1 })
    }
}
