import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastModel
import Foundation

/// The placements models against what happened, as far as the published series allow: each
/// base year's children's homes model (built only from data to that year, with the social work
/// back-test's population) projects children living in homes and places by authority to each
/// later year; a national stock-flow model of fostering households projects from the years
/// whose approvals and deregistrations were published. Each beside the naive benchmark (the
/// base year's figure carried).
public struct PlacementsBacktest: Sendable {
    public struct Score: Sendable {
        public var measure: String
        public var baseYear: Int
        public var year: Int
        public var actual: Double
        public var model: Double
        public var naive: Double
        /// Σ|model − actual| / Σ actual over authorities, and the same for the naive benchmark.
        public var authorityError: Double?
        public var authorityNaiveError: Double?
        public var authorities: Int
    }

    public var scores: [Score] = []
    public var notes: [String] = []

    static let livingIn = "children living in children's homes"
    static let places = "children's homes places (all types)"
    static let households = "fostering households (all, incl. family and friends)"

    public static func run(_ bundle: EnglandBundle, socialAssumptions: AssumptionSet, assumptions: AssumptionSet, socialInputs: [Int: ModelInput] = [:]) throws(DataFileError) -> PlacementsBacktest {
        var out = PlacementsBacktest()
        let last = bundle.baseYear
        let provisions = PlacementsFiles.HomeProvision.allCases
        let scope = try assumptions.list("homes_staff_scope")
        let inScope = provisions.indices.filter { scope.contains(provisions[$0].rawValue) }
        for base in 2019..<last {
            let social: ModelInput
            if let given = socialInputs[base] { social = given } else { social = try EnglandBaseline.build(bundle, assumptions: socialAssumptions, baseYear: base).input }
            // One definition of children in homes in every year: the FOI's (see the notes).
            let built = try PlacementsBaseline.build(bundle, assumptions: assumptions, social: social, fosterCare: false, childrenInHomes: .outOfArea)
            let result: ProjectionResult
            do { result = try Projection(built.childrensHomes).run(trainingSufficiency: false) } catch { throw .invalid(file: "placements back-test \(base)", error.issues) }
            let reporting = try bundle.reportingUnits(year: base)
            let units = reporting.units.count
            let baseEvidence = built.evidence
            guard let activity = result.activityIDs.firstIndex(of: PlacementsBaseline.homesActivity) else { continue }
            let leafOfUnit = reporting.units.map { u in result.leafAreas.firstIndex { result.areas[$0].code.rawValue == u.code }! }
            for year in (base + 1)...last {
                let actual = try PlacementsEvidence.load(bundle, reporting: reporting, year: year, through: last, method: .outOfArea)
                guard let t = result.yearIndex(year) else { continue }
                // Children living in homes: the model's activity count against the outturn.
                var predicted = [Double](repeating: 0, count: units), placesPredicted = predicted
                for u in 0..<units {
                    predicted[u] = result.activityCounts[result.activityIndex(activity: activity, leaf: leafOfUnit[u], yearIndex: t)]
                    let staff = result.roles.indices.reduce(0.0) { $0 + result.value(.fte, area: result.leafAreas[leafOfUnit[u]], role: $1, yearIndex: t) }
                    placesPredicted[u] = staff / built.figures.staffPerPlace
                }
                let placesActual = (0..<units).map { u in inScope.reduce(0.0) { $0 + actual.places[u][$1] } }
                let placesBase = (0..<units).map { u in inScope.reduce(0.0) { $0 + baseEvidence.places[u][$1] } }
                out.scores.append(score(livingIn, base, year, actual: actual.childrenLivingIn, model: predicted, naive: baseEvidence.childrenLivingIn))
                out.scores.append(score(places, base, year, actual: placesActual, model: placesPredicted, naive: placesBase))
            }
        }
        out.notes.append("Children living in homes are, in every year of the back-test, each authority's FOI count placed outside over its percentage (or, where that is suppressed or 0, its looked-after children times England's share) plus its net gain: one definition across the years (DfE's count of children in secure homes and children's homes starts in 2021 and is used for the baseline itself). Places are Ofsted's, scaled to England's tables 6a/6b where the year's list holds inspected homes only. Staff ratios come from the 2023-2024 census in every base year (no earlier figure is published), so places are projected as staff over the base year's staff per place.")
        out.scores += try fosteringHouseholds(bundle, through: last, notes: &out.notes)
        return out
    }

    static func score(_ measure: String, _ base: Int, _ year: Int, actual: [Double], model: [Double], naive: [Double]) -> Score {
        let total = actual.reduce(0, +)
        var modelError = 0.0, naiveError = 0.0
        for u in actual.indices {
            modelError += abs(model[u] - actual[u])
            naiveError += abs(naive[u] - actual[u])
        }
        return Score(measure: measure, baseYear: base, year: year, actual: total, model: model.reduce(0, +), naive: naive.reduce(0, +),
                     authorityError: total > 0 ? modelError / total : nil, authorityNaiveError: total > 0 ? naiveError / total : nil, authorities: actual.count)
    }

    /// All fostering households in England, projected by the engine from each year whose
    /// approvals and deregistrations Ofsted published, against the published totals.
    static func fosteringHouseholds(_ bundle: EnglandBundle, through last: Int, notes: inout [String]) throws(DataFileError) -> [Score] {
        let fostering = try bundle.placementsTable(PlacementsFiles.fostering, through: last, PlacementsFiles.readFostering)
        let national = try bundle.placementsTable(PlacementsFiles.fosteringNational, through: last, PlacementsFiles.readFosteringNational)
        func figure(_ year: Int, _ match: (String) -> Bool) -> Double? { PlacementsFiles.englandFostering(fostering, year: year, match) }
        var totals: [Int: Double] = [:]
        for year in 2012...last {
            if let v = figure(year, { $0 == "Total approved households" }) { totals[year] = v }
            if let row = national.rows.first(where: { $0.year == year && national.field($0, "measure") == "fostering_households_total" }), let v = row.value.number { totals[year] = v }
        }
        var scores: [Score] = []
        for base in totals.keys.sorted() {
            guard let stock = totals[base], let previous = totals[base - 1],
                  let deregistered = figure(base, { $0.hasPrefix("Total households de-registered") || $0.hasPrefix("Total households deregistered") }) else { continue }
            // Households approved in the year: one measure from 2019; before, mainstream
            // applications approved plus family and friends households approved.
            let approvals: Double
            if let all = figure(base, { $0 == "Total number of households approved in year" }) {
                approvals = all
            } else if let mainstream = figure(base, { $0 == "Number of applications approved" }), let friends = figure(base, { $0 == "Number of family and friends households approved in year" }) {
                approvals = mainstream + friends
            } else {
                continue
            }
            let horizon = last - base
            let area = AreaCode(England.code), role = RoleID("fostering_households"), band = AgeBandID("all")
            let input = ModelInput(
                baseYear: base, horizon: horizon, areas: [.init(code: area, name: "England", parent: nil, level: "national")],
                roles: [.init(id: role, name: "Fostering households", demand: .perActivity(activity: ActivityID("none"), staffPerUnit: 0))],
                ageBands: [.init(id: band, width: nil)], stock: [.init(area: area, role: role, ageBand: band, fte: stock)],
                leaverRates: [.init(role: role, ageBand: band, rate: deregistered / previous)],
                joiners: [.init(source: "households approved", role: role, base: approvals, ageDistribution: [.init(band, 1)])],
                population: (base...last).map { .init(area: area, ageGroup: "0-17", year: $0, persons: 1) },
                activities: [.init(id: ActivityID("none"), ageMix: [.init("0-17", 1)], baseCounts: [])], demand: .init(caseloadStandard: .calibrated))
            let result: ProjectionResult
            do { result = try Projection(input).run(trainingSufficiency: false) } catch { throw .invalid(file: "fostering back-test \(base)", error.issues) }
            for year in (base + 1)...last {
                guard let actual = totals[year] else { continue }
                scores.append(Score(measure: households, baseYear: base, year: year, actual: actual, model: result.value(.fte, area, role, year: year), naive: stock,
                                    authorityError: nil, authorityNaiveError: nil, authorities: 0))
            }
            notes.append("Fostering households from \(base): \(describeValue(stock)) households, \(describeValue(deregistered)) deregistered in the year (\(String(format: "%.1f", 100 * deregistered / previous))% of the year before's), \(describeValue(approvals)) approved, carried.")
        }
        return scores
    }

    /// The scores as an open-data table.
    public func csv() -> String {
        var text = "time_period,time_identifier,geographic_level,country_code,country_name,measure,base_year,horizon_years,outturn,model,naive,model_error_pct,naive_error_pct,authority_error_pct,authority_naive_error_pct,authorities\n"
        func pct(_ v: Double?) -> String { v.map { String(format: "%.2f", 100 * $0) } ?? "x" }
        for s in scores {
            text += "\(s.year),Reporting year,National,E92000001,England,\(s.measure),\(s.baseYear),\(s.year - s.baseYear),\(String(format: "%.1f", s.actual)),\(String(format: "%.1f", s.model)),\(String(format: "%.1f", s.naive)),"
            text += "\(pct(s.actual > 0 ? (s.model - s.actual) / s.actual : nil)),\(pct(s.actual > 0 ? (s.naive - s.actual) / s.actual : nil)),\(pct(s.authorityError)),\(pct(s.authorityNaiveError)),\(s.authorities)\n"
        }
        return text
    }
}
