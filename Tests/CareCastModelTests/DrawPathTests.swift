@testable import CareCastModel
import Testing

/// The simulation runs each draw's supply from the shocks alone (no shocked copy of the
/// projection), in single precision, and takes its requirement from the starting projection's,
/// scaled by the draw's level of need. Both must agree with the projection
/// ``MonteCarlo/draw(_:)`` builds, to single precision's accumulated rounding.
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

    /// Within `tolerance` of the figure's size (at least 1): single precision carries 24 bits,
    /// 6 parts in 10⁸, and a projection rounds a few dozen times along each figure's path.
    static func close(_ x: Float, _ y: Double, tolerance: Double = 4e-6) -> Bool {
        abs(Double(x) - y) <= tolerance * max(1, abs(y))
    }

    @Test("Supply and requirement match the drawn projection's to single precision")
    func matchesDrawnProjection() async throws {
        for sets in [[], try Self.sets()] {
            let mc = MonteCarlo(projection: try Projection(Self.input), uncertainties: Self.shocks, seed: 9, parameterSets: sets)
            let layout = await mc.prepareLayout(tasks: 2).layout
            let roles = layout.roles, slots = layout.slots, years = layout.years, block = layout.block
            for d in [0, 1, 5, 64] {
                let full = mc.draw(d).run(trainingSufficiency: false)
                var fte = [Float](repeating: .nan, count: years * roles * slots)
                let (start, level) = fte.withUnsafeMutableBufferPointer { mc.runSupply(d, layout: layout, fte: $0.baseAddress!) }
                #expect(start == (sets.isEmpty ? 0 : d % sets.count))
                var cells = [Float](repeating: .nan, count: 3 * years * block)
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
                            #expect(Self.close(fte[(t * roles + r) * slots + a], supply), "supply \(fte[(t * roles + r) * slots + a]) against \(supply)")
                            #expect(cells[t * block + r * slots + a] == fte[(t * roles + r) * slots + a])
                            #expect(Self.close(cells[(years + t) * block + r * slots + a], required))
                            #expect(Self.close(cells[(2 * years + t) * block + r * slots + a], required - supply, tolerance: 4e-6 * max(1, required) / max(1, abs(required - supply))))
                        }
                        #expect(Self.close(cells[t * block + roles * slots + a], total.supply))
                        #expect(Self.close(cells[(years + t) * block + roles * slots + a], total.required))
                        if a < layout.leaves {
                            national.supply += total.supply
                            national.required += total.required
                        }
                    }
                    // Met need exactly when the drawn projection says so (away from a tie).
                    if abs(national.supply - national.required) > 1e-4 * national.required {
                        #expect(met[t] == (national.supply >= national.required ? 1 : 0))
                    }
                }
            }
        }
    }

    @Test("Shocks applied to a projection, and laid out by the supply kernel, give the same run")
    func shocksApplied() async throws {
        let mc = MonteCarlo(projection: try Projection(Self.input), uncertainties: Self.shocks, seed: 3)
        let shocks = mc.shocks(12)
        #expect(shocks.supply.exitPaths.count == 2 && shocks.supply.entrantPaths.count == 2 && shocks.needLevels.count == 2)
        #expect(shocks.supply.exitNoise != nil && shocks.supply.entrantNoise != nil)
        var shocked = mc.projection
        shocks.supply.apply(to: &shocked)
        #expect(shocked.leaverRateBase != mc.projection.leaverRateBase)
        let layout = await mc.prepareLayout(tasks: 2).layout
        var fte = [Float](repeating: .nan, count: layout.years * layout.roles * layout.slots)
        _ = fte.withUnsafeMutableBufferPointer { mc.runSupply(12, layout: layout, fte: $0.baseAddress!) }
        let run = shocked.run(trainingSufficiency: false)
        for (x, y) in zip(fte, run.values.prefix(fte.count)) { #expect(Self.close(x, y)) }
        // The kernel in double precision, with the shocks laid out, is the shocked run bit for bit.
        var doubles = [Double](repeating: .nan, count: fte.count)
        doubles.withUnsafeMutableBufferPointer { buffer in
            let p = mc.startingProjection(12)
            let figures = Projection.Figures(base: buffer.baseAddress!, rows: layout.roles, areas: layout.slots, years: layout.years)
            p.projectSupply(into: figures, lean: true, shocks: shocks.supply)
            p.aggregate(figures, metrics: 1, only: [.fte])
        }
        #expect(doubles == Array(run.values.prefix(fte.count)))
    }
}
