import CareCastModel

/// The geographic level of a row in DfE's explore-education-statistics (EES) layout.
public enum GeographicLevel: String, Sendable, CaseIterable {
    case national = "National"
    case regional = "Regional"
    case localAuthority = "Local authority"
}

/// EES symbols that stand in a value cell instead of a number.
public enum EESSymbol: String, Sendable, CaseIterable {
    /// Not available.
    case unavailable = "x"
    /// Suppressed to protect confidentiality.
    case suppressed = "c"
    /// Not applicable.
    case notApplicable = "z"
    /// Low reliability.
    case lowReliability = "u"
    /// Rounds to 0 but is not 0.
    case low = "low"
    /// Left empty in the file.
    case blank = ""

    public var meaning: String {
        switch self {
        case .unavailable: "not available"
        case .suppressed: "suppressed"
        case .notApplicable: "not applicable"
        case .lowReliability: "low reliability"
        case .low: "rounds to 0"
        case .blank: "blank"
        }
    }
}

/// One value cell: a number, or the symbol that stands in for it.
public enum EESValue: Sendable, Equatable {
    case number(Double)
    case symbol(EESSymbol)

    public var number: Double? {
        if case .number(let n) = self { return n }
        return nil
    }
}

/// One row of an EES file: its time period, geography, the filters asked for and the values.
public struct EESRow: Sendable {
    public var year: Int
    public var level: GeographicLevel
    public var regionCode: String
    public var regionName: String
    public var oldLACode: String
    public var newLACode: String
    public var laName: String
    /// 1-based line in the file.
    public var line: Int
    public var filters: [String: String]
    public var values: [String: EESValue]

    public func value(_ measure: String) -> EESValue { values[measure] ?? .symbol(.blank) }
}

/// A file in the EES open-data layout (`time_period`, `time_identifier`, `geographic_level`,
/// `country_code` … `la_name`, then filters and indicators), read as published.
public struct EESFile: Sendable {
    public let file: String
    public let rows: [EESRow]

    public init(file: String, rows: [EESRow]) {
        self.file = file
        self.rows = rows
    }

    public static let geographyColumns = [
        "time_period", "time_identifier", "geographic_level", "country_code", "country_name",
        "region_code", "region_name", "old_la_code", "new_la_code", "la_name",
    ]

    /// Reads `path`, keeping the named filter and measure columns. Every problem (a missing
    /// column, an unknown level, a value that is neither a number nor an EES symbol) is listed
    /// with its line and column.
    public static func read(_ path: String, filters: [String] = [], measures: [String]) throws(DataFileError) -> EESFile {
        let table = try DataFile.loadCSV(path)
        var problems: [DataProblem] = []
        var index: [String: Int] = [:]
        for name in geographyColumns + filters + measures {
            if let i = table.column(name) {
                index[name] = i
            } else {
                problems.append(DataProblem(line: 1, column: 0, field: name, message: "missing column; the header has: \(table.header.joined(separator: ", "))"))
            }
        }
        guard problems.isEmpty else { throw .badData(file: path, problems) }
        var rows: [EESRow] = []
        rows.reserveCapacity(table.rows.count)
        for (r, fields) in table.rows.enumerated() {
            let line = table.lines[r]
            func field(_ name: String) -> String { fields[index[name]!] }
            let period = field("time_period")
            guard period.count >= 4, let year = Int(period.prefix(4)) else {
                problems.append(DataProblem(line: line, column: index["time_period"]! + 1, field: "time_period", message: "expected a year such as 2023, got \"\(period)\""))
                continue
            }
            guard let level = GeographicLevel(rawValue: field("geographic_level")) else {
                problems.append(DataProblem(line: line, column: index["geographic_level"]! + 1, field: "geographic_level", message: "expected one of \(GeographicLevel.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(field("geographic_level"))\""))
                continue
            }
            var values: [String: EESValue] = [:]
            for measure in measures {
                let text = field(measure).trimmingSpaces
                if let symbol = EESSymbol(rawValue: text) {
                    values[measure] = .symbol(symbol)
                } else if let number = Double(text), number.isFinite {
                    values[measure] = .number(number)
                } else {
                    problems.append(DataProblem(line: line, column: index[measure]! + 1, field: measure, message: "expected a number or one of the symbols x, c, z, u, low; got \"\(text)\""))
                }
            }
            var filterValues: [String: String] = [:]
            for filter in filters { filterValues[filter] = field(filter) }
            rows.append(EESRow(
                year: year, level: level, regionCode: field("region_code"), regionName: field("region_name"),
                oldLACode: field("old_la_code"), newLACode: field("new_la_code"), laName: field("la_name"),
                line: line, filters: filterValues, values: values))
        }
        guard problems.isEmpty else { throw .badData(file: path, problems) }
        return EESFile(file: path, rows: rows)
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks.
    public var trimmingSpaces: String {
        var s = Substring(self)
        while let first = s.first, first == " " || first == "\t" || first == "\n" || first == "\r" || first == "\r\n" { s.removeFirst() }
        while let last = s.last, last == " " || last == "\t" || last == "\n" || last == "\r" || last == "\r\n" { s.removeLast() }
        return String(s)
    }
}

extension Character {
    public var isASCIIDigit: Bool { isASCII && isNumber }
}
