@testable import CareCastBaselines
@testable import CareCastFormats
@testable import CareCastReturns
import Foundation
import Testing

@Suite("CSV and EES files")
struct EESFileTests {
    /// The 2023 edition (cut from the bundle): the figures these tests name are 2023's.
    static let bundle = Editions.edition2023

    static func temporaryFile(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("carecast-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test("Quoted fields with commas, doubled quotes and line breaks; CRLF; a byte-order mark")
    func quoting() throws {
        let text = "\u{FEFF}a,b,c\r\n1,\"two, three\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",x,\r\n"
        let table = try CSVReader.parse(Array(text.utf8), file: "t.csv")
        #expect(table.header == ["a", "b", "c"])
        #expect(table.rows == [["1", "two, three", "say \"hi\""], ["multi\nline", "x", ""]])
        #expect(table.lines == [2, 3])
    }

    @Test("Malformed CSV names the line and column", arguments: [
        ("a,b\n1,2,3\n", 2, 1, "expected 2 fields"),
        ("a,b\n1,\"open\n", 2, 3, "not closed"),
        ("a,b\n1,x\"y\n", 2, 4, "quote inside an unquoted field"),
        ("a,b\n\"q\"x,2\n", 2, 4, "after a closing quote"),
        ("", 1, 1, "empty"),
    ])
    func malformed(text: String, line: Int, column: Int, words: String) {
        #expect {
            _ = try CSVReader.parse(Array(text.utf8), file: "t.csv")
        } throws: { error in
            guard let error = error as? CSVSyntaxError else { return false }
            return error.line == line && error.column == column && error.message.contains(words)
        }
    }

    @Test("EES values: numbers and each symbol, kept apart")
    func symbols() throws {
        let header = EESFile.geographyColumns.joined(separator: ",") + ",m"
        let geography = "2023,Reporting year,Local authority,E92000001,England,E12000001,North East,841,E06000047,Durham"
        let text = ([header] + ["12.5", "x", "c", "z", "u", "low", ""].map { geography + "," + $0 }).joined(separator: "\n")
        let file = try EESFile.read(try Self.temporaryFile(text), measures: ["m"])
        #expect(file.rows.map { $0.value("m") } == [
            .number(12.5), .symbol(.unavailable), .symbol(.suppressed), .symbol(.notApplicable),
            .symbol(.lowReliability), .symbol(.low), .symbol(.blank),
        ])
        #expect(file.rows[0].level == .localAuthority)
        #expect(file.rows[0].year == 2023)
        #expect(file.rows[6].line == 8)
    }

    @Test("EES problems list every bad cell with its line, column and field; missing columns too")
    func problems() throws {
        let header = EESFile.geographyColumns.joined(separator: ",") + ",m"
        let good = "2023,Reporting year,National,E92000001,England,,,,,"
        let text = [header, good + ",1", good + ",abc", "2023,Reporting year,County,E92000001,England,,,,,,2", good + ",n/a"].joined(separator: "\n")
        let path = try Self.temporaryFile(text)
        #expect {
            _ = try EESFile.read(path, measures: ["m"])
        } throws: { error in
            guard case .badData(let file, let problems)? = error as? DataFileError else { return false }
            return file == path && problems.map(\.line) == [3, 4, 5]
                && problems[0].column == 11 && problems[0].field == "m" && problems[1].field == "geographic_level"
        }
        #expect {
            _ = try EESFile.read(path, measures: ["absent"])
        } throws: { error in
            guard case .badData(_, let problems)? = error as? DataFileError else { return false }
            return problems.count == 1 && problems[0].field == "absent"
        }
    }

    @Test("Every published file in the bundle reads, byte-order mark included")
    func bundleReads() throws {
        let indicators = try EESFile.read(Self.bundle.appendingPathComponent("published/dfe_csww_indicators.csv").path, measures: ["inpost_fte", "cases"])
        #expect(indicators.rows.count == 1_137)
        let england2023 = try #require(indicators.rows.first { $0.year == 2023 && $0.level == .national })
        #expect(england2023.value("inpost_fte") == .number(33_119.1))
        let cla = try EESFile.read(Self.bundle.appendingPathComponent("published/dfe_cla_number_and_rate.csv").path, filters: ["population_type"], measures: ["children_count"])
        #expect(cla.rows.contains { $0.year == 2023 && $0.level == .national && $0.filters["population_type"] == "Children looked after on 31 March each year" && $0.value("children_count") == .number(83_750) })
    }
}

@Suite("CSV written for spreadsheets")
struct InertCSVTests {
    @Test("Text that a spreadsheet would run as a formula is prefixed with a quote; numbers and plain text are left alone (OWASP CSV injection)")
    func inert() {
        #expect(CSVText.inertField("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"")
        #expect(CSVText.inertField("+1 cases") == "'+1 cases")
        #expect(CSVText.inertField("-x") == "'-x")
        #expect(CSVText.inertField("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVText.inertField("\tcmd") == "'\tcmd")
        #expect(CSVText.inertField("\r=1") == "\"'\r=1\"")
        #expect(CSVText.inertField("-3.5") == "-3.5")
        #expect(CSVText.inertField("+2") == "+2")
        #expect(CSVText.inertField("Camden, London") == "\"Camden, London\"")
        #expect(CSVText.inertField("") == "")
        #expect(CSVText.inertField("a=b") == "a=b")
    }
}
