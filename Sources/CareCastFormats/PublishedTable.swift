import CareCastModel

/// A cell of a published table: a figure, or a symbol standing in for one.
public enum PublishedCell: Sendable, Equatable {
    case number(Double)
    /// A symbol as published (`c`, `x`, `z`, `k`, `..`, `-`, or blank), with what it means in
    /// the source it came from: the same symbol means different things in different sources
    /// (`x` is "suppressed" in DfE's pre-2019 files and "not available" in Ofsted's 2015 list).
    case symbol(String, meaning: String)

    public var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }
}

/// One checked row of a published long-format table.
public struct PublishedRow: Sendable {
    public var year: Int
    public var level: GeographicLevel
    /// The local authority code (`E06…`, or a joint list `A / B`); empty where the row has none.
    public var code: String
    public var oldCode: String
    public var name: String
    public var fields: [String]
    public var value: PublishedCell
    public var line: Int
}

/// How to check one of the placements files: its columns, the closed sets its descriptive
/// columns draw from, the symbols each row may carry and which figures may be negative,
/// fractional or percentages, and the key that may not repeat.
public struct PublishedTableRules: Sendable {
    public var columns: [String]
    /// Columns whose values come from a closed set.
    public var closedSets: [String: [String]] = [:]
    /// The level column and the values that mean each level (nil: every row is national).
    public var levelColumn: String?
    public var levels: [String: GeographicLevel] = [:]
    public var codeColumn: String?
    public var oldCodeColumn: String?
    public var nameColumn: String?
    /// The column whose value must be `<year>-03-31` (nil: none).
    public var dateColumn: String? = "date"
    public var valueColumn = "value"
    /// The symbols a row may carry, with their meanings (by year and the row's fields).
    public var symbols: @Sendable (_ year: Int, _ field: (String) -> String) -> [String: String] = { _, _ in [:] }
    /// Whether a row's figure may be negative, must be whole, or is a percentage.
    public var signed: @Sendable (_ field: (String) -> String) -> Bool = { _ in false }
    public var whole: @Sendable (_ field: (String) -> String) -> Bool = { _ in true }
    public var percent: @Sendable (_ field: (String) -> String) -> Bool = { _ in false }
    /// Rows whose figure may be words or a range as published: kept as a symbol.
    public var words: @Sendable (_ field: (String) -> String) -> Bool = { _ in false }
    /// Columns that identify a figure: two rows with the same key are duplicates.
    public var key: [String]
    /// Where two rows share a key with different figures: the one to keep (its line), or nil
    /// (an error).
    public var preferOnConflict: @Sendable (_ first: (String) -> String, _ second: (String) -> String) -> Bool? = { _, _ in nil }

    public init(
        columns: [String], closedSets: [String: [String]] = [:], levelColumn: String? = nil, levels: [String: GeographicLevel] = [:],
        codeColumn: String? = nil, oldCodeColumn: String? = nil, nameColumn: String? = nil, dateColumn: String? = "date", valueColumn: String = "value",
        symbols: @escaping @Sendable (_ year: Int, _ field: (String) -> String) -> [String: String] = { _, _ in [:] },
        signed: @escaping @Sendable (_ field: (String) -> String) -> Bool = { _ in false },
        whole: @escaping @Sendable (_ field: (String) -> String) -> Bool = { _ in true },
        percent: @escaping @Sendable (_ field: (String) -> String) -> Bool = { _ in false },
        words: @escaping @Sendable (_ field: (String) -> String) -> Bool = { _ in false },
        key: [String],
        preferOnConflict: @escaping @Sendable (_ first: (String) -> String, _ second: (String) -> String) -> Bool? = { _, _ in nil }
    ) {
        self.columns = columns
        self.closedSets = closedSets
        self.levelColumn = levelColumn
        self.levels = levels
        self.codeColumn = codeColumn
        self.oldCodeColumn = oldCodeColumn
        self.nameColumn = nameColumn
        self.dateColumn = dateColumn
        self.valueColumn = valueColumn
        self.symbols = symbols
        self.signed = signed
        self.whole = whole
        self.percent = percent
        self.words = words
        self.key = key
        self.preferOnConflict = preferOnConflict
    }
}

/// A placements file read and checked in full: every problem is reported with its line,
/// column and field, and none is silently dropped. Rows dated after `through` are an error
/// (an edition never reads a later year), and so is an unknown value in a closed column.
public struct PublishedTable: Sendable {
    public let file: String
    public let header: [String]
    public let rows: [PublishedRow]
    /// Notes on what reading did that a reader should know (duplicates dropped, for example).
    public let notes: [String]
    private let index: [String: Int]
    /// The rows of each year and level, in file order.
    private let byYearAndLevel: [Int: [GeographicLevel: [Int]]]

    /// The rows of a year (and level), in file order.
    public func rows(year: Int, level: GeographicLevel? = nil) -> [PublishedRow] {
        guard let levels = byYearAndLevel[year] else { return [] }
        if let level { return (levels[level] ?? []).map { rows[$0] } }
        return levels.values.flatMap { $0 }.sorted().map { rows[$0] }
    }

    public func column(_ name: String) -> Int? { index[name] }

    /// The row's value in a named column ("" where the table has no such column).
    public func field(_ row: PublishedRow, _ name: String) -> String {
        guard let c = index[name] else { return "" }
        return row.fields[c]
    }

    public static func read(_ path: String, rules: PublishedTableRules, through lastYear: Int) throws(DataFileError) -> PublishedTable {
        // Only the columns the rules read (long notes columns are checked as CSV, not kept).
        let table = try DataFile.loadCSV(path, columns: Set(rules.columns))
        var problems: [DataProblem] = []
        var index: [String: Int] = [:]
        for (i, name) in table.header.enumerated() where index[name] == nil { index[name] = i }
        for name in rules.columns where index[name] == nil {
            problems.append(DataProblem(line: 1, column: 0, field: name, message: "missing column; the header has: \(table.header.joined(separator: ", "))"))
        }
        guard problems.isEmpty else { throw .badData(file: path, problems) }
        let yearColumn = index["year"]!, valueColumn = index[rules.valueColumn]!
        var rows: [PublishedRow] = []
        var seen: [[String]: Int] = [:]
        var dropped = 0
        for (r, fields) in table.rows.enumerated() {
            let line = table.lines[r]
            func field(_ name: String) -> String { index[name].map { fields[$0] } ?? "" }
            func problem(_ name: String, _ message: String) {
                problems.append(DataProblem(line: line, column: (index[name] ?? -1) + 1, field: name, message: message))
            }
            let before = problems.count
            guard let year = Int(fields[yearColumn]), (1900...2200).contains(year) else {
                problem("year", "expected a year such as 2024, got \"\(fields[yearColumn])\"")
                continue
            }
            if year > lastYear {
                problem("year", "\(year) is after the edition's base year \(lastYear): an edition reads no later year")
            }
            if let dateColumn = rules.dateColumn, field(dateColumn) != "\(year)-03-31" {
                problem(dateColumn, "expected \(year)-03-31 for year \(year), got \"\(field(dateColumn))\"")
            }
            for (name, allowed) in rules.closedSets.sorted(by: { $0.key < $1.key }) where !allowed.contains(field(name)) {
                problem(name, "unknown value \"\(field(name))\"; expected one of \(allowed.map { "\"\($0)\"" }.joined(separator: ", "))")
            }
            var level = GeographicLevel.national
            if let levelColumn = rules.levelColumn {
                if let known = rules.levels[field(levelColumn)] { level = known } else {
                    problem(levelColumn, "unknown level \"\(field(levelColumn))\"; expected one of \(rules.levels.keys.sorted().joined(separator: ", "))")
                }
            }
            var code = "", oldCode = ""
            if level == .localAuthority, let codeColumn = rules.codeColumn {
                code = field(codeColumn)
                let members = code.components(separatedBy: " / ")
                if !members.allSatisfy(Self.isLACode) {
                    problem(codeColumn, "expected a local authority code such as E06000001 (or a joint list \"A / B\"), got \"\(code)\"")
                }
                if let oldCodeColumn = rules.oldCodeColumn {
                    oldCode = field(oldCodeColumn)
                    let old = oldCode.components(separatedBy: " / ")
                    if old.count != members.count || !old.allSatisfy({ $0.count == 3 && $0.allSatisfy(\.isASCIIDigit) }) {
                        problem(oldCodeColumn, "expected \(members.count) three-digit DfE code(s) to match \"\(code)\", got \"\(oldCode)\"")
                    }
                }
            }
            let name = rules.nameColumn.map(field) ?? ""
            let text = fields[valueColumn]
            let value: PublishedCell
            if let number = Double(text.trimmingSpaces), number.isFinite, text == text.trimmingSpaces, !text.isEmpty {
                value = .number(number)
                if number < 0 && !rules.signed(field) { problem(rules.valueColumn, "expected a figure of 0 or more, got \(text)") }
                if rules.whole(field) && number != number.rounded() { problem(rules.valueColumn, "expected a whole number, got \(text)") }
                if rules.percent(field) && number > 100 { problem(rules.valueColumn, "expected a percentage of at most 100, got \(text)") }
            } else if let meaning = rules.symbols(year, field)[text] {
                value = .symbol(text, meaning: meaning)
            } else if rules.words(field) && !text.isEmpty {
                value = .symbol(text, meaning: "as published (words or a range)")
            } else {
                let allowed = rules.symbols(year, field).keys.sorted().map { $0.isEmpty ? "blank" : $0 }
                problem(rules.valueColumn, "expected a number\(allowed.isEmpty ? "" : " or one of the symbols \(allowed.joined(separator: ", "))") for this row, got \"\(text)\"")
                continue
            }
            guard problems.count == before else { continue }
            let key = rules.key.map(field)
            let row = PublishedRow(year: year, level: level, code: code, oldCode: oldCode, name: name, fields: fields, value: value, line: line)
            if let earlier = seen[key] {
                if rows[earlier].value == value {
                    dropped += 1
                    continue
                }
                let first = rows[earlier].fields
                if let keepFirst = rules.preferOnConflict({ n in index[n].map { first[$0] } ?? "" }, field) {
                    dropped += 1
                    if !keepFirst { rows[earlier] = row }
                    continue
                }
                problems.append(DataProblem(line: line, column: 0, field: "row", message: "duplicate of line \(rows[earlier].line) (\(zip(rules.key, key).map { "\($0)=\($1)" }.joined(separator: ", "))) with a different \(rules.valueColumn)"))
                continue
            }
            seen[key] = rows.count
            rows.append(row)
        }
        guard problems.isEmpty else { throw .badData(file: path, problems) }
        let notes = dropped > 0 ? ["\(dropped) row(s) repeating another row's key were dropped (equal figures, or a stated rule picked one)"] : []
        var byYearAndLevel: [Int: [GeographicLevel: [Int]]] = [:]
        for (i, row) in rows.enumerated() { byYearAndLevel[row.year, default: [:]][row.level, default: []].append(i) }
        return PublishedTable(file: path, header: table.header, rows: rows, notes: notes, index: index, byYearAndLevel: byYearAndLevel)
    }

    static func isLACode(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        guard bytes.count == 9, bytes[0] == UInt8(ascii: "E") else { return false }
        let kind = String(code.dropFirst().prefix(2))
        return ["06", "08", "09", "10"].contains(kind) && bytes.dropFirst().allSatisfy { (48...57).contains($0) }
    }
}
