import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastModel
import CareCastReport
import Testing

// MARK: - NumberFormat

@Suite("NumberFormat.grouped")
struct NumberFormatTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var value: Double
        var decimals: Int
        var expected: String

        var testDescription: String { "\(value) with \(decimals) decimals → \(expected)" }
    }

    static let cases: [Case] = [
        Case(value: 0, decimals: 1, expected: "0.0"),
        Case(value: 1234.56, decimals: 1, expected: "1,234.6"),
        Case(value: -1234567.891, decimals: 0, expected: "-1,234,568"),
        // Rounding carries into the whole part and adds a group.
        Case(value: 999.95, decimals: 1, expected: "1,000.0"),
        Case(value: 999.94, decimals: 1, expected: "999.9"),
        // A negative value that rounds to zero is printed without a sign.
        Case(value: -0.04, decimals: 1, expected: "0.0"),
        Case(value: -0.4, decimals: 0, expected: "0"),
        Case(value: 12, decimals: 3, expected: "12.000"),
        // Fractions are zero-padded on the left.
        Case(value: 1.05, decimals: 2, expected: "1.05"),
        Case(value: 0.007, decimals: 3, expected: "0.007"),
        // Group boundaries.
        Case(value: 123, decimals: 1, expected: "123.0"),
        Case(value: 1000, decimals: 1, expected: "1,000.0"),
        Case(value: 100_000, decimals: 1, expected: "100,000.0"),
        Case(value: 1_000_000, decimals: 1, expected: "1,000,000.0"),
        Case(value: -1000, decimals: 1, expected: "-1,000.0"),
        Case(value: 1_234_567, decimals: 2, expected: "1,234,567.00"),
        // Halves round away from zero.
        Case(value: 2.5, decimals: 0, expected: "3"),
        Case(value: -2.5, decimals: 0, expected: "-3"),
        // Not finite.
        Case(value: .nan, decimals: 1, expected: "n/a"),
        Case(value: .infinity, decimals: 1, expected: "inf"),
        Case(value: -.infinity, decimals: 1, expected: "-inf"),
    ]

    @Test("Thousands separators, fixed decimals, no negative zero", arguments: NumberFormatTests.cases)
    func grouped(_ c: Case) {
        #expect(NumberFormat.grouped(c.value, decimals: c.decimals) == c.expected)
    }

    @Test("One decimal by default")
    func defaultDecimals() {
        #expect(NumberFormat.grouped(0) == "0.0")
        #expect(NumberFormat.grouped(1234.56) == "1,234.6")
        #expect(NumberFormat.grouped(-0.04) == "0.0")
    }
}

// MARK: - SummaryTable

/// A hand-made result: a root N with two leaves L1 and L2, one role `sw`, years 2024…2044.
///
/// For year 2024 + i:
/// - L1: in post 100 + i, required 110 + 2i, required (OBR) 120 + 3i
/// - L2: in post 2000 + 10i, required 2500 + 20i, required (OBR) 2400 + 5i
/// - N = L1 + L2: in post 2100 + 11i, required 2610 + 22i, required (OBR) 2520 + 8i
enum Fixture {
    static let hierarchy: [SummaryTable.AreaLabel] = [
        SummaryTable.AreaLabel(code: "N", name: "Nation", isLeaf: false, isRoot: true),
        SummaryTable.AreaLabel(code: "L1", name: "Leaf one", isLeaf: true, isRoot: false),
        SummaryTable.AreaLabel(code: "L2", name: "Leaf two", isLeaf: true, isRoot: false),
    ]

    /// The leaves alone, each its own root: the summary must add them up itself.
    static let leavesOnly: [SummaryTable.AreaLabel] = [
        SummaryTable.AreaLabel(code: "L1", name: "Leaf one", isLeaf: true, isRoot: true),
        SummaryTable.AreaLabel(code: "L2", name: "Leaf two", isLeaf: true, isRoot: true),
    ]

    static let roleNames: [RoleID: String] = ["sw": "Social worker"]
    static let pipelineRoles: [PipelineID: RoleID] = ["p1": "sw"]

    static let training: [TrainingSufficiency] = [
        TrainingSufficiency(pipeline: "p1", horizon: 5, year: 2029, gap: 565, ftePerExtraIntake: 0.5, extraAnnualIntake: 1130),
        TrainingSufficiency(pipeline: "p1", horizon: 10, year: 2034, gap: -12.5, ftePerExtraIntake: 1.25, extraAnnualIntake: 0),
        TrainingSufficiency(pipeline: "p1", horizon: 20, year: 2044, gap: 730, ftePerExtraIntake: 0, extraAnnualIntake: nil),
    ]

    static func figures(_ area: String, _ i: Int) -> (fte: Double, required: Double, requiredObr: Double) {
        let d = Double(i)
        switch area {
        case "L1": return (100 + d, 110 + 2 * d, 120 + 3 * d)
        case "L2": return (2000 + 10 * d, 2500 + 20 * d, 2400 + 5 * d)
        default:
            let a = figures("L1", i), b = figures("L2", i)
            return (a.fte + b.fte, a.required + b.required, a.requiredObr + b.requiredObr)
        }
    }

    static func document(
        years: ClosedRange<Int> = 2024...2044, includeRoot: Bool = true, obr: Bool = true,
        training: [TrainingSufficiency] = Fixture.training
    ) -> ResultDocument {
        let areas = includeRoot ? ["N", "L1", "L2"] : ["L1", "L2"]
        var rows: [ProjectionResult.Row] = []
        for year in years {
            for area in areas {
                let f = figures(area, year - years.lowerBound)
                let requiredObr: Double? = obr ? f.requiredObr : nil
                rows.append(ProjectionResult.Row(
                    area: AreaCode(area), role: "sw", year: year, fte: f.fte, headcount: f.fte,
                    leavers: 0, entrants: 0, required: f.required, gap: f.required - f.fte,
                    shortage: max(0, f.required - f.fte), requiredObr: requiredObr,
                    gapObr: requiredObr.map { $0 - f.fte }, shortageObr: requiredObr.map { max(0, $0 - f.fte) }))
            }
        }
        return ResultDocument(
            baseYear: years.lowerBound, years: Array(years), rows: rows, activities: [], trainingSufficiency: training)
    }

    /// N's block (= L1 + L2) with role names and OBR figures, as `render()` prints it.
    static let rootTable = [
        "Role           Year        In post  Required  Required (OBR)    Gap  Gap (OBR)",
        "Social worker  2024        2,100.0   2,610.0         2,520.0  510.0      420.0",
        "               2029 (+5)   2,155.0   2,720.0         2,560.0  565.0      405.0",
        "               2034 (+10)  2,210.0   2,830.0         2,600.0  620.0      390.0",
        "               2044 (+20)  2,320.0   3,050.0         2,680.0  730.0      360.0",
    ]

    static let trainingTable = [
        "Pipeline  Role                 Year  National gap  FTE per extra place  Extra annual intake",
        "p1        Social worker   2029 (+5)         565.0                0.500              1,130.0",
        "p1        Social worker  2034 (+10)         -12.5                1.250           0 (no gap)",
        "p1        Social worker  2044 (+20)         730.0                0.000                none*",
    ]
}

/// The lines of a rendered summary, and the pieces of it the tests look at.
struct Rendered {
    let text: String
    let lines: [String]

    init(_ table: SummaryTable) {
        text = table.render()
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    var blockTitles: [String] {
        // A block is a title line followed by the table header.
        lines.indices.dropLast().filter { lines[$0 + 1].hasPrefix("Role ") }.map { lines[$0] }
    }

    /// The table under the line `title`, up to the next empty line.
    func block(_ title: String) -> [String]? {
        guard let start = lines.firstIndex(of: title) else { return nil }
        return Array(lines[(start + 1)...].prefix { !$0.isEmpty })
    }

    var trainingTable: [String]? {
        guard let start = lines.firstIndex(where: { $0.hasPrefix("Are we training enough?") }) else { return nil }
        return Array(lines[(start + 1)...].prefix { !$0.isEmpty })
    }
}

@Suite("SummaryTable")
struct SummaryTableTests {
    static func labelled(_ document: ResultDocument, areas: [SummaryTable.AreaLabel] = Fixture.hierarchy) -> Rendered {
        Rendered(SummaryTable(
            document: document, areas: areas, roleNames: Fixture.roleNames, pipelineRoles: Fixture.pipelineRoles))
    }

    @Test("Opening line names the base year and the last year, and explains the gap")
    func openingLine() {
        let rendered = Self.labelled(Fixture.document())
        #expect(rendered.lines.first == "CareCast projection: base year 2024, projected to 2044. FTE; gap = required − in post.")
        #expect(!rendered.text.contains("Area hierarchy unknown"))
    }

    @Test("With a single root, only the aggregate block is shown, with the root's figures")
    func rootBlock() throws {
        let rendered = Self.labelled(Fixture.document())
        #expect(rendered.blockTitles == ["Nation (N)"])
        let block = try #require(rendered.block("Nation (N)"))
        #expect(block == Fixture.rootTable)
        #expect(!rendered.text.contains("Leaf one"))
        #expect(!rendered.text.contains("National (sum"))
    }

    @Test("With leaves only, a national block sums the leaves")
    func nationalSum() throws {
        // No rows for N at all: the national figures can only come from adding L1 and L2.
        let rendered = Self.labelled(Fixture.document(includeRoot: false), areas: Fixture.leavesOnly)
        #expect(rendered.blockTitles == ["National (sum of 2 leaf areas)"])
        let block = try #require(rendered.block("National (sum of 2 leaf areas)"))
        #expect(block == Fixture.rootTable)
    }

    @Test("Gap is required − in post, formatted like the other figures")
    func gapColumn() throws {
        let rendered = Self.labelled(Fixture.document())
        let block = try #require(rendered.block("Nation (N)"))
        try #require(block.count == 5)
        for (row, i) in zip(block.dropFirst(), [0, 5, 10, 20]) {
            let f = Fixture.figures("N", i)
            let cells = row.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            // The last five cells: in post, required, required (OBR), gap, gap (OBR).
            let tail = Array(cells.suffix(5))
            #expect(tail == [
                NumberFormat.grouped(f.fte), NumberFormat.grouped(f.required), NumberFormat.grouped(f.requiredObr),
                NumberFormat.grouped(f.required - f.fte), NumberFormat.grouped(f.requiredObr - f.fte),
            ])
        }
    }

    @Test("Training answers: a number, 0 as \"no gap\", and null as \"none\" with a footnote")
    func trainingAnswers() throws {
        let rendered = Self.labelled(Fixture.document())
        let table = try #require(rendered.trainingTable)
        #expect(table == Fixture.trainingTable)
        #expect(rendered.text.contains("* none: one more place a year adds no FTE by then"))
        #expect(rendered.text.contains("0 (no gap)"))
    }

    @Test("No training answers: says there are no pipelines")
    func noPipelines() {
        let rendered = Self.labelled(Fixture.document(training: []))
        #expect(rendered.text.hasSuffix("Are we training enough? Extra annual intake each pipeline alone would need to close its role's national gap.\n(No pipelines in the input.)\n"))
    }

    @Test("Columns line up: every line of a table ends at the same column")
    func columnsLineUp() throws {
        let rendered = Self.labelled(Fixture.document())
        let tables = [try #require(rendered.block("Nation (N)")), try #require(rendered.trainingTable)]
        for table in tables {
            let widths = Set(table.map(\.count))
            #expect(widths.count == 1, "line lengths \(table.map(\.count)) in\n\(table.joined(separator: "\n"))")
            for line in table { #expect(!line.hasSuffix(" ")) }
        }
        // Numbers are right-aligned under their headers: each header ends where its numbers end.
        let block = try #require(rendered.block("Nation (N)"))
        let header = block[0]
        for title in ["In post", "Required", "Required (OBR)", "Gap", "Gap (OBR)"] {
            let end = try #require(Self.endColumn(of: title, in: header))
            for row in block.dropFirst() {
                let characters = Array(row)
                try #require(end <= characters.count)
                #expect(characters[end - 1] != " ", "\(title) column: \(row)")
                #expect(end == characters.count || characters[end] == " ", "\(title) column: \(row)")
            }
        }
    }

    @Test("Without the hierarchy, every area is listed by code, roles by id")
    func unknownHierarchy() throws {
        let rendered = Rendered(SummaryTable(document: Fixture.document()))
        #expect(rendered.lines.contains("(Area hierarchy unknown: every area is listed. Pass --input with the model input to show aggregates only.)"))
        #expect(rendered.blockTitles == ["N", "L1", "L2"])
        let block = try #require(rendered.block("L1"))
        #expect(block == [
            "Role  Year        In post  Required  Required (OBR)   Gap  Gap (OBR)",
            "sw    2024          100.0     110.0           120.0  10.0       20.0",
            "      2029 (+5)     105.0     120.0           135.0  15.0       30.0",
            "      2034 (+10)    110.0     130.0           150.0  20.0       40.0",
            "      2044 (+20)    120.0     150.0           180.0  30.0       60.0",
        ])
        // No pipeline → role map: the role column of the training table is left empty.
        let training = try #require(rendered.trainingTable)
        try #require(training.count == 4)
        let roleEnd = try #require(Self.endColumn(of: "Role", in: training[0]))
        for row in training.dropFirst() {
            #expect(row.hasPrefix("p1 "))
            #expect(Array(row)[(roleEnd - 4)..<roleEnd].allSatisfy { $0 == " " }, "role column not empty: \(row)")
        }
    }

    @Test("A shorter horizon shows only the years it has; without OBR figures there are no OBR columns")
    func shortHorizonWithoutOBR() throws {
        let rendered = Self.labelled(Fixture.document(years: 2024...2034, obr: false, training: []))
        #expect(rendered.lines.first == "CareCast projection: base year 2024, projected to 2034. FTE; gap = required − in post.")
        let block = try #require(rendered.block("Nation (N)"))
        #expect(block == [
            "Role           Year        In post  Required    Gap",
            "Social worker  2024        2,100.0   2,610.0  510.0",
            "               2029 (+5)   2,155.0   2,720.0  565.0",
            "               2034 (+10)  2,210.0   2,830.0  620.0",
        ])
        #expect(!rendered.text.contains("OBR"))
        #expect(!rendered.text.contains("2044"))
    }

    /// The column (in characters) just after `title` in `line`.
    static func endColumn(of title: String, in line: String) -> Int? {
        // Match whole cells: a title preceded by at least two spaces or the start, and followed by
        // two spaces or the end, so that "Gap" does not match inside "Gap (OBR)".
        let characters = Array(line)
        let target = Array(title)
        guard target.count <= characters.count else { return nil }
        for start in 0...(characters.count - target.count) where Array(characters[start..<(start + target.count)]) == target {
            let end = start + target.count
            let before = start == 0 || (start >= 2 && characters[start - 1] == " " && characters[start - 2] == " ")
            let after = end == characters.count || (end + 1 < characters.count && characters[end] == " " && characters[end + 1] == " ")
            if before && after { return end }
        }
        return nil
    }
}

@Suite("Text tables")
struct AlignTests {
    @Test("Text columns are left-aligned and figures right-aligned, padded to the widest cell")
    func aligned() {
        let table = [["Area", "Count", "Note"], ["England", "1,234", "a"], ["Kent", "7", "longer note"]]
        #expect(SummaryTable.align(table, left: [0, 2]) == """
            Area     Count  Note
            England  1,234  a
            Kent         7  longer note

            """)
        #expect(SummaryTable.align(table) == """
            Area     Count         Note
            England  1,234            a
            Kent     7      longer note

            """)
    }
}
