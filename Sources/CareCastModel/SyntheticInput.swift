/// Generated inputs of realistic shape for benchmarks and tests. The numbers are random, not
/// published figures: nothing made here may be presented as describing England.
public enum SyntheticInput {
    /// An input the size of England's children's social care: 153 local authorities in 9
    /// regions under one national root, 6 roles (two caseload roles, a chain of three ratio
    /// roles and a per-activity role), 5 age bands, 4 activities, 2 pipelines, 2 joiner sources,
    /// 4 children's age groups and a 20-year horizon, with the OBR variant on.
    public static func englandSized(seed: UInt64 = 1, localAuthorities: Int = 153, regions: Int = 9, horizon: Int = 20) -> ModelInput {
        var rng = SplitMix64(seed: seed)
        let baseYear = 2024
        var areas = [ModelInput.Area(code: "N0", name: "Nation", parent: nil, level: "national")]
        for r in 0..<regions {
            areas.append(.init(code: AreaCode("R\(r)"), name: "Region \(r)", parent: "N0", level: "region"))
        }
        var leaves: [AreaCode] = []
        for i in 0..<localAuthorities {
            let code = AreaCode("LA\(i)")
            leaves.append(code)
            areas.append(.init(code: code, name: "Authority \(i)", parent: AreaCode("R\(i % regions)"), level: "local_authority"))
        }
        let roles: [ModelInput.Role] = [
            .init(id: "case_holder", name: "Case holder", fteRatio: 0.93, demand: .caseload),
            .init(id: "senior_practitioner", name: "Senior practitioner", fteRatio: 0.95, demand: .caseload),
            .init(id: "first_line_manager", name: "First line manager", fteRatio: 0.97, demand: .ratio(of: "case_holder")),
            .init(id: "middle_manager", name: "Middle manager", fteRatio: 0.98, demand: .ratio(of: "first_line_manager")),
            .init(id: "senior_manager", name: "Senior manager", fteRatio: 0.99, demand: .ratio(of: "middle_manager")),
            .init(id: "residential_worker", name: "Residential worker", fteRatio: 0.85, demand: .perActivity(activity: "residential", staffPerUnit: 2.4)),
        ]
        let bands: [ModelInput.AgeBand] = [
            .init(id: "under30", width: 8), .init(id: "30-39", width: 10), .init(id: "40-49", width: 10),
            .init(id: "50-59", width: 10), .init(id: "60+", width: nil),
        ]
        let scale: [Double] = [90, 30, 15, 6, 2, 60]
        var stock: [ModelInput.StockRow] = []
        var vacancies: [ModelInput.VacancyRow] = []
        for leaf in leaves {
            let size = rng.uniform(0.3, 3)
            for (r, role) in roles.enumerated() {
                for band in bands {
                    stock.append(.init(area: leaf, role: role.id, ageBand: band.id, fte: scale[r] * size * rng.uniform(0.1, 0.3)))
                }
                vacancies.append(.init(area: leaf, role: role.id, fte: scale[r] * size * rng.uniform(0, 0.25)))
            }
        }
        var leaverRates: [ModelInput.LeaverRate] = []
        for role in roles {
            for (b, band) in bands.enumerated() {
                leaverRates.append(.init(role: role.id, ageBand: band.id, rate: (b == 4 ? 0.3 : 0.1) + rng.uniform(0, 0.08)))
            }
        }
        let multipliers = leaves.map { ModelInput.AreaMultiplier(area: $0, multiplier: rng.uniform(0.8, 1.2)) }
        let groups: [AgeGroup] = ["0-4", "5-9", "10-15", "16-17"]
        var population: [ModelInput.PopulationRow] = []
        for leaf in leaves {
            for group in groups {
                var persons = rng.uniform(5_000, 60_000)
                let drift = rng.uniform(-0.01, 0.01)
                for t in 0...horizon {
                    population.append(.init(area: leaf, ageGroup: group, year: baseYear + t, persons: persons))
                    persons *= 1 + drift
                }
            }
        }
        let mix: [ModelInput.Share<AgeGroup>] = [.init("0-4", 0.2), .init("5-9", 0.22), .init("10-15", 0.4), .init("16-17", 0.18)]
        func counts(_ low: Double, _ high: Double) -> [ModelInput.BaseCount] {
            leaves.map { ModelInput.BaseCount(area: $0, count: rng.uniform(low, high).rounded()) }
        }
        let activities: [ModelInput.Activity] = [
            .init(id: "cin_other", weight: 1, trend: 0.005, ageMix: mix, baseCounts: counts(500, 4_000)),
            .init(id: "child_protection", weight: 1.6, trend: 0, ageMix: mix, baseCounts: counts(100, 700)),
            .init(id: "looked_after", weight: 1.3, trend: 0.015, ageMix: mix, baseCounts: counts(150, 1_200)),
            .init(id: "residential", weight: 0, trend: 0.01, ageMix: mix, baseCounts: counts(10, 120)),
        ]
        let youngBands: [ModelInput.Share<AgeBandID>] = [.init("under30", 0.7), .init("30-39", 0.2), .init("40-49", 0.1)]
        return ModelInput(
            baseYear: baseYear, horizon: horizon, areas: areas, roles: roles, ageBands: bands,
            stock: stock, vacancies: vacancies, leaverRates: leaverRates, areaLeaverMultipliers: multipliers,
            leaverMultiplierPath: [.init(year: baseYear, factor: 1), .init(year: baseYear + 5, factor: 0.97)],
            progression: [
                .init(from: "case_holder", to: "senior_practitioner", rate: 0.06),
                .init(from: "senior_practitioner", to: "first_line_manager", rate: 0.03),
                .init(from: "first_line_manager", to: "middle_manager", rate: 0.02),
            ],
            pipelines: [
                .init(id: "degree", role: "case_holder", duration: 3, completion: 0.82, entry: 0.55,
                      intake: [.init(year: 2021, value: 5_000), .init(year: 2024, value: 5_400)], ageDistribution: youngBands),
                .init(id: "fast_track", role: "case_holder", duration: 1, completion: 0.9, entry: 0.85,
                      intake: [.init(year: 2023, value: 900)], ageDistribution: [.init("under30", 0.85), .init("30-39", 0.15)]),
            ],
            joiners: [
                .init(source: "international", role: "case_holder", base: 600, growth: 0.02, ageDistribution: [.init("30-39", 0.6), .init("40-49", 0.4)]),
                .init(source: "returners", role: "residential_worker", base: 2_000, growth: 0, ageDistribution: [.init("30-39", 0.3), .init("40-49", 0.4), .init("50-59", 0.3)]),
            ],
            population: population, activities: activities,
            policies: [.init(activity: "looked_after", path: [.init(year: baseYear, factor: 1), .init(year: baseYear + 10, factor: 0.8)])],
            demand: .init(
                caseloadStandard: .calibrated, productivityGrowth: 0.005,
                obr: .init(costWeights: [.init("0-4", 0.8), .init("5-9", 0.9), .init("10-15", 1.2), .init("16-17", 1.4)], nonDemographicGrowth: 0.011)))
    }
}
