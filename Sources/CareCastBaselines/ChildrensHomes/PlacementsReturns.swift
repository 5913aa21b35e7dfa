import CareCastFormats
import CareCastModel
import CareCastReturns
import Foundation

/// The children's homes staffing returns (RETURNS.md §2) as the children's homes model's base
/// year: each accepted return's homes summed by the authority where the home is, and the
/// published-data input's derived staff replaced by what the homes returned wherever they
/// returned.
///
/// Roles map onto the model's three: the registered manager to registered managers; deputy
/// managers, senior residential workers, residential care workers and waking night staff to
/// care staff. The return has no other (non-care) staff, so the model keeps its derived other
/// staff. The model counts heads, as the census does, so returns count by headcount.
public enum PlacementsReturns {
    public static let careRoles = ["DeputyManager", "SeniorResidentialWorker", "ResidentialCareWorker", "WakingNightStaff"]

    /// One authority's homes, summed from the returns.
    public struct Totals: Sendable, Equatable {
        public var homes = 0
        public var places = 0
        public var childrenPlaced = 0
        public var managersInPost = 0
        /// Headcount, vacant FTE, starters and leavers by model role (`registered_manager`, `care_staff`).
        public var headcount: [String: Int] = [:]
        public var vacant: [String: Double] = [:]
        public var starters: [String: Int] = [:]
        public var leavers: [String: Int] = [:]

        public init() {}
    }

    /// The folder of a data bundle that holds accepted homes returns.
    public static let folder = "returns/homes"

    /// The accepted homes returns in a data folder for the round of `year` (reference date 30
    /// September), summed by authority; empty where there are none.
    public static func load(directory: String, year: Int) throws(DataFileError) -> [String: Totals] {
        let path = (directory as NSString).appendingPathComponent(folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [:] }
        var files: [(name: String, bytes: [UInt8])] = []
        for name in names.filter({ $0.hasSuffix(".csv") }).sorted() {
            let file = (path as NSString).appendingPathComponent(name)
            files.append((file, try DataFile.read(file)))
        }
        return try totals(files, year: year)
    }

    /// Writes accepted homes returns into a data folder's `returns/homes/` (replacing what was
    /// there), where the children's homes model reads them. Each file keeps its given name.
    public static func write(_ files: [(name: String, bytes: [UInt8])], directory: String) throws(DataFileError) {
        let path = (directory as NSString).appendingPathComponent(folder)
        try? FileManager.default.removeItem(atPath: path)
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .unwritable(file: path, reason: error.localizedDescription)
        }
        for file in files {
            try DataFile.writeAtomically(file.bytes, to: (path as NSString).appendingPathComponent((file.name as NSString).lastPathComponent))
        }
    }

    /// Sums the rows of homes returns (CSV text with the columns of
    /// `OtherReturns.homeColumns`, already accepted) by LACode. A row whose numbers do not read
    /// is an error naming the file, line and column: only accepted returns should reach here.
    public static func totals(_ files: [(name: String, bytes: [UInt8])], year: Int) throws(DataFileError) -> [String: Totals] {
        var out: [String: Totals] = [:]
        for file in files {
            let table: CSVTable
            do { table = try CSVReader.parse(file.bytes, file: file.name) } catch { throw .malformedCSV(file: file.name, error) }
            var problems: [DataProblem] = []
            for name in OtherReturns.homeColumns where table.column(name) == nil {
                problems.append(DataProblem(line: 1, column: 0, field: name, message: "missing column"))
            }
            guard problems.isEmpty else { throw .badData(file: file.name, problems) }
            for (r, row) in table.rows.enumerated() {
                // A cell as a number of 0 or more, or a problem at its line and column.
                func cell(_ name: String, _ what: String) -> Double {
                    let c = table.column(name)!
                    guard let v = Double(row[c].trimmingSpaces), v >= 0, what == "an FTE" || v == v.rounded() else {
                        problems.append(DataProblem(line: table.lines[r], column: c + 1, field: name, message: "expected \(what) of 0 or more, got \"\(row[c])\""))
                        return 0
                    }
                    return v
                }
                func whole(_ name: String) -> Int { Int(cell(name, "a whole number")) }
                func fte(_ name: String) -> Double { cell(name, "an FTE") }
                // Only the round of `year`.
                guard row[table.column("ReferenceDate")!].trimmingSpaces == "\(year)-09-30" else { continue }
                let la = row[table.column("LACode")!].trimmingSpaces
                var t = out[la] ?? Totals()
                t.homes += 1
                t.places += whole("RegisteredPlaces")
                t.childrenPlaced += whole("ChildrenPlaced")
                t.managersInPost += whole("RegisteredManagerInPost")
                for role in OtherReturns.homeRoles {
                    let model = role == "RegisteredManager" ? PlacementsBaseline.managerRole.rawValue : PlacementsBaseline.careRole.rawValue
                    t.headcount[model, default: 0] += whole(role + "Headcount")
                    t.vacant[model, default: 0] += fte(role + "VacantFTE")
                    t.starters[model, default: 0] += whole(role + "Starters")
                    t.leavers[model, default: 0] += whole(role + "Leavers")
                }
                out[la] = t
            }
            guard problems.isEmpty else { throw .badData(file: file.name, problems) }
        }
        return out
    }

    /// The children's homes input with the returns' staff in place of the derived staff for
    /// every reporting unit whose authorities all returned (a joint unit needs both members).
    /// Registered managers in post and care staff come from the returns' headcounts; managers'
    /// vacancies from their vacant FTE. Units without returns keep the published-data figures.
    /// Returns the input and the units replaced.
    public static func input(_ published: ModelInput, totals: [String: Totals], reporting: ReportingUnits) -> (input: ModelInput, replaced: [String]) {
        var input = published
        var replaced: [String] = []
        for unit in reporting.units {
            let members = unit.members.compactMap { totals[$0] }
            guard members.count == unit.members.count, !members.isEmpty else { continue }
            let area = AreaCode(unit.code)
            func sum(_ role: RoleID) -> Double { Double(members.reduce(0) { $0 + ($1.headcount[role.rawValue] ?? 0) }) }
            for i in input.stock.indices where input.stock[i].area == area {
                switch input.stock[i].role {
                case PlacementsBaseline.managerRole: input.stock[i].fte = sum(PlacementsBaseline.managerRole)
                case PlacementsBaseline.careRole: input.stock[i].fte = sum(PlacementsBaseline.careRole)
                default: break
                }
            }
            let vacant = members.reduce(0.0) { $0 + ($1.vacant[PlacementsBaseline.managerRole.rawValue] ?? 0) }
            input.vacancies.removeAll { $0.area == area }
            if vacant > 0 { input.vacancies.append(.init(area: area, role: PlacementsBaseline.managerRole, fte: vacant)) }
            replaced.append(unit.code)
        }
        return (input, replaced)
    }

    /// Homes returns that say what the published-data input says, unit by unit (whole heads):
    /// for each authority, its homes (at least one where it has staff), its registered managers
    /// one to a home and its care staff spread over the homes, dated `year`. For tests and
    /// demonstrations; URNs are numbered from `firstURN`.
    public static func generate(from input: ModelInput, reporting: ReportingUnits, homes: [String: Int], year: Int, firstURN: Int = 100_000) -> [UInt8] {
        var text = OtherReturns.homeColumns.joined(separator: ",") + "\n"
        var urn = firstURN
        for unit in reporting.units where unit.members.count == 1 {
            let area = AreaCode(unit.code)
            func stock(_ role: RoleID) -> Int { Int(input.stock.filter { $0.area == area && $0.role == role }.reduce(0.0) { $0 + $1.fte }.rounded()) }
            let managers = stock(PlacementsBaseline.managerRole), care = stock(PlacementsBaseline.careRole)
            let vacancies = input.vacancies.filter { $0.area == area && $0.role == PlacementsBaseline.managerRole }.reduce(0.0) { $0 + $1.fte }
            let count = max(homes[unit.code] ?? 0, managers, care > 0 ? 1 : 0)
            guard count > 0 else { continue }
            for h in 0..<count {
                let share = { (total: Int) -> Int in total / count + (h < total % count ? 1 : 0) }
                let hasManager = h < managers
                let careHere = share(care)
                var fields = [String(urn), unit.code, "\(year)-09-30", "4", "3", hasManager ? "1" : "0"]
                for role in OtherReturns.homeRoles {
                    let headcount = role == "RegisteredManager" ? (hasManager ? 1 : 0) : (role == "ResidentialCareWorker" ? careHere : 0)
                    let vacant = role == "RegisteredManager" && h == 0 ? vacancies : 0
                    fields += [String(headcount), String(format: "%.2f", Double(headcount)), String(format: "%.2f", vacant), "0", "0", "0"]
                }
                text += fields.joined(separator: ",") + "\n"
                urn += 1
            }
        }
        return Array(text.utf8)
    }
}
