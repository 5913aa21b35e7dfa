import CareCastFormats
import CareCastModel
import CareCastReturns
import Foundation

/// Foster care: mainstream fostering households as a stock, approvals and deregistrations as
/// flows, by local authority fostering service, with independent fostering agencies as one
/// national leaf (`docs/MODEL.md`, other workforces).
extension PlacementsBaseline {
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
            func figure(_ year: Int, _ measure: String) -> Double? { PlacementsFiles.englandFostering(fostering, year: year) { $0.hasPrefix(measure) } }
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
        // Places: mainstream approved places per mainstream household, where both are published.
        for year in stride(from: t0, through: t0 - 6, by: -1) {
            if let places = published("mainstream_approved_places", year), let households = published("mainstream_fostering_households", year), households > 0 {
                figures.placesPerHousehold = places / households
                figures.placesYear = year
                break
            }
        }
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
}
