import CareCastFormats
import Foundation

/// How serious a finding is: errors block acceptance; queries need a note from the submitter.
public enum Severity: String, Sendable, Codable, Comparable {
    case error, query

    public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .query }
}

/// One rule of the registry: a stable ID, its severity, the element it is about, the
/// collection years it applies to, an optional parameter (a pattern, a list of codes, a
/// threshold) and the message shown to the person who fixes the file.
public struct CensusRule: Sendable, Equatable {
    public var id: String
    public var severity: Severity
    public var element: String
    public var firstYear: Int
    public var lastYear: Int?
    public var parameter: String
    public var message: String

    public func applies(to year: Int) -> Bool { year >= firstYear && (lastYear.map { year <= $0 } ?? true) }

    /// The years as written in the registry: `2017-`, `2017-2021`.
    public var years: String { "\(firstYear)-" + (lastYear.map(String.init) ?? "") }

    /// The parameter as a list of codes.
    public var codes: Set<String> { Set(parameter.split(separator: " ").map(String.init)) }
    /// The parameter as a number.
    public var number: Double { Double(parameter.split(separator: " ").first ?? "") ?? .nan }
}

/// The rule registry: data the checks read (`Resources/csww_rules.csv`), published by the
/// service as a page and as CSV.
public struct CensusRules: Sendable {
    public let rules: [CensusRule]
    private let byID: [String: [CensusRule]]

    public init(rules: [CensusRule]) {
        self.rules = rules
        byID = Dictionary(grouping: rules, by: \.id)
    }

    /// The registry shipped with CareCast.
    public static let standard: CensusRules = {
        guard let url = Bundle.module.url(forResource: "csww_rules", withExtension: "csv"),
              let data = try? Data(contentsOf: url) else {
            fatalError("the rule registry csww_rules.csv is missing from the CareCastReturns resources")
        }
        do {
            return try parse(Array(data), file: "csww_rules.csv")
        } catch {
            fatalError("the shipped rule registry is invalid: \(error)")
        }
    }()

    /// The registry's CSV text, as shipped.
    public static var standardCSV: [UInt8] {
        guard let url = Bundle.module.url(forResource: "csww_rules", withExtension: "csv"),
              let data = try? Data(contentsOf: url) else { return [] }
        return Array(data)
    }

    /// Reads a registry: columns id, severity, element, years, parameter, message.
    public static func parse(_ bytes: [UInt8], file: String) throws(DataFileError) -> CensusRules {
        let table: CSVTable
        do { table = try CSVReader.parse(bytes, file: file) } catch { throw .malformedCSV(file: file, error) }
        let names = ["id", "severity", "element", "years", "parameter", "message"]
        var problems: [DataProblem] = []
        var columns: [Int] = []
        for name in names {
            if let c = table.column(name) { columns.append(c) } else {
                problems.append(DataProblem(line: 1, column: 1, field: name, message: "missing column"))
            }
        }
        guard problems.isEmpty else { throw .badData(file: file, problems) }
        var rules: [CensusRule] = []
        for (r, row) in table.rows.enumerated() {
            let line = table.lines[r]
            let v = columns.map { row[$0] }
            guard let severity = Severity(rawValue: v[1]) else {
                problems.append(DataProblem(line: line, column: columns[1] + 1, field: "severity", message: "expected error or query, found '\(v[1])'"))
                continue
            }
            let parts = v[3].split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, let first = Int(parts[0]), parts[1].isEmpty || Int(parts[1]) != nil else {
                problems.append(DataProblem(line: line, column: columns[3] + 1, field: "years", message: "expected YYYY- or YYYY-YYYY, found '\(v[3])'"))
                continue
            }
            rules.append(CensusRule(id: v[0], severity: severity, element: v[2], firstYear: first, lastYear: Int(parts[1]), parameter: v[4], message: v[5]))
        }
        guard problems.isEmpty else { throw .badData(file: file, problems) }
        return CensusRules(rules: rules)
    }

    /// The version of rule `id` in force in `year`, if any.
    public func rule(_ id: String, year: Int) -> CensusRule? {
        byID[id]?.first { $0.applies(to: year) }
    }

    /// Every ID in the registry.
    public var ids: Set<String> { Set(byID.keys) }
}
