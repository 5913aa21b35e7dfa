import CareCastFormats
import CareCastModel
import CareCastReturns

/// The base-year workforce as DfE publishes it, for England, each region (and Inner and Outer
/// London) and each reporting unit: every published indicator beside the sum of the units'
/// figures, every symbol flagged and imputed by a stated rule.
public struct BaseYearAccounts: Sendable {
    /// The workforce indicators the accounts carry (DfE's column names).
    public static let measures = [
        "inpost_fte", "inpost_headcount", "agency_fte", "agency_headcount", "agency_cover_fte", "vacancy_fte",
        "case_holders_fte", "cases", "starters_fte", "leavers_fte",
    ]

    /// What each measure is, in DfE's words.
    public static let definitions: [String: String] = [
        "inpost_fte": "FTE of children and family social workers employed by the local authority at 30 September",
        "inpost_headcount": "headcount of the same",
        "agency_fte": "FTE of agency workers at 30 September",
        "agency_headcount": "headcount of agency workers at 30 September",
        "agency_cover_fte": "FTE of agency workers covering vacancies",
        "vacancy_fte": "FTE of vacancies at 30 September",
        "case_holders_fte": "FTE of social workers holding one or more cases",
        "cases": "cases held at 30 September",
        "starters_fte": "FTE of social workers who started in the year to 30 September",
        "leavers_fte": "FTE of social workers who left in the year to 30 September",
    ]

    public struct Geography: Sendable {
        public var code: String
        public var name: String
        public var level: GeographicLevel
        /// Published value of each measure (nil where the file has a symbol).
        public var published: [String: Double]
        /// Σ of the units' figures as DfE's totals count them (values DfE withheld but counted
        /// in a total are recovered from that total).
        public var basis: [String: Double]
        /// `basis` plus estimates for units whose values DfE's totals leave out: what CareCast uses.
        public var accounts: [String: Double]
    }

    /// One cell that was not a number, and what was put in its place.
    public struct Imputation: Sendable, Equatable {
        public var unit: String
        public var measure: String
        public var symbol: EESSymbol
        public var value: Double
        /// True when the published totals include the unit's value (so it is recovered from them).
        public var inPublishedTotals: Bool
        public var rule: String
    }

    public let year: Int
    public let england: Geography
    public let regions: [Geography]
    public let subregions: [Geography]
    public let units: [Geography]
    public let imputations: [Imputation]

    public static let imputationRules = """
        'low' (rounds to 0) and 'z' (not applicable) count as 0. For 'x', 'c' and 'u': where the \
        published total of the unit's finest published area (Inner or Outer London, else the \
        region) exceeds the sum of the units that have values, the difference is the withheld \
        value (shared by in-post FTE when several units withheld it); otherwise the published \
        total leaves the unit out, and it is estimated at that area's rate per in-post FTE.
        """

    public init(indicators: EESFile, units reporting: ReportingUnits) {
        let year = reporting.year
        let rows = indicators.rows.filter { $0.year == year }
        func published(_ row: EESRow?) -> [String: Double] {
            var values: [String: Double] = [:]
            for m in Self.measures { if let n = row?.value(m).number { values[m] = n } }
            return values
        }
        let unitRows = reporting.units.map { unit in rows.first { $0.level == .localAuthority && $0.newLACode == unit.code } }
        let englandRow = rows.first { $0.level == .national }
        let regionRows = England.regions.map { region in rows.first { $0.level == .regional && $0.regionCode == region.code } }
        let subregionRows = England.londonSubregions.map { code in rows.first { $0.level == .regional && $0.regionCode == code } }

        var values = unitRows.map { published($0) }
        var imputations: [Imputation] = []
        var excluded = Array(repeating: Set<String>(), count: reporting.units.count)
        for m in Self.measures {
            // Units whose value is a symbol, grouped by their finest published area.
            var missingByArea: [String: [Int]] = [:]
            for (i, row) in unitRows.enumerated() {
                guard case .symbol(let symbol)? = row?.value(m) else { continue }
                switch symbol {
                case .low, .notApplicable:
                    values[i][m] = 0
                    imputations.append(Imputation(unit: reporting.units[i].code, measure: m, symbol: symbol, value: 0, inPublishedTotals: true, rule: symbol == .low ? "rounds to 0: counted as 0" : "not applicable: counted as 0"))
                default:
                    let unit = reporting.units[i]
                    missingByArea[unit.subregionCode ?? unit.regionCode, default: []].append(i)
                }
            }
            for (area, missing) in missingByArea.sorted(by: { $0.key < $1.key }) {
                let members = reporting.units.indices.filter { (reporting.units[$0].subregionCode ?? reporting.units[$0].regionCode) == area }
                let known = members.filter { !missing.contains($0) }
                let knownSum = known.reduce(0.0) { $0 + (values[$1][m] ?? 0) }
                let areaRow = rows.first { $0.level == .regional && $0.regionCode == area }
                let residual = (areaRow?.value(m).number).map { $0 - knownSum } ?? 0
                let missingFTE = missing.reduce(0.0) { $0 + (values[$1]["inpost_fte"] ?? 0) }
                // Withheld but counted in the total when the total exceeds the known units by more
                // than rounding (0.05 per unit).
                if residual > 0.05 * Double(members.count) {
                    for i in missing {
                        let share = missingFTE > 0 ? (values[i]["inpost_fte"] ?? 0) / missingFTE : 1 / Double(missing.count)
                        let value = (residual * share * 10).rounded() / 10
                        values[i][m] = value
                        imputations.append(Imputation(unit: reporting.units[i].code, measure: m, symbol: unitRows[i]!.value(m).symbolValue!, value: value, inPublishedTotals: true, rule: "recovered from the published total of \(areaRow?.regionName ?? area)"))
                    }
                } else {
                    let knownFTE = known.reduce(0.0) { $0 + (values[$1]["inpost_fte"] ?? 0) }
                    let rate = knownFTE > 0 ? knownSum / knownFTE : 0
                    for i in missing {
                        let value = ((values[i]["inpost_fte"] ?? 0) * rate * 10).rounded() / 10
                        values[i][m] = value
                        excluded[i].insert(m)
                        imputations.append(Imputation(unit: reporting.units[i].code, measure: m, symbol: unitRows[i]!.value(m).symbolValue!, value: value, inPublishedTotals: false, rule: "left out of the published totals: estimated at \(areaRow?.regionName ?? area)'s rate per in-post FTE (\(NumberText.fixed(rate, decimals: 4)))"))
                    }
                }
            }
        }

        func sums(_ members: [Int], includeExcluded: Bool) -> [String: Double] {
            var out: [String: Double] = [:]
            for m in Self.measures {
                out[m] = members.reduce(0.0) { total, i in
                    (!includeExcluded && excluded[i].contains(m)) ? total : total + (values[i][m] ?? 0)
                }
            }
            return out
        }
        func geography(_ code: String, _ name: String, _ level: GeographicLevel, _ row: EESRow?, _ members: [Int]) -> Geography {
            Geography(code: code, name: name, level: level, published: published(row),
                      basis: sums(members, includeExcluded: false), accounts: sums(members, includeExcluded: true))
        }
        self.year = year
        self.england = geography(England.code, "England", .national, englandRow, Array(reporting.units.indices))
        self.regions = England.regions.enumerated().map { r, region in
            geography(region.code, region.name, .regional, regionRows[r], reporting.units.indices.filter { reporting.units[$0].regionCode == region.code })
        }
        self.subregions = England.londonSubregions.enumerated().map { s, code in
            geography(code, subregionRows[s]?.regionName ?? code, .regional, subregionRows[s], reporting.units.indices.filter { reporting.units[$0].subregionCode == code })
        }
        self.units = reporting.units.enumerated().map { i, unit in
            Geography(code: unit.code, name: unit.name, level: .localAuthority, published: published(unitRows[i]), basis: values[i], accounts: values[i])
        }
        self.imputations = imputations
    }
}

extension EESValue {
    var symbolValue: EESSymbol? {
        if case .symbol(let s) = self { return s }
        return nil
    }
}
