import CareCastFormats
import Foundation

/// The returns other than the census (RETURNS.md §2–4): children's homes staffing, training
/// pipeline and consultation evidence. Each is checked against the same rule registry, all
/// findings at once, and summed into totals.
public enum OtherReturns {
    public static let homeRoles = ["RegisteredManager", "DeputyManager", "SeniorResidentialWorker", "ResidentialCareWorker", "WakingNightStaff"]
    static let homeRoleItems = ["Headcount", "FTE", "VacantFTE", "AgencyFTE", "Starters", "Leavers"]

    /// The columns of the homes return: one row per home.
    public static var homeColumns: [String] {
        ["URN", "LACode", "ReferenceDate", "RegisteredPlaces", "ChildrenPlaced", "RegisteredManagerInPost"]
            + homeRoles.flatMap { role in homeRoleItems.map { "\(role)\($0)" } }
    }

    /// Checks a children's homes staffing return (CSV). `urns`: the homes the organisation may
    /// return for (empty: any).
    public static func checkHomes(_ source: ByteSource, context: CensusContext, urns: Set<String> = []) throws(DataFileError) -> CensusOutcome {
        var check = CensusCheck(context: context)
        check.currentFile = source.name
        var stream = CSVStream(source)
        var summary: [String: Double] = [:]
        do {
            guard let (index, width) = try columns(&stream, required: homeColumns, rule: "HOME-008", check: &check) else {
                return check.finish(summary: summary)
            }
            var seen = Set<String>()
            let reference = "\(context.year)-09-30"
            while let row = try nextRow(&stream, width: width, check: &check) {
                func field(_ n: String) -> String { row.fields[index[n]!].trimmingSpaces }
                let urn = field("URN")
                func flag(_ id: String, _ element: String, _ value: String) { check.report(id, line: row.line, reference: urn, element: element, value: value) }
                if urn.count != 6 || !urn.allSatisfy(\.isASCIIDigit) { flag("HOME-001", "URN", urn) }
                else if !urns.isEmpty && !urns.contains(urn) { check.report("HOME-002", line: row.line, reference: urn, element: "URN", value: urn, parameter: urns.sorted().joined(separator: ", ")) }
                if !seen.insert(urn).inserted { flag("HOME-010", "URN", urn) }
                let la = field("LACode")
                if !(la.count == 9 && la.hasPrefix("E") && la.dropFirst().allSatisfy(\.isASCIIDigit)) { flag("HOME-003", "LACode", la) }
                if field("ReferenceDate") != reference { flag("HOME-004", "ReferenceDate", field("ReferenceDate")) }
                func whole(_ n: String) -> Int? {
                    let v = field(n)
                    guard CensusCheck.isWhole(v) else { flag("HOME-005", n, v); return nil }
                    return Int(v)
                }
                func fte(_ n: String) -> Double? {
                    let v = field(n)
                    guard CensusCheck.isDecimal(v, places: 2) else { flag("HOME-006", n, v); return nil }
                    return Double(v)
                }
                let places = whole("RegisteredPlaces"), placed = whole("ChildrenPlaced")
                let manager = field("RegisteredManagerInPost")
                if manager != "0" && manager != "1" { flag("HOME-007", "RegisteredManagerInPost", manager) }
                var staffFTE = 0.0, agency = 0.0, headcount = 0, leavers = 0
                for role in homeRoles {
                    let h = whole(role + "Headcount"), f = fte(role + "FTE")
                    let vacant = fte(role + "VacantFTE"), ag = fte(role + "AgencyFTE")
                    let st = whole(role + "Starters"), lv = whole(role + "Leavers")
                    if let h, let f, f > Double(h) + 1e-9 { flag("HOME-009", role + "FTE", field(role + "FTE")) }
                    staffFTE += f ?? 0; agency += ag ?? 0; headcount += h ?? 0; leavers += lv ?? 0
                    summary[role + "FTE", default: 0] += f ?? 0
                    summary[role + "Headcount", default: 0] += Double(h ?? 0)
                    summary[role + "VacantFTE", default: 0] += vacant ?? 0
                    summary[role + "AgencyFTE", default: 0] += ag ?? 0
                    summary[role + "Starters", default: 0] += Double(st ?? 0)
                    summary[role + "Leavers", default: 0] += Double(lv ?? 0)
                }
                if manager == "1", field("RegisteredManagerHeadcount") == "0" { flag("HOME-011", "RegisteredManagerInPost", manager) }
                if manager == "0" { flag("HOME-104", "RegisteredManagerInPost", manager) }
                if let places, let placed, placed > places { flag("HOME-101", "ChildrenPlaced", String(placed)) }
                if staffFTE + agency > 0, let rule = check.parameter("HOME-102"), 100 * agency / (staffFTE + agency) > rule.number {
                    flag("HOME-102", "AgencyFTE", CensusCheck.format(100 * agency / (staffFTE + agency), 1))
                }
                if headcount > 0, let rule = check.parameter("HOME-103"), 100 * Double(leavers) / Double(headcount) > rule.number {
                    flag("HOME-103", "Leavers", CensusCheck.format(100 * Double(leavers) / Double(headcount), 1))
                }
                summary["homes", default: 0] += 1
                summary["RegisteredPlaces", default: 0] += Double(places ?? 0)
                summary["ChildrenPlaced", default: 0] += Double(placed ?? 0)
            }
        } catch {
            if case .malformedCSV(_, let syntax) = error { check.unreadable(line: syntax.line, reason: "malformed CSV: \(syntax.message)") } else { throw error }
        }
        return check.finish(summary: summary)
    }

    /// A CSV return's header: each column's index by name (the first of a repeated name) and
    /// the number of columns; nil when the file is empty or a required column is missing, each
    /// reported under `rule`.
    static func columns(_ stream: inout CSVStream, required: [String], rule: String, check: inout CensusCheck) throws(DataFileError) -> ([String: Int], Int)? {
        guard let header = try stream.next() else {
            check.report(rule, line: 1, element: required[0], value: "")
            return nil
        }
        var index: [String: Int] = [:]
        for (i, n) in header.fields.map(\.trimmingSpaces).enumerated() where index[n] == nil { index[n] = i }
        let missing = required.filter { index[$0] == nil }
        for m in missing { check.report(rule, line: header.line, element: m, value: "") }
        return missing.isEmpty ? (index, header.fields.count) : nil
    }

    /// The next row with as many fields as the header: blank lines are skipped, and a ragged
    /// row is reported and skipped.
    static func nextRow(_ stream: inout CSVStream, width: Int, check: inout CensusCheck) throws(DataFileError) -> (fields: [String], line: Int)? {
        while let row = try stream.next() {
            if row.fields.count == 1, row.fields[0].isEmpty { continue }
            guard row.fields.count == width else {
                check.unreadable(line: row.line, reason: "the row has \(row.fields.count) fields where the header has \(width)", stopped: false)
                continue
            }
            return row
        }
        return nil
    }

    public static let pipelineColumns = ["Programme", "Route", "AcademicYear", "Intake", "Completions", "FirstDestinationLA", "FirstDestinationOther", "FirstDestinationUnknown"]

    /// Checks a training-pipeline return (CSV): one row per programme and academic year.
    public static func checkPipeline(_ source: ByteSource, context: CensusContext) throws(DataFileError) -> CensusOutcome {
        var check = CensusCheck(context: context)
        check.currentFile = source.name
        var stream = CSVStream(source)
        var summary: [String: Double] = [:]
        do {
            guard let (index, width) = try columns(&stream, required: pipelineColumns, rule: "PIPE-001", check: &check) else {
                return check.finish(summary: summary)
            }
            let routes = check.parameter("PIPE-002")?.codes ?? []
            while let row = try nextRow(&stream, width: width, check: &check) {
                func field(_ n: String) -> String { row.fields[index[n]!].trimmingSpaces }
                let programme = field("Programme")
                func flag(_ id: String, _ element: String, _ value: String) { check.report(id, line: row.line, reference: programme, element: element, value: value) }
                if programme.isEmpty { flag("PIPE-006", "Programme", "") }
                let route = field("Route")
                if !routes.contains(route) { flag("PIPE-002", "Route", route) }
                let year = field("AcademicYear")
                let parts = year.split(separator: "/")
                if !(parts.count == 2 && parts[0].count == 4 && parts[1].count == 2 && Int(parts[0]) != nil && Int(parts[1]) == ((Int(parts[0]) ?? 0) + 1) % 100) {
                    flag("PIPE-003", "AcademicYear", year)
                }
                var numbers: [String: Int] = [:]
                for n in pipelineColumns.dropFirst(3) {
                    if CensusCheck.isWhole(field(n)) { numbers[n] = Int(field(n)) } else { flag("PIPE-004", n, field(n)) }
                }
                if let intake = numbers["Intake"], let done = numbers["Completions"] {
                    if done > intake { flag("PIPE-101", "Completions", String(done)) }
                    else if intake > 0, let rule = check.parameter("PIPE-102"), 100 * Double(done) / Double(intake) < rule.number {
                        flag("PIPE-102", "Completions", CensusCheck.format(100 * Double(done) / Double(intake), 1))
                    }
                    let destinations = (numbers["FirstDestinationLA"] ?? 0) + (numbers["FirstDestinationOther"] ?? 0) + (numbers["FirstDestinationUnknown"] ?? 0)
                    if destinations > done { flag("PIPE-005", "Completions", String(destinations)) }
                }
                for (k, v) in numbers { summary["\(route) \(k)", default: 0] += Double(v) }
            }
        } catch {
            if case .malformedCSV(_, let syntax) = error { check.unreadable(line: syntax.line, reason: "malformed CSV: \(syntax.message)") } else { throw error }
        }
        return check.finish(summary: summary)
    }

    /// Checks consultation evidence (JSON): `{"title", "text", "date", "publishable",
    /// "assumptions": [names], "items": {…}}`, each assumption named as in the assumptions file.
    public static func checkEvidence(_ bytes: [UInt8], name: String, context: CensusContext, assumptions: Set<String>) -> CensusOutcome {
        var check = CensusCheck(context: context)
        check.currentFile = name
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            check.report("EVID-005", line: 1, value: "not a JSON object")
            return check.finish(summary: [:])
        }
        let text = (object["text"] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if text.isEmpty { check.report("EVID-002", line: 1, element: "text", value: "") }
        let date = object["date"] as? String ?? ""
        if CensusDate.parse(date) == nil { check.report("EVID-003", line: 1, element: "date", value: date) }
        if !(object["publishable"] is Bool) { check.report("EVID-004", line: 1, element: "publishable", value: String(describing: object["publishable"] ?? "nothing")) }
        let named = object["assumptions"] as? [String] ?? []
        if named.isEmpty { check.report("EVID-001", line: 1, element: "assumptions", value: "") }
        for a in named where !assumptions.contains(a) { check.report("EVID-001", line: 1, element: "assumptions", value: a) }
        return check.finish(summary: ["assumptions named": Double(named.count), "publishable": (object["publishable"] as? Bool) == true ? 1 : 0])
    }
}
