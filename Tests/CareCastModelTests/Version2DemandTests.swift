import CareCastModel
import Testing

/// Model v2's demand keys (docs/MODEL.md): a leaf's own caseload standard, and a national
/// population index for the OBR-consistent requirement.
@Suite("Model version 2: local caseload standards and the national population index")
struct Version2DemandTests {
    /// Fixture.basic (A: 40 FTE, B: 40 FTE, 100 children in need each, no vacancies) as v2, with
    /// two age groups whose populations grow differently in A and B.
    static func input() -> ModelInput {
        var input = Fixture.basic(horizon: 2)
        input.specVersion = 2
        input.population = Fixture.population(areas: ["A", "B"], groups: ["young", "old"], horizon: 2) { area, group, t in
            // A's young grow 10% a year, its old stay; B's shrink 10% a year, both groups.
            switch (area.rawValue, group.rawValue) {
            case ("A", "young"): return 300 * [1, 1.1, 1.21][t]
            case ("A", _): return 700
            default: return 500 * [1, 0.9, 0.81][t]
            }
        }
        input.activities = [.init(id: "cin", ageMix: [.init("young", 0.5), .init("old", 0.5)], baseCounts: [.init(area: "A", count: 100), .init(area: "B", count: 100)])]
        input.demand.obr = .init(costWeights: [.init("young", 1), .init("old", 3)], nonDemographicGrowth: 0)
        return input
    }

    @Test("A listed leaf uses its own standard; the others keep the rule's (the calibrated fallback over all leaves)")
    func areaStandards() throws {
        var input = Self.input()
        input.demand.areaCaseloadStandards = [.init(area: "A", standard: 4)]
        let result = try Fixture.run(input)
        // A: 100 cases / 4 = 25 FTE required at T0 (its calibrated standard would give 40).
        #expect(close(result.value(.required, "A", "cw", 2024), 25))
        // B keeps its calibrated standard: required is its establishment, 40.
        #expect(close(result.value(.required, "B", "cw", 2024), 40))
        // Later years: A's workload grows with its children (half young +10%, half old flat).
        let grown: Double = 100 * (0.5 * 1.1 + 0.5) / 4
        #expect(close(result.value(.required, "A", "cw", 2025), grown))
        // The same input without the key gives v1's figures.
        let plain = try Fixture.run(Self.input())
        #expect(close(plain.value(.required, "A", "cw", 2024), 40))
    }

    @Test("The national index replaces each leaf's own projection in D, weighted by its base-year children")
    func populationIndex() throws {
        var input = Self.input()
        let own = try Fixture.run(input)
        // Own projection: A's D(2025) = (330×1 + 700×3) / (300 + 2100) = 2430 / 2400.
        let ownD: Double = 40.0 * 2430 / 2400
        #expect(close(own.value(.requiredObr, "A", "cw", 2025), ownD))
        input.demand.obr!.populationIndex = (0...2).flatMap { t in
            [ModelInput.PopulationIndexRow(ageGroup: "young", year: 2024 + t, index: 1000 * [1, 1.2, 1.44][t]),
             .init(ageGroup: "old", year: 2024 + t, index: 50 * [1, 1.0, 0.5][t])]
        }
        let indexed = try Fixture.run(input)
        // A: (300×1×1.2 + 700×3×1.0) / 2400; B: (500×1.2 + 500×3×1.0) / 2000, in 2025.
        let a2025: Double = 40.0 * (360 + 2100) / 2400
        let b2025: Double = 40.0 * (600 + 1500) / 2000
        #expect(close(indexed.value(.requiredObr, "A", "cw", 2025), a2025))
        #expect(close(indexed.value(.requiredObr, "B", "cw", 2025), b2025))
        // 2026: old's index halves.
        let young2026: Double = 300 * 1.44
        let old2026: Double = 700 * 3 * 0.5
        let a2026: Double = 40 * (young2026 + old2026) / 2400
        #expect(close(indexed.value(.requiredObr, "A", "cw", 2026), a2026))
        // The need-based requirement is untouched.
        #expect(close(indexed.value(.required, "A", "cw", 2026), own.value(.required, "A", "cw", 2026)))
    }

    @Test("Bad v2 demand input is refused with every problem named by its path")
    func badInput() throws {
        var v1 = Self.input()
        v1.specVersion = 1
        v1.demand.areaCaseloadStandards = [.init(area: "A", standard: 4)]
        v1.demand.obr!.populationIndex = [.init(ageGroup: "young", year: 2024, index: 1)]
        let v1Issues = v1.validate().map(\.path.description)
        #expect(v1Issues.contains("demand.areaCaseloadStandards") && v1Issues.contains("demand.obr.populationIndex"))

        var input = Self.input()
        input.demand.areaCaseloadStandards = [.init(area: "R", standard: 4), .init(area: "A", standard: 0), .init(area: "A", standard: 5)]
        input.demand.obr!.populationIndex = [
            .init(ageGroup: "young", year: 2024, index: 1), .init(ageGroup: "young", year: 2025, index: -1),
            .init(ageGroup: "young", year: 2025, index: 2), .init(ageGroup: "teen", year: 2024, index: 1),
        ]
        let issues = input.validate()
        let text = issues.map(\.description)
        #expect(text.contains { $0.hasPrefix("demand.areaCaseloadStandards[0].area") })
        #expect(text.contains { $0.hasPrefix("demand.areaCaseloadStandards[1].standard") })
        #expect(text.contains { $0.hasPrefix("demand.areaCaseloadStandards[2].area") && $0.contains("repeated") })
        #expect(text.contains { $0.hasPrefix("demand.obr.populationIndex[1].index") })
        #expect(text.contains { $0.hasPrefix("demand.obr.populationIndex[2].year") && $0.contains("repeated") })
        #expect(text.contains { $0.hasPrefix("demand.obr.populationIndex[3].ageGroup") })
        // Young lacks 2026; old (weight 3) has no row at all.
        #expect(text.contains { $0.hasPrefix("demand.obr.populationIndex:") && $0.contains("\"young\"") && $0.contains("2026") })
        #expect(text.contains { $0.hasPrefix("demand.obr.populationIndex:") && $0.contains("\"old\"") })
    }
}
