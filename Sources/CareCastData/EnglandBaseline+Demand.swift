import CareCastModel

extension EnglandBaseline {
    /// The child population of every unit, age group and year, and the base-year weights used
    /// to split abolished areas between their successors.
    struct PopulationTable {
        var rows: [ModelInput.PopulationRow] = []
        /// Persons aged 0–17 at mid-2022 by current LA code (the split weights).
        var childrenByLA: [String: Double] = [:]
        /// Base-year persons by group, England.
        var baseYearByGroup: [Double] = []
    }

    /// `"0-4"` → 0…4; `"15-17"` → 15…17.
    static func ages(_ group: String) -> ClosedRange<Int>? {
        let parts = group.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, parts[0] <= parts[1] else { return nil }
        return parts[0]...parts[1]
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
        // Mid-2022 single years of age by LA (2023 codes).
        let singleYear = try bundle.tidy("tidy/population_single_year_age_0_17.csv", columns: ["year", "geography_code", "ons_geography_type", "sex", "age", "value"])
        var base = Array(repeating: [Double](repeating: 0, count: groups.count), count: unitCount)
        let laTypes: Set<String> = ["Unitary Authority", "Metropolitan District", "London Borough", "County"]
        let typeColumn = singleYear.column("ons_geography_type")!, codeColumn = singleYear.column("geography_code")!
        let ageColumn = singleYear.column("age")!, valueColumn = singleYear.column("value")!
        for row in singleYear.select(["year": "2022", "sex": "persons"]) where laTypes.contains(row.fields[typeColumn]) {
            let code = row.fields[codeColumn]
            guard let age = Int(row.fields[ageColumn]), let persons = Double(row.fields[valueColumn]) else {
                throw .badData(file: singleYear.file, [DataProblem(line: row.line, column: ageColumn + 1, field: "age", message: "expected a whole age and a number of persons")])
            }
            table.childrenByLA[code, default: 0] += persons
            guard let u = reporting.unit(ofMember: code), let g = groupAges.firstIndex(where: { $0!.contains(age) }) else { continue }
            base[u][g] += persons
        }
        let missing = reporting.units.indices.filter { base[$0].reduce(0, +) == 0 }
        guard missing.isEmpty else {
            throw .badData(file: singleYear.file, [DataProblem(line: 1, column: 0, field: "geography_code", message: "no mid-2022 population for \(missing.map { reporting.units[$0].name }.joined(separator: ", "))")])
        }

        // Growth factors by region (or England), group and year, relative to 2022.
        var growth: [String: [[Double]]] = [:]  // area → [group][year index]
        let yearList = Array(years)
        switch method {
        case "snpp":
            let snpp = try bundle.lookup("tidy/population_projections_snpp2022_regions_5yr.csv", columns: ["year", "geography_code", "age_group", "sex", "value"], keys: ["year", "geography_code", "age_group", "sex"])
            for region in England.regions {
                var factors: [[Double]] = []
                for ages in groupAges {
                    let lower = ages!.lowerBound / 5 * 5
                    let band = "\(lower)-\(lower + 4)"
                    let start = try snpp.number(["2022", region.code, band, "persons"])
                    var row: [Double] = []
                    for y in yearList { row.append(try snpp.number([String(y), region.code, band, "persons"]) / start) }
                    factors.append(row)
                }
                growth[region.code] = factors
            }
            notes.populationMethod = "Each unit's mid-2022 population by single year of age (ONS), grouped, carried forward by its region's ONS 2022-based subnational projection (migration category variant) for the five-year band the group falls in, and scaled so that the base year equals the published mid-\(years.lowerBound) estimate of children aged 0 to 17."
        case "npp":
            let npp = try bundle.lookup("tidy/population_projections_npp2022_england_age0_17.csv", columns: ["year", "age_group", "sex", "value"], keys: ["year", "age_group", "sex"])
            func persons(_ year: Int, _ ages: ClosedRange<Int>) throws(DataFileError) -> Double {
                var total = 0.0
                for age in ages {
                    for sex in ["male", "female"] { total += try npp.number([String(year), String(age), sex]) }
                }
                return total
            }
            var factors: [[Double]] = []
            for ages in groupAges {
                let start = try persons(2022, ages!)
                var row: [Double] = []
                for y in yearList { row.append(try persons(y, ages!) / start) }
                factors.append(row)
            }
            for region in England.regions { growth[region.code] = factors }
            notes.populationMethod = "Each unit's mid-2022 population by single year of age (ONS), grouped, carried forward by England's ONS 2022-based national principal projection for the same ages, and scaled so that the base year equals the published mid-\(years.lowerBound) estimate of children aged 0 to 17."
        default:
            throw .badData(file: "assumptions", [DataProblem(line: 1, column: 0, field: "population_projection", message: "expected snpp or npp, got \"\(method)\"")])
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
            let factors = growth[unit.regionCode]!
            let projectedBase = groups.indices.reduce(0.0) { $0 + base[u][$1] * factors[$1][0] }
            let scale = estimate[u] > 0 ? estimate[u] / projectedBase : 1
            for (g, group) in groups.enumerated() {
                for (t, y) in yearList.enumerated() {
                    let persons = base[u][g] * factors[g][t] * scale
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
        let relative = try assumptions.numbers("activity_weights")
        func weight(_ id: String) throws(DataFileError) -> Double {
            guard let w = relative.first(where: { $0.key == id })?.value else { throw assumptions.fail("activity_weights", "no weight for \(id)") }
            return w
        }
        let series: [(id: String, counts: [Double])] = [
            ("children_in_need_other", other), ("child_protection_not_looked_after", plansOnly), ("looked_after", lookedAfter),
        ]
        // Anchor: England's base-year workload equals the census's cases at 30 September.
        var weighted = 0.0
        for s in series { weighted += try weight(s.id) * s.counts.reduce(0, +) }
        let cases = accounts.england.accounts["cases"] ?? 0
        let anchor = weighted > 0 ? cases / weighted : 1
        let total = population.baseYearByGroup.reduce(0, +)
        let mix = groups.enumerated().map { ModelInput.Share(AgeGroup($0.element), population.baseYearByGroup[$0.offset] / total) }
        let trend = try assumptions.number("activity_trend")
        var activities: [ModelInput.Activity] = []
        for s in series {
            let w = try weight(s.id) * anchor
            notes.activityWeights.append((s.id, w))
            activities.append(.init(
                id: ActivityID(s.id), weight: w, trend: trend, ageMix: mix,
                baseCounts: reporting.units.indices.map { .init(area: AreaCode(reporting.units[$0].code), count: s.counts[$0]) }))
        }
        return activities
    }
}
