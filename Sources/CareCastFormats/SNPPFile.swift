/// ONS subnational population projections as ONS publishes them for local authorities
/// (`2022 SNPP Population persons.csv` and the like): one row per area, sex and single year
/// of age (`AREA_CODE, AREA_NAME, COMPONENT, SEX, AGE_GROUP`, then one column per year).
public struct SNPPFile: Sendable {
    public let file: String
    public let years: [Int]
    /// Persons by area code, then single year of age (0…89; 90 and over as 90), then year index.
    public let persons: [String: [Int: [Double]]]

    public static func read(_ path: String) throws(DataFileError) -> SNPPFile {
        let table = try DataFile.loadCSV(path)
        func column(_ name: String) -> Int? { table.header.firstIndex { $0.trimmingSpaces.uppercased() == name } }
        var problems: [DataProblem] = []
        let required = ["AREA_CODE", "SEX", "AGE_GROUP"]
        for name in required where column(name) == nil {
            problems.append(DataProblem(line: 1, column: 0, field: name, message: "missing column; an ONS SNPP file has AREA_CODE, AREA_NAME, COMPONENT, SEX, AGE_GROUP and one column per year"))
        }
        let yearColumns = table.header.enumerated().compactMap { i, name -> (Int, Int)? in
            let trimmed = name.trimmingSpaces
            guard trimmed.count == 4, let year = Int(trimmed) else { return nil }
            return (i, year)
        }
        if yearColumns.isEmpty { problems.append(DataProblem(line: 1, column: 0, field: "(years)", message: "no year columns such as 2022, 2023, …")) }
        guard problems.isEmpty else { throw .badData(file: path, problems) }
        let code = column("AREA_CODE")!, sex = column("SEX")!, age = column("AGE_GROUP")!
        let component = column("COMPONENT")
        var persons: [String: [Int: [Double]]] = [:]
        var personsRows: [AgeKey: [Double]] = [:]
        var sexRows: [AgeKey: [Double]] = [:]
        for (r, row) in table.rows.enumerated() {
            let line = table.lines[r]
            if let component, !["population", ""].contains(row[component].lowercased()) { continue }
            let sexText = row[sex].lowercased()
            guard sexText == "persons" || sexText == "all persons" || sexText == "male" || sexText == "female" || sexText == "1" || sexText == "2" else {
                problems.append(DataProblem(line: line, column: sex + 1, field: "SEX", message: "expected persons, male or female, got \"\(row[sex])\""))
                continue
            }
            let ageText = row[age].lowercased()
            if ageText == "all ages" { continue }
            let single: Int
            if let a = Int(ageText) {
                single = a
            } else if ageText.hasPrefix("90") {
                single = 90
            } else {
                problems.append(DataProblem(line: line, column: age + 1, field: "AGE_GROUP", message: "expected a single year of age, \"90 and over\" or \"All ages\", got \"\(row[age])\""))
                continue
            }
            var values: [Double] = []
            for (i, _) in yearColumns {
                guard let v = Double(row[i].trimmingSpaces.replacingCommas) else {
                    problems.append(DataProblem(line: line, column: i + 1, field: table.header[i], message: "expected a number, got \"\(row[i])\""))
                    values.append(0)
                    continue
                }
                values.append(v)
            }
            // A persons file has persons rows; a file by sex is summed to persons.
            let key = AgeKey(code: row[code], age: single)
            if sexText == "persons" || sexText == "all persons" {
                personsRows[key] = values
            } else {
                var sum = sexRows[key] ?? Array(repeating: 0, count: values.count)
                for i in sum.indices { sum[i] += values[i] }
                sexRows[key] = sum
            }
        }
        for (key, values) in sexRows where personsRows[key] == nil { personsRows[key] = values }
        for (key, values) in personsRows { persons[key.code, default: [:]][key.age] = values }
        guard problems.isEmpty else { throw .badData(file: path, problems) }
        return SNPPFile(file: path, years: yearColumns.map(\.1), persons: persons)
    }

    struct AgeKey: Hashable {
        let code: String
        let age: Int
    }

    /// Persons of `code` aged within `ages` in `year`, or nil where the file lacks them.
    public func persons(_ code: String, ages: ClosedRange<Int>, year: Int) -> Double? {
        guard let t = years.firstIndex(of: year), let byAge = persons[code] else { return nil }
        var total = 0.0
        for age in ages {
            guard let series = byAge[age] else { return nil }
            total += series[t]
        }
        return total
    }
}

extension String {
    var replacingCommas: String { String(filter { $0 != "," }) }
}
