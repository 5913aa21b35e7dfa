import CareCastModel
import Testing

@Suite("The engine as a value")
struct EngineTests {
    @Test("Paths are linear between points, flat outside, 1 when empty; any order of points")
    func paths() {
        let path = PiecewiseLinearPath([.init(year: 2030, factor: 0.5), .init(year: 2020, factor: 1.5)])
        #expect(path.factor(at: 2010) == 1.5)
        #expect(path.factor(at: 2025) == 1.0)
        #expect(path.factor(at: 2040) == 0.5)
        #expect(PiecewiseLinearPath([]).factor(at: 2025) == 1)
        let schedule = IntakeSchedule([.init(year: 2025, value: 7), .init(year: 2022, value: 3)])
        #expect(schedule.intake(in: 2020) == 3)
        #expect(schedule.intake(in: 2024) == 3)
        #expect(schedule.intake(in: 2025) == 7)
    }

    @Test("The same projection gives bit-identical results, run serially or from many tasks at once")
    func deterministicAndParallel() async throws {
        let projection = try Projection(SyntheticInput.englandSized(seed: 7, localAuthorities: 30, regions: 3, horizon: 20))
        let reference = projection.run()
        let results = await withTaskGroup(of: [Double].self) { group in
            for _ in 0..<8 { group.addTask { projection.run().values } }
            var all: [[Double]] = []
            for await values in group { all.append(values) }
            return all
        }
        #expect(results.count == 8)
        for values in results { #expect(values == reference.values) }
        #expect(projection.run().trainingSufficiency == reference.trainingSufficiency)
    }

    @Test("A changed copy runs independently of the original (value semantics)")
    func valueSemantics() throws {
        let projection = try Projection(Fixture.basic())
        var changed = projection
        changed.productivityGrowth = 0.5
        #expect(changed.run().value(.required, "A", "cw", 2026) < projection.run().value(.required, "A", "cw", 2026))
    }

    @Test("The England-sized synthetic input is valid and the result is proportional to its size")
    func englandSized() throws {
        let input = SyntheticInput.englandSized()
        #expect(input.validate().isEmpty)
        let result = try Projection(input).run()
        #expect(result.areas.count == 163)
        #expect(result.leafAreas.count == 153)
        #expect(result.values.count == ProjectionResult.Metric.storedCount(hasOBR: true, hasAgency: false) * 163 * 6 * 21)
        #expect(result.trainingSufficiency.count == 6)
    }

    @Test("Invalid input is refused with every problem, not the first")
    func refusesWithAllProblems() {
        var input = Fixture.basic()
        input.stock[0].fte = -1
        input.roles[0].fteRatio = 0
        #expect(throws: InvalidInput.self) { try Projection(input) }
        let paths = input.validate().map(\.path.text)
        #expect(paths.contains("stock[0].fte"))
        #expect(paths.contains("roles[0].fteRatio"))
    }
}
