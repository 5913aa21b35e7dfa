import CareCastFormats
import CareCastModel
import CareCastReturns
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

    /// Reads and checks the placements files and builds the base year's evidence and share
    /// series into the bundle's cache, where the data folder has the placements workforce;
    /// errors are left for the build that needs the files to report.
    public static func warm(_ bundle: EnglandBundle) {
        guard FileManager.default.fileExists(atPath: bundle.path("placements.yaml")), let reporting = try? bundle.reportingUnits() else { return }
        _ = try? PlacementsEvidence.load(bundle, reporting: reporting, year: bundle.baseYear, through: bundle.baseYear)
        _ = try? shareSeries(bundle, through: bundle.baseYear, last: bundle.baseYear)
        _ = try? bundle.placementsTable(PlacementsFiles.homesWorkforce, through: bundle.baseYear, PlacementsFiles.readHomesWorkforce)
        _ = try? bundle.placementsTable(PlacementsFiles.fosteringNational, through: bundle.baseYear, PlacementsFiles.readFosteringNational)
    }

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
        /// Mainstream approved places per mainstream household (latest year publishing both),
        /// and that year; 0 where none does.
        public var placesPerHousehold = 0.0
        public var placesYear = 0
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
        let homesInput = try childrensHomesInput(
            bundle, assumptions: assumptions, social: social, evidence: evidence, reporting: reporting, lookedAfter: lookedAfter,
            needPath: placementPath(homesShare), figures: &figures, notes: &notes)
        var fosterInput: ModelInput?
        if includeFoster {
            fosterInput = try fosterCareInput(bundle, assumptions: assumptions, social: social, evidence: evidence, lookedAfter: lookedAfter, path: placementPath(fosterShare), figures: &figures, notes: &notes)
        }
        return PlacementsBaseline(
            childrensHomes: homesInput, fosterCare: fosterInput, evidence: evidence, homesShare: homesShare, fosterShare: fosterShare,
            figures: figures, notes: notes)
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
