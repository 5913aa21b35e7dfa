import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastModel
@testable import CareCastReport
import Testing

@Suite("Simulation quantiles as CSV")
struct SimulationTableTests {
    @Test("Quantiles are written as NumberText writes them to one decimal place")
    func fixedOneDecimal() {
        var rng = SplitMix64(seed: 4)
        var values: [Double] = [0, -0.0, 0.05, -0.05, 0.04999, 0.95, 9.95, -9.95, 99.99, 12_345.65, -0.04, 1e12 + 0.25]
        for _ in 0..<20_000 {
            let magnitude = [1.0, 10, 1_000, 100_000][Int(rng.next() % 4)]
            values.append((rng.unit() * 2 - 1) * magnitude)
        }
        for v in values {
            var bytes: [UInt8] = []
            SimulationTable.appendFixed1(v, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == NumberText.fixedPublic(v, decimals: 1), "value \(v)")
        }
    }

    @Test("One row per year, area, role and measure, each with its geography, five quantiles, draws and seed")
    func rows() async throws {
        let input = SyntheticInput.englandSized(seed: 2, localAuthorities: 6, regions: 2, horizon: 3)
        let mc = MonteCarlo(projection: try Projection(input), uncertainties: [.init(target: .exits, sigma: 0.1, persistence: 0.5, regionalSigma: 0.05)], seed: 8)
        let summary = await mc.simulate(draws: 100, tasks: 2)
        let lines = SimulationTable.csv(summary).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first.map(String.init) == String(SimulationTable.header.dropLast()))
        let rows = lines.dropFirst().filter { !$0.isEmpty }
        #expect(rows.count == summary.years.count * summary.areas.count * summary.roles.count * 3)
        let first = rows.first!.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(first.count == 19)
        #expect(first[0] == String(summary.years[0]) && first[2] == "National" && first[11] == "supply")
        #expect(first[12] == NumberText.fixedPublic(summary.quantile(.supply, area: 0, role: 0, yearIndex: 0, 0.05), decimals: 1))
        #expect(first[17] == "100" && first[18] == "8")
        let last = rows.last!.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(last[0] == String(summary.years.last!) && last[2] == "Local authority" && last[10] == "Total" && last[11] == "gap")
    }
}
