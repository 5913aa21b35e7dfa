import CareCastModel

/// Small inputs whose results can be worked out by hand.
enum Fixture {
    static let baseYear = 2024

    /// One region `R` over leaves `A` and `B`; one caseload role `cw`; bands `young` (width 2)
    /// and `old` (open); flat population; one activity `cin` of 100 children in each leaf.
    static func basic(horizon: Int = 5) -> ModelInput {
        ModelInput(
            baseYear: baseYear, horizon: horizon,
            areas: [
                .init(code: "R", name: "Region", parent: nil, level: "region"),
                .init(code: "A", name: "Authority A", parent: "R", level: "local_authority"),
                .init(code: "B", name: "Authority B", parent: "R", level: "local_authority"),
            ],
            roles: [.init(id: "cw", name: "Case worker", fteRatio: 0.8, demand: .caseload)],
            ageBands: [.init(id: "young", width: 2), .init(id: "old", width: nil)],
            stock: [
                .init(area: "A", role: "cw", ageBand: "young", fte: 10),
                .init(area: "A", role: "cw", ageBand: "old", fte: 30),
                .init(area: "B", role: "cw", ageBand: "young", fte: 20),
                .init(area: "B", role: "cw", ageBand: "old", fte: 20),
            ],
            leaverRates: [
                .init(role: "cw", ageBand: "young", rate: 0),
                .init(role: "cw", ageBand: "old", rate: 0),
            ],
            population: population(areas: ["A", "B"], groups: ["0-17"], horizon: horizon) { _, _, _ in 1_000 },
            activities: [.init(id: "cin", ageMix: [.init("0-17", 1)], baseCounts: [.init(area: "A", count: 100), .init(area: "B", count: 100)])],
            demand: .init(caseloadStandard: .calibrated))
    }

    static func population(
        areas: [AreaCode], groups: [AgeGroup], horizon: Int, persons: (AreaCode, AgeGroup, Int) -> Double
    ) -> [ModelInput.PopulationRow] {
        var rows: [ModelInput.PopulationRow] = []
        for area in areas {
            for group in groups {
                for t in 0...horizon {
                    rows.append(.init(area: area, ageGroup: group, year: baseYear + t, persons: persons(area, group, t)))
                }
            }
        }
        return rows
    }

    static func run(_ input: ModelInput) throws -> ProjectionResult {
        try Projection(input).run()
    }
}

extension ProjectionResult {
    /// A figure by codes, for readable tests.
    func value(_ metric: Metric, _ area: AreaCode, _ role: RoleID, _ year: Int) -> Double {
        value(metric, area: areaIndex(area)!, role: roleIndex(role)!, yearIndex: yearIndex(year)!)
    }

    func row(_ area: AreaCode, _ role: RoleID, _ year: Int) -> Row {
        row(area: areaIndex(area)!, role: roleIndex(role)!, yearIndex: yearIndex(year)!)
    }
}

/// |a − b| ≤ 1e-9 · max(|a|, |b|, 1): MODEL.md's agreement.
func close(_ a: Double, _ b: Double, tolerance: Double = 1e-9) -> Bool {
    abs(a - b) <= tolerance * max(abs(a), abs(b), 1)
}
