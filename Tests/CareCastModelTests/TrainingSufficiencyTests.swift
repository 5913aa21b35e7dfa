import CareCastModel
import Testing

@Suite("Training sufficiency: are we training enough people now?")
struct TrainingSufficiencyTests {
    /// Basic fixture with a stated standard that leaves a gap, and a pipeline into `cw`.
    static func input(duration: Int = 1, completion: Double = 0.5) -> ModelInput {
        var input = Fixture.basic(horizon: 20)
        input.leaverRates = [.init(role: "cw", ageBand: "young", rate: 0.1), .init(role: "cw", ageBand: "old", rate: 0.2)]
        input.demand.caseloadStandard = .fixed(1)  // 100 per leaf required, 40 in post
        input.pipelines = [.init(
            id: "degree", role: "cw", duration: duration, completion: completion, entry: 0.9,
            intake: [.init(year: 2020, value: 30)], ageDistribution: [.init("young", 1)])]
        return input
    }

    @Test("Δ is the difference of two full runs, one with one more intake place from T0+1 on")
    func deltaIsDifferenceOfRuns() throws {
        let base = Self.input()
        var more = base
        more.pipelines[0].intake = [.init(year: 2020, value: 30), .init(year: 2025, value: 31)]
        let result = try Fixture.run(base)
        let plusOne = try Fixture.run(more)
        for answer in result.trainingSufficiency {
            let t = answer.horizon
            let delta = plusOne.national(.fte, role: 0, yearIndex: t) - result.national(.fte, role: 0, yearIndex: t)
            #expect(close(answer.ftePerExtraIntake, delta, tolerance: 1e-9))
            let gap = result.national(.required, role: 0, yearIndex: t) - result.national(.fte, role: 0, yearIndex: t)
            #expect(close(answer.gap, gap))
            #expect(close(answer.extraAnnualIntake!, gap / delta))
            #expect(answer.year == 2024 + t)
        }
        #expect(result.trainingSufficiency.map(\.horizon) == [5, 10, 20])
    }

    @Test("No gap: the extra intake needed is 0")
    func noGap() throws {
        var input = Self.input()
        input.demand.caseloadStandard = .fixed(1_000)
        let answer = try #require(try Fixture.run(input).trainingSufficiency.first)
        #expect(answer.gap < 0)
        #expect(answer.extraAnnualIntake == 0)
    }

    @Test("A place that adds nothing by then (duration past the horizon, or no completions): null")
    func nullWhenDeltaIsZero() throws {
        let late = try Fixture.run(Self.input(duration: 7))
        let five = try #require(late.trainingSufficiency.first { $0.horizon == 5 })
        #expect(five.ftePerExtraIntake == 0)
        #expect(five.extraAnnualIntake == nil)
        // By +10 the first extra places (intake 2025, duration 7) have entered.
        let ten = try #require(late.trainingSufficiency.first { $0.horizon == 10 })
        #expect(ten.ftePerExtraIntake > 0)

        let noCompletions = try Fixture.run(Self.input(completion: 0))
        #expect(noCompletions.trainingSufficiency.allSatisfy { $0.extraAnnualIntake == nil && $0.ftePerExtraIntake == 0 })
    }

    @Test("Horizons beyond the projection are left out")
    func shortHorizon() throws {
        var input = Self.input()
        input.horizon = 7
        input.population = Fixture.population(areas: ["A", "B"], groups: ["0-17"], horizon: 7) { _, _, _ in 1_000 }
        #expect(try Fixture.run(input).trainingSufficiency.map(\.horizon) == [5])
    }
}
