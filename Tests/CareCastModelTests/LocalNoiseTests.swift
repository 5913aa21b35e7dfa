import CareCastModel
import RealModule
import Testing

@Suite("An authority's own year-to-year noise in exits and entrants")
struct LocalNoiseTests {
    static let input = MonteCarloTests.input

    @Test("Factors of 1 give the MODEL.md projection bit for bit; a factor scales one leaf's exits or entrants in one year")
    func engine() throws {
        let base = try Projection(Self.input)
        let plain = base.run()
        var ones = base
        ones.leafYearExitFactor = [Double](repeating: 1, count: base.yearCount * base.leafCount)
        ones.leafYearEntrantFactor = ones.leafYearExitFactor
        #expect(ones.run().values == plain.values)

        let leaf = 2, t = 3
        let area = try #require(plain.areas.firstIndex { $0.leafIndex == leaf })
        var exits = base
        exits.leafYearExitFactor = ones.leafYearExitFactor
        exits.leafYearExitFactor[t * base.leafCount + leaf] = 1.5
        let exitRun = exits.run()
        // The same stock at the start of year t, one and a half times its exits over the step.
        for r in plain.roles.indices {
            #expect(exitRun.value(.fte, area: area, role: r, yearIndex: t - 1) == plain.value(.fte, area: area, role: r, yearIndex: t - 1))
            let l0 = plain.value(.leavers, area: area, role: r, yearIndex: t), l1 = exitRun.value(.leavers, area: area, role: r, yearIndex: t)
            #expect(abs(l1 - 1.5 * l0) <= 1e-9 * max(l0, 1), "role \(r)")
        }
        // Other leaves are untouched that year.
        let other = try #require(plain.areas.firstIndex { $0.leafIndex == leaf + 1 })
        #expect(exitRun.value(.leavers, area: other, role: 0, yearIndex: t) == plain.value(.leavers, area: other, role: 0, yearIndex: t))

        var entrants = base
        entrants.leafYearEntrantFactor = ones.leafYearEntrantFactor
        entrants.leafYearEntrantFactor[t * base.leafCount + leaf] = 0.5
        let entrantRun = entrants.run()
        for r in plain.roles.indices {
            let e0 = plain.value(.entrants, area: area, role: r, yearIndex: t), e1 = entrantRun.value(.entrants, area: area, role: r, yearIndex: t)
            #expect(abs(e1 - 0.5 * e0) <= 1e-9 * max(e0, 1), "role \(r)")
        }
    }

    @Test("A regional factor on entrants each year: one value per region and year shared by its authorities, mean 1, log spread as stated")
    func regionalEntrants() throws {
        let sigma = 0.2
        let mc = MonteCarlo(
            projection: try Projection(Self.input),
            uncertainties: [.init(target: .entrants, sigma: 0, persistence: 0, regionalSigma: sigma)],
            seed: 5)
        var logs: [Double] = []
        var sum = 0.0
        for d in 0..<300 {
            let p = mc.draw(d)
            #expect(p.leafYearEntrantFactor.count == p.yearCount * p.leafCount)
            #expect(p.leafYearEntrantFactor.prefix(p.leafCount).allSatisfy { $0 == 1 })
            for t in 1..<p.yearCount {
                let year = Array(p.leafYearEntrantFactor[(t * p.leafCount)..<((t + 1) * p.leafCount)])
                // The synthetic input has 4 regions: 4 distinct factors a year.
                #expect(Set(year).count == 4)
                for f in Set(year) {
                    logs.append(Double.log(f))
                    sum += f
                }
            }
        }
        let mean = sum / Double(logs.count)
        #expect(abs(mean - 1) < 0.01, "mean \(mean)")
        let m = logs.reduce(0, +) / Double(logs.count)
        let sd = (logs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(logs.count - 1)).squareRoot()
        #expect(abs(sd - sigma) < 0.01, "sd \(sd)")
    }

    @Test("Drawn factors: one per authority and year, mean 1, log spread as stated, none in the base year")
    func drawn() throws {
        let sigma = 0.375
        let mc = MonteCarlo(
            projection: try Projection(Self.input),
            uncertainties: [.init(target: .exits, sigma: 0, persistence: 0, regionalSigma: 0, localYearSigma: sigma),
                            .init(target: .entrants, sigma: 0, persistence: 0, regionalSigma: 0, localYearSigma: 0.2)],
            seed: 8)
        var logs: [Double] = []
        var sum = 0.0
        var count = 0
        for d in 0..<200 {
            let p = mc.draw(d)
            #expect(p.leafYearExitFactor.count == p.yearCount * p.leafCount)
            #expect(p.leafYearEntrantFactor.count == p.yearCount * p.leafCount)
            #expect(p.leafYearExitFactor.prefix(p.leafCount).allSatisfy { $0 == 1 })
            for f in p.leafYearExitFactor.dropFirst(p.leafCount) {
                logs.append(Double.log(f))
                sum += f
                count += 1
            }
        }
        let mean = sum / Double(count)
        #expect(abs(mean - 1) < 0.01, "mean \(mean)")
        let m = logs.reduce(0, +) / Double(logs.count)
        let sd = (logs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(logs.count - 1)).squareRoot()
        #expect(abs(sd - sigma) < 0.01, "sd \(sd)")
        #expect(abs(m + sigma * sigma / 2) < 0.01, "mean of the log \(m)")
        // Two factors come from each random number (one from each half): neighbours, which share
        // a number half the time, are uncorrelated.
        var cross = 0.0
        for i in stride(from: 0, to: logs.count - 1, by: 1) { cross += (logs[i] - m) * (logs[i + 1] - m) }
        let correlation = cross / Double(logs.count - 1) / (sd * sd)
        #expect(abs(correlation) < 0.03, "correlation of neighbours \(correlation)")
        // With persistence the factors of consecutive years go together.
        let persistent = MonteCarlo(
            projection: try Projection(Self.input),
            uncertainties: [.init(target: .exits, sigma: 0, persistence: 0, regionalSigma: 0, localYearSigma: sigma, localYearPersistence: 0.9)],
            seed: 8)
        var pairs: [(Double, Double)] = []
        for d in 0..<100 {
            let p = persistent.draw(d)
            for t in 2..<p.yearCount {
                for l in 0..<p.leafCount { pairs.append((Double.log(p.leafYearExitFactor[(t - 1) * p.leafCount + l]), Double.log(p.leafYearExitFactor[t * p.leafCount + l]))) }
            }
        }
        let mx = pairs.map(\.0).reduce(0, +) / Double(pairs.count), my = pairs.map(\.1).reduce(0, +) / Double(pairs.count)
        let cov = pairs.map { ($0.0 - mx) * ($0.1 - my) }.reduce(0, +)
        let vx = pairs.map { ($0.0 - mx) * ($0.0 - mx) }.reduce(0, +), vy = pairs.map { ($0.1 - my) * ($0.1 - my) }.reduce(0, +)
        #expect(abs(cov / (vx * vy).squareRoot() - 0.9) < 0.03)
    }
}
