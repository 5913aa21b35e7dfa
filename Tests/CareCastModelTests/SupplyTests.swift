import CareCastModel
import Testing

@Suite("Supply: the stock-flow cohort model")
struct SupplyTests {
    @Test("Base year: FTE is the sum of stock rows, rows with the same key are summed, flows are 0")
    func baseYear() throws {
        var input = Fixture.basic()
        input.stock.append(.init(area: "A", role: "cw", ageBand: "old", fte: 5))
        let result = try Fixture.run(input)
        #expect(result.value(.fte, "A", "cw", 2024) == 45)
        #expect(result.row("A", "cw", 2024).headcount == 45 / 0.8)
        #expect(result.value(.leavers, "A", "cw", 2024) == 0)
        #expect(result.value(.entrants, "A", "cw", 2024) == 0)
    }

    @Test("Ageing: 1/width of every band but the last moves up each year; the last keeps its own")
    func ageing() throws {
        // No leavers, no entrants: A's young band (10, width 2) sends 5 up in year 1, 2.5 in year 2.
        let projection = try Projection(Fixture.basic())
        let result = projection.run()
        // Total FTE is conserved by ageing.
        #expect(close(result.value(.fte, "A", "cw", 2026), 40))
        // Check the band split through a one-band-at-a-time run: young = 10 × (1/2)^t.
        var youngOnly = Fixture.basic()
        youngOnly.stock = [.init(area: "A", role: "cw", ageBand: "young", fte: 10), .init(area: "B", role: "cw", ageBand: "old", fte: 1)]
        youngOnly.leaverRates = [.init(role: "cw", ageBand: "young", rate: 0), .init(role: "cw", ageBand: "old", rate: 1)]
        // Everyone in "old" leaves each year before ageing, so FTE(t) = young after ageing + arrivals:
        // year 1: young 10 → leaves none, 5 move up → young 5, old 0 + 5 = 5; FTE 10.
        // year 2: old 5 all leave; young 5 → 2.5 up → FTE 5; leavers 5.
        let r = try Fixture.run(youngOnly)
        #expect(close(r.value(.fte, "A", "cw", 2025), 10))
        #expect(close(r.value(.fte, "A", "cw", 2026), 5))
        #expect(close(r.value(.leavers, "A", "cw", 2026), 5))
        #expect(close(r.value(.fte, "A", "cw", 2027), 2.5))
    }

    @Test("Leavers: L = S × min(1, ℓ × m × k(t+1)), with the area multiplier and the path")
    func leavers() throws {
        var input = Fixture.basic()
        input.ageBands = [.init(id: "young", width: 2), .init(id: "old", width: nil)]
        input.leaverRates = [.init(role: "cw", ageBand: "young", rate: 0.1), .init(role: "cw", ageBand: "old", rate: 0.2)]
        input.areaLeaverMultipliers = [.init(area: "B", multiplier: 1.5)]
        input.leaverMultiplierPath = [.init(year: 2030, factor: 2), .init(year: 2024, factor: 1)]
        let result = try Fixture.run(input)
        // Year 2025: k(2025) = 1 + (2 − 1) × 1/6.
        let k = 1 + 1.0 / 6
        #expect(close(result.value(.leavers, "A", "cw", 2025), 10 * 0.1 * k + 30 * 0.2 * k))
        #expect(close(result.value(.leavers, "B", "cw", 2025), 20 * 0.15 * k + 20 * 0.3 * k))
        #expect(close(result.value(.leavers, "R", "cw", 2025), 10 * 0.1 * k + 30 * 0.2 * k + 20 * 0.15 * k + 20 * 0.3 * k))

        // A rate that the multiplier and path push above 1 is capped: everyone leaves.
        input.leaverRates = [.init(role: "cw", ageBand: "young", rate: 0.9), .init(role: "cw", ageBand: "old", rate: 0.9)]
        input.areaLeaverMultipliers = [.init(area: "B", multiplier: 1.2)]
        let capped = try Fixture.run(input)
        #expect(capped.value(.leavers, "B", "cw", 2025) == 40)
        #expect(capped.value(.fte, "B", "cw", 2025) == 0)
    }

    @Test("Progression: every flow is computed from the state after ageing before any is applied")
    func progression() throws {
        var input = Fixture.basic()
        input.roles = [
            .init(id: "a", name: "A", demand: .caseload),
            .init(id: "b", name: "B", demand: .caseload),
            .init(id: "c", name: "C", demand: .caseload),
        ]
        input.ageBands = [.init(id: "all", width: nil)]
        input.stock = [.init(area: "A", role: "a", ageBand: "all", fte: 100), .init(area: "A", role: "b", ageBand: "all", fte: 50)]
        input.leaverRates = ["a", "b", "c"].map { .init(role: RoleID($0), ageBand: "all", rate: 0) }
        input.progression = [.init(from: "a", to: "b", rate: 0.1), .init(from: "b", to: "c", rate: 0.2)]
        let result = try Fixture.run(input)
        // b → c uses b before a's 10 arrive: 50 × 0.2 = 10, not 60 × 0.2.
        #expect(close(result.value(.fte, "A", "a", 2025), 90))
        #expect(close(result.value(.fte, "A", "b", 2025), 50 - 10 + 10))
        #expect(close(result.value(.fte, "A", "c", 2025), 10))
        // Progression is neither leavers nor entrants.
        #expect(result.value(.leavers, "A", "b", 2025) == 0)
        #expect(result.value(.entrants, "A", "c", 2025) == 0)
    }

    @Test("Pipeline entrants: N(y) = intake(y − d) × c × e × fteRatio, step-function intake, default area shares")
    func pipeline() throws {
        var input = Fixture.basic(horizon: 6)
        input.pipelines = [.init(
            id: "degree", role: "cw", duration: 2, completion: 0.5, entry: 0.8,
            intake: [.init(year: 2025, value: 200), .init(year: 2020, value: 100)],
            ageDistribution: [.init("young", 1)])]
        let result = try Fixture.run(input)
        // y = 2025: intake(2023) = 100 (latest point at or before 2023 is 2020); y = 2027: intake(2025) = 200.
        let share = 40.0 / 80  // A's share of the role's national FTE at T0 (A 40, B 40)
        #expect(close(result.value(.entrants, "A", "cw", 2025), 100 * 0.5 * 0.8 * 0.8 * share))
        #expect(close(result.value(.entrants, "A", "cw", 2026), 100 * 0.5 * 0.8 * 0.8 * share))
        #expect(close(result.value(.entrants, "A", "cw", 2027), 200 * 0.5 * 0.8 * 0.8 * share))
        #expect(close(result.value(.entrants, "R", "cw", 2027), 200 * 0.5 * 0.8 * 0.8))

        // Before every point: the earliest point's value.
        input.pipelines[0].intake = [.init(year: 2030, value: 50)]
        let early = try Fixture.run(input)
        #expect(close(early.value(.entrants, "R", "cw", 2025), 50 * 0.5 * 0.8 * 0.8))
    }

    @Test("Joiners: N(y) = base × (1 + growth)^(y − T0), split by explicit area shares and age distribution")
    func joiners() throws {
        var input = Fixture.basic()
        input.joiners = [.init(
            source: "international", role: "cw", base: 10, growth: -0.1,
            ageDistribution: [.init("young", 0.25), .init("old", 0.75)], areaShare: [.init("B", 1)])]
        let result = try Fixture.run(input)
        #expect(close(result.value(.entrants, "B", "cw", 2025), 10 * 0.9 * 0.8))
        #expect(close(result.value(.entrants, "B", "cw", 2027), 10 * 0.9 * 0.9 * 0.9 * 0.8))
        #expect(result.value(.entrants, "A", "cw", 2027) == 0)
    }

    @Test("Default area shares fall back to equal shares when the role has no FTE anywhere")
    func equalShares() throws {
        var input = Fixture.basic()
        input.roles.append(.init(id: "new", name: "New role", demand: .caseload))
        input.leaverRates += [.init(role: "new", ageBand: "young", rate: 0), .init(role: "new", ageBand: "old", rate: 0)]
        input.joiners = [.init(source: "s", role: "new", base: 8, ageDistribution: [.init("old", 1)])]
        let result = try Fixture.run(input)
        #expect(close(result.value(.fte, "A", "new", 2025), 4))
        #expect(close(result.value(.fte, "B", "new", 2025), 4))
    }
}
