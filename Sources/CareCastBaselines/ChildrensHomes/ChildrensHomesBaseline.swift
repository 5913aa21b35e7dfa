import CareCastFormats
import CareCastModel
import CareCastReturns
import Foundation

/// Children's homes: staff by role where the homes are (derived from places and the census's
/// staff per place, or from the homes' own returns), turnover, promotion to manager and joiners
/// that continue the growth of places; need from the children living in the area's homes
/// (`docs/MODEL.md`, other workforces).
extension PlacementsBaseline {
    static func childrensHomesInput(
        _ bundle: EnglandBundle, assumptions: AssumptionSet, social: ModelInput, evidence: PlacementsEvidence, reporting: ReportingUnits,
        lookedAfter: ModelInput.Activity, needPath: [ModelInput.PathPoint], figures: inout Figures, notes: inout [String]
    ) throws(DataFileError) -> ModelInput {
        let t0 = social.baseYear, last = bundle.baseYear
        let leaves = evidence.units.map { AreaCode($0.code) }
        let all = [ModelInput.Share(band, 1.0)]
        let workforce = try bundle.placementsTable(PlacementsFiles.homesWorkforce, through: last, PlacementsFiles.readHomesWorkforce)
        // The latest figure published by the base year, in the first series that has one; only
        // where none has (a back-test before the first census), the earliest figure, with a note.
        func latest(_ measures: String...) -> (year: Int, value: Double)? {
            let series = measures.map { m in workforce.rows.filter { workforce.field($0, "measure") == m && $0.value.number != nil } }
            for rows in series {
                if let row = rows.filter({ $0.year <= t0 }).max(by: { $0.year < $1.year }) { return (row.year, row.value.number!) }
            }
            for (i, rows) in series.enumerated() {
                if let row = rows.min(by: { $0.year < $1.year }) {
                    notes.append("\(measures[i]): no figure by \(t0); the earliest, \(row.year), is used (a back-test only)")
                    return (row.year, row.value.number!)
                }
            }
            return nil
        }
        // Turnover: the census's (2024); before it, Ofsted's share of permanent care staff who left (2020-21).
        guard let census = latest("staff_headcount_estimate"), let turnover = latest("staff_turnover_rate", "permanent_care_staff_leavers_pct"),
              let vacancy = latest("registered_manager_vacancy_rate") else {
            throw .badData(file: workforce.file, [DataProblem(line: 1, column: 0, field: "measure", message: "needs staff_headcount_estimate, staff_turnover_rate (or permanent_care_staff_leavers_pct) and registered_manager_vacancy_rate")])
        }
        let scope = try assumptions.list("homes_staff_scope")
        let provisions = PlacementsFiles.HomeProvision.allCases
        let inScope = provisions.indices.filter { scope.contains(provisions[$0].rawValue) }
        guard !inScope.isEmpty else { throw assumptions.fail("homes_staff_scope", "names no Ofsted provision type") }
        let national = try PlacementsEvidence.nationalProvidersPlaces(bundle, through: last)
        func nationalScope(_ year: Int, _ measure: String) -> Double { inScope.reduce(0.0) { $0 + (national[[String(year), provisions[$1].rawValue, measure]] ?? 0) } }
        let scopePlacesCensus = nationalScope(census.year, "registered_places")
        guard scopePlacesCensus > 0 else { throw assumptions.fail("homes_staff_scope", "no places in scope for \(census.year)") }
        let staffPerPlace = census.value / scopePlacesCensus * (try assumptions.number("homes_staff_ratio_factor"))
        let otherShare = try assumptions.number("homes_other_staff_share")
        let vacancyRate = vacancy.value / 100
        figures.staffYear = census.year
        figures.staffCensus = census.value
        figures.scopePlaces = scopePlacesCensus
        figures.staffPerPlace = staffPerPlace
        figures.managerVacancyRate = vacancyRate

        let placesInScope = evidence.places.reduce(0.0) { total, unit in total + inScope.reduce(0.0) { $0 + unit[$1] } }
        guard placesInScope > 0 else {
            throw .badData(file: bundle.path(PlacementsFiles.childrensHomes), [DataProblem(line: 1, column: 0, field: "places", message: "no children's homes places by authority for \(t0) (Ofsted's 2015 list has none): staff cannot be derived")])
        }
        var staffStock: [ModelInput.StockRow] = [], vacancies: [ModelInput.VacancyRow] = []
        var managers = 0.0, care = 0.0, other = 0.0, homesTotal = 0.0
        for (u, leaf) in leaves.enumerated() {
            let places = inScope.reduce(0.0) { $0 + evidence.places[u][$1] }
            let homes = inScope.reduce(0.0) { $0 + evidence.homes[u][$1] }
            let staff = places * staffPerPlace
            let manager = min(staff, homes * (1 - vacancyRate))
            let otherStaff = staff * otherShare
            let careStaff = max(0, staff - manager - otherStaff)
            managers += manager; care += careStaff; other += otherStaff; homesTotal += homes
            staffStock += [
                .init(area: leaf, role: managerRole, ageBand: band, fte: manager),
                .init(area: leaf, role: careRole, ageBand: band, fte: careStaff),
                .init(area: leaf, role: otherRole, ageBand: band, fte: otherStaff),
            ]
            if homes > 0 { vacancies.append(.init(area: leaf, role: managerRole, fte: homes * vacancyRate)) }
        }
        figures.homes = homesTotal
        figures.managers = managers
        figures.careStaff = care
        figures.otherStaff = other

        // Flows: turnover, managers' leavers, and growth of capacity (homes and places).
        let leaver = min(1, turnover.value / 100 * (try assumptions.number("homes_turnover_factor")))
        let managerLeaver = try assumptions.number("homes_manager_leaver_rate")
        let window = Int(try assumptions.number("homes_capacity_growth_years"))
        let capacityYears = Array(max(2012, t0 - window)...t0)
        let placesGrowth = exp(PlacementShareTrend.slope(capacityYears, capacityYears.map { nationalScope($0, "registered_places") })) - 1
        let homesGrowth = exp(PlacementShareTrend.slope(capacityYears, capacityYears.map { nationalScope($0, "providers") })) - 1
        // Promotion into management: enough to replace managers who leave and to grow with the
        // places of recent years (as care staff do), out of care staff after their own leavers.
        // Homes have grown faster than places as new homes are smaller; the requirement holds
        // today's homes per child, so supply is held to the same measure.
        let progression = care > 0 ? min(1, managers * (placesGrowth + managerLeaver) / (care * (1 - leaver))) : 0
        // Joiners: the first projected year continues the recent growth of places. The engine's
        // joiners in year T0 + 1 are base × (1 + growth), so the base is that year's number over
        // (1 + growth).
        let joinersGrowth = try assumptions.number("homes_joiners_growth")
        let careJoiners = care * ((1 + placesGrowth) - (1 - leaver) * (1 - progression)) / (1 + joinersGrowth)
        let otherJoiners = other * ((1 + placesGrowth) - (1 - leaver)) / (1 + joinersGrowth)
        figures.turnover = leaver
        figures.managerLeaverRate = managerLeaver
        figures.placesGrowth = placesGrowth
        figures.homesGrowth = homesGrowth
        figures.progressionRate = progression
        figures.careJoiners = careJoiners
        figures.otherJoiners = otherJoiners

        // Need: children living in children's homes in each unit.
        let living = evidence.childrenLivingIn.reduce(0, +)
        figures.childrenLivingIn = living
        guard living > 0 else {
            throw .badData(file: bundle.path(PlacementsFiles.outOfArea), [DataProblem(line: 1, column: 0, field: "value", message: "no children in children's homes in \(t0)")])
        }
        let homesActivityInput = ModelInput.Activity(
            id: homesActivity, weight: 1, trend: lookedAfter.trend, ageMix: lookedAfter.ageMix,
            baseCounts: leaves.indices.map { .init(area: leaves[$0], count: evidence.childrenLivingIn[$0]) })
        var pipelines: [ModelInput.Pipeline] = []
        pipelines.append(ModelInput.Pipeline(
            id: leadershipPipeline, role: managerRole, duration: Int(try assumptions.number("homes_leadership_duration")),
            completion: try assumptions.number("homes_leadership_completion"), entry: try assumptions.number("homes_leadership_entry"),
            // No intake in the base year: the first cohort starts in T0 + 1.
            intake: [.init(year: t0, value: 0), .init(year: t0 + 1, value: try assumptions.number("homes_leadership_intake"))], ageDistribution: all))
        var registrationPath: [ModelInput.PathPoint] = []
        let registration = Int(try assumptions.number("homes_registration_year"))
        if registration > t0 {
            let spike = 1 + (try assumptions.number("homes_registration_extra_leavers")) / max(leaver, 1e-9)
            let effect = try assumptions.number("homes_registration_turnover_effect")
            registrationPath = [.init(year: registration - 1, factor: 1), .init(year: registration, factor: spike), .init(year: registration + 1, factor: 1), .init(year: registration + 2, factor: effect)]
        }
        var homesInput = ModelInput(
            baseYear: t0, horizon: social.horizon, areas: social.areas,
            roles: [
                .init(id: managerRole, name: "Registered managers", demand: .perActivity(activity: homesActivity, staffPerUnit: homesTotal / living)),
                .init(id: careRole, name: "Care staff (residential care workers, seniors, deputies, night staff)", demand: .perActivity(activity: homesActivity, staffPerUnit: care / living)),
                .init(id: otherRole, name: "Other staff (domestic, catering, administration)", demand: .perActivity(activity: homesActivity, staffPerUnit: other / living)),
            ],
            ageBands: [.init(id: band, width: nil)], stock: staffStock, vacancies: vacancies,
            leaverRates: [.init(role: managerRole, ageBand: band, rate: managerLeaver), .init(role: careRole, ageBand: band, rate: leaver), .init(role: otherRole, ageBand: band, rate: leaver)],
            leaverMultiplierPath: registrationPath,
            progression: [.init(from: careRole, to: managerRole, rate: progression)],
            pipelines: pipelines,
            joiners: [
                .init(source: "care staff joining", role: careRole, base: careJoiners, growth: joinersGrowth, ageDistribution: all),
                .init(source: "other staff joining", role: otherRole, base: otherJoiners, growth: joinersGrowth, ageDistribution: all),
            ],
            population: social.population, activities: [homesActivityInput],
            policies: [.init(activity: homesActivity, path: needPath)],
            demand: .init(caseloadStandard: .calibrated))
        // Homes' own staffing returns, where the data folder has accepted ones for the base year
        // (`returns/homes/*.csv`, as `carecast-server export` writes them), replace the derived staff.
        let returned = try PlacementsReturns.load(directory: bundle.directory, year: t0)
        if !returned.isEmpty {
            let applied = PlacementsReturns.input(homesInput, totals: returned, reporting: reporting)
            homesInput = applied.input
            notes.append("Children's homes staffing returns for \(t0) replace the derived registered managers and care staff of \(applied.replaced.count) reporting units (returns/homes/).")
        }
        notes.append("Children's homes staff by authority are derived, not published: each authority's places (Ofsted, scaled to England's) times England's staff per place (the \(census.year) census's \(describeValue(census.value)) staff over \(describeValue(scopePlacesCensus)) places in \(scope.joined(separator: ", ")): \(String(format: "%.2f", staffPerPlace)) with the ratio factor); registered managers are one per home less the vacancy rate (\(describeValue(vacancy.value))%, \(vacancy.year)); the census counts people, so the model's FTE are heads.")
        return homesInput
    }
}
