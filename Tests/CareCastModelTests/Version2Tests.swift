import CareCastModel
import Testing

/// Model v2 (docs/MODEL.md) on inputs small enough to work out by hand.
@Suite("Model version 2: agency stock and reversion")
struct Version2Tests {
    /// One leaf `A`, one caseload role (fteRatio 0.8), one open band; S0 = 100, ℓ = 0.1,
    /// 1,200 cases at a standard of 10 (required 120 every year); agency Q0 = 20, α = 0.3,
    /// o = 0.25, κ = 0.4, entrants from elsewhere 2 people × 1.5^(y−T0).
    static func agencyInput() -> ModelInput {
        ModelInput(
            specVersion: 2, baseYear: 2024, horizon: 2,
            areas: [.init(code: "A", name: "A", parent: nil, level: "local_authority")],
            roles: [.init(id: "sw", name: "Social worker", fteRatio: 0.8, demand: .caseload)],
            ageBands: [.init(id: "all", width: nil)],
            stock: [.init(area: "A", role: "sw", ageBand: "all", fte: 100)],
            leaverRates: [.init(role: "sw", ageBand: "all", rate: 0.1)],
            population: Fixture.population(areas: ["A"], groups: ["0-17"], horizon: 2) { _, _, _ in 1_000 },
            activities: [.init(id: "cin", ageMix: [.init("0-17", 1)], baseCounts: [.init(area: "A", count: 1_200)])],
            demand: .init(caseloadStandard: .fixed(10)),
            agency: .init(
                stock: [.init(area: "A", role: "sw", fte: 20)], moveShare: 0.3, outflowRate: 0.25, conversionShare: 0.4,
                ageDistribution: [.init("all", 1)], entrants: [.init(source: "elsewhere", role: "sw", base: 2, growth: 0.5)]))
    }

    @Test("Agency flows: moves out of leavers, outflow split into conversions and exits, entrants from elsewhere")
    func agencyByHand() throws {
        let result = try Fixture.run(Self.agencyInput())
        #expect(result.hasAgency)
        let base = result.row("A", "sw", 2024)
        #expect(base.agency == .init(fte: 20, moves: 0, conversions: 0, leavers: 0, entrants: 0, gapWithAgency: 0, shortageWithAgency: 0))
        // 2025: L = 10, M = 3, O = 5, K = 2, X = 3, A = 2 × 1.5 × 0.8 = 2.4; Q = 20.4, S = 92.
        let first = result.row("A", "sw", 2025)
        #expect(close(first.fte, 92) && close(first.leavers, 10) && close(first.entrants, 2))
        let a1 = try #require(first.agency)
        #expect(close(a1.fte, 20.4) && close(a1.moves, 3) && close(a1.conversions, 2) && close(a1.leavers, 3) && close(a1.entrants, 2.4))
        #expect(close(first.gap, 28) && close(a1.gapWithAgency, 7.6) && close(a1.shortageWithAgency, 7.6))
        // 2026: L = 9.2, M = 2.76, O = 5.1, K = 2.04, A = 3.6; Q = 21.66, S = 84.84.
        let second = result.row("A", "sw", 2026)
        let a2 = try #require(second.agency)
        #expect(close(second.fte, 84.84) && close(a2.fte, 21.66) && close(a2.conversions, 2.04) && close(a2.gapWithAgency, 13.5))
    }

    @Test("A converted agency worker leaves the agency stock as they join the LA stock: never counted twice")
    func conversionsAreNotDoubleCounted() throws {
        var input = Self.agencyInput()
        input.leaverRates[0].rate = 0
        input.agency!.entrants = []
        input.agency!.conversionShare = 1
        let result = try Fixture.run(input)
        // Nobody leaves either stock for good: LA + agency stays 120 while agency workers convert.
        for year in 2024...2026 {
            let row = result.row("A", "sw", year)
            #expect(close(row.fte + row.agency!.fte, 120))
        }
        #expect(close(result.row("A", "sw", 2026).agency!.fte, 20 * 0.75 * 0.75))
    }

    @Test("Leaver multipliers revert geometrically to their targets, area shares linearly")
    func reversionByHand() throws {
        var input = Fixture.basic(horizon: 3)
        input.specVersion = 2
        input.leaverRates = input.leaverRates.map { .init(role: $0.role, ageBand: $0.ageBand, rate: 0.1) }
        input.areaLeaverMultipliers = [.init(area: "A", multiplier: 2)]
        input.reversion = .init(halfLife: 1, leaverMultiplierTargets: [.init(area: "A", multiplier: 0.5)])
        input.joiners = [.init(source: "j", role: "cw", base: 10, ageDistribution: [.init("old", 1)],
                               areaShare: [.init("A", 1)], areaShareTarget: [.init("B", 1)])]
        let result = try Fixture.run(input)
        // A in 2025: w = 1/2, m = 2^½ × 0.5^½ = 1, so 40 × 0.1 leave; 2026: w = 1/4, m = 2^¼ 0.5^¾ = 2^−½.
        #expect(close(result.value(.leavers, "A", "cw", 2025), 4))
        let fte2025A = result.value(.fte, "A", "cw", 2025)
        #expect(close(result.value(.leavers, "A", "cw", 2026), fte2025A * 0.1 * Double(2).squareRoot() / 2))
        // B has no multiplier of its own (1) and no target (1): it never moves.
        #expect(close(result.value(.leavers, "B", "cw", 2025), 4))
        // Joiners: σ(2025) = B + (A − B)/2: 8 FTE (10 people × 0.8) split 4/4; 2026: 2 to A, 6 to B.
        #expect(close(result.value(.entrants, "A", "cw", 2025), 4) && close(result.value(.entrants, "B", "cw", 2025), 4))
        #expect(close(result.value(.entrants, "A", "cw", 2026), 2) && close(result.value(.entrants, "B", "cw", 2026), 6))
    }

    @Test("A version 2 input without v2 keys gives version 1's figures; v2 keys in a v1 input are refused")
    func versionsAgree() throws {
        let v1 = try Fixture.run(Fixture.basic())
        var input = Fixture.basic()
        input.specVersion = 2
        let v2 = try Fixture.run(input)
        #expect(v1.values == v2.values)
        #expect(v2.specVersion == 2 && !v2.hasAgency)
        var mixed = Self.agencyInput()
        mixed.specVersion = 1
        #expect(mixed.validate().map(\.path.text) == ["agency"])
    }

    @Test("Bad version 2 input is refused with every problem named by path")
    func badVersion2() {
        var input = Self.agencyInput()
        input.agency!.moveShare = 1.5
        input.agency!.outflowRate = -0.1
        input.agency!.stock.append(.init(area: "Z", role: "sw", fte: 1))
        input.agency!.ageDistribution = [.init("all", 0.5)]
        input.reversion = .init(halfLife: 0, leaverMultiplierTargets: [.init(area: "A", multiplier: 0)])
        input.joiners = [.init(source: "j", role: "sw", base: 1, ageDistribution: [.init("all", 1)], areaShareTarget: [.init("A", 1)])]
        var noReversion = input
        noReversion.reversion = nil
        let paths = Set(input.validate().map(\.path.text))
        for expected in ["agency.moveShare", "agency.outflowRate", "agency.stock[1].area", "agency.ageDistribution",
                         "reversion.halfLife", "reversion.leaverMultiplierTargets[0].multiplier"] {
            #expect(paths.contains(expected), "\(expected) not in \(paths.sorted())")
        }
        #expect(noReversion.validate().contains { $0.path.text == "joiners[0].areaShareTarget" })
    }

    @Test("Training sufficiency with agency flows equals the difference of two full runs")
    func trainingSufficiencyWithAgency() throws {
        var input = Self.agencyInput()
        input.horizon = 5
        input.population = Fixture.population(areas: ["A"], groups: ["0-17"], horizon: 5) { _, _, _ in 1_000 }
        input.pipelines = [.init(id: "degree", role: "sw", duration: 1, completion: 0.9, entry: 0.8,
                                 intake: [.init(year: 2024, value: 10)], ageDistribution: [.init("all", 1)])]
        let base = try Fixture.run(input)
        var more = input
        more.pipelines[0].intake = (2025...2029).map { .init(year: $0, value: 11) } + [.init(year: 2024, value: 10)]
        let added = try Fixture.run(more).value(.fte, "A", "sw", 2029) - base.value(.fte, "A", "sw", 2029)
        let answer = try #require(base.trainingSufficiency.first { $0.horizon == 5 })
        #expect(close(answer.ftePerExtraIntake, added))
    }
}

@Suite("Model version 2: early-career supply")
struct EarlyCareerTests {
    /// One leaf, one role (fteRatio 1), one band; S0 = 100 of whom 20 entered last year and 10
    /// this year; ℓ = 0.1; a pipeline bringing 10 FTE a year; Y = 2.
    static func input(years: Int = 2) -> ModelInput {
        ModelInput(
            specVersion: 2, baseYear: 2024, horizon: 3,
            areas: [.init(code: "A", name: "A", parent: nil, level: "local_authority")],
            roles: [.init(id: "sw", name: "Social worker", demand: .caseload)],
            ageBands: [.init(id: "all", width: nil)],
            stock: [.init(area: "A", role: "sw", ageBand: "all", fte: 100)],
            leaverRates: [.init(role: "sw", ageBand: "all", rate: 0.1)],
            pipelines: [.init(id: "degree", role: "sw", duration: 0, completion: 1, entry: 1, intake: [.init(year: 2024, value: 10)], ageDistribution: [.init("all", 1)])],
            population: Fixture.population(areas: ["A"], groups: ["0-17"], horizon: 3) { _, _, _ in 1_000 },
            activities: [.init(id: "cin", ageMix: [.init("0-17", 1)], baseCounts: [.init(area: "A", count: 1_000)])],
            demand: .init(caseloadStandard: .fixed(10)),
            earlyCareer: .init(years: years, pipelines: ["degree"], stock: [
                .init(area: "A", role: "sw", ageBand: "all", yearsSinceEntry: 0, fte: 10),
                .init(area: "A", role: "sw", ageBand: "all", yearsSinceEntry: 1, fte: 20),
            ]))
    }

    @Test("Cohorts leave like everyone, shift a year at a time, and leave the early-career years after Y")
    func byHand() throws {
        let result = try Fixture.run(Self.input())
        #expect(result.hasEarlyCareer)
        // 2024: 10 + 20. 2025: the 10 who entered in 2024 leave 1 (9, one year in); the 20 pass
        // the two early-career years; 10 new: 19. 2026: the 9 pass; the 10 of 2025 are 9; 10 new: 19.
        #expect(close(result.row("A", "sw", 2024).earlyCareerFte!, 30))
        #expect(close(result.row("A", "sw", 2025).earlyCareerFte!, 19))
        #expect(close(result.row("A", "sw", 2026).earlyCareerFte!, 19))
        // Y = 1: only this year's entrants (and T0's stock of cohort 0).
        var one = Self.input(years: 1)
        one.earlyCareer!.stock.removeLast()
        let single = try Fixture.run(one)
        #expect(close(single.row("A", "sw", 2024).earlyCareerFte!, 10))
        #expect(close(single.row("A", "sw", 2025).earlyCareerFte!, 10))
        // The cohorts never change supply.
        var none = Self.input()
        none.earlyCareer = nil
        #expect(try Fixture.run(none).value(.fte, "A", "sw", 2027) == result.value(.fte, "A", "sw", 2027))
    }

    @Test("A Y far beyond the horizon is followed in memory bounded by the horizon, with the same figures")
    func longYears() throws {
        // Horizon 3: a cohort with one year left, and one that cannot leave within the horizon.
        func run(_ years: Int) throws -> [Double] {
            var input = Self.input(years: years)
            input.earlyCareer!.stock = [
                .init(area: "A", role: "sw", ageBand: "all", yearsSinceEntry: years - 1, fte: 20),
                .init(area: "A", role: "sw", ageBand: "all", yearsSinceEntry: 0, fte: 10),
            ]
            let result = try Fixture.run(input)
            return (2024...2027).map { result.row("A", "sw", $0).earlyCareerFte! }
        }
        let huge = try run(1_000_000_000)
        let small = try run(6)
        #expect(zip(huge, small).allSatisfy { close($0, $1) })
        // 2024: 30; 2025: the 20 leave, the 10 are 9, 10 enter: 19; then 9 × 0.9 + 10 × 0.9 + 10.
        #expect(close(huge[0], 30) && close(huge[1], 19) && close(huge[2], 27.1))
    }

    @Test("Early-career staff progress between roles at the same rates as everyone")
    func progression() throws {
        var input = Self.input()
        input.roles.append(.init(id: "senior", name: "Senior", demand: .ratio(of: "sw")))
        input.leaverRates.append(.init(role: "senior", ageBand: "all", rate: 0.1))
        input.progression = [.init(from: "sw", to: "senior", rate: 0.5)]
        let result = try Fixture.run(input)
        // 2025: the 10 of cohort 0 leave 1 → 9, half progress: 4.5 each; new 10 as social workers.
        #expect(close(result.row("A", "sw", 2025).earlyCareerFte!, 14.5))
        #expect(close(result.row("A", "senior", 2025).earlyCareerFte!, 4.5))
    }

    @Test("Bad early-career input is refused by path")
    func bad() {
        var input = Self.input()
        input.earlyCareer = .init(years: 0, pipelines: ["nope", "degree", "degree"], stock: [.init(area: "Z", role: "sw", ageBand: "all", yearsSinceEntry: 0, fte: -1)])
        let paths = Set(input.validate().map(\.path.text))
        for expected in ["earlyCareer.years", "earlyCareer.pipelines[0]", "earlyCareer.pipelines[2]", "earlyCareer.stock[0].yearsSinceEntry"] {
            #expect(paths.contains(expected), "\(expected) not in \(paths.sorted())")
        }
        input.earlyCareer = .init(years: 2, pipelines: ["degree"], stock: [.init(area: "Z", role: "sw", ageBand: "all", yearsSinceEntry: 1, fte: -1)])
        let more = Set(input.validate().map(\.path.text))
        #expect(more.isSuperset(of: ["earlyCareer.stock[0].area", "earlyCareer.stock[0].fte"]))
        var v1 = Self.input()
        v1.specVersion = 1
        #expect(v1.validate().map(\.path.text) == ["earlyCareer"])
    }
}

@Suite("Model version 2: progression that responds to need")
struct ResponsiveProgressionTests {
    /// One leaf, case workers `sw` (100) and managers `mgr` (5), one band, nobody leaves; a
    /// flow sw → mgr at 10% whose target is 0.1 managers per case worker.
    static func input(managers: Double = 5, strength: Double = 1, maxRate: Double = 0.5) -> ModelInput {
        ModelInput(
            specVersion: 2, baseYear: 2024, horizon: 2,
            areas: [.init(code: "A", name: "A", parent: nil, level: "local_authority")],
            roles: [.init(id: "sw", name: "Social worker", demand: .caseload), .init(id: "mgr", name: "Manager", demand: .ratio(of: "sw"))],
            ageBands: [.init(id: "all", width: nil)],
            stock: [.init(area: "A", role: "sw", ageBand: "all", fte: 100), .init(area: "A", role: "mgr", ageBand: "all", fte: managers)],
            leaverRates: [.init(role: "sw", ageBand: "all", rate: 0), .init(role: "mgr", ageBand: "all", rate: 0)],
            progression: [.init(from: "sw", to: "mgr", rate: 0.1, response: .init(strength: strength, targetRatio: 0.1, maxRate: maxRate))],
            population: Fixture.population(areas: ["A"], groups: ["0-17"], horizon: 2) { _, _, _ in 1_000 },
            activities: [.init(id: "cin", ageMix: [.init("0-17", 1)], baseCounts: [.init(area: "A", count: 1_000)])],
            demand: .init(caseloadStandard: .fixed(10)))
    }

    @Test("A shortfall raises the rate, a surplus lowers it to no less than 0, and the cap holds")
    func byHand() throws {
        // Short: target 10 managers, 5 in post: g = 0.5, ρ = 0.1 × 1.5 = 0.15.
        let short = try Fixture.run(Self.input())
        #expect(close(short.value(.fte, "A", "mgr", 2025), 20) && close(short.value(.fte, "A", "sw", 2025), 85))
        // Over: 20 managers against a target of 10: g = −1, ρ = 0.
        let over = try Fixture.run(Self.input(managers: 20))
        #expect(close(over.value(.fte, "A", "mgr", 2025), 20))
        // Strong response: 0.1 × (1 + 10 × 0.5) = 0.6, capped at 0.5.
        let capped = try Fixture.run(Self.input(strength: 10))
        #expect(close(capped.value(.fte, "A", "sw", 2025), 50))
        // No response: v1's fixed rate.
        let fixed = try Fixture.run(Self.input(strength: 0))
        #expect(close(fixed.value(.fte, "A", "mgr", 2025), 15))
    }

    @Test("Rates out of one role above 1 are scaled to sum to 1; an area's own target ratio overrides")
    func normalisedAndAreaTargets() throws {
        var input = Self.input(strength: 20, maxRate: 0.9)
        input.roles.append(.init(id: "other", name: "Other", demand: .ratio(of: "sw")))
        input.leaverRates.append(.init(role: "other", ageBand: "all", rate: 0))
        input.progression.append(.init(from: "sw", to: "other", rate: 0.5))
        // ρ(sw → mgr) = min(0.9, 0.1 × 11) = 0.9; with 0.5 the sum is 1.4: 0.9/1.4 and 0.5/1.4.
        let result = try Fixture.run(input)
        #expect(close(result.value(.fte, "A", "mgr", 2025), 5 + 100 * 0.9 / 1.4))
        #expect(close(result.value(.fte, "A", "sw", 2025), 0, tolerance: 1e-9))
        var own = Self.input()
        own.progression[0].response!.areaTargetRatios = [.init(area: "A", ratio: 0.05)]
        // Target 5 managers, 5 in post: g = 0, the rate stays 0.1.
        #expect(close(try Fixture.run(own).value(.fte, "A", "mgr", 2025), 15))
    }

    @Test("Early-career cohorts progress at the rate the whole role had; training sufficiency is the difference of two runs")
    func cohortsAndTraining() throws {
        var input = Self.input()
        input.pipelines = [.init(id: "degree", role: "sw", duration: 0, completion: 1, entry: 1, intake: [.init(year: 2024, value: 10)], ageDistribution: [.init("all", 1)])]
        input.earlyCareer = .init(years: 3, pipelines: ["degree"], stock: [.init(area: "A", role: "sw", ageBand: "all", yearsSinceEntry: 0, fte: 10)])
        input.horizon = 5
        input.population = Fixture.population(areas: ["A"], groups: ["0-17"], horizon: 5) { _, _, _ in 1_000 }
        let result = try Fixture.run(input)
        // 2025: the whole role's ρ is 0.15, so 1.5 of the 10 early-career case workers progress.
        #expect(close(result.row("A", "mgr", 2025).earlyCareerFte!, 1.5))
        var more = input
        more.pipelines[0].intake = (2025...2029).map { .init(year: $0, value: 11) } + [.init(year: 2024, value: 10)]
        let added = try Fixture.run(more).value(.fte, "A", "sw", 2029) - result.value(.fte, "A", "sw", 2029)
        let answer = try #require(result.trainingSufficiency.first { $0.horizon == 5 })
        #expect(close(answer.ftePerExtraIntake, added))
    }

    @Test("Bad response input is refused by path; in a v1 input it is an unknown key")
    func bad() {
        var input = Self.input()
        input.progression[0].response = .init(strength: -1, targetRatio: -0.1, areaTargetRatios: [.init(area: "Z", ratio: 1)], maxRate: 1.5)
        let paths = Set(input.validate().map(\.path.text))
        for expected in ["progression[0].response.strength", "progression[0].response.targetRatio", "progression[0].response.maxRate", "progression[0].response.areaTargetRatios[0].area"] {
            #expect(paths.contains(expected), "\(expected) not in \(paths.sorted())")
        }
        var v1 = Self.input()
        v1.specVersion = 1
        #expect(v1.validate().map(\.path.text) == ["progression[0].response"])
    }
}
