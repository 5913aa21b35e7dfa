import CareCastFormats
import CareCastModel
import CareCastReturns
import Foundation

/// The placements files of one year on the reporting units of the workforce baseline: homes
/// and places where the homes are, looked-after children by placement and the authority
/// responsible for them, out-of-area placements, and local authority foster places.
///
/// Codes are mapped as the workforce data are (`ReportingUnits.destinations`), with two rules
/// the placements files need besides: a code used after the boundary change that abolished it
/// goes whole to the successor of the same name (Ofsted's and LAIT's "Dorset", E10000009, after
/// April 2019 is the new Dorset, not a share of it and of BCP); and a joint code (the
/// Tri-borough's fostering return) is split over its members by their child population.
public struct PlacementsEvidence: Sendable {
    public let year: Int
    public let units: [ReportingUnit]

    /// Homes and places by unit where the homes are, by provision type (`HomeProvision` order),
    /// as listed by Ofsted, and scaled so that each type's total is England's (tables 6a/6b).
    public var listedHomes: [[Double]] = []
    public var listedPlaces: [[Double]] = []
    public var homes: [[Double]] = []
    public var places: [[Double]] = []
    /// England's homes and places by provision type (tables 6a/6b).
    public var nationalHomes: [Double] = []
    public var nationalPlaces: [Double] = []
    /// The list behind the unit figures: `all_active` or `inspected_only` (a lower bound).
    public var basis = ""

    /// Looked-after children at 31 March by responsible unit: in children's homes (secure
    /// homes and children's homes), in foster placements, and all.
    public var childrenInHomes: [Double] = []
    public var fosterChildren: [Double] = []
    public var lookedAfter: [Double] = []
    /// England's published figures for the same.
    public var nationalChildrenInHomes = 0.0
    public var nationalFosterChildren = 0.0
    public var nationalLookedAfter = 0.0
    /// Children in children's homes placed outside the responsible unit, and the unit's net gain
    /// (other authorities' children in homes inside it less its own placed outside).
    public var placedOutside: [Double] = []
    /// England's figure (the authorities' sum falls short by the suppressed cells).
    public var nationalPlacedOutside = 0.0
    public var netGain: [Double] = []
    /// Children living in children's homes located in the unit: its own in homes plus its net
    /// gain (0 at least).
    public var childrenLivingIn: [Double] = []

    /// LA fostering services' approved places excluding family and friends (LAIT), by unit,
    /// where published that year (empty otherwise), and England's.
    public var laFosterPlaces: [Double] = []
    public var nationalLAFosterPlaces = 0.0
    /// The same places filled (children placed), by unit and England's.
    public var laFilledPlaces: [Double] = []
    public var nationalLAFilledPlaces = 0.0

    /// What was estimated or filled, cell by cell, for the report's notes.
    public var notes: [String] = []

    /// Reads the placements files for `year` (31 March) onto the reporting units `reporting`.
    /// `through` is the edition's last year (a later row is an error).
    /// At most this many children are assumed in a suppressed count.
    public static let suppressedCap = 5.0

    /// How children in children's homes by responsible authority are counted: DfE's count of
    /// children in secure homes and children's homes where the year has one (2021+), or always
    /// the FOI's number placed outside over its percentage (one definition across every year,
    /// for the back-test).
    public enum ChildrenInHomesMethod: String, Sendable { case published, outOfArea }

    /// Read once per bundle, units, year and method.
    public static func load(_ bundle: EnglandBundle, reporting: ReportingUnits, year: Int, through last: Int, method: ChildrenInHomesMethod = .published) throws(DataFileError) -> PlacementsEvidence {
        let key = "\(reporting.year)|\(year)|\(last)|\(method.rawValue)"
        if let evidence = bundle.cache.placementsEvidence.withLock({ $0[key] }) { return evidence }
        let evidence = try compute(bundle, reporting: reporting, year: year, through: last, method: method)
        bundle.cache.placementsEvidence.withLock { $0[key] = evidence }
        return evidence
    }

    static func compute(_ bundle: EnglandBundle, reporting: ReportingUnits, year: Int, through last: Int, method: ChildrenInHomesMethod) throws(DataFileError) -> PlacementsEvidence {
        var evidence = PlacementsEvidence(year: year, units: reporting.units)
        let weights = try childWeights(bundle)
        let n = reporting.units.count
        let zero = [Double](repeating: 0, count: n)
        let date = "\(year)-03-31"

        // Ofsted: homes and places by the unit where the home is.
        let homesFile = try bundle.placementsTable(PlacementsFiles.childrensHomes, through: last, PlacementsFiles.readChildrensHomes)
        let thisYear = homesFile.rows(year: year)
        let bases = Set(thisYear.map { homesFile.field($0, "basis") })
        evidence.basis = bases.contains("all_active") ? "all_active" : "inspected_only"
        let provisions = PlacementsFiles.HomeProvision.allCases
        evidence.listedHomes = Array(repeating: Array(repeating: 0, count: provisions.count), count: n)
        evidence.listedPlaces = evidence.listedHomes
        var problems: [DataProblem] = []
        for row in thisYear where homesFile.field(row, "basis") == evidence.basis {
            guard let p = provisions.firstIndex(where: { $0.rawValue == homesFile.field(row, "provision_type") }) else { continue }
            guard let shares = destinations(row, date: date, reporting: reporting, weights: weights) else {
                problems.append(unmapped(row, homesFile))
                continue
            }
            let value = row.value.number ?? 0
            for s in shares {
                if homesFile.field(row, "measure") == "homes" { evidence.listedHomes[s.unit][p] += value * s.share } else { evidence.listedPlaces[s.unit][p] += value * s.share }
            }
        }
        guard problems.isEmpty else { throw .badData(file: homesFile.file, problems) }
        if thisYear.isEmpty { evidence.notes.append("Ofsted's list has no children's homes rows for \(year).") }

        // England's homes and places (tables 6a/6b), the latest release's figure for the year.
        let national = try nationalProvidersPlaces(bundle, through: last)
        evidence.nationalHomes = provisions.map { national[[String(year), $0.rawValue, "providers"]] ?? 0 }
        evidence.nationalPlaces = provisions.map { national[[String(year), $0.rawValue, "registered_places"]] ?? 0 }
        evidence.homes = evidence.listedHomes
        evidence.places = evidence.listedPlaces
        for p in provisions.indices {
            let listedHomes = evidence.listedHomes.reduce(0) { $0 + $1[p] }, listedPlaces = evidence.listedPlaces.reduce(0) { $0 + $1[p] }
            let homeScale = listedHomes > 0 && evidence.nationalHomes[p] > 0 ? evidence.nationalHomes[p] / listedHomes : 1
            let placeScale = listedPlaces > 0 && evidence.nationalPlaces[p] > 0 ? evidence.nationalPlaces[p] / listedPlaces : 1
            for u in 0..<n {
                evidence.homes[u][p] *= homeScale
                evidence.places[u][p] *= placeScale
            }
            if abs(homeScale - 1) > 1e-9 || abs(placeScale - 1) > 1e-9 {
                evidence.notes.append("\(provisions[p].rawValue) \(year): Ofsted's \(evidence.basis == "all_active" ? "list" : "list of inspected homes") holds \(describeValue(listedHomes)) homes and \(describeValue(listedPlaces)) places against England's \(describeValue(evidence.nationalHomes[p])) and \(describeValue(evidence.nationalPlaces[p])) (tables 6a/6b); each authority's figures are scaled by \(String(format: "%.3f", homeScale)) and \(String(format: "%.3f", placeScale)) (homes not yet inspected assumed spread like those listed)")
            }
        }

        // Looked-after children by authority: the demand file's series where it has the year.
        let demand = try bundle.lookup("tidy/cla_cin_cpp_demand.csv", columns: ["year", "geographic_level", "geography_code", "measure", "value"], keys: ["year", "measure"])
        let (levelColumn, codeColumn, valueColumn) = (demand.table.column("geographic_level")!, demand.table.column("geography_code")!, demand.table.column("value")!)
        var demandTotals = zero, demandNational = 0.0, demandFound = false
        var demandByCode: [String: Double] = [:]
        for i in demand.rows([String(year), "cla_at_31_march"]) {
            let fields = demand.table.rows[i]
            guard let v = Double(fields[valueColumn]) else { continue }
            if fields[levelColumn] == "national" { demandNational = v; continue }
            guard fields[levelColumn] == "local_authority" else { continue }
            demandByCode[fields[codeColumn], default: 0] += v
            guard let shares = reporting.destinations(of: fields[codeColumn], weight: { weights[$0] }) else { continue }
            demandFound = true
            for s in shares { demandTotals[s.unit] += v * s.share }
        }
        // Looked-after children by placement type and responsible unit (the 2021+ scheme).
        let types = try bundle.placementsTable(PlacementsFiles.placementTypes, through: last, PlacementsFiles.readPlacementTypes)
        // "Foster placements" and "Total" mean the same in both of DfE's schemes; every other
        // type is read from the 2021+ scheme only.
        func placement(_ type: String, measure: String = "cla_at_31_march") throws(DataFileError) -> (units: [Double], national: Double, found: Bool) {
            var out = zero, suppressed = [Bool](repeating: false, count: n), national = 0.0, found = false
            var problems: [DataProblem] = []
            let schemes = PlacementsFiles.sameInBothSchemes.contains(type) ? [PlacementsFiles.currentSchemeName, PlacementsFiles.preSchemeName] : [PlacementsFiles.currentSchemeName]
            for row in types.rows(year: year) where schemes.contains(types.field(row, "category_scheme"))
                && types.field(row, "placement_type") == type && types.field(row, "measure") == measure {
                found = true
                if row.level == .national { national = row.value.number ?? 0; continue }
                guard row.level == .localAuthority else { continue }
                guard let shares = destinations(row, date: date, reporting: reporting, weights: weights) else {
                    problems.append(unmapped(row, types))
                    continue
                }
                // A percentage is turned into a count with the authority's own looked-after
                // children before it is summed or split (percentages never are).
                let count: Double?
                if measure.hasPrefix("pct"), let v = row.value.number {
                    count = demandByCode[row.code].map { v / 100 * $0 }
                } else {
                    count = measure.hasPrefix("pct") ? nil : row.value.number
                }
                for s in shares {
                    if let count { out[s.unit] += count * s.share } else if case .symbol(_, let meaning) = row.value, meaning.hasPrefix("suppressed") { suppressed[s.unit] = true }
                }
            }
            guard problems.isEmpty else { throw .badData(file: types.file, problems) }
            // Suppressed cells: England's figure less the units' sum, spread over them evenly, at
            // most `suppressedCap` each (a suppressed cell is a small count; in 2021-2023 most of
            // the shortfall is authorities published as percentages only, not suppression).
            let hidden = suppressed.indices.filter { suppressed[$0] && out[$0] == 0 }
            if !hidden.isEmpty && !measure.hasPrefix("pct") {
                let residual = max(0, national - out.reduce(0, +))
                let each = min(Self.suppressedCap, residual / Double(hidden.count))
                for u in hidden { out[u] = each }
                evidence.notes.append("\(type) \(year): \(hidden.count) authorities' counts suppressed; each taken as \(String(format: "%.1f", each)) (England's figure less the others', \(describeValue(residual)), spread evenly, at most \(describeValue(Self.suppressedCap)) each)")
            }
            return (out, national, found)
        }
        let homesCLA = try placement("Secure homes and children's homes")
        var foster = try placement("Foster placements")
        var total = try placement("Total")
        if demandFound { total = (demandTotals, demandNational, true) }
        // A year with percentages only (2020): foster children are the percentage of the total.
        if !foster.found && total.found {
            let counts = try placement("Foster placements", measure: "pct_of_cla_at_31_march")
            if counts.found {
                let known = (0..<n).filter { counts.units[$0] > 0 }
                let knownTotal = known.reduce(0.0) { $0 + total.units[$1] }
                let share = knownTotal > 0 ? known.reduce(0.0) { $0 + counts.units[$1] } / knownTotal : 0
                foster = ((0..<n).map { counts.units[$0] > 0 ? counts.units[$0] : share * total.units[$0] }, total.national * share, true)
                evidence.notes.append("Foster placements \(year): percentages only; each authority's percentage of its own looked-after children, summed into units (England's share where none is published)")
            }
        }
        evidence.childrenInHomes = homesCLA.units
        evidence.fosterChildren = foster.units
        evidence.lookedAfter = total.units
        evidence.nationalChildrenInHomes = homesCLA.national
        evidence.nationalFosterChildren = foster.national
        evidence.nationalLookedAfter = total.national

        // Out-of-area placements in children's homes (FOI).
        let foi = try bundle.placementsTable(PlacementsFiles.outOfArea, through: last, PlacementsFiles.readOutOfArea)
        evidence.placedOutside = zero
        evidence.netGain = zero
        var outsideByCode: [String: Double] = [:], percentByCode: [String: Double] = [:], rowByCode: [String: PublishedRow] = [:]
        var nationalOutside = 0.0, nationalPercent = 0.0
        for row in foi.rows(year: year) {
            let measure = foi.field(row, "measure")
            if row.level == .national {
                if measure == PlacementsFiles.placedOutside { nationalOutside = row.value.number ?? 0 }
                if measure == PlacementsFiles.percentPlacedOutside { nationalPercent = row.value.number ?? 0 }
                continue
            }
            guard row.level == .localAuthority else { continue }
            if rowByCode[row.code] == nil { rowByCode[row.code] = row }
            guard let v = row.value.number else { continue }
            guard let shares = destinations(row, date: date, reporting: reporting, weights: weights) else {
                problems.append(unmapped(row, foi))
                continue
            }
            switch measure {
            case PlacementsFiles.placedOutside: outsideByCode[row.code] = v
            case PlacementsFiles.percentPlacedOutside: percentByCode[row.code] = v
            default: break
            }
            for s in shares {
                switch measure {
                case PlacementsFiles.placedOutside: evidence.placedOutside[s.unit] += v * s.share
                case PlacementsFiles.netGain: evidence.netGain[s.unit] += v * s.share
                default: break
                }
            }
        }
        guard problems.isEmpty else { throw .badData(file: foi.file, problems) }
        // Before 2021 (no count of children in homes by authority): the FOI's number placed
        // outside over its percentage, where that is above 0; else the authority's looked-after
        // children times England's share in homes.
        if !homesCLA.found || method == .outOfArea {
            let nationalInHomes = nationalPercent > 0 ? nationalOutside / (nationalPercent / 100) : 0
            evidence.nationalChildrenInHomes = nationalInHomes
            let share = evidence.nationalLookedAfter > 0 ? nationalInHomes / evidence.nationalLookedAfter : 0
            // Each authority on its own (a joint unit's members each with their own percentage),
            // then summed into units.
            var estimated = 0
            evidence.childrenInHomes = zero
            for code in rowByCode.keys.sorted() {
                let own: Double
                if let p = percentByCode[code], p > 0, let outside = outsideByCode[code] {
                    own = outside / (p / 100)
                } else if let total = demandByCode[code] {
                    own = total * share
                    estimated += 1
                } else {
                    continue
                }
                guard let shares = destinations(rowByCode[code]!, date: date, reporting: reporting, weights: weights) else { continue }
                for s in shares { evidence.childrenInHomes[s.unit] += own * s.share }
            }
            evidence.notes.append("\(year): no count of children in children's homes by authority (DfE's placement categories before 2021 combine them with secure units and semi-independent living); each is the FOI's number placed outside over its percentage (England: \(describeValue(nationalInHomes.rounded()))), and for \(estimated) authorities without one, their looked-after children times England's share")
        }
        evidence.nationalPlacedOutside = nationalOutside
        evidence.childrenLivingIn = (0..<n).map { max(0, evidence.childrenInHomes[$0] + evidence.netGain[$0]) }

        // LA fostering services' approved places (LAIT, excluding family and friends).
        let fostering = try bundle.placementsTable(PlacementsFiles.fostering, through: last, PlacementsFiles.readFostering)
        var places = zero, filled = zero, any = false
        for row in fostering.rows(year: year) where fostering.field(row, "topic") == "Places" {
            let measure = fostering.field(row, "measure")
            let approved = measure.hasPrefix("Number of approved foster places (excluding family and friends")
            let used = measure.hasPrefix("Number of places that were filled (number of children placed) (excluding family and friends")
            guard approved || used else { continue }
            if row.level == .national {
                if approved { evidence.nationalLAFosterPlaces = row.value.number ?? 0 } else { evidence.nationalLAFilledPlaces = row.value.number ?? 0 }
                continue
            }
            guard row.level == .localAuthority, let v = row.value.number else { continue }
            guard let shares = destinations(row, date: date, reporting: reporting, weights: weights) else {
                problems.append(unmapped(row, fostering))
                continue
            }
            any = true
            for s in shares {
                if approved { places[s.unit] += v * s.share } else { filled[s.unit] += v * s.share }
            }
        }
        guard problems.isEmpty else { throw .badData(file: fostering.file, problems) }
        evidence.laFilledPlaces = any ? filled : []
        // Units with no figure ('-': the Tri-borough, Kingston and Richmond, the City, Scilly):
        // their foster children times the places per foster child of the units with one.
        if any {
            let reported = (0..<n).filter { places[$0] > 0 }
            let perChild = places.reduce(0, +) / max(1, reported.reduce(0.0) { $0 + evidence.fosterChildren[$1] })
            let filledPerChild = filled.reduce(0, +) / max(1, reported.reduce(0.0) { $0 + evidence.fosterChildren[$1] })
            let missing = (0..<n).filter { places[$0] == 0 && evidence.fosterChildren[$0] > 0 }
            for u in missing {
                places[u] = evidence.fosterChildren[u] * perChild
                filled[u] = evidence.fosterChildren[u] * filledPerChild
            }
            if !missing.isEmpty {
                evidence.notes.append("LA foster places \(year): no figure for \(missing.map { reporting.units[$0].name }.joined(separator: ", ")); each is its foster children times the approved (\(String(format: "%.3f", perChild))) and filled (\(String(format: "%.3f", filledPerChild))) places per foster child of the authorities with one")
            }
            evidence.laFilledPlaces = filled
            evidence.laFosterPlaces = places
        }
        return evidence
    }

    /// England's providers and places by year, provision type and measure, from the time series
    /// and each later release (a later file's figure replaces an earlier one's).
    public static func nationalProvidersPlaces(_ bundle: EnglandBundle, through last: Int) throws(DataFileError) -> [[String]: Double] {
        var files = [PlacementsFiles.providersPlaces]
        let folder = bundle.path("tidy")
        let prefix = (PlacementsFiles.providersPlacesPrefix as NSString).lastPathComponent
        if let names = try? FileManager.default.contentsOfDirectory(atPath: folder) {
            files += names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".csv") }.sorted().map { "tidy/" + $0 }
        }
        var out: [[String]: Double] = [:]
        for file in files {
            let table = try bundle.placementsTable(file, through: last, PlacementsFiles.readProvidersPlaces)
            for row in table.rows {
                guard let v = row.value.number else { continue }
                out[[String(row.year), table.field(row, "provision_type"), table.field(row, "measure")]] = v
            }
        }
        return out
    }

    /// Children aged 0-17 by current LA code at mid-2022: the weights that split a joint or
    /// abolished code.
    static func childWeights(_ bundle: EnglandBundle) throws(DataFileError) -> [String: Double] {
        if let weights = bundle.cache.childWeights.withLock({ $0 }) { return weights }
        let weights = try computeChildWeights(bundle)
        bundle.cache.childWeights.withLock { $0 = weights }
        return weights
    }

    static func computeChildWeights(_ bundle: EnglandBundle) throws(DataFileError) -> [String: Double] {
        let table = try bundle.tidy("tidy/population_single_year_age_0_17.csv", columns: ["year", "geography_code", "sex", "value"])
        let code = table.column("geography_code")!, value = table.column("value")!
        var out: [String: Double] = [:]
        for row in table.select(["year": "2022", "sex": "persons"]) { out[row.fields[code], default: 0] += Double(row.fields[value]) ?? 0 }
        return out
    }

    /// The units a row's figures go to, with their shares; nil when the code maps nowhere.
    static func destinations(_ row: PublishedRow, date: String, reporting: ReportingUnits, weights: [String: Double]) -> [(unit: Int, share: Double)]? {
        let members = row.code.components(separatedBy: " / ")
        let total = members.reduce(0.0) { $0 + (weights[$1] ?? 0) }
        var out: [(unit: Int, share: Double)] = []
        for member in members {
            let memberShare = members.count == 1 ? 1 : (total > 0 ? (weights[member] ?? 0) / total : 1 / Double(members.count))
            // A code used after the change that abolished it: the successor of the same name.
            let abolished = reporting.changes.filter { $0.oldCode == member && $0.effective <= date }
            if abolished.count > 1, let unit = reporting.units.firstIndex(where: { u in abolished.contains { $0.newCode == u.code || u.members.contains($0.newCode) } && u.name == row.name }) {
                out.append((unit, memberShare))
                continue
            }
            guard let shares = reporting.destinations(of: member, weight: { weights[$0] }) else { return nil }
            for s in shares { out.append((s.unit, s.share * memberShare)) }
        }
        return out
    }

    static func unmapped(_ row: PublishedRow, _ table: PublishedTable) -> DataProblem {
        DataProblem(line: row.line, column: (table.column("new_la_code") ?? 0) + 1, field: "new_la_code",
                    message: "\(row.code) (\(row.name)) is in no reporting unit of the base year, and no boundary change maps it")
    }

    /// All provision types' homes, or places, of a unit.
    public func totalHomes(_ unit: Int) -> Double { homes[unit].reduce(0, +) }
    public func totalPlaces(_ unit: Int) -> Double { places[unit].reduce(0, +) }
}
