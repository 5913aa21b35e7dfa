/// A long-format ("tidy") CSV of the bundle: one figure a row, described by its columns
/// (`year`, `measure`, `geography_code`, …) and a `value`.
public struct TidyTable: Sendable {
    public let file: String
    public let header: [String]
    public let rows: [[String]]
    public let lines: [Int]

    public static func read(_ path: String, columns: [String]) throws(DataFileError) -> TidyTable {
        let table = try DataFile.loadCSV(path)
        let missing = columns.filter { table.column($0) == nil }
        guard missing.isEmpty else {
            throw .badData(file: path, missing.map { DataProblem(line: 1, column: 0, field: $0, message: "missing column; the header has: \(table.header.joined(separator: ", "))") })
        }
        return TidyTable(file: path, header: table.header, rows: table.rows, lines: table.lines)
    }

    public func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// The rows whose columns equal the given values, with their lines.
    public func select(_ conditions: [String: String]) -> [(fields: [String], line: Int)] {
        let tests = conditions.compactMap { key, value in column(key).map { ($0, value) } }
        guard tests.count == conditions.count else { return [] }
        return rows.indices.compactMap { i in
            tests.allSatisfy { rows[i][$0.0] == $0.1 } ? (rows[i], lines[i]) : nil
        }
    }

    /// The number in `column` of the one row matching `conditions`.
    public func number(_ conditions: [String: String], column name: String = "value") throws(DataFileError) -> Double {
        let matches = select(conditions)
        guard matches.count == 1 else {
            let described = conditions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            throw .badData(file: file, [DataProblem(line: matches.first?.line ?? 1, column: 0, field: name, message: "expected one row with \(described), found \(matches.count)")])
        }
        let c = column(name)!
        guard let value = Double(matches[0].fields[c].trimmingSpaces) else {
            throw .badData(file: file, [DataProblem(line: matches[0].line, column: c + 1, field: name, message: "expected a number, got \"\(matches[0].fields[c])\"")])
        }
        return value
    }
}

/// A tidy table indexed by some of its columns, for many look-ups of one figure each.
public struct TidyLookup: Sendable {
    public let table: TidyTable
    public let keys: [String]
    private let index: [[String]: [Int]]

    public init(_ table: TidyTable, keys: [String]) {
        self.table = table
        self.keys = keys
        let columns = keys.map { table.column($0)! }
        var index: [[String]: [Int]] = [:]
        for (i, row) in table.rows.enumerated() { index[columns.map { row[$0] }, default: []].append(i) }
        self.index = index
    }

    /// The rows (indices into `table.rows`) whose key columns hold `values`, in file order.
    public func rows(_ values: [String]) -> [Int] { index[values] ?? [] }

    /// The number in `column` of the one row whose key columns hold `values` (in `keys` order).
    public func number(_ values: [String], column name: String = "value") throws(DataFileError) -> Double {
        let matches = index[values] ?? []
        guard matches.count == 1 else {
            let described = zip(keys, values).map { "\($0)=\($1)" }.joined(separator: ", ")
            throw .badData(file: table.file, [DataProblem(line: matches.first.map { table.lines[$0] } ?? 1, column: 0, field: name, message: "expected one row with \(described), found \(matches.count)")])
        }
        let c = table.column(name)!
        let text = table.rows[matches[0]][c]
        guard let value = Double(text.trimmingSpaces) else {
            throw .badData(file: table.file, [DataProblem(line: table.lines[matches[0]], column: c + 1, field: name, message: "expected a number, got \"\(text)\"")])
        }
        return value
    }
}
