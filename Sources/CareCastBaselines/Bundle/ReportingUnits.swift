import CareCastFormats
import CareCastModel
import CareCastReturns

/// A reporting unit: one workforce return, made by one local authority or jointly by two
/// (Kingston upon Thames with Richmond upon Thames; North with West Northamptonshire from
/// 2021). Units are the leaf areas of the England baseline for every dataset.
public struct ReportingUnit: Sendable, Equatable {
    /// The code as the workforce file gives it: `E09000021 / E09000027` for a joint return.
    public var code: String
    public var oldCode: String
    public var name: String
    /// The region (E12…); London units are in E12000007.
    public var regionCode: String
    /// Inner or Outer London (E13…) for London units, where DfE publishes totals too.
    public var subregionCode: String?
    /// The member authorities' current codes.
    public var members: [String]
}

/// A change of local authority boundaries: an old code's area went, whole or in part, to a
/// new code on a date.
public struct BoundaryChange: Sendable, Equatable {
    public var effective: String
    public var year: Int
    public var oldCode: String
    public var newCode: String
    public var change: String
    public var source: String
}

public enum England {
    public static let code = "E92000001"
    public static let londonCode = "E12000007"
    /// The 9 regions of England (ONS codes and names), as DfE's files name them.
    public static let regions: [(code: String, name: String)] = [
        ("E12000001", "North East"), ("E12000002", "North West"), ("E12000003", "Yorkshire and The Humber"),
        ("E12000004", "East Midlands"), ("E12000005", "West Midlands"), ("E12000006", "East of England"),
        ("E12000007", "London"), ("E12000008", "South East"), ("E12000009", "South West"),
    ]
    public static let londonSubregions = ["E13000001", "E13000002"]
}

/// The reporting units of one year, with the boundary changes that map other datasets'
/// area codes onto them.
public struct ReportingUnits: Sendable {
    public let year: Int
    public let units: [ReportingUnit]
    public let changes: [BoundaryChange]
    private let unitOfMember: [String: Int]

    /// The units of `year` from the workforce indicators' local-authority rows.
    public init(indicators: EESFile, year: Int, changes: [BoundaryChange]) throws(DataFileError) {
        var units: [ReportingUnit] = []
        var problems: [DataProblem] = []
        for row in indicators.rows where row.year == year && row.level == .localAuthority {
            let members = row.newLACode.split(separator: "/").map { String($0).trimmingSpaces }
            let isLondon = England.londonSubregions.contains(row.regionCode)
            let region = isLondon ? England.londonCode : row.regionCode
            guard England.regions.contains(where: { $0.code == region }) else {
                problems.append(DataProblem(line: row.line, column: 6, field: "region_code", message: "unknown region \"\(row.regionCode)\" for \(row.laName)"))
                continue
            }
            units.append(ReportingUnit(
                code: row.newLACode, oldCode: row.oldLACode, name: row.laName, regionCode: region,
                subregionCode: isLondon ? row.regionCode : nil, members: members))
        }
        guard problems.isEmpty else { throw .badData(file: indicators.file, problems) }
        guard !units.isEmpty else {
            throw .badData(file: indicators.file, [DataProblem(line: 1, column: 1, field: "time_period", message: "no local-authority rows for \(year)")])
        }
        self.year = year
        self.units = units
        self.changes = changes
        var map: [String: Int] = [:]
        for (i, unit) in units.enumerated() { for member in unit.members { map[member] = i } }
        unitOfMember = map
    }

    public func unit(ofMember code: String) -> Int? { unitOfMember[code] }

    /// Where an area code's figures go among the units: its own unit, or, for an area
    /// abolished or renamed by a boundary change, its successors' units with their shares
    /// (`weight` gives each successor's weight, for example its child population).
    public func destinations(of code: String, weight: (String) -> Double?) -> [(unit: Int, share: Double)]? {
        if let unit = unitOfMember[code] { return [(unit, 1)] }
        let successors = changes.filter { $0.oldCode == code && $0.year <= year }
        if successors.isEmpty {
            // A later code for an area that was one of these units then (figures of later years
            // read back onto the units of an earlier year).
            let predecessors = changes.filter { $0.newCode == code && $0.year > year }
            let units = Set(predecessors.compactMap { unitOfMember[$0.oldCode] })
            if units.count == 1, let unit = units.first { return [(unit, 1)] }
            return nil
        }
        var targets: [(unit: Int, weight: Double)] = []
        for change in successors {
            guard let unit = unitOfMember[change.newCode] else { return nil }
            targets.append((unit, successors.count == 1 ? 1 : (weight(change.newCode) ?? 0)))
        }
        let total = targets.reduce(0) { $0 + $1.weight }
        guard total > 0 else { return nil }
        // Successors in the same unit are one destination.
        var merged: [(unit: Int, share: Double)] = []
        for target in targets {
            if let i = merged.firstIndex(where: { $0.unit == target.unit }) {
                merged[i].share += target.weight / total
            } else {
                merged.append((target.unit, target.weight / total))
            }
        }
        return merged
    }

    /// Reads the boundary-change table.
    public static func loadChanges(_ path: String) throws(DataFileError) -> [BoundaryChange] {
        let table = try DataFile.loadCSV(path)
        let needed = ["effective_date", "old_code", "new_code", "change", "source"]
        var problems: [DataProblem] = []
        for name in needed where table.column(name) == nil {
            problems.append(DataProblem(line: 1, column: 0, field: name, message: "missing column"))
        }
        guard problems.isEmpty else { throw .badData(file: path, problems) }
        var changes: [BoundaryChange] = []
        for (i, row) in table.rows.enumerated() {
            let date = row[table.column("effective_date")!]
            guard let year = Int(date.prefix(4)) else {
                problems.append(DataProblem(line: table.lines[i], column: 1, field: "effective_date", message: "expected a date such as 2023-04-01, got \"\(date)\""))
                continue
            }
            changes.append(BoundaryChange(
                effective: date, year: year, oldCode: row[table.column("old_code")!], newCode: row[table.column("new_code")!],
                change: row[table.column("change")!], source: row[table.column("source")!]))
        }
        guard problems.isEmpty else { throw .badData(file: path, problems) }
        return changes
    }
}
