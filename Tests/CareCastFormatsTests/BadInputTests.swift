import CareCastFormats
import CareCastModel
import Foundation
import Testing

/// MODEL.md, "Bad input": an input that breaks the contract is refused, with a message that
/// names the field as a JSON path and the offending value, listing every problem.
///
/// Each case starts from the worked valid input `tiny.json`, read with `JSONSerialization`,
/// breaks one thing, writes the document back to text and runs `JSONParser.parse` and
/// `ModelInput.decode` on it.
@Suite("Bad input (MODEL.md)")
struct BadInputTests {

    // MARK: One problem per case

    @Test("Unknown and missing keys", arguments: BadInputTests.keyCases)
    func keys(_ bad: BadCase) throws { try Self.expectRefused(bad) }

    @Test("Wrong types", arguments: BadInputTests.typeCases)
    func types(_ bad: BadCase) throws { try Self.expectRefused(bad) }

    @Test("Unknown areas, roles, bands, age groups and activities", arguments: BadInputTests.referenceCases)
    func references(_ bad: BadCase) throws { try Self.expectRefused(bad) }

    @Test("Data for an area that is not a leaf", arguments: BadInputTests.nonLeafCases)
    func nonLeaf(_ bad: BadCase) throws { try Self.expectRefused(bad) }

    @Test("Loops: parent chains and ratio chains", arguments: BadInputTests.loopCases)
    func loops(_ bad: BadCase) throws { try Self.expectRefused(bad) }

    @Test("Negative or zero amounts", arguments: BadInputTests.amountCases)
    func amounts(_ bad: BadCase) throws { try Self.expectRefused(bad) }

    @Test("Rates outside 0…1 and progression out of one role above 1", arguments: BadInputTests.rateCases)
    func rates(_ bad: BadCase) throws { try Self.expectRefused(bad) }

    @Test("Distributions and shares that do not sum to 1", arguments: BadInputTests.sumCases)
    func sums(_ bad: BadCase) throws { try Self.expectRefused(bad) }

    @Test("Population missing for a leaf, group or year", arguments: BadInputTests.populationCases)
    func population(_ bad: BadCase) throws { try Self.expectRefused(bad) }

    @Test("Age bands, fteRatio, durations, paths, intake, empty lists, horizon, caseload standard",
          arguments: BadInputTests.structureCases)
    func structure(_ bad: BadCase) throws { try Self.expectRefused(bad) }

    @Test("Negative weights, staffPerUnit, multipliers, path factors, cost weights and shares",
          arguments: BadInputTests.negativeCases)
    func negatives(_ bad: BadCase) throws { try Self.expectRefused(bad) }

    @Test("Repeated ids, rows, counts, years and policies", arguments: BadInputTests.repeatCases)
    func repeats(_ bad: BadCase) throws { try Self.expectRefused(bad) }

    @Test("Numbers that must be whole but are not", arguments: BadInputTests.wholeNumberCases)
    func wholeNumbers(_ bad: BadCase) throws { try Self.expectRefused(bad) }

    // MARK: Valid input

    @Test("tiny.json decodes with no issues")
    func tinyIsValid() throws {
        let input = try ModelInput.decode(JSONParser.parse(Self.tinyText()))
        #expect(input.validate().isEmpty)
        #expect(input.baseYear == 2024)
        #expect(input.areas.count == 3)
        #expect(input.roles.count == 4)
        #expect(input.stock.count == 40)
    }

    /// Guards the harness: what `JSONSerialization` writes back must still be valid, so that
    /// every refusal below is caused by the mutation alone.
    @Test("tiny.json written back by JSONSerialization still decodes with no issues")
    func roundTripIsValid() throws {
        let issues = try Self.decodeIssues(in: Document.tiny().text())
        #expect(issues.isEmpty, "issues after a round trip:\n\(Self.listing(issues))")
    }

    @Test("Whole numbers may be written 8.0; 2024.5 is refused with a path")
    func wholeNumbersWithAPoint() throws {
        let original = try Self.tinyText()
        var text = original
        for (old, new) in [
            ("\"specVersion\": 1,", "\"specVersion\": 1.0,"),
            ("\"baseYear\": 2024,", "\"baseYear\": 2024.0,"),
            ("\"horizon\": 20,", "\"horizon\": 20.0,"),
            ("\"width\": 8\n", "\"width\": 8.0\n"),
            ("\"duration\": 3,", "\"duration\": 3.0,"),
            ("\"year\": 2021,", "\"year\": 2021.0,"),
        ] {
            try #require(text.contains(old), "tiny.json no longer contains \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        let input = try ModelInput.decode(JSONParser.parse(text))
        #expect(input.specVersion == 1)
        #expect(input.baseYear == 2024)
        #expect(input.horizon == 20)
        #expect(input.ageBands[0].width == 8)
        #expect(input.pipelines[0].duration == 3)
        #expect(input.pipelines[0].intake[0].year == 2021)

        let refused = original.replacingOccurrences(of: "\"baseYear\": 2024,", with: "\"baseYear\": 2024.5,")
        try #require(refused != original)
        let issues = try Self.decodeIssues(in: refused)
        #expect(issues.contains { $0.path.text == "baseYear" && $0.message.contains("2024.5") },
                "no issue at baseYear naming 2024.5 among:\n\(Self.listing(issues))")
    }

    // MARK: Every problem is listed

    @Test("One file with three different problems lists all three")
    func threeProblemsAreAllListed() throws {
        var document = try Document.tiny()
        document.set("stock", 0, "colour", to: "blue")  // an unknown key (found while decoding)
        document.set("roles", 0, "fteRatio", to: 0)  // fteRatio ≤ 0 (found by validation)
        document.set("pipelines", 0, "duration", to: -1)  // a negative duration (found by validation)
        let issues = try Self.decodeIssues(in: document.text())
        let paths = Set(issues.map(\.path.text))
        #expect(paths == ["stock[0].colour", "roles[0].fteRatio", "pipelines[0].duration"],
                "issues:\n\(Self.listing(issues))")
        #expect(issues.count == 3, "issues:\n\(Self.listing(issues))")
    }

    /// A role's `demand` with its `kind` misspelt has two problems: `kind` is missing and
    /// `knd` is an unknown key. MODEL.md asks for every problem to be listed.
    @Test("A misspelt demand kind is reported as missing and as an unknown key")
    func misspeltDemandKindListsBothProblems() throws {
        var document = try Document.tiny()
        document.set("roles", 0, "demand", to: ["knd": "caseload"] as [String: Any])
        let issues = try Self.decodeIssues(in: document.text())
        let paths = Set(issues.map(\.path.text))
        #expect(paths.contains("roles[0].demand.kind"), "issues:\n\(Self.listing(issues))")
        #expect(paths.contains("roles[0].demand.knd"), "issues:\n\(Self.listing(issues))")
    }

    // MARK: Malformed JSON

    @Test("Malformed JSON is reported at its line and column", arguments: BadInputTests.syntaxCases)
    func malformedJSON(_ bad: SyntaxCase) throws {
        let error = try #require(Self.syntaxError(in: bad.text), "\(bad.name): the text parsed")
        #expect(error.line == bad.line, "\(bad.name): \(error)")
        #expect(error.column == bad.column, "\(bad.name): \(error)")
        for word in bad.words {
            #expect(error.message.contains(word), "\(bad.name): \(error)")
        }
    }
}

// MARK: - The cases

extension BadInputTests {
    static let keyCases: [BadCase] = [
        BadCase("unknown top-level key", at: "colour", saying: ["unknown key", "colour"]) {
            $0.set("colour", to: "blue")
        },
        BadCase("unknown key in a stock row", at: "stock[0].colour", saying: ["unknown key", "colour"]) {
            $0.set("stock", 0, "colour", to: "blue")
        },
        BadCase("unknown key in a role's demand", at: "roles[0].demand.colour", saying: ["unknown key"]) {
            $0.set("roles", 0, "demand", "colour", to: "blue")
        },
        BadCase("unknown key in an intake point", at: "pipelines[0].intake[0].colour", saying: ["unknown key"]) {
            $0.set("pipelines", 0, "intake", 0, "colour", to: "blue")
        },
        BadCase("unknown key in demand.obr", at: "demand.obr.colour", saying: ["unknown key"]) {
            $0.set("demand", "obr", "colour", to: "blue")
        },
        BadCase("missing baseYear", at: "baseYear", saying: ["missing required key"]) {
            $0.remove("baseYear")
        },
        BadCase("missing demand.caseloadStandard", at: "demand.caseloadStandard", saying: ["missing required key"]) {
            $0.remove("demand", "caseloadStandard")
        },
        BadCase("missing parent (null is required for a root)", at: "areas[1].parent", saying: ["missing required key"]) {
            $0.remove("areas", 1, "parent")
        },
        BadCase("missing stock fte", at: "stock[0].fte", saying: ["missing required key"]) {
            $0.remove("stock", 0, "fte")
        },
        BadCase("missing ageDistribution", at: "pipelines[0].ageDistribution", saying: ["missing required key"]) {
            $0.remove("pipelines", 0, "ageDistribution")
        },
        BadCase("missing demand kind", at: "roles[0].demand.kind", saying: ["missing required key"]) {
            $0.remove("roles", 0, "demand", "kind")
        },
        BadCase("missing ratio of", at: "roles[2].demand.of", saying: ["missing required key"]) {
            $0.remove("roles", 2, "demand", "of")
        },
        BadCase("missing population", at: "population", saying: ["missing required key"]) {
            $0.remove("population")
        },
    ]

    static let typeCases: [BadCase] = [
        BadCase("a string for an FTE", at: "stock[5].fte", saying: ["expected a number", "\"12\""]) {
            $0.set("stock", 5, "fte", to: "12")
        },
        BadCase("a string for the horizon", at: "horizon", saying: ["whole number", "\"20\""]) {
            $0.set("horizon", to: "20")
        },
        BadCase("a boolean for specVersion", at: "specVersion", saying: ["whole number", "true"]) {
            $0.set("specVersion", to: true)
        },
        BadCase("a number for a parent", at: "areas[1].parent", saying: ["expected a string", "5"]) {
            $0.set("areas", 1, "parent", to: 5)
        },
        BadCase("an object for areas", at: "areas", saying: ["expected an array"]) {
            $0.set("areas", to: [String: Any]())
        },
        BadCase("a number for a stock row", at: "stock[0]", saying: ["expected an object", "12"]) {
            $0.set("stock", 0, to: 12)
        },
        BadCase("a string for a role's demand", at: "roles[0].demand", saying: ["expected an object"]) {
            $0.set("roles", 0, "demand", to: "caseload")
        },
        BadCase("an unknown demand kind", at: "roles[0].demand.kind", saying: ["unknown demand kind", "\"hourly\""]) {
            $0.set("roles", 0, "demand", "kind", to: "hourly")
        },
        BadCase("an array for an age distribution", at: "pipelines[0].ageDistribution", saying: ["expected an object"]) {
            $0.set("pipelines", 0, "ageDistribution", to: [0.5, 0.5] as [Any])
        },
        BadCase("a string for a share", at: "pipelines[0].ageDistribution.under30", saying: ["expected a number", "\"lots\""]) {
            $0.set("pipelines", 0, "ageDistribution", "under30", to: "lots")
        },
        BadCase("a word other than calibrated", at: "demand.caseloadStandard", saying: ["calibrated", "\"strict\""]) {
            $0.set("demand", "caseloadStandard", to: "strict")
        },
        BadCase("a string for growth", at: "joiners[0].growth", saying: ["expected a number", "\"2%\""]) {
            $0.set("joiners", 0, "growth", to: "2%")
        },
        BadCase("an unsupported specVersion", at: "specVersion", saying: ["got 3"]) {
            $0.set("specVersion", to: 3)
        },
    ]

    static let referenceCases: [BadCase] = [
        BadCase("unknown area in stock", at: "stock[0].area", saying: ["unknown area", "\"LA999\""]) {
            $0.set("stock", 0, "area", to: "LA999")
        },
        BadCase("unknown parent area", at: "areas[1].parent", saying: ["unknown parent area", "\"R9\""]) {
            $0.set("areas", 1, "parent", to: "R9")
        },
        BadCase("unknown area in an area share", at: "pipelines[1].areaShare.LA003", saying: ["unknown area", "\"LA003\""]) {
            $0.set("pipelines", 1, "areaShare", to: ["LA003": 1.0] as [String: Any])
        },
        BadCase("unknown role in stock", at: "stock[0].role", saying: ["unknown role", "\"nurse\""]) {
            $0.set("stock", 0, "role", to: "nurse")
        },
        BadCase("unknown role in progression", at: "progression[0].to", saying: ["unknown role", "\"director\""]) {
            $0.set("progression", 0, "to", to: "director")
        },
        BadCase("unknown role as a ratio's of", at: "roles[2].demand.of", saying: ["unknown role", "\"director\""]) {
            $0.set("roles", 2, "demand", "of", to: "director")
        },
        BadCase("unknown band in stock", at: "stock[0].ageBand", saying: ["unknown age band", "\"70+\""]) {
            $0.set("stock", 0, "ageBand", to: "70+")
        },
        BadCase("unknown band in a leaver rate", at: "leaverRates[0].ageBand", saying: ["unknown age band", "\"70+\""]) {
            $0.set("leaverRates", 0, "ageBand", to: "70+")
        },
        BadCase("unknown band in an age distribution", at: "pipelines[0].ageDistribution.under25",
                saying: ["unknown age band", "\"under25\""]) {
            $0.renameKey("under30", to: "under25", in: "pipelines", 0, "ageDistribution")
        },
        BadCase("unknown age group in an age mix", at: "activities[0].ageMix[\"0-3\"]", saying: ["unknown age group", "\"0-3\""]) {
            $0.renameKey("0-4", to: "0-3", in: "activities", 0, "ageMix")
        },
        BadCase("unknown age group in cost weights", at: "demand.obr.costWeights[\"0-3\"]", saying: ["unknown age group", "\"0-3\""]) {
            $0.renameKey("0-4", to: "0-3", in: "demand", "obr", "costWeights")
        },
        BadCase("unknown activity in a policy", at: "policies[0].activity", saying: ["unknown activity", "\"adoption\""]) {
            $0.set("policies", 0, "activity", to: "adoption")
        },
        BadCase("unknown activity in a perActivity role", at: "roles[3].demand.activity", saying: ["unknown activity", "\"adoption\""]) {
            $0.set("roles", 3, "demand", "activity", to: "adoption")
        },
    ]

    static let nonLeafCases: [BadCase] = [
        BadCase("stock for a region", at: "stock[0].area", saying: ["not a leaf", "\"R1\""]) {
            $0.set("stock", 0, "area", to: "R1")
        },
        BadCase("vacancies for a region", at: "vacancies[0].area", saying: ["not a leaf", "\"R1\""]) {
            $0.set("vacancies", 0, "area", to: "R1")
        },
        BadCase("a leaver multiplier for a region", at: "areaLeaverMultipliers[0].area", saying: ["not a leaf", "\"R1\""]) {
            $0.set("areaLeaverMultipliers", 0, "area", to: "R1")
        },
        BadCase("a base count for a region", at: "activities[0].baseCounts[0].area", saying: ["not a leaf", "\"R1\""]) {
            $0.set("activities", 0, "baseCounts", 0, "area", to: "R1")
        },
        BadCase("population for a region", at: "population[0].area", saying: ["not a leaf", "\"R1\""]) {
            $0.set("population", 0, "area", to: "R1")
        },
        BadCase("an area share for a region", at: "pipelines[1].areaShare.R1", saying: ["not a leaf", "\"R1\""]) {
            $0.set("pipelines", 1, "areaShare", to: ["R1": 1.0] as [String: Any])
        },
    ]

    static let loopCases: [BadCase] = [
        BadCase("an area that is its own parent", at: "areas[0].parent", saying: ["loops"]) {
            $0.set("areas", 0, "parent", to: "R1")
        },
        BadCase("two areas that are each other's parent", at: "areas[0].parent", saying: ["loops", "R1", "LA001"]) {
            $0.set("areas", 0, "parent", to: "LA001")
        },
        BadCase("a parent loop reported at its first area in file order", at: "areas[1].parent", saying: ["loops", "LA001", "LA002"]) { doc in
            doc.set("areas", 1, "parent", to: "LA002")
            doc.set("areas", 2, "parent", to: "LA001")
        },
        BadCase("a ratio role that is a ratio of itself", at: "roles[2].demand.of", saying: ["loops", "manager"]) {
            $0.set("roles", 2, "demand", "of", to: "manager")
        },
        BadCase("two roles that are ratios of each other", at: "roles[1].demand.of", saying: ["loops", "senior", "manager"]) { doc in
            doc.set("roles", 1, "demand", to: ["kind": "ratio", "of": "manager"] as [String: Any])
            doc.set("roles", 2, "demand", "of", to: "senior")
        },
        BadCase("manager a ratio of a new ratio role that points back", at: "roles[2].demand.of", saying: ["loops", "deputy"]) { doc in
            let deputy: [String: Any] = ["id": "deputy", "name": "Deputy manager", "demand": ["kind": "ratio", "of": "manager"] as [String: Any]]
            doc.append(deputy, to: "roles")
            doc.set("roles", 2, "demand", "of", to: "deputy")
        },
    ]

    static let amountCases: [BadCase] = [
        BadCase("a negative stock FTE", at: "stock[5].fte", saying: ["must not be negative", "-3"]) {
            $0.set("stock", 5, "fte", to: -3)
        },
        BadCase("a negative vacancy FTE", at: "vacancies[0].fte", saying: ["must not be negative", "-3"]) {
            $0.set("vacancies", 0, "fte", to: -3)
        },
        BadCase("a negative count", at: "activities[0].baseCounts[0].count", saying: ["must not be negative", "-3"]) {
            $0.set("activities", 0, "baseCounts", 0, "count", to: -3)
        },
        BadCase("a negative base", at: "joiners[0].base", saying: ["must not be negative", "-3"]) {
            $0.set("joiners", 0, "base", to: -3)
        },
        BadCase("a negative intake", at: "pipelines[0].intake[0].value", saying: ["must not be negative", "-3"]) {
            $0.set("pipelines", 0, "intake", 0, "value", to: -3)
        },
        BadCase("a negative population", at: "population[0].persons", saying: ["must not be negative", "-3"]) {
            $0.set("population", 0, "persons", to: -3)
        },
        BadCase("a population of 0", at: "population[0].persons", saying: ["population of 0"]) {
            $0.set("population", 0, "persons", to: 0)
        },
    ]

    static let rateCases: [BadCase] = [
        BadCase("a leaver rate above 1", at: "leaverRates[0].rate", saying: ["between 0 and 1", "1.5"]) {
            $0.set("leaverRates", 0, "rate", to: 1.5)
        },
        BadCase("a negative leaver rate", at: "leaverRates[0].rate", saying: ["between 0 and 1", "-0.1"]) {
            $0.set("leaverRates", 0, "rate", to: -0.1)
        },
        BadCase("a progression rate above 1", at: "progression[0].rate", saying: ["between 0 and 1", "1.2"]) {
            $0.set("progression", 0, "rate", to: 1.2)
        },
        BadCase("a completion above 1", at: "pipelines[0].completion", saying: ["between 0 and 1", "1.1"]) {
            $0.set("pipelines", 0, "completion", to: 1.1)
        },
        BadCase("a negative entry", at: "pipelines[0].entry", saying: ["between 0 and 1", "-0.2"]) {
            $0.set("pipelines", 0, "entry", to: -0.2)
        },
        BadCase("progression rates out of one role summing to more than 1", at: "progression",
                saying: ["\"practitioner\"", "more than 1"]) {
            $0.append(["from": "practitioner", "to": "manager", "rate": 0.95] as [String: Any], to: "progression")
        },
        BadCase("a missing leaver rate pair", at: "leaverRates", saying: ["missing leaver rate", "\"practitioner\"", "\"60+\""]) {
            $0.remove("leaverRates", 4)
        },
        BadCase("a repeated leaver rate pair", at: "leaverRates[1]", saying: ["repeated leaver rate", "\"practitioner\"", "\"under30\""]) { doc in
            let first = doc.value("leaverRates", 0)
            doc.insert(first, at: 1, in: "leaverRates")
        },
    ]

    static let sumCases: [BadCase] = [
        BadCase("a pipeline age distribution summing to 1.1", at: "pipelines[0].ageDistribution", saying: ["sum to 1"]) {
            $0.set("pipelines", 0, "ageDistribution", "under30", to: 0.8)
        },
        BadCase("a joiners age distribution summing to 0.9", at: "joiners[0].ageDistribution", saying: ["sum to 1"]) {
            $0.set("joiners", 0, "ageDistribution", "30-39", to: 0.5)
        },
        BadCase("an age mix summing to 1.1", at: "activities[0].ageMix", saying: ["sum to 1"]) {
            $0.set("activities", 0, "ageMix", "0-4", to: 0.3)
        },
        BadCase("an area share summing to 0.5", at: "pipelines[1].areaShare", saying: ["sum to 1"]) {
            $0.set("pipelines", 1, "areaShare", "LA001", to: 0.5)
        },
        BadCase("area shares summing to 1.2", at: "pipelines[0].areaShare", saying: ["sum to 1"]) {
            $0.set("pipelines", 0, "areaShare", to: ["LA001": 0.6, "LA002": 0.6] as [String: Any])
        },
    ]

    static let populationCases: [BadCase] = [
        // Rows run area by area, group by group, year by year from 2024: row 6 is LA001, 0-4, 2030.
        BadCase("population missing for one year", at: "population",
                saying: ["missing population", "\"LA001\"", "\"0-4\"", "2030"]) {
            $0.remove("population", 6)
        },
        BadCase("population missing for one group of a leaf", at: "population",
                saying: ["missing population", "\"LA002\"", "\"16-17\""]) {
            $0.removeElements(in: "population") { row in
                field(row, "area") == "LA002" && field(row, "ageGroup") == "16-17"
            }
        },
        BadCase("population missing for a whole leaf", at: "population", saying: ["missing population", "\"LA002\""]) {
            $0.removeElements(in: "population") { row in field(row, "area") == "LA002" }
        },
    ]

    static let structureCases: [BadCase] = [
        BadCase("a band width of 0", at: "ageBands[0].width", saying: ["positive whole number", "0"]) {
            $0.set("ageBands", 0, "width", to: 0)
        },
        BadCase("a negative band width", at: "ageBands[0].width", saying: ["positive whole number", "-2"]) {
            $0.set("ageBands", 0, "width", to: -2)
        },
        BadCase("a band width of 2.5", at: "ageBands[0].width", saying: ["whole number", "2.5"]) {
            $0.set("ageBands", 0, "width", to: 2.5)
        },
        BadCase("a width on the last band", at: "ageBands[4].width", saying: ["no width", "5"]) {
            $0.set("ageBands", 4, "width", to: 5)
        },
        BadCase("no width on a band before the last", at: "ageBands[1]", saying: ["width"]) {
            $0.remove("ageBands", 1, "width")
        },
        BadCase("an fteRatio of 0", at: "roles[0].fteRatio", saying: ["greater than 0", "got 0"]) {
            $0.set("roles", 0, "fteRatio", to: 0)
        },
        BadCase("a negative fteRatio", at: "roles[0].fteRatio", saying: ["greater than 0", "-0.5"]) {
            $0.set("roles", 0, "fteRatio", to: -0.5)
        },
        BadCase("a duration of 1.5", at: "pipelines[0].duration", saying: ["whole number", "1.5"]) {
            $0.set("pipelines", 0, "duration", to: 1.5)
        },
        BadCase("a negative duration", at: "pipelines[0].duration", saying: ["0 or more", "-1"]) {
            $0.set("pipelines", 0, "duration", to: -1)
        },
        BadCase("a repeated year in the leaver multiplier path", at: "leaverMultiplierPath[1].year", saying: ["repeated year", "2024"]) {
            $0.set("leaverMultiplierPath", 1, "year", to: 2024)
        },
        BadCase("a repeated year in a policy path", at: "policies[0].path[1].year", saying: ["repeated year", "2024"]) {
            $0.set("policies", 0, "path", 1, "year", to: 2024)
        },
        BadCase("an intake with no points", at: "pipelines[0].intake", saying: ["at least one point"]) {
            $0.set("pipelines", 0, "intake", to: [Any]())
        },
        BadCase("no areas", at: "areas", saying: ["at least one area"]) {
            $0.set("areas", to: [Any]())
        },
        BadCase("no roles", at: "roles", saying: ["at least one role"]) {
            $0.set("roles", to: [Any]())
        },
        BadCase("no age bands", at: "ageBands", saying: ["at least one age band"]) {
            $0.set("ageBands", to: [Any]())
        },
        BadCase("a horizon of 0", at: "horizon", saying: ["at least 1", "got 0"]) {
            $0.set("horizon", to: 0)
        },
        BadCase("a negative horizon", at: "horizon", saying: ["at least 1", "-1"]) {
            $0.set("horizon", to: -1)
        },
        BadCase("a caseload standard of 0", at: "demand.caseloadStandard", saying: ["greater than 0", "got 0"]) {
            $0.set("demand", "caseloadStandard", to: 0)
        },
        BadCase("a negative caseload standard", at: "demand.caseloadStandard", saying: ["greater than 0", "-5"]) {
            $0.set("demand", "caseloadStandard", to: -5)
        },
    ]

    static let negativeCases: [BadCase] = [
        BadCase("a negative weight", at: "activities[0].weight", saying: ["must not be negative", "-1"]) {
            $0.set("activities", 0, "weight", to: -1)
        },
        BadCase("a negative staffPerUnit", at: "roles[3].demand.staffPerUnit", saying: ["must not be negative", "-2"]) {
            $0.set("roles", 3, "demand", "staffPerUnit", to: -2)
        },
        BadCase("a negative leaver multiplier", at: "areaLeaverMultipliers[0].multiplier", saying: ["must not be negative", "-0.5"]) {
            $0.set("areaLeaverMultipliers", 0, "multiplier", to: -0.5)
        },
        BadCase("a negative leaver path factor", at: "leaverMultiplierPath[1].factor", saying: ["must not be negative", "-1"]) {
            $0.set("leaverMultiplierPath", 1, "factor", to: -1)
        },
        BadCase("a negative policy path factor", at: "policies[0].path[1].factor", saying: ["must not be negative", "-0.8"]) {
            $0.set("policies", 0, "path", 1, "factor", to: -0.8)
        },
        BadCase("a negative cost weight", at: "demand.obr.costWeights[\"0-4\"]", saying: ["must not be negative", "-0.8"]) {
            $0.set("demand", "obr", "costWeights", "0-4", to: -0.8)
        },
        BadCase("a negative area share", at: "pipelines[1].areaShare.LA001", saying: ["must not be negative", "-0.5"]) {
            $0.set("pipelines", 1, "areaShare", to: ["LA001": -0.5, "LA002": 1.5] as [String: Any])
        },
        BadCase("a negative age-distribution share", at: "pipelines[0].ageDistribution[\"30-39\"]",
                saying: ["must not be negative", "-0.3"]) {
            $0.set("pipelines", 0, "ageDistribution", to: ["under30": 1.2, "30-39": -0.3, "40-49": 0.1] as [String: Any])
        },
        BadCase("cost weights all 0", at: "demand.obr.costWeights", saying: ["all 0"]) {
            $0.set("demand", "obr", "costWeights", to: ["0-4": 0, "5-9": 0, "10-15": 0, "16-17": 0] as [String: Any])
        },
    ]

    static let repeatCases: [BadCase] = [
        BadCase("a repeated area code", at: "areas[2].code", saying: ["repeated area code", "\"LA001\""]) {
            $0.set("areas", 2, "code", to: "LA001")
        },
        BadCase("a repeated role id", at: "roles[1].id", saying: ["repeated role id", "\"practitioner\""]) {
            $0.set("roles", 1, "id", to: "practitioner")
        },
        BadCase("a repeated age band id", at: "ageBands[1].id", saying: ["repeated age band id", "\"under30\""]) {
            $0.set("ageBands", 1, "id", to: "under30")
        },
        BadCase("a repeated pipeline id", at: "pipelines[1].id", saying: ["repeated pipeline id", "\"degree\""]) {
            $0.set("pipelines", 1, "id", to: "degree")
        },
        BadCase("a repeated activity id", at: "activities[1].id", saying: ["repeated activity id", "\"child_in_need\""]) {
            $0.set("activities", 1, "id", to: "child_in_need")
        },
        BadCase("a repeated population row", at: "population[1]", saying: ["repeated population row", "\"LA001\"", "2024"]) { doc in
            let first = doc.value("population", 0)
            doc.insert(first, at: 1, in: "population")
        },
        BadCase("a repeated base count", at: "activities[0].baseCounts[1].area", saying: ["repeated base count", "\"LA001\""]) {
            $0.set("activities", 0, "baseCounts", 1, "area", to: "LA001")
        },
        BadCase("a repeated intake year", at: "pipelines[0].intake[1].year", saying: ["repeated intake year", "2021"]) {
            $0.set("pipelines", 0, "intake", 1, "year", to: 2021)
        },
        BadCase("a second policy for one activity", at: "policies[1].activity", saying: ["second policy", "\"looked_after\""]) { doc in
            let first = doc.value("policies", 0)
            doc.append(first, to: "policies")
        },
        BadCase("a repeated leaver multiplier area", at: "areaLeaverMultipliers[1].area",
                saying: ["repeated leaver multiplier", "\"LA001\""]) {
            $0.append(["area": "LA001", "multiplier": 1.0] as [String: Any], to: "areaLeaverMultipliers")
        },
        BadCase("a repeated progression pair", at: "progression[2]", saying: ["repeated progression", "\"practitioner\""]) { doc in
            let first = doc.value("progression", 0)
            doc.append(first, to: "progression")
        },
    ]

    static let wholeNumberCases: [BadCase] = [
        BadCase("baseYear 2024.5", at: "baseYear", saying: ["whole number", "2024.5"]) {
            $0.set("baseYear", to: 2024.5)
        },
        BadCase("horizon 20.5", at: "horizon", saying: ["whole number", "20.5"]) {
            $0.set("horizon", to: 20.5)
        },
        BadCase("a population year 2024.5", at: "population[0].year", saying: ["whole number", "2024.5"]) {
            $0.set("population", 0, "year", to: 2024.5)
        },
        BadCase("an intake year 2021.5", at: "pipelines[0].intake[0].year", saying: ["whole number", "2021.5"]) {
            $0.set("pipelines", 0, "intake", 0, "year", to: 2021.5)
        },
        BadCase("a path year 2024.5", at: "leaverMultiplierPath[0].year", saying: ["whole number", "2024.5"]) {
            $0.set("leaverMultiplierPath", 0, "year", to: 2024.5)
        },
    ]

    /// Hand-written texts; lines and columns count from 1, columns in characters.
    static let syntaxCases: [SyntaxCase] = [
        SyntaxCase("a trailing comma in an object", line: 4, column: 1, saying: ["expected a key"], [
            "{",
            "  \"a\": 1,",
            "  \"b\": 2,",
            "}",
        ]),
        SyntaxCase("a trailing comma in an array", line: 2, column: 16, saying: ["expected a value"], [
            "{",
            "  \"xs\": [1, 2, ],",
            "  \"y\": 0",
            "}",
        ]),
        SyntaxCase("a missing closing brace at the end", line: 4, column: 4, saying: ["end of file"], [
            "{",
            "  \"a\": {",
            "    \"b\": 1",
            "  }",
        ]),
        SyntaxCase("a missing closing brace inside an array", line: 3, column: 3, saying: ["expected ',' or '}'"], [
            "[",
            "  {\"a\": 1",
            "  {\"b\": 2}",
            "]",
        ]),
        SyntaxCase("a string left open at the end of the file", line: 3, column: 11, saying: ["unterminated string"], [
            "{",
            "  \"a\": 1,",
            "  \"name\": \"Region one",
        ]),
        SyntaxCase("a string left open at the end of a line", line: 2, column: 23, saying: ["control character"], [
            "{",
            "  \"name\": \"Region one,",
            "  \"level\": \"region\"",
            "}",
        ]),
        SyntaxCase("a key repeated in one object", line: 4, column: 3, saying: ["repeated key", "baseYear"], [
            "{",
            "  \"baseYear\": 2024,",
            "  \"horizon\": 20,",
            "  \"baseYear\": 2025",
            "}",
        ]),
        SyntaxCase("a key repeated in a nested object", line: 3, column: 20, saying: ["repeated key", "code"], [
            "{",
            "  \"areas\": [",
            "    {\"code\": \"R1\", \"code\": \"R2\"}",
            "  ]",
            "}",
        ]),
        SyntaxCase("columns count characters, not bytes", line: 2, column: 26, saying: ["invalid literal"], [
            "{",
            "  \"name\": \"R\u{E9}gion\", \"x\": tru",
            "}",
        ]),
    ]
}

// MARK: - Helpers

extension BadInputTests {
    /// One way to break tiny.json, and where and how the refusal must name it.
    struct BadCase: Sendable, CustomTestStringConvertible {
        let name: String
        /// The exact `FieldPath.text` of the expected issue.
        let path: String
        /// Words that one message at `path` must all contain.
        let words: [String]
        let mutate: @Sendable (inout Document) -> Void

        init(_ name: String, at path: String, saying words: [String], _ mutate: @escaping @Sendable (inout Document) -> Void) {
            self.name = name
            self.path = path
            self.words = words
            self.mutate = mutate
        }

        var testDescription: String { "\(name) → \(path)" }
    }

    /// Malformed JSON text and where the parser must say it stopped.
    struct SyntaxCase: Sendable, CustomTestStringConvertible {
        let name: String
        let line: Int
        let column: Int
        let words: [String]
        let lines: [String]

        init(_ name: String, line: Int, column: Int, saying words: [String], _ lines: [String]) {
            self.name = name
            self.line = line
            self.column = column
            self.words = words
            self.lines = lines
        }

        var text: String { lines.joined(separator: "\n") }
        var testDescription: String { name }
    }

    /// One step of a path into a Foundation JSON object: a key or an array index.
    enum Step: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
        case key(String)
        case index(Int)

        init(stringLiteral value: String) { self = .key(value) }
        init(integerLiteral value: Int) { self = .index(value) }
    }

    /// A JSON document as Foundation objects (`[String: Any]`, `[Any]`, numbers, strings,
    /// `NSNull`), edited by path.
    struct Document {
        var root: Any

        static func tiny() throws -> Document {
            let data = try Data(contentsOf: URL(fileURLWithPath: BadInputTests.tinyPath))
            let root = try JSONSerialization.jsonObject(with: data)
            return Document(root: root)
        }

        func text() throws -> String {
            let data = try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys])
            return String(decoding: data, as: UTF8.self)
        }

        func value(_ steps: Step...) -> Any {
            var node = root
            for step in steps {
                switch step {
                case .key(let key): node = (node as? [String: Any])?[key] ?? NSNull()
                case .index(let index): node = (node as? [Any])?[index] ?? NSNull()
                }
            }
            return node
        }

        mutating func set(_ steps: Step..., to value: Any) {
            root = Self.edit(root, steps[...]) { _ in value } ?? root
        }

        mutating func remove(_ steps: Step...) {
            root = Self.edit(root, steps[...]) { _ in nil } ?? root
        }

        mutating func append(_ element: Any, to steps: Step...) {
            root = Self.edit(root, steps[...]) { node in
                var array = node as? [Any] ?? []
                array.append(element)
                return array
            } ?? root
        }

        mutating func insert(_ element: Any, at index: Int, in steps: Step...) {
            root = Self.edit(root, steps[...]) { node in
                var array = node as? [Any] ?? []
                array.insert(element, at: index)
                return array
            } ?? root
        }

        mutating func renameKey(_ old: String, to new: String, in steps: Step...) {
            root = Self.edit(root, steps[...]) { node in
                var object = node as? [String: Any] ?? [:]
                if let value = object.removeValue(forKey: old) { object[new] = value }
                return object
            } ?? root
        }

        mutating func removeElements(in steps: Step..., where shouldRemove: ([String: Any]) -> Bool) {
            root = Self.edit(root, steps[...]) { node in
                let array = node as? [Any] ?? []
                return array.filter { !shouldRemove($0 as? [String: Any] ?? [:]) }
            } ?? root
        }

        /// Replaces the value at `steps` by `change(old)`, rebuilding the containers on the way
        /// back up; a `nil` change removes the key or element.
        private static func edit(_ node: Any?, _ steps: ArraySlice<Step>, _ change: (Any?) -> Any?) -> Any? {
            guard let step = steps.first else { return change(node) }
            let rest = steps.dropFirst()
            switch step {
            case .key(let key):
                var object = node as? [String: Any] ?? [:]
                if let value = edit(object[key], rest, change) {
                    object[key] = value
                } else {
                    object.removeValue(forKey: key)
                }
                return object
            case .index(let index):
                var array = node as? [Any] ?? []
                if let value = edit(array[index], rest, change) {
                    array[index] = value
                } else {
                    array.remove(at: index)
                }
                return array
            }
        }
    }

    /// `../shared/spec/examples/tiny.json` beside the package: the package root is three levels above this file.
    static let tinyPath: String = {
        let components = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        let packageRoot = components.dropLast(3).joined(separator: "/")
        return packageRoot + "/../shared/spec/examples/tiny.json"
    }()

    static func tinyText() throws -> String {
        try String(contentsOfFile: tinyPath, encoding: .utf8)
    }

    /// A row's field as text, for picking rows out of an array.
    static func field(_ row: [String: Any], _ key: String) -> String {
        row[key].map { "\($0)" } ?? ""
    }

    /// The issues `ModelInput.decode` lists for `text`; empty when it accepts it. Malformed JSON
    /// is thrown.
    static func decodeIssues(in text: String) throws -> [InputIssue] {
        let document = try JSONParser.parse(text)
        do throws(InvalidInput) {
            _ = try ModelInput.decode(document)
            return []
        } catch {
            return error.issues
        }
    }

    static func syntaxError(in text: String) -> JSONSyntaxError? {
        do throws(JSONSyntaxError) {
            _ = try JSONParser.parse(text)
            return nil
        } catch {
            return error
        }
    }

    static func listing(_ issues: [InputIssue]) -> String {
        issues.isEmpty ? "(none)" : issues.map(\.description).joined(separator: "\n")
    }

    /// Breaks tiny.json as `bad` says and expects an issue at `bad.path` whose message has
    /// every word of `bad.words`.
    static func expectRefused(_ bad: BadCase) throws {
        var document = try Document.tiny()
        bad.mutate(&document)
        let issues = try decodeIssues(in: document.text())
        let atPath = issues.filter { $0.path.text == bad.path }
        #expect(!atPath.isEmpty, "\(bad.name): no issue at \(bad.path) among:\n\(listing(issues))")
        if !atPath.isEmpty {
            #expect(atPath.contains { issue in bad.words.allSatisfy { issue.message.contains($0) } },
                    "\(bad.name): no message at \(bad.path) has all of \(bad.words):\n\(listing(atPath))")
        }
    }
}
