import CareCastModel
import Foundation

/// The placements workforce as two model inputs for the same engine as the social workers':
/// children's homes staff (registered managers, care staff, other staff) by the authority
/// where the homes are, and mainstream fostering households by local authority fostering
/// service, with independent fostering agencies as one national leaf.
///
/// Both take their areas, child population and looked-after children's projection (age mix,
/// trend, reform path) from the social work baseline's input, so that the three workforces
/// answer to one projection of need. Each placement's share of looked-after children follows
/// its own trend, tested out of sample (`PlacementShareTrend`).
public struct PlacementsBaseline: Sendable {
    public static let homesActivity = ActivityID("children_in_childrens_homes")
    public static let fosterActivity = ActivityID("children_in_foster_placements")
    public static let managerRole = RoleID("registered_manager")
    public static let careRole = RoleID("care_staff")
    public static let otherRole = RoleID("other_staff")
    public static let householdRole = RoleID("mainstream_households")
    public static let independentAgencies = AreaCode("E92000001-IFA")
    public static let leadershipPipeline = PipelineID("leadership_programme")
    static let band = AgeBandID("all")

    public var childrensHomes: ModelInput
    /// Nil when not asked for (the children's homes back-test, for years whose fostering
    /// figures are not published).
    public var fosterCare: ModelInput?
    public var evidence: PlacementsEvidence
    public var homesShare: PlacementShareTrend
    public var fosterShare: PlacementShareTrend
    public var figures: Figures
    /// How each figure was derived, for the report.
    public var notes: [String] = []

    /// The foster care input, or an error saying it was not built.
    public func foster() throws(DataFileError) -> ModelInput {
        guard let fosterCare else {
            throw .badData(file: "placements", [DataProblem(line: 1, column: 0, field: "fosterCare", message: "the foster care input was not built for \(childrensHomes.baseYear)")])
        }
        return fosterCare
    }

    /// The derived national figures behind the two inputs.
    public struct Figures: Sendable {
        public var staffYear = 0
        public var staffCensus = 0.0
        public var scopePlaces = 0.0
        public var staffPerPlace = 0.0
        public var homes = 0.0
        public var managerVacancyRate = 0.0
        public var managers = 0.0
        public var careStaff = 0.0
        public var otherStaff = 0.0
        public var turnover = 0.0
        public var managerLeaverRate = 0.0
        public var placesGrowth = 0.0
        public var homesGrowth = 0.0
        public var progressionRate = 0.0
        public var careJoiners = 0.0
        public var otherJoiners = 0.0
        public var childrenLivingIn = 0.0
        public var mainstreamHouseholds = 0.0
        public var laHouseholds = 0.0
        public var ifaHouseholds = 0.0
        public var approvals = 0.0
        public var deregistrationRate = 0.0
        public var householdsPerFosterChild = 0.0
        public var fosterChildren = 0.0
    }

    /// Builds both inputs for the social work input's base year (31 March of that year).
    public static func build(_ bundle: EnglandBundle, assumptions: AssumptionSet, social: ModelInput, fosterCare includeFoster: Bool = true,
        childrenInHomes method: PlacementsEvidence.ChildrenInHomesMethod = .published
    ) throws(DataFileError) -> PlacementsBaseline {
        let t0 = social.baseYear, last = bundle.baseYear
        let reporting = try bundle.reportingUnits(year: t0)
        let evidence = try PlacementsEvidence.load(bundle, reporting: reporting, year: t0, through: last, method: method)
        var notes = evidence.notes
        var figures = Figures()

        // The looked-after children's projection of the social work input.
        let lookedAfterID = ActivityID(NeedEvidence.activityIDs[2])
        guard let lookedAfter = social.activities.first(where: { $0.id == lookedAfterID }) else {
            throw .badData(file: "model input", [DataProblem(line: 1, column: 0, field: "activities", message: "the social work input has no \(lookedAfterID.rawValue) activity")])
        }
        let lookedAfterPath = social.policies.first { $0.activity == lookedAfterID }?.path ?? []

        // Shares of looked-after children in each placement, and their trends.
        let series = try shareSeries(bundle, through: t0, last: last)
        let homesShare = PlacementShareTrend.estimate(years: series.years, shares: series.homes, damping: try assumptions.number("homes_share_trend_damping"))
        let fosterYears = series.years.indices.filter { series.foster[$0] > 0 }
        let fosterShare = PlacementShareTrend.estimate(years: fosterYears.map { series.years[$0] }, shares: fosterYears.map { series.foster[$0] }, damping: try assumptions.number("foster_share_trend_damping"))

        func placementPath(_ trend: PlacementShareTrend) -> [ModelInput.PathPoint] {
            (0...social.horizon).map { t in
                ModelInput.PathPoint(year: t0 + t, factor: PiecewiseLinearPath(lookedAfterPath).factor(at: t0 + t) * trend.factor(t))
            }
        }
        let units = reporting.units
        let leaves = units.map { AreaCode($0.code) }

        // MARK: Children's homes
        let workforce = try bundle.placementsTable(PlacementsFiles.homesWorkforce, through: last, PlacementsFiles.readHomesWorkforce)
        func latest(_ measure: String) -> (year: Int, value: Double)? {
            let rows = workforce.rows.filter { workforce.field($0, "measure") == measure && $0.value.number != nil }
            let usable = rows.filter { $0.year <= t0 }
            guard let row = (usable.isEmpty ? rows.min { $0.year < $1.year } : usable.max { $0.year < $1.year }) else { return nil }
            if row.year > t0 { notes.append("\(measure): no figure by \(t0); the earliest, \(row.year), is used (a back-test only)") }
            return (row.year, row.value.number!)
        }
        // Turnover: the census's (2024); before it, Ofsted's share of permanent care staff who left (2020-21).
        guard let census = latest("staff_headcount_estimate"), let turnover = latest("staff_turnover_rate") ?? latest("permanent_care_staff_leavers_pct"),
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
        // Joiners: the first projected year continues the recent growth of places.
        let careJoiners = care * ((1 + placesGrowth) - (1 - leaver) * (1 - progression)) / (1 + placesGrowth)
        let otherJoiners = other * ((1 + placesGrowth) - (1 - leaver)) / (1 + placesGrowth)
        let joinersGrowth = try assumptions.number("homes_joiners_growth")
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
        let all = [ModelInput.Share(band, 1.0)]
        var pipelines: [ModelInput.Pipeline] = []
        pipelines.append(ModelInput.Pipeline(
            id: leadershipPipeline, role: managerRole, duration: Int(try assumptions.number("homes_leadership_duration")),
            completion: try assumptions.number("homes_leadership_completion"), entry: try assumptions.number("homes_leadership_entry"),
            intake: [.init(year: t0 + 1, value: try assumptions.number("homes_leadership_intake"))], ageDistribution: all))
        var path: [ModelInput.PathPoint] = []
        let registration = Int(try assumptions.number("homes_registration_year"))
        if registration > t0 {
            let spike = 1 + (try assumptions.number("homes_registration_extra_leavers")) / max(leaver, 1e-9)
            let effect = try assumptions.number("homes_registration_turnover_effect")
            path = [.init(year: registration - 1, factor: 1), .init(year: registration, factor: spike), .init(year: registration + 1, factor: 1), .init(year: registration + 2, factor: effect)]
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
            leaverMultiplierPath: path,
            progression: [.init(from: careRole, to: managerRole, rate: progression)],
            pipelines: pipelines,
            joiners: [
                .init(source: "care staff joining", role: careRole, base: careJoiners, growth: joinersGrowth, ageDistribution: all),
                .init(source: "other staff joining", role: otherRole, base: otherJoiners, growth: joinersGrowth, ageDistribution: all),
            ],
            population: social.population, activities: [homesActivityInput],
            policies: [.init(activity: homesActivity, path: placementPath(homesShare))],
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

        var fosterInput: ModelInput?
        if includeFoster {
            fosterInput = try fosterCareInput(bundle, assumptions: assumptions, social: social, evidence: evidence, lookedAfter: lookedAfter, path: placementPath(fosterShare), figures: &figures, notes: &notes)
        }
        return PlacementsBaseline(
            childrensHomes: homesInput, fosterCare: fosterInput, evidence: evidence, homesShare: homesShare, fosterShare: fosterShare,
            figures: figures, notes: notes)
    }

    /// Mainstream fostering households: LA services' by authority, independent agencies' as
    /// one national leaf.
    static func fosterCareInput(
        _ bundle: EnglandBundle, assumptions: AssumptionSet, social: ModelInput, evidence: PlacementsEvidence, lookedAfter: ModelInput.Activity,
        path: [ModelInput.PathPoint], figures: inout Figures, notes: inout [String]
    ) throws(DataFileError) -> ModelInput {
        let t0 = social.baseYear, last = bundle.baseYear
        let all = [ModelInput.Share(band, 1.0)]
        let leaves = evidence.units.map { AreaCode($0.code) }
        let fosteringNational = try bundle.placementsTable(PlacementsFiles.fosteringNational, through: last, PlacementsFiles.readFosteringNational)
        func published(_ measure: String, _ year: Int) -> Double? {
            fosteringNational.rows.first { $0.year == year && fosteringNational.field($0, "measure") == measure }?.value.number
        }
        func latestPublished(_ measures: [String]) -> (year: Int, value: Double, measure: String)? {
            for year in stride(from: t0, through: t0 - 6, by: -1) {
                for m in measures { if let v = published(m, year) { return (year, v, m) } }
            }
            return nil
        }
        var mainstream: Double
        if let v = published("mainstream_fostering_households", t0) {
            mainstream = v
        } else if let total = published("fostering_households_total", t0), let share = published("family_and_friends_share_of_households", t0) {
            mainstream = total * (1 - share / 100)
            notes.append("Mainstream fostering households \(t0): not published; all households (\(describeValue(total))) less the family and friends share (\(describeValue(share))%, a rounded figure, so about ±200): \(describeValue(mainstream.rounded()))")
        } else if let any = latestPublished(["mainstream_fostering_households"]) {
            mainstream = any.value
            notes.append("Mainstream fostering households: none published for \(t0); \(any.year)'s \(describeValue(any.value)) is used")
        } else {
            throw .badData(file: fosteringNational.file, [DataProblem(line: 1, column: 0, field: "measure", message: "no mainstream fostering households for \(t0) or the six years before")])
        }
        // Approvals: the headline series from 2022-23; before it, Ofsted's dataset's households
        // approved in the year less family and friends households (2018-19).
        var approvalsFound = latestPublished(["mainstream_households_approved", "households_joined"])
        if approvalsFound == nil {
            let fostering = try bundle.placementsTable(PlacementsFiles.fostering, through: last, PlacementsFiles.readFostering)
            func figure(_ year: Int, _ measure: String) -> Double? {
                fostering.rows.first { $0.year == year && $0.level == .national && fostering.field($0, "sector").hasPrefix("All fostering services") && fostering.field($0, "measure").hasPrefix(measure) }?.value.number
            }
            for year in stride(from: t0, through: t0 - 6, by: -1) {
                if let all = figure(year, "Total number of households approved in year"), let friends = figure(year, "Of which, number of family and friends households approved in year") {
                    approvalsFound = (year, all - friends, "households approved in the year less family and friends (Ofsted dataset)")
                    break
                }
            }
        }
        guard let approvals = approvalsFound else {
            throw .badData(file: fosteringNational.file, [DataProblem(line: 1, column: 0, field: "measure", message: "no mainstream households approved (or households joined) by \(t0)")])
        }
        let laShare = try assumptions.number("foster_la_share_of_places")
        let laApprovalShare = try assumptions.number("foster_la_share_of_approvals")
        let deregistration = try assumptions.number("foster_deregistration_rate")
        let fosterChildren = evidence.fosterChildren.reduce(0, +)
        guard fosterChildren > 0, mainstream > 0 else {
            throw .badData(file: bundle.path(PlacementsFiles.placementTypes), [DataProblem(line: 1, column: 0, field: "value", message: "no children in foster placements or no mainstream households in \(t0)")])
        }
        // LA services' households by authority in proportion to their approved places (LAIT),
        // or to their foster children where no places are published that year.
        let weights = evidence.laFosterPlaces.isEmpty ? evidence.fosterChildren : evidence.laFosterPlaces
        let weightTotal = weights.reduce(0, +)
        if evidence.laFosterPlaces.isEmpty { notes.append("LA foster places by authority are not published for \(t0): LA households are spread by each authority's foster children") }
        var fosterAreas = social.areas
        fosterAreas.append(.init(code: independentAgencies, name: "Independent fostering agencies (England)", parent: AreaCode(England.code), level: "independent_sector"))
        var households: [ModelInput.StockRow] = []
        var approvalShare: [ModelInput.Share<AreaCode>] = []
        for (u, leaf) in leaves.enumerated() {
            let share = weightTotal > 0 ? weights[u] / weightTotal : 1 / Double(leaves.count)
            households.append(.init(area: leaf, role: householdRole, ageBand: band, fte: mainstream * laShare * share))
            if share > 0 { approvalShare.append(.init(leaf, laApprovalShare * share)) }
        }
        households.append(.init(area: independentAgencies, role: householdRole, ageBand: band, fte: mainstream * (1 - laShare)))
        approvalShare.append(.init(independentAgencies, 1 - laApprovalShare))
        figures.mainstreamHouseholds = mainstream
        figures.laHouseholds = mainstream * laShare
        figures.ifaHouseholds = mainstream * (1 - laShare)
        figures.approvals = approvals.value
        figures.deregistrationRate = deregistration
        figures.householdsPerFosterChild = mainstream / fosterChildren
        figures.fosterChildren = fosterChildren
        notes.append("Fostering households approved a year: \(describeValue(approvals.value)) (\(approvals.measure), \(approvals.year)); the requirement holds \(t0)'s mainstream households per child in a foster placement (\(String(format: "%.3f", mainstream / fosterChildren))), so family and friends carers are assumed to keep their share of foster children.")

        return ModelInput(
            baseYear: t0, horizon: social.horizon, areas: fosterAreas,
            roles: [.init(id: householdRole, name: "Mainstream fostering households", demand: .perActivity(activity: fosterActivity, staffPerUnit: mainstream / fosterChildren))],
            ageBands: [.init(id: band, width: nil)], stock: households,
            leaverRates: [.init(role: householdRole, ageBand: band, rate: deregistration)],
            joiners: [.init(source: "households approved", role: householdRole, base: approvals.value, growth: try assumptions.number("foster_approvals_growth"), ageDistribution: all, areaShare: approvalShare)],
            population: fosterPopulation(social.population, leafCodes: leaves),
            activities: [.init(id: fosterActivity, weight: 1, trend: lookedAfter.trend, ageMix: lookedAfter.ageMix,
                               baseCounts: leaves.indices.map { .init(area: leaves[$0], count: evidence.fosterChildren[$0]) })],
            policies: [.init(activity: fosterActivity, path: path)],
            demand: .init(caseloadStandard: .calibrated))
    }

    /// The social work input's population with a row for the independent agencies' leaf (it has
    /// no children of its own; England's persons keep it valid and it has no need).
    static func fosterPopulation(_ rows: [ModelInput.PopulationRow], leafCodes: [AreaCode]) -> [ModelInput.PopulationRow] {
        var out = rows
        var england: [ModelInput.PopulationRow] = []
        var index: [AgeGroup: [Int: Int]] = [:]
        for row in rows {
            if let i = index[row.ageGroup]?[row.year] {
                england[i].persons += row.persons
            } else {
                index[row.ageGroup, default: [:]][row.year] = england.count
                england.append(.init(area: independentAgencies, ageGroup: row.ageGroup, year: row.year, persons: row.persons))
            }
        }
        out += england
        return out
    }

    /// England's shares of looked-after children in children's homes (the FOI's children over
    /// DfE's looked-after children) and in foster placements, by year up to `t0`.
    static func shareSeries(_ bundle: EnglandBundle, through t0: Int, last: Int) throws(DataFileError) -> (years: [Int], homes: [Double], foster: [Double]) {
        let key = "\(t0)|\(last)"
        if let series = bundle.cache.shareSeries.withLock({ $0[key] }) { return series }
        let series = try computeShareSeries(bundle, through: t0, last: last)
        bundle.cache.shareSeries.withLock { $0[key] = series }
        return series
    }

    static func computeShareSeries(_ bundle: EnglandBundle, through t0: Int, last: Int) throws(DataFileError) -> (years: [Int], homes: [Double], foster: [Double]) {
        let types = try bundle.placementsTable(PlacementsFiles.placementTypes, through: last, PlacementsFiles.readPlacementTypes)
        var lookedAfter: [Int: Double] = [:], foster: [Int: Double] = [:]
        for year in 2000...t0 { for row in types.rows(year: year, level: .national) where types.field(row, "measure") == "cla_at_31_march" {
            guard let v = row.value.number else { continue }
            switch types.field(row, "placement_type") {
            case "Total": lookedAfter[row.year] = v
            case "Foster placements": foster[row.year] = v
            default: break
            }
        } }
        let foi = try bundle.placementsTable(PlacementsFiles.outOfArea, through: last, PlacementsFiles.readOutOfArea)
        var outside: [Int: Double] = [:], percent: [Int: Double] = [:]
        for year in 2000...t0 { for row in foi.rows(year: year, level: .national) {
            guard let v = row.value.number else { continue }
            if foi.field(row, "measure") == PlacementsFiles.placedOutside { outside[row.year] = v }
            if foi.field(row, "measure") == PlacementsFiles.percentPlacedOutside { percent[row.year] = v }
        } }
        let years = lookedAfter.keys.sorted().filter { outside[$0] != nil && (percent[$0] ?? 0) > 0 }
        return (years, years.map { outside[$0]! / (percent[$0]! / 100) / lookedAfter[$0]! }, years.map { (foster[$0] ?? 0) / lookedAfter[$0]! })
    }
}
