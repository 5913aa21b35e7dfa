import CareCastFormats
import CareCastModel
import CareCastReturns
import Foundation

extension EnglandBaseline {
    /// The child population of every unit, age group and year, and the base-year weights used
    /// to split abolished areas between their successors.
    struct PopulationTable {
        var rows: [ModelInput.PopulationRow] = []
        /// Persons aged 0–17 at mid-2022 by current LA code (the split weights).
        var childrenByLA: [String: Double] = [:]
        /// Base-year persons by group, England.
        var baseYearByGroup: [Double] = []
        /// England's persons by single year of age 0–17 at mid-2022 (empty in a back-test).
        var byAge2022: [Double] = []
    }

    /// `"0-4"` → 0…4; `"15-17"` → 15…17.
    static func ages(_ group: String) -> ClosedRange<Int>? {
        let parts = group.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, parts[0] <= parts[1] else { return nil }
        return parts[0]...parts[1]
    }

    /// England's 2022-based national principal projection: persons of each single age in each
    /// year over persons of that age at mid-2022, `[age][year index]`.
    static func nationalGrowth(_ bundle: EnglandBundle, ages: Range<Int>, years: ClosedRange<Int>) throws(DataFileError) -> [[Double]] {
        let npp = try bundle.lookup("tidy/population_projections_npp2022_england_age0_17.csv", columns: ["year", "age_group", "sex", "value"], keys: ["year", "age_group", "sex"])
        func persons(_ year: Int, _ age: Int) throws(DataFileError) -> Double {
            try npp.number([String(year), String(age), "male"]) + npp.number([String(year), String(age), "female"])
        }
        var out: [[Double]] = []
        for age in ages {
            let start = try persons(2022, age)
            var row: [Double] = []
            for y in years { row.append(try persons(y, age) / start) }
            out.append(row)
        }
        return out
    }

    /// Each unit's mid-2022 population by single year, carried forward by its region's
    /// projection for the band the group falls in (or England's principal projection), and
    /// scaled so that the base year matches the published mid-year estimate.
    static func population(
        _ bundle: EnglandBundle, reporting: ReportingUnits, groups: [String], years: ClosedRange<Int>, method: String, notes: inout Notes
    ) throws(DataFileError) -> PopulationTable {
        let groupAges = groups.map { ages($0) }
        guard groupAges.allSatisfy({ $0 != nil }) else {
            throw .badData(file: "assumptions", [DataProblem(line: 1, column: 0, field: "age_groups", message: "each group is written like 0-4")])
        }
        var table = PopulationTable()
        let unitCount = reporting.units.count
        let ageCount = 18
        // Mid-2022 single years of age by LA (2023 codes), by unit.
        let singleYear = try bundle.tidy("tidy/population_single_year_age_0_17.csv", columns: ["year", "geography_code", "ons_geography_type", "sex", "age", "value"])
        var base = Array(repeating: [Double](repeating: 0, count: ageCount), count: unitCount)
        let laTypes: Set<String> = ["Unitary Authority", "Metropolitan District", "London Borough", "County"]
        let typeColumn = singleYear.column("ons_geography_type")!, codeColumn = singleYear.column("geography_code")!
        let ageColumn = singleYear.column("age")!, valueColumn = singleYear.column("value")!
        for row in singleYear.select(["year": "2022", "sex": "persons"]) where laTypes.contains(row.fields[typeColumn]) {
            let code = row.fields[codeColumn]
            guard let age = Int(row.fields[ageColumn]), let persons = Double(row.fields[valueColumn]), (0..<ageCount).contains(age) else {
                throw .badData(file: singleYear.file, [DataProblem(line: row.line, column: ageColumn + 1, field: "age", message: "expected a whole age 0 to 17 and a number of persons")])
            }
            table.childrenByLA[code, default: 0] += persons
            guard let u = reporting.unit(ofMember: code) else { continue }
            base[u][age] += persons
            if table.byAge2022.isEmpty { table.byAge2022 = Array(repeating: 0, count: ageCount) }
            table.byAge2022[age] += persons
        }
        let missing = reporting.units.indices.filter { base[$0].reduce(0, +) == 0 }
        guard missing.isEmpty else {
            throw .badData(file: singleYear.file, [DataProblem(line: 1, column: 0, field: "geography_code", message: "no mid-2022 population for \(missing.map { reporting.units[$0].name }.joined(separator: ", "))")])
        }
        let groupOfAge = (0..<ageCount).map { age in groupAges.firstIndex { $0!.contains(age) } }

        // Growth factors by region (or England), single year of age and year, relative to 2022.
        var growth: [String: [[Double]]] = [:]  // area → [age][year index]
        let yearList = Array(years)
        switch method {
        case "snpp":
            // Each age grows with its region's five-year band.
            let snpp = try bundle.lookup("tidy/population_projections_snpp2022_regions_5yr.csv", columns: ["year", "geography_code", "age_group", "sex", "value"], keys: ["year", "geography_code", "age_group", "sex"])
            for region in England.regions {
                var bandFactors: [Int: [Double]] = [:]
                for lower in stride(from: 0, to: ageCount, by: 5) {
                    let band = "\(lower)-\(lower + 4)"
                    let start = try snpp.number(["2022", region.code, band, "persons"])
                    var row: [Double] = []
                    for y in yearList { row.append(try snpp.number([String(y), region.code, band, "persons"]) / start) }
                    bandFactors[lower] = row
                }
                growth[region.code] = (0..<ageCount).map { bandFactors[$0 / 5 * 5]! }
            }
            notes.populationMethod = "Each unit's mid-2022 population by single year of age (ONS), each age carried forward by its region's ONS 2022-based subnational projection (migration category variant) for the five-year band it falls in, grouped, and scaled so that the base year equals the published mid-\(years.lowerBound) estimate of children aged 0 to 17."
        case "npp":
            let factors = try nationalGrowth(bundle, ages: 0..<ageCount, years: years)
            for region in England.regions { growth[region.code] = factors }
            notes.populationMethod = "Each unit's mid-2022 population by single year of age (ONS), each age carried forward by England's ONS 2022-based national principal projection for the same age, grouped, and scaled so that the base year equals the published mid-\(years.lowerBound) estimate of children aged 0 to 17."
        default:
            throw .badData(file: "assumptions", [DataProblem(line: 1, column: 0, field: "population_projection", message: "expected snpp or npp, got \"\(method)\"")])
        }
        // P[u,g,t] before scaling: Σ_age∈g base × factor.
        func projected(_ u: Int, _ g: Int, _ t: Int) -> Double {
            let factors = growth[reporting.units[u].regionCode]!
            var total = 0.0
            for age in 0..<ageCount where groupOfAge[age] == g { total += base[u][age] * factors[age][t] }
            return total
        }

        // The published mid-year estimate of the base year, by unit.
        let estimates = try bundle.ees("published/ons_mid_year_population_0_17.csv", filters: ["age_group"], measures: ["population_estimate"])
        var estimate = [Double](repeating: 0, count: unitCount)
        for row in estimates.rows where row.year == years.lowerBound && row.level == .localAuthority {
            guard let n = row.value("population_estimate").number else { continue }
            guard let destinations = reporting.destinations(of: row.newLACode, weight: { table.childrenByLA[$0] }) else {
                throw .badData(file: estimates.file, [DataProblem(line: row.line, column: 9, field: "new_la_code", message: "\(row.newLACode) (\(row.laName)) is not in any reporting unit")])
            }
            for d in destinations { estimate[d.unit] += n * d.share }
        }

        table.baseYearByGroup = Array(repeating: 0, count: groups.count)
        for (u, unit) in reporting.units.enumerated() {
            let projectedBase = groups.indices.reduce(0.0) { $0 + projected(u, $1, 0) }
            let scale = estimate[u] > 0 ? estimate[u] / projectedBase : 1
            for (g, group) in groups.enumerated() {
                for (t, y) in yearList.enumerated() {
                    let persons = projected(u, g, t) * scale
                    table.rows.append(.init(area: AreaCode(unit.code), ageGroup: AgeGroup(group), year: y, persons: persons))
                    if t == 0 { table.baseYearByGroup[g] += persons }
                }
            }
        }
        return table
    }

    /// The child population (0–17) of each unit from the published mid-year estimates, year by
    /// year: for back-tests, which project to years whose population is known.
    static func populationFromEstimates(_ bundle: EnglandBundle, reporting: ReportingUnits, years: ClosedRange<Int>, notes: inout Notes) throws(DataFileError) -> PopulationTable {
        var table = PopulationTable()
        let singleYear = try bundle.tidy("tidy/population_single_year_age_0_17.csv", columns: ["year", "geography_code", "sex", "value"])
        let codeColumn = singleYear.column("geography_code")!, valueColumn = singleYear.column("value")!
        for row in singleYear.select(["year": "2022", "sex": "persons"]) {
            table.childrenByLA[row.fields[codeColumn], default: 0] += Double(row.fields[valueColumn]) ?? 0
        }
        let estimates = try bundle.ees("published/ons_mid_year_population_0_17.csv", filters: ["age_group"], measures: ["population_estimate"])
        var persons = Array(repeating: [Double](repeating: 0, count: years.count), count: reporting.units.count)
        for row in estimates.rows where years.contains(row.year) && row.level == .localAuthority {
            guard let n = row.value("population_estimate").number,
                  let destinations = reporting.destinations(of: row.newLACode, weight: { table.childrenByLA[$0] }) else { continue }
            for d in destinations { persons[d.unit][row.year - years.lowerBound] += n * d.share }
        }
        table.baseYearByGroup = [0]
        for (u, unit) in reporting.units.enumerated() {
            for (t, year) in years.enumerated() {
                // A unit with no estimate in a year (a boundary not yet mapped) keeps its last one.
                let value = persons[u][t] > 0 ? persons[u][t] : (t > 0 ? persons[u][t - 1] : 1)
                persons[u][t] = value
                table.rows.append(.init(area: AreaCode(unit.code), ageGroup: "0-17", year: year, persons: value))
                if t == 0 { table.baseYearByGroup[0] += value }
            }
        }
        notes.populationMethod = "Back-test: the published mid-year estimates of children aged 0 to 17 for each year (the population that came about)."
        return table
    }

    /// The population from an official ONS subnational projection for local authorities, summed
    /// into reporting units (areas abolished since are split by `weights`).
    static func population(
        official: SNPPFile, reporting: ReportingUnits, groups: [String], years: ClosedRange<Int>, weights: [String: Double], notes: inout Notes
    ) throws(DataFileError) -> PopulationTable {
        var table = PopulationTable()
        table.childrenByLA = weights
        table.baseYearByGroup = Array(repeating: 0, count: groups.count)
        let groupAges = groups.compactMap { ages($0) }
        var values = Array(repeating: Array(repeating: [Double](repeating: 0, count: years.count), count: groups.count), count: reporting.units.count)
        var covered = Array(repeating: false, count: reporting.units.count)
        for code in official.persons.keys.sorted() {
            guard let destinations = reporting.destinations(of: code, weight: { weights[$0] }) else { continue }
            for (g, ages) in groupAges.enumerated() {
                for (t, year) in years.enumerated() {
                    guard let persons = official.persons(code, ages: ages, year: year) else {
                        throw .badData(file: official.file, [DataProblem(line: 1, column: 0, field: String(year), message: "no persons aged \(ages.lowerBound) to \(ages.upperBound) for \(code) in \(year): the projection must cover \(years.lowerBound)–\(years.upperBound)")])
                    }
                    for d in destinations { values[d.unit][g][t] += persons * d.share }
                }
            }
            for d in destinations { covered[d.unit] = true }
        }
        let missing = reporting.units.indices.filter { !covered[$0] }
        guard missing.isEmpty else {
            throw .badData(file: official.file, [DataProblem(line: 1, column: 0, field: "AREA_CODE", message: "no rows for \(missing.map { reporting.units[$0].name }.joined(separator: ", "))")])
        }
        for (u, unit) in reporting.units.enumerated() {
            for (g, group) in groups.enumerated() {
                for (t, year) in years.enumerated() {
                    table.rows.append(.init(area: AreaCode(unit.code), ageGroup: AgeGroup(group), year: year, persons: values[u][g][t]))
                    if t == 0 { table.baseYearByGroup[g] += values[u][g][t] }
                }
            }
        }
        notes.populationMethod = "The official ONS subnational population projection for local authorities supplied (\(official.file)), by single year of age summed into groups and authorities into reporting units."
        return table
    }

    /// An authority's latest figure before `row`'s year, times England's figure in that year over
    /// England's in the earlier one; nil where the authority has no earlier figure.
    static func carriedForward(_ data: EESFile, row: EESRow, measure: String, keep: (EESRow) -> Bool) -> (year: Int, value: Double)? {
        let earlier = data.rows.filter { $0.year < row.year && $0.level == .localAuthority && $0.newLACode == row.newLACode && keep($0) && $0.value(measure).number != nil }
        guard let latest = earlier.max(by: { $0.year < $1.year }), let figure = latest.value(measure).number else { return nil }
        func england(_ year: Int) -> Double? { data.rows.first { $0.year == year && $0.level == .national && keep($0) }?.value(measure).number }
        guard let now = england(row.year), let then = england(latest.year), then > 0 else { return (latest.year, figure) }
        return (latest.year, figure * now / then)
    }

    /// Children in need other than those on a plan or looked after; on a plan and not looked
    /// after; looked after: at 31 March of the base year, by unit.
    static func activities(
        _ bundle: EnglandBundle, reporting: ReportingUnits, accounts: BaseYearAccounts, assumptions: AssumptionSet,
        groups: [String], population: PopulationTable, notes: inout Notes
    ) throws(DataFileError) -> [ModelInput.Activity] {
        let year = reporting.year
        let suppressed = try assumptions.number("suppressed_count")
        func counts(_ file: String, filters: [String], measure: String, keep: (EESRow) -> Bool) throws(DataFileError) -> [Double] {
            let data = try bundle.ees(file, filters: filters, measures: [measure])
            var out = [Double](repeating: 0, count: reporting.units.count)
            var problems: [DataProblem] = []
            for row in data.rows where row.year == year && row.level == .localAuthority && keep(row) {
                let value: Double
                switch row.value(measure) {
                case .number(let n): value = n
                case .symbol(.suppressed):
                    value = suppressed
                    notes.demandImputations.append("\(file) line \(row.line), \(row.laName), \(measure): 'c' (suppressed) counted as \(describeValue(suppressed))")
                case .symbol(let s):
                    // Not shown this year (for example 'u', low reliability, with no figure): the
                    // authority's latest earlier figure, moved with England's count since then.
                    if s == .unavailable || s == .lowReliability, let carried = carriedForward(data, row: row, measure: measure, keep: keep) {
                        value = carried.value
                        notes.demandImputations.append("\(file) line \(row.line), \(row.laName), \(measure): '\(s.rawValue)' (\(s.meaning)); its \(carried.year) figure moved with England's change since then: \(describeValue(value))")
                    } else {
                        value = 0
                        notes.demandImputations.append("\(file) line \(row.line), \(row.laName), \(measure): '\(s.rawValue)' (\(s.meaning)) counted as 0")
                    }
                }
                guard let destinations = reporting.destinations(of: row.newLACode, weight: { population.childrenByLA[$0] }) else {
                    problems.append(DataProblem(line: row.line, column: 9, field: "new_la_code", message: "\(row.newLACode) (\(row.laName)) is not in any reporting unit of \(year) nor in the boundary changes"))
                    continue
                }
                for d in destinations { out[d.unit] += value * d.share }
            }
            guard problems.isEmpty else { throw .badData(file: bundle.path(file), problems) }
            if let national = data.rows.first(where: { $0.year == year && $0.level == .national && keep($0) })?.value(measure).number {
                let sum = out.reduce(0, +)
                notes.demandTotals.append((file: file, measure: measure, published: national, units: sum))
            }
            return out
        }
        let childrenInNeed = try counts("published/dfe_cin_b1_children_in_need.csv", filters: [], measure: "At31_episodes") { _ in true }
        let plans = try counts("published/dfe_cin_d5_child_protection_plans.csv", filters: [], measure: "CPP_At31") { _ in true }
        let lookedAfter = try counts("published/dfe_cla_number_and_rate.csv", filters: ["population_type"], measure: "children_count") {
            $0.filters["population_type"] == "Children looked after on 31 March each year"
        }
        let overlap = try assumptions.number("cpp_looked_after_overlap")
        var other = [Double](repeating: 0, count: reporting.units.count)
        var plansOnly = other
        for u in reporting.units.indices {
            plansOnly[u] = plans[u] * (1 - overlap)
            other[u] = childrenInNeed[u] - plansOnly[u] - lookedAfter[u]
            if other[u] < 0 {
                notes.demandImputations.append("\(reporting.units[u].name): children in need at 31 March (\(describeValue(childrenInNeed[u]))) fewer than on a plan and looked after; 'other' set to 0")
                other[u] = 0
            }
        }
        // Relative workload per child (other children in need = 1): authorities' case-holding
        // FTE against their counts, every census year, combined with the stated prior evidence.
        let evidence = try needEvidence(bundle, reporting: reporting, assumptions: assumptions, overlap: overlap)
        var relative: [Double] = []
        for (k, w) in evidence.weights.enumerated() {
            let z = k == 0 ? 0 : try assumptions.number(k == 1 ? "workload_weight_z_child_protection" : "workload_weight_z_looked_after")
            relative.append(max(0, w.weight + z * w.sd))
        }
        notes.need = evidence
        let series: [(id: String, counts: [Double])] = [
            (NeedEvidence.activityIDs[0], other), (NeedEvidence.activityIDs[1], plansOnly), (NeedEvidence.activityIDs[2], lookedAfter),
        ]
        // Anchor: England's base-year workload equals the census's cases at 30 September.
        var weighted = 0.0
        for (k, s) in series.enumerated() { weighted += relative[k] * s.counts.reduce(0, +) }
        let cases = accounts.england.accounts["cases"] ?? 0
        let anchor = weighted > 0 ? cases / weighted : 1
        // Age: each activity's national age mix (published shares by age, the rest like the
        // child population); other children in need are all children in need less the rest.
        let mixes = try ageMixes(bundle, year: reporting.year, groups: groups, population: population, counts: series.map { $0.counts.reduce(0, +) }, notes: &notes)
        let trend = try assumptions.number("activity_trend")
        var activities: [ModelInput.Activity] = []
        for (k, s) in series.enumerated() {
            let w = relative[k] * anchor
            notes.activityWeights.append((s.id, w))
            activities.append(.init(
                id: ActivityID(s.id), weight: w, trend: trend, ageMix: groups.enumerated().map { ModelInput.Share(AgeGroup($0.element), mixes[k][$0.offset]) },
                baseCounts: reporting.units.indices.map { .init(area: AreaCode(reporting.units[$0].code), count: s.counts[$0]) }))
        }
        return activities
    }

    /// The need evidence of the base year (weights, trends), from the bundle's panel.
    static func needEvidence(_ bundle: EnglandBundle, reporting: ReportingUnits, assumptions: AssumptionSet, overlap: Double) throws(DataFileError) -> NeedEvidence {
        let means = try assumptions.numbers("workload_weight_prior_mean")
        let sds = try assumptions.numbers("workload_weight_prior_sd")
        var priors: [String: (mean: Double, sd: Double)] = [:]
        for (key, mean) in means {
            guard let sd = sds.first(where: { $0.key == key })?.value else { throw assumptions.fail("workload_weight_prior_sd", "no standard deviation for \(key)") }
            guard NeedEvidence.activityIDs.dropFirst().contains(key) else {
                throw assumptions.fail("workload_weight_prior_mean", "\(key) is not one of \(NeedEvidence.activityIDs.dropFirst().joined(separator: ", "))")
            }
            priors[key] = (mean, sd)
        }
        let panel = try NeedEvidence.panel(bundle, baseYear: reporting.year, overlap: overlap)
        var evidence = NeedEvidence()
        evidence.panelObservations = panel.count
        evidence.panelAuthorities = Set(panel.map(\.code)).count
        if let first = panel.map(\.year).min(), let last = panel.map(\.year).max() { evidence.panelYears = first...last }
        evidence.bootstrapReplicates = NeedEvidence.replicates
        evidence.weights = NeedEvidence.weights(panel, priors: priors, replicates: NeedEvidence.replicates, seed: NeedEvidence.seed)
        guard evidence.weights.count == 3 else {
            throw .badData(file: bundle.path("tidy/cla_cin_cpp_demand.csv"), [DataProblem(line: 1, column: 0, field: "value", message: "the authorities' counts and case-holding FTE do not identify a workload per child (\(panel.count) authority-years)")])
        }
        try evidence.estimateTrends(bundle, baseYear: reporting.year, overlap: overlap)
        return evidence
    }

    /// Each activity's share by age group: the published shares by age of the latest year to
    /// `year` in `need_by_age.csv` (ages not given take the rest like the child population),
    /// for looked-after children, plans and all children in need; other children in need are all
    /// children in need less plans and looked-after children, group by group.
    static func ageMixes(
        _ bundle: EnglandBundle, year: Int, groups: [String], population: PopulationTable, counts: [Double], notes: inout Notes
    ) throws(DataFileError) -> [[Double]] {
        let groupAges = groups.map { ages($0)! }
        let persons = population.byAge2022
        guard persons.count == 18 else { return Array(repeating: Array(repeating: 1 / Double(groups.count), count: groups.count), count: 3) }
        let table = try bundle.tidy("need_by_age.csv", columns: ["measure", "year", "ages", "percent"])
        let c = (measure: table.column("measure")!, year: table.column("year")!, ages: table.column("ages")!, percent: table.column("percent")!)
        /// Share of each single age 0–17.
        func byAge(_ measure: String) throws(DataFileError) -> [Double] {
            let rows = table.rows.indices.filter { table.rows[$0][c.measure] == measure }
            var latest: Int?
            for i in rows {
                guard let y = Int(table.rows[i][c.year]) else {
                    throw .badData(file: table.file, [DataProblem(line: table.lines[i], column: c.year + 1, field: "year", message: "expected a year, got \"\(table.rows[i][c.year])\"")])
                }
                if y <= year, y > (latest ?? Int.min) { latest = y }
            }
            var share = [Double](repeating: 0, count: 18)
            var covered = [Bool](repeating: false, count: 18)
            var total = 0.0
            for i in rows where Int(table.rows[i][c.year]) == latest {
                let fields = table.rows[i]
                guard let range = ages(fields[c.ages]), range.upperBound < 18, let percent = Double(fields[c.percent]), percent >= 0 else {
                    throw .badData(file: table.file, [DataProblem(line: table.lines[i], column: c.ages + 1, field: "ages", message: "expected ages like 10-15 within 0-17 and a percentage, got \"\(fields[c.ages])\", \"\(fields[c.percent])\"")])
                }
                let inRange = range.reduce(0.0) { $0 + persons[$1] }
                for age in range {
                    guard !covered[age] else {
                        throw .badData(file: table.file, [DataProblem(line: table.lines[i], column: c.ages + 1, field: "ages", message: "age \(age) of \(measure) in \(latest!) is given twice")])
                    }
                    covered[age] = true
                    share[age] = percent / 100 * persons[age] / inRange
                }
                total += percent / 100
            }
            let rest = (0..<18).filter { !covered[$0] }
            if rest.isEmpty {
                if total > 0 { for age in 0..<18 { share[age] /= total } }
            } else {
                let restPersons = rest.reduce(0.0) { $0 + persons[$1] }
                for age in rest { share[age] = max(0, 1 - total) * persons[age] / restPersons }
            }
            notes.ageMixSources.append((measure, latest))
            return share
        }
        func grouped(_ share: [Double]) -> [Double] { groupAges.map { range in range.reduce(0.0) { $0 + share[$1] } } }
        let all = grouped(try byAge("cin_at_31_march"))
        let plans = grouped(try byAge("cpp_at_31_march"))
        let lookedAfter = grouped(try byAge("cla_at_31_march"))
        let childrenInNeed = counts.reduce(0, +)
        var other = groups.indices.map { g in max(0, childrenInNeed * all[g] - counts[1] * plans[g] - counts[2] * lookedAfter[g]) }
        let sum = other.reduce(0, +)
        other = sum > 0 ? other.map { $0 / sum } : plans
        return [other, plans, lookedAfter]
    }
}

extension EnglandBaseline {
    /// The OBR-consistent variant's non-demographic growth: the real growth a year of local
    /// authorities' spending on children's social care per child (`la_childrens_social_care_spending.csv`,
    /// chained over its whole span), less the real growth of unit costs over the same years,
    /// times the share of it taken to carry on (`obr_non_demographic_share`).
    static func obrNonDemographicGrowth(_ bundle: EnglandBundle, assumptions: AssumptionSet, baseYear: Int) throws(DataFileError) -> Double {
        let history = try spendingHistory(bundle, baseYear: baseYear)
        let share = try assumptions.number("obr_non_demographic_share")
        let unitCost = try assumptions.number("obr_historical_real_unit_cost_growth")
        return share * ((1 + history.perChildGrowth) / (1 + unitCost) - 1)
    }

    /// The spending history's span, its real growth a year and per child.
    public struct SpendingHistory: Sendable {
        public var firstYear = 0
        public var lastYear = 0
        public var realGrowth = 0.0
        public var childGrowth = 0.0
        public var perChildGrowth = 0.0
        /// True where the child population of the first year was extended back from the estimates.
        public var extrapolatedPopulation = false
    }

    public static func spendingHistory(_ bundle: EnglandBundle, baseYear: Int) throws(DataFileError) -> SpendingHistory {
        let table = try bundle.tidy("la_childrens_social_care_spending.csv", columns: ["from_year", "to_year", "real_growth"])
        let c = (from: table.column("from_year")!, to: table.column("to_year")!, growth: table.column("real_growth")!)
        /// "2009-10" → 2009 (the calendar year the financial year starts in).
        func start(_ text: String) -> Int? { Int(text.prefix(4)) }
        var links: [(from: Int, to: Int, growth: Double, line: Int)] = []
        for (i, fields) in table.rows.enumerated() {
            guard let from = start(fields[c.from]), let to = start(fields[c.to]), to > from, let g = Double(fields[c.growth]), g > 0 else {
                throw .badData(file: table.file, [DataProblem(line: table.lines[i], column: c.from + 1, field: "from_year", message: "expected financial years like 2009-10 (to after from) and a positive real growth factor")])
            }
            // Only financial years ended by the base year's census (2023-24 ends in March 2024).
            if to < baseYear { links.append((from, to, g, table.lines[i])) }
        }
        links.sort { $0.from < $1.from }
        var history = SpendingHistory()
        guard let first = links.first, let last = links.last else { return history }
        var year = first.from
        var factor = 1.0
        for link in links {
            guard link.from == year else {
                throw .badData(file: table.file, [DataProblem(line: link.line, column: c.from + 1, field: "from_year", message: "the series must chain: this link starts in \(link.from), the one before ended in \(year)")])
            }
            factor *= link.growth
            year = link.to
        }
        let years = Double(last.to - first.from)
        // Children aged 0-17 at mid-year (ONS), extended back log-linearly over the first five
        // estimates where the series starts before them.
        let population = try NeedEvidence.rawSeries(bundle, baseYear: baseYear).population
        func persons(_ y: Int) -> Double? {
            if let n = population[y] { return n }
            let known = population.keys.sorted()
            guard let earliest = known.first, y < earliest, known.count >= 5 else { return nil }
            history.extrapolatedPopulation = true
            let rate = Foundation.log(population[known[4]]! / population[earliest]!) / Double(known[4] - earliest)
            return population[earliest]! * Foundation.exp(rate * Double(y - earliest))
        }
        history.firstYear = first.from
        history.lastYear = last.to
        history.realGrowth = Foundation.pow(factor, 1 / years) - 1
        if let a = persons(first.from), let b = persons(last.to), a > 0 {
            history.childGrowth = Foundation.pow(b / a, 1 / years) - 1
        }
        history.perChildGrowth = (1 + history.realGrowth) / (1 + history.childGrowth) - 1
        return history
    }
}
