@testable import CareCastModel
import Testing

/// The simulation runs each draw's supply from the shocks alone (no shocked copy of the
/// projection) and takes its requirement from the starting projection's, scaled by the draw's
/// level of need. Both must agree with the projection ``MonteCarlo/draw(_:)`` builds.
@Suite("Monte Carlo draws without building each draw's projection")
struct DrawPathTests {
    static let input = SyntheticInput.englandSized(seed: 11, localAuthorities: 20, regions: 4, horizon: 12)
    static let shocks: [Uncertainty] = [
        .init(target: .exits, sigma: 0.08, persistence: 0.5, regionalSigma: 0.06, localSigma: 0.1, localYearSigma: 0.05),
        .init(target: .entrants, sigma: 0.08, persistence: 0, regionalSigma: 0, localYearSigma: 0.1, localYearPersistence: 0.4),
        .init(target: .needGrowth, sigma: 0.025, persistence: 0.3, regionalSigma: 0),
        // A second shock on each target: applied after the first, in turn.
        .init(target: .exits, sigma: 0.05, persistence: 0, regionalSigma: 0.02),
        .init(target: .entrants, sigma: 0.03, persistence: 0.8, regionalSigma: 0),
        .init(target: .needGrowth, sigma: 0.01, persistence: 0, regionalSigma: 0),
    ]

    static func sets() throws -> [Projection] {
        // Two parameter sets that differ in their rates and demand.
        var a = input, b = input
        a.leaverRates = a.leaverRates.map { var r = $0; r.rate *= 1.1; return r }
        b.activities = b.activities.map { var k = $0; k.weight *= 0.9; return k }
        return [try Projection(a), try Projection(b)]
    }

    @Test("Supply matches the drawn projection's bit for bit; the requirement to 1e-12 of itself")
    func matchesDrawnProjection() throws {
        for sets in [[], try Self.sets()] {
            let mc = MonteCarlo(projection: try Projection(Self.input), uncertainties: Self.shocks, seed: 9, parameterSets: sets)
            let layout = mc.drawLayout()
            let roles = layout.roles, slots = layout.slots, years = layout.years, block = layout.block
            for d in [0, 1, 5, 64] {
                let full = mc.draw(d).run(trainingSufficiency: false)
                var fte = [Double](repeating: .nan, count: years * roles * slots)
                let (start, level) = fte.withUnsafeMutableBufferPointer { mc.runSupply(d, layout: layout, fte: $0.baseAddress!) }
                #expect(start == (sets.isEmpty ? 0 : d % sets.count))
                var cells = [Double](repeating: .nan, count: 3 * years * block)
                var met = [Int](repeating: 0, count: years)
                cells.withUnsafeMutableBufferPointer { mc.values(of: d, layout: layout, into: $0.baseAddress!, met: &met) }
                for t in 0..<years {
                    #expect(level[t] > 0 && (t > 0 || level[t] == 1))
                    var national = (supply: 0.0, required: 0.0)
                    for a in 0..<slots {
                        let area = full.areaSlots.firstIndex(of: a)!
                        var total = (supply: 0.0, required: 0.0)
                        for r in 0..<roles {
                            let supply = full.value(.fte, area: area, role: r, yearIndex: t)
                            let required = full.value(.required, area: area, role: r, yearIndex: t)
                            total.supply += supply
                            total.required += required
                            #expect(fte[(t * roles + r) * slots + a] == supply)
                            #expect(cells[t * block + r * slots + a] == supply)
                            let scaled = cells[(years + t) * block + r * slots + a]
                            #expect(abs(scaled - required) <= 1e-12 * abs(required))
                            #expect(abs(cells[(2 * years + t) * block + r * slots + a] - (required - supply)) <= 1e-9 * max(1, abs(required)))
                        }
                        #expect(cells[t * block + roles * slots + a] == total.supply)
                        #expect(abs(cells[(years + t) * block + roles * slots + a] - total.required) <= 1e-12 * abs(total.required))
                        if a < layout.leaves {
                            national.supply += total.supply
                            national.required += total.required
                        }
                    }
                    // Met need exactly when the drawn projection says so (away from a tie).
                    if abs(national.supply - national.required) > 1e-9 * national.required {
                        #expect(met[t] == (national.supply >= national.required ? 1 : 0))
                    }
                }
            }
        }
    }

    @Test("Shocks applied to a projection and laid out by the supply kernel give the same run")
    func shocksApplied() throws {
        let mc = MonteCarlo(projection: try Projection(Self.input), uncertainties: Self.shocks, seed: 3)
        let shocks = mc.shocks(12)
        #expect(shocks.supply.exitPaths.count == 2 && shocks.supply.entrantPaths.count == 2 && shocks.needLevels.count == 2)
        #expect(shocks.supply.exitNoise != nil && shocks.supply.entrantNoise != nil)
        var shocked = mc.projection
        shocks.supply.apply(to: &shocked)
        #expect(shocked.leaverRateBase != mc.projection.leaverRateBase)
        let layout = mc.drawLayout()
        var fte = [Double](repeating: .nan, count: layout.years * layout.roles * layout.slots)
        _ = fte.withUnsafeMutableBufferPointer { mc.runSupply(12, layout: layout, fte: $0.baseAddress!) }
        let run = shocked.run(trainingSufficiency: false)
        let fteRows = Array(run.values.prefix(fte.count))
        #expect(fteRows == fte)
    }
}
