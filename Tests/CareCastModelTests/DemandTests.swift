import CareCastModel
import Testing

@Suite("Demand: the workforce that projected need requires")
struct DemandTests {
    @Test("Activities: C = B × Σ mix·P/P0 × (1+trend)^t × policy(t)")
    func activities() throws {
        var input = Fixture.basic()
        input.population = Fixture.population(areas: ["A", "B"], groups: ["young", "old"], horizon: 5) { area, group, t in
            group == "young" ? 1_000 * (1 + 0.1 * Double(t)) : (area == "A" ? 500 : 800)
        }
        input.activities = [.init(
            id: "cin", weight: 1, trend: 0.02, ageMix: [.init("young", 0.6), .init("old", 0.4)],
            baseCounts: [.init(area: "A", count: 100)])]
        input.policies = [.init(activity: "cin", path: [.init(year: 2024, factor: 1), .init(year: 2028, factor: 0.5)])]
        let result = try Fixture.run(input)
        let k = result.activityIDs.firstIndex(of: "cin")!
        func count(_ leaf: Int, _ t: Int) -> Double { result.activityCounts[result.activityIndex(activity: k, leaf: leaf, yearIndex: t)] }
        // t = 2: demography 0.6 × 1.2 + 0.4 × 1; trend 1.02²; policy 1 − 0.5 × 2/4.
        #expect(close(count(0, 2), 100 * (0.6 * 1.2 + 0.4) * 1.02 * 1.02 * 0.75))
        #expect(close(count(0, 0), 100))
        // No base count: 0.
        #expect(count(1, 3) == 0)
    }

    @Test("Caseload, calibrated: required at T0 is the establishment (in post + vacancies)")
    func calibrated() throws {
        var input = Fixture.basic()
        input.vacancies = [.init(area: "A", role: "cw", fte: 5), .init(area: "A", role: "cw", fte: 5)]
        input.population = Fixture.population(areas: ["A", "B"], groups: ["0-17"], horizon: 5) { _, _, t in 1_000 * (1 + 0.05 * Double(t)) }
        let result = try Fixture.run(input)
        #expect(close(result.value(.required, "A", "cw", 2024), 50))
        #expect(close(result.value(.required, "B", "cw", 2024), 40))
        #expect(close(result.value(.required, "A", "cw", 2026), 50 * 1.1))
        #expect(close(result.row("A", "cw", 2024).gap, 10))
    }

    @Test("Caseload, numeric standard, shared by establishment, divided by productivity")
    func fixedStandard() throws {
        var input = Fixture.basic()
        input.roles.append(.init(id: "senior", name: "Senior", demand: .caseload))
        input.leaverRates += [.init(role: "senior", ageBand: "young", rate: 0), .init(role: "senior", ageBand: "old", rate: 0)]
        input.stock.append(.init(area: "A", role: "senior", ageBand: "old", fte: 10))
        input.activities[0].weight = 1.5
        input.demand = .init(caseloadStandard: .fixed(15), productivityGrowth: 0.01)
        let result = try Fixture.run(input)
        // W = 150 weighted cases; 150 / 15 = 10 FTE; A's caseload establishment is cw 40 + senior 10.
        #expect(close(result.value(.required, "A", "cw", 2024), 10 * 40 / 50))
        #expect(close(result.value(.required, "A", "senior", 2024), 10 * 10 / 50))
        #expect(close(result.value(.required, "A", "cw", 2027), 10 * 40 / 50 / (1.01 * 1.01 * 1.01)))
        // B has no senior establishment: all of B's requirement falls on cw.
        #expect(close(result.value(.required, "B", "cw", 2024), 10))
        #expect(result.value(.required, "B", "senior", 2024) == 0)
    }

    @Test("Calibrated standard falls back to the national value where a leaf has no caseload establishment")
    func calibratedFallback() throws {
        var input = Fixture.basic()
        input.stock = input.stock.filter { $0.area != "B" }
        input.stock.append(.init(area: "B", role: "cw", ageBand: "old", fte: 0))
        let result = try Fixture.run(input)
        // National s = (100 + 100) / 40 = 5 cases per FTE: B needs 100 / 5 = 20.
        #expect(close(result.value(.required, "B", "cw", 2024), 20))
        #expect(close(result.value(.required, "A", "cw", 2024), 40))
    }

    @Test("Ratio roles follow their `of` role at the base-year establishment ratio, through chains")
    func ratio() throws {
        var input = Fixture.basic()
        input.roles += [
            .init(id: "manager", name: "Manager", demand: .ratio(of: "cw")),
            .init(id: "head", name: "Head", demand: .ratio(of: "manager")),
        ]
        input.leaverRates += ["manager", "head"].flatMap { role in
            [ModelInput.LeaverRate(role: RoleID(role), ageBand: "young", rate: 0), .init(role: RoleID(role), ageBand: "old", rate: 0)]
        }
        input.stock = input.stock.filter { $0.area != "B" } + [
            .init(area: "A", role: "manager", ageBand: "old", fte: 8),
            .init(area: "A", role: "head", ageBand: "old", fte: 2),
            .init(area: "B", role: "manager", ageBand: "old", fte: 5),
        ]
        let result = try Fixture.run(input)
        // Calibrated: A requires its 40; B has no case workers, so the national standard
        // (200 cases / 40 FTE) applies: 100 / 5 = 20.
        #expect(close(result.value(.required, "A", "cw", 2024), 40))
        #expect(close(result.value(.required, "B", "cw", 2024), 20))
        #expect(close(result.value(.required, "A", "manager", 2024), 40 * 8 / 40))
        #expect(close(result.value(.required, "A", "head", 2024), 8 * 2 / 8))
        // E[B, cw] = 0: the national ratio of managers to case workers, 13/40.
        #expect(close(result.value(.required, "B", "manager", 2024), 20 * 13 / 40))
        // E[B, manager] = 5 is not 0, so B's own ratio applies: 0 heads / 5 managers.
        #expect(result.value(.required, "B", "head", 2024) == 0)
    }

    @Test("Per-activity roles: C × staffPerUnit / π")
    func perActivity() throws {
        var input = Fixture.basic()
        input.roles.append(.init(id: "res", name: "Residential", demand: .perActivity(activity: "homes", staffPerUnit: 2.5)))
        input.leaverRates += [.init(role: "res", ageBand: "young", rate: 0), .init(role: "res", ageBand: "old", rate: 0)]
        input.activities.append(.init(id: "homes", weight: 0, trend: 0.1, ageMix: [.init("0-17", 1)], baseCounts: [.init(area: "B", count: 4)]))
        input.demand.productivityGrowth = -0.02
        let result = try Fixture.run(input)
        #expect(close(result.value(.required, "B", "res", 2025), 4 * 1.1 * 2.5 / 0.98))
        // Weight 0: the homes do not add to the case-holding workload.
        #expect(close(result.value(.required, "B", "cw", 2025), 40 / 0.98))
    }

    @Test("OBR variant: E × D[a,t] × (1 + g)^t / π with D from cost-weighted population")
    func obr() throws {
        var input = Fixture.basic()
        input.population = Fixture.population(areas: ["A", "B"], groups: ["young", "old"], horizon: 5) { _, group, t in
            group == "young" ? 100 * (1 + 0.1 * Double(t)) : 300
        }
        input.activities[0].ageMix = [.init("young", 0.5), .init("old", 0.5)]
        input.vacancies = [.init(area: "A", role: "cw", fte: 4)]
        input.demand = .init(caseloadStandard: .calibrated, productivityGrowth: 0.01, obr: .init(costWeights: [.init("young", 2), .init("old", 1)], nonDemographicGrowth: 0.03))
        let result = try Fixture.run(input)
        let d = (2 * 130.0 + 300) / (2 * 100.0 + 300)
        #expect(close(result.value(.requiredObr, "A", "cw", 2027), 44 * d * 1.03 * 1.03 * 1.03 / (1.01 * 1.01 * 1.01)))
        let row = result.row("A", "cw", 2027)
        #expect(close(row.gapObr!, row.requiredObr! - row.fte))
        // Without obr, the OBR fields are absent.
        input.demand.obr = nil
        #expect(try Fixture.run(input).row("A", "cw", 2027).requiredObr == nil)
    }

    @Test("Aggregates: sums of leaves; gap = required − fte; shortage sums leaf shortages only")
    func aggregates() throws {
        var input = Fixture.basic()
        input.demand.caseloadStandard = .fixed(2)  // each leaf requires 50: A short by 10, B short by 10
        input.stock[3].fte = 60  // B now has 80 in post: a surplus of 30
        let result = try Fixture.run(input)
        let region = result.row("R", "cw", 2024)
        #expect(close(region.required, 100))
        #expect(close(region.fte, 120))
        #expect(close(region.gap, -20))
        #expect(close(region.shortage, 10))
        #expect(result.national(.shortage, role: 0, yearIndex: 0) == 10)
    }
}
