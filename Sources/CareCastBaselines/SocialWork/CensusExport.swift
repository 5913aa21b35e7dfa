import CareCastFormats
import CareCastReturns
import Foundation

/// Collected returns written as DfE publishes the workforce statistics: the indicators file
/// (`published/dfe_csww_indicators.csv`, explore-education-statistics layout) and the in-post
/// figures by role (`tidy/csww_workforce_by_role_and_ethnicity.csv`), so that `carecast report
/// --data DIR` builds the assessment from collected returns through the same importers as
/// the published statistics, with no code path of its own.
public enum CensusExport {
    /// One reporting unit's accepted return, by its members' ONS codes.
    public struct Returned: Sendable {
        public var onsCodes: [String]
        public var aggregate: CensusAggregate

        public init(onsCodes: [String], aggregate: CensusAggregate) {
            self.onsCodes = onsCodes
            self.aggregate = aggregate
        }
    }

    /// The indicators the export fills, in the published file's order; the rest are `x`.
    static let computed: Set<String> = [
        "inpost_fte", "inpost_headcount", "starters_fte", "starters_headcount", "leavers_fte", "leavers_headcount",
        "turnover_rate_fte", "turnover_rate_headcount", "agency_fte", "agency_headcount", "agency_rate_fte", "agency_rate_headcount",
        "vacancy_fte", "vacancy_rate_fte", "case_holders_fte", "cases", "caseload_fte", "working_days_lost_fte",
    ]

    /// OrgRole codes as the role file names them.
    public static let roleNames = ["1": "Senior manager", "2": "Middle manager", "3": "First line manager", "4": "Senior practitioner", "5": "Case holder", "6": "Qualified without cases"]

    static func number(_ x: Double, _ places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let r = (x * scale).rounded() / scale
        if places == 0 { return String(Int(r)) }
        return String(format: "%.\(places)f", r)
    }

    /// Headcounts from 1 to this less one are suppressed (`c`) in an authority's row, with
    /// the figures that would reveal them, as official statistics do.
    public static let disclosureThreshold = 5

    /// The measure values of one aggregate, as the published file writes them, after
    /// disclosure control: a headcount of 1 to 4 is `c`, and so are its FTE and the rates
    /// built on it. FTE is rounded to one decimal place.
    public static func values(_ a: CensusAggregate) -> [String: String] {
        var v = rawValues(a)
        let groups: [(headcount: String, dependants: [String])] = [
            ("inpost_headcount", ["inpost_fte", "turnover_rate_headcount", "agency_rate_headcount", "case_holders_fte", "cases", "caseload_fte", "working_days_lost_fte"]),
            ("starters_headcount", ["starters_fte"]),
            ("leavers_headcount", ["leavers_fte", "turnover_rate_fte", "turnover_rate_headcount"]),
            ("agency_headcount", ["agency_fte", "agency_rate_fte", "agency_rate_headcount"]),
        ]
        for g in groups {
            guard let n = Int(v[g.headcount] ?? ""), n > 0, n < disclosureThreshold else { continue }
            v[g.headcount] = "c"
            for d in g.dependants { v[d] = "c" }
        }
        return v
    }

    static func rawValues(_ a: CensusAggregate) -> [String: String] {
        func rate(_ part: Double, _ whole: Double) -> String { whole > 0 ? number(100 * part / whole, 1) : "z" }
        return [
            "inpost_fte": number(a.inPost.fte, 1), "inpost_headcount": String(a.inPost.headcount),
            "starters_fte": number(a.starters.fte, 1), "starters_headcount": String(a.starters.headcount),
            "leavers_fte": number(a.leavers.fte, 1), "leavers_headcount": String(a.leavers.headcount),
            "turnover_rate_fte": rate(a.leavers.fte, a.inPost.fte), "turnover_rate_headcount": rate(Double(a.leavers.headcount), Double(a.inPost.headcount)),
            "agency_fte": number(a.agency.fte, 1), "agency_headcount": String(a.agency.headcount),
            "agency_rate_fte": rate(a.agency.fte, a.agency.fte + a.inPost.fte),
            "agency_rate_headcount": rate(Double(a.agency.headcount), Double(a.agency.headcount + a.inPost.headcount)),
            "vacancy_fte": number(a.vacancyFTE, 1), "vacancy_rate_fte": rate(a.vacancyFTE, a.vacancyFTE + a.inPost.fte),
            "case_holders_fte": number(a.caseHoldersFTE, 1), "cases": String(a.cases),
            "caseload_fte": a.caseHoldersFTE > 0 ? number(Double(a.cases) / a.caseHoldersFTE, 0) : "z",
            "working_days_lost_fte": number(a.workingDaysLost, 0),
        ]
    }

    /// Copies the bundle at `bundle` to `out`, then replaces the `year` rows of the indicators
    /// and role files with figures counted from `returns`. A unit with no accepted return gets
    /// `x` (not available); so do the regional and national totals it belongs to, rather than a
    /// total that silently leaves it out. Returns what it did, for the data guidance.
    @discardableResult
    public static func write(bundle: String, to out: String, year: Int, returns: [Returned]) throws(DataFileError) -> [String] {
        let england = try EnglandBundle(directory: bundle)
        let units = try england.reportingUnits()
        var byUnit: [Int: CensusAggregate] = [:]
        var unknown: [String] = []
        for r in returns {
            guard let u = r.onsCodes.compactMap({ units.unit(ofMember: $0) }).first else {
                unknown.append(r.onsCodes.joined(separator: "/"))
                continue
            }
            byUnit[u, default: CensusAggregate(year: year, lea: "")].add(r.aggregate)
        }
        guard unknown.isEmpty else {
            throw .badData(file: bundle, [DataProblem(line: 0, column: 0, field: "new_la_code", message: "returns for authorities the bundle does not know: \(unknown.joined(separator: ", "))")])
        }
        do {
            let fm = FileManager.default
            if fm.fileExists(atPath: out) { try fm.removeItem(atPath: out) }
            try fm.copyItem(atPath: bundle, toPath: out)
        } catch {
            throw .unwritable(file: out, reason: error.localizedDescription)
        }
        var notes: [String] = []
        // The indicators file.
        let indicatorsPath = out + "/" + EnglandBundle.indicatorsFile
        let table = try DataFile.loadCSV(indicatorsPath)
        guard let yearColumn = table.column("time_period") else { throw .badData(file: indicatorsPath, [DataProblem(line: 1, column: 1, field: "time_period", message: "missing column")]) }
        var lines = [table.header.map(CSVText.field).joined(separator: ",")]
        for row in table.rows where Int(row[yearColumn].prefix(4)) != year { lines.append(row.map(CSVText.field).joined(separator: ",")) }
        let regionNames = Dictionary(uniqueKeysWithValues: England.regions.map { ($0.code, $0.name) })
        func line(level: String, regionCode: String, regionName: String, old: String, new: String, name: String, _ a: CensusAggregate?) -> String {
            let v = a.map(values) ?? [:]
            let geography: [String: String] = [
                "time_period": String(year), "time_identifier": "Reporting year", "geographic_level": level,
                "country_code": England.code, "country_name": "England", "region_code": regionCode, "region_name": regionName,
                "old_la_code": old, "new_la_code": new, "la_name": name,
            ]
            return table.header.map { column in CSVText.field(geography[column] ?? v[column] ?? "x") }.joined(separator: ",")
        }
        var national: CensusAggregate? = CensusAggregate(year: year, lea: "")
        var regions: [String: CensusAggregate?] = [:]
        var subregions: [String: CensusAggregate?] = [:]
        var missing: [String] = []
        var laLines: [String] = []
        for (i, unit) in units.units.enumerated() {
            let a = byUnit[i]
            if a == nil { missing.append(unit.name) }
            for (key, total) in [(unit.regionCode, a), (unit.subregionCode ?? "", a)] where !key.isEmpty {
                var map = key.hasPrefix("E13") ? subregions : regions
                let current = map[key] ?? CensusAggregate(year: year, lea: "")
                if var c = current, let t = total { c.add(t); map[key] = c } else { map[key] = .some(nil) }
                if key.hasPrefix("E13") { subregions = map } else { regions = map }
            }
            if var n = national, let a { n.add(a); national = n } else { national = nil }
            let region = unit.subregionCode ?? unit.regionCode
            laLines.append(line(level: "Local authority", regionCode: region, regionName: unit.subregionCode.map { $0 == "E13000001" ? "Inner London" : "Outer London" } ?? (regionNames[region] ?? ""),
                                old: unit.oldCode, new: unit.code, name: unit.name, a))
        }
        lines.append(line(level: "National", regionCode: "", regionName: "", old: "", new: "", name: "", national))
        for (code, a) in regions.sorted(by: { $0.key < $1.key }) {
            lines.append(line(level: "Regional", regionCode: code, regionName: regionNames[code] ?? code, old: "", new: "", name: "", a))
        }
        for (code, a) in subregions.sorted(by: { $0.key < $1.key }) {
            lines.append(line(level: "Regional", regionCode: code, regionName: code == "E13000001" ? "Inner London" : "Outer London", old: "", new: "", name: "", a))
        }
        lines += laLines
        try DataFile.writeAtomically(Array((lines.joined(separator: "\n") + "\n").utf8), to: indicatorsPath)
        notes.append("\(EnglandBundle.indicatorsFile): \(year) rows counted from \(byUnit.count) of \(units.units.count) reporting units' accepted returns")
        if !missing.isEmpty {
            notes.append("no accepted return from \(missing.count) units (\(missing.prefix(5).joined(separator: ", "))\(missing.count > 5 ? ", …" : "")): their rows, and the totals they belong to, are x (not available)")
        }
        notes.append("not collected in the return, so x: agency_cover_fte, agency_cover_rate_fte, vacancy_agency_cover_rate_fte, absence_rate_fte")
        notes.append("disclosure control: in authorities' rows a headcount of 1 to \(disclosureThreshold - 1) is c (suppressed), with the FTE and rates that would reveal it; FTE is rounded to one decimal place; totals are computed before suppression")

        // The role file: in-post FTE and headcount by role, national and by unit.
        let rolePath = out + "/tidy/csww_workforce_by_role_and_ethnicity.csv"
        let roles = try DataFile.loadCSV(rolePath)
        guard let roleYear = roles.column("year") else { throw .badData(file: rolePath, [DataProblem(line: 1, column: 1, field: "year", message: "missing column")]) }
        var roleLines = [roles.header.map(CSVText.field).joined(separator: ",")]
        for row in roles.rows where Int(row[roleYear]) != year { roleLines.append(row.map(CSVText.field).joined(separator: ",")) }
        func roleRows(level: String, code: String, old: String, name: String, region: String, _ a: CensusAggregate) -> [String] {
            var out: [String] = []
            var named: [(String, WorkforceMeasure)] = roleNames.sorted { $0.key < $1.key }.map { ($0.value, a.byRole[$0.key] ?? WorkforceMeasure()) }
            named.append(("Total", a.inPost))
            for (role, m) in named {
                let hidden = level == "local_authority" && m.headcount > 0 && m.headcount < disclosureThreshold
                for (measure, value, unit) in [("inpost_FTE", hidden ? "c" : number(m.fte, 1), "FTE"), ("inpost_headcount", hidden ? "c" : String(m.headcount), "headcount")] {
                    let fields: [String: String] = [
                        "year": String(year), "geographic_level": level, "geography_code": code, "old_la_code": old, "geography_name": name,
                        "region_name": region, "role": role, "breakdown_topic": "Ethnicity major", "breakdown": "Total", "measure": measure,
                        "value": value, "value_flag": "", "unit": unit, "source": "CareCast: accepted \(year) census returns",
                    ]
                    out.append(roles.header.map { CSVText.field(fields[$0] ?? "") }.joined(separator: ","))
                }
            }
            return out
        }
        if let national { roleLines += roleRows(level: "national", code: England.code, old: "", name: "National", region: "", national) }
        for (i, unit) in units.units.enumerated() {
            if let a = byUnit[i] { roleLines += roleRows(level: "local_authority", code: unit.code, old: unit.oldCode, name: unit.name, region: regionNames[unit.regionCode] ?? "", a) }
        }
        try DataFile.writeAtomically(Array((roleLines.joined(separator: "\n") + "\n").utf8), to: rolePath)
        notes.append("tidy/csww_workforce_by_role_and_ethnicity.csv: \(year) in-post FTE and headcount by role from the same returns")
        try DataFile.writeAtomically(Array(("# Collected returns\n\n" + notes.map { "- " + $0 }.joined(separator: "\n") + "\n").utf8), to: out + "/COLLECTED.md")
        return notes
    }
}
