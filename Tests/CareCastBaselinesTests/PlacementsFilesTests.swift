@testable import CareCastBaselines
@testable import CareCastFormats
@testable import CareCastReturns
import CareCastModel
import Foundation
import Testing

/// Issue 15 point 1: the placements files are read to the same standard as the rest: every
/// bundled file reads, and each kind of bad cell is refused with its file, line and field.
@Suite("Placements files: importers")
struct PlacementsFilesTests {
    static let bundle = EnglandBundle.defaultDirectory()

    /// A copy of a bundled file with `edit` applied to its text, in a new temporary file.
    static func edited(_ file: String, _ edit: (String) -> String) throws -> String {
        let text = try String(contentsOfFile: (bundle as NSString).appendingPathComponent(file), encoding: .utf8)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("carecast-placements-\(UUID().uuidString).csv").path
        try edit(text).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func problems(_ body: () throws(DataFileError) -> PublishedTable) -> [DataProblem] {
        do {
            _ = try body()
            return []
        } catch {
            if case .badData(_, let problems) = error { return problems }
            return [DataProblem(line: 0, column: 0, field: "", message: "\(error)")]
        }
    }

    @Test("Every bundled placements file reads for the edition's base year")
    func bundledFilesRead() throws {
        func path(_ f: String) -> String { (Self.bundle as NSString).appendingPathComponent(f) }
        let homes = try PlacementsFiles.readChildrensHomes(path(PlacementsFiles.childrensHomes), through: 2024)
        #expect(homes.rows.count == 8_800)
        // Ofsted's 2015 list has no places column: its places are symbols, not zeros.
        #expect(homes.rows.filter { $0.year == 2015 && homes.field($0, "measure") == "places" }.allSatisfy { $0.value.number == nil })
        let types = try PlacementsFiles.readPlacementTypes(path(PlacementsFiles.placementTypes), through: 2024)
        // 61 LAIT rows repeat a dashboard row with the same figure: dropped, with a note.
        #expect(types.rows.count == 20_130 - 61)
        #expect(types.notes.count == 1)
        let foi = try PlacementsFiles.readOutOfArea(path(PlacementsFiles.outOfArea), through: 2024)
        #expect(foi.rows.count == 5_599)
        let fostering = try PlacementsFiles.readFostering(path(PlacementsFiles.fostering), through: 2024)
        // England 2018 is in both sheets (49 measures): one copy kept of the 44 filed under the
        // same sub-topic (the five ethnicity rows are filed as "Ethnicity" in one sheet and
        // "Ethnicity - carers" in the other, so both stay).
        #expect(fostering.rows.count == 18_549 - 44)
        let notKnown = fostering.rows.first { $0.year == 2018 && $0.level == .national && fostering.field($0, "measure") == "Not known" && fostering.field($0, "sub_topic").hasPrefix("Ethnicity") && fostering.field($0, "sector").hasPrefix("All") }
        #expect(notKnown?.value == .number(1400))
        let national = try PlacementsFiles.readFosteringNational(path(PlacementsFiles.fosteringNational), through: 2024)
        #expect(national.rows.count == 36)
        let workforce = try PlacementsFiles.readHomesWorkforce(path(PlacementsFiles.homesWorkforce), through: 2024)
        #expect(workforce.rows.count == 30)
        // Figures published as words or a range are kept as published, never read as numbers.
        #expect(workforce.rows.filter { $0.value.number == nil }.count == 10)
        let providers = try PlacementsFiles.readProvidersPlaces(path(PlacementsFiles.providersPlaces), through: 2024)
        #expect(providers.rows.count == 268)
    }

    @Test("A row after the edition's base year is refused, not dropped")
    func laterYearRefused() throws {
        let path = (Self.bundle as NSString).appendingPathComponent(PlacementsFiles.outOfArea)
        let found = Self.problems { () throws(DataFileError) in try PlacementsFiles.readOutOfArea(path, through: 2023) }
        #expect(!found.isEmpty)
        #expect(found.allSatisfy { $0.field == "year" && $0.message.contains("after the edition's base year 2023") })
    }

    @Test("Unknown closed values, symbols, codes, dates and negative counts name their line and field")
    func badCells() throws {
        // Line 2 of the homes file: an unknown provision type.
        let badType = try Self.edited(PlacementsFiles.childrensHomes) { $0.replacingOccurrences(of: "Barking and Dagenham,London,Children's Homes,Private", with: "Barking and Dagenham,London,Childrens Home,Private") }
        let typeProblems = Self.problems { () throws(DataFileError) in try PlacementsFiles.readChildrensHomes(badType, through: 2024) }
        #expect(typeProblems.contains { $0.line == 2 && $0.field == "provision_type" && $0.message.contains("Childrens Home") })

        // A symbol the source does not use for that row, a bad code and a bad date.
        let badCells = try Self.edited(PlacementsFiles.outOfArea) { text in
            var lines = text.components(separatedBy: "\n")
            let i = lines.firstIndex { $0.contains(",Local authority,") && $0.contains(",cla_in_childrens_homes_placed_outside_la,") && !$0.contains(",c,") && !$0.contains(",z,") }!
            var fields = lines[i].components(separatedBy: ",")
            fields[9] = "k"
            fields[3] = "E99000001"
            fields[1] = "2024-09-30"
            lines[i] = fields.joined(separator: ",")
            return lines.joined(separator: "\n")
        }
        let cellProblems = Self.problems { () throws(DataFileError) in try PlacementsFiles.readOutOfArea(badCells, through: 2024) }
        #expect(Set(cellProblems.map(\.field)) == ["value", "new_la_code", "date"])
        #expect(cellProblems.allSatisfy { $0.line == cellProblems[0].line && $0.line > 1 })
        #expect(cellProblems.contains { $0.field == "value" && $0.message.contains("c, z") })

        // A negative count where only net gain may be negative.
        let negative = try Self.edited(PlacementsFiles.outOfArea) { $0.replacingOccurrences(of: "National,,,,,,cla_in_childrens_homes_placed_outside_la,5760", with: "National,,,,,,cla_in_childrens_homes_placed_outside_la,-5760") }
        let negativeProblems = Self.problems { () throws(DataFileError) in try PlacementsFiles.readOutOfArea(negative, through: 2024) }
        #expect(negativeProblems.count == 1 && negativeProblems[0].field == "value" && negativeProblems[0].message.contains("0 or more"))
    }

    @Test("A placement type of the other scheme, and a homes row without its places row, are refused")
    func schemeAndPairing() throws {
        let mixed = try Self.edited(PlacementsFiles.placementTypes) { text in
            var lines = text.components(separatedBy: "\n")
            let i = lines.firstIndex { $0.hasPrefix("2017,") && $0.contains("Secure units, children's homes and semi-independent living accommodation") }!
            lines[i] = lines[i].replacingOccurrences(of: "Secure units, children's homes and semi-independent living accommodation", with: "Secure homes and children's homes")
            return lines.joined(separator: "\n")
        }
        let schemeProblems = Self.problems { () throws(DataFileError) in try PlacementsFiles.readPlacementTypes(mixed, through: 2024) }
        #expect(schemeProblems.count == 1 && schemeProblems[0].field == "placement_type" && schemeProblems[0].message.contains("2021+ scheme"))

        let unpaired = try Self.edited(PlacementsFiles.childrensHomes) { text in
            var lines = text.components(separatedBy: "\n")
            let i = lines.firstIndex { $0.hasPrefix("2024,") && $0.contains(",places,") }!
            lines.remove(at: i)
            return lines.joined(separator: "\n")
        }
        let pairProblems = Self.problems { () throws(DataFileError) in try PlacementsFiles.readChildrensHomes(unpaired, through: 2024) }
        #expect(pairProblems.count == 1 && pairProblems[0].message.contains("homes with no places row"))
    }

    @Test("Two copies of a figure that disagree, with no rule to pick one, are refused")
    func conflictingDuplicate() throws {
        let conflicting = try Self.edited(PlacementsFiles.outOfArea) { text in
            var lines = text.components(separatedBy: "\n")
            let i = lines.firstIndex { $0.contains(",Local authority,") && $0.contains(",net_gain_cla_in_childrens_homes,") }!
            var copy = lines[i].components(separatedBy: ",")
            copy[9] = String((Int(copy[9]) ?? 0) + 1)
            lines.insert(copy.joined(separator: ","), at: i + 1)
            return lines.joined(separator: "\n")
        }
        let found = Self.problems { () throws(DataFileError) in try PlacementsFiles.readOutOfArea(conflicting, through: 2024) }
        #expect(found.count == 1 && found[0].field == "row" && found[0].message.contains("duplicate of line"))
    }
}

@Suite("Placements evidence on the reporting units")
struct PlacementsEvidenceTests {
    static func evidence(_ year: Int) throws -> PlacementsEvidence {
        let bundle = try EnglandBundle(directory: EnglandBundle.defaultDirectory())
        return try PlacementsEvidence.load(bundle, reporting: try bundle.reportingUnits(), year: year, through: bundle.baseYear)
    }

    @Test("2024: units add up to England; the inspected-only list is scaled to tables 6a/6b")
    func totals2024() throws {
        let e = try Self.evidence(2024)
        #expect(e.basis == "inspected_only")
        let places = e.units.indices.reduce(0.0) { $0 + e.totalPlaces($1) }
        #expect(abs(places - e.nationalPlaces.reduce(0, +)) < 1e-6)
        let national: Double = e.nationalPlaces.reduce(0, +)
        #expect(national == 14_486)
        let listed: Double = e.listedPlaces.reduce(0.0) { $0 + $1[0] }
        #expect(listed == 11_999)
        // Children in homes and in foster care by responsible unit: England's figure (rounded to
        // 10) within suppression and rounding.
        let inHomes: Double = e.childrenInHomes.reduce(0, +), foster: Double = e.fosterChildren.reduce(0, +), gain: Double = e.netGain.reduce(0, +)
        #expect(abs(inHomes - 8_710) <= 10)
        #expect(abs(foster - 55_960) <= 10)
        #expect(abs(gain + 300) <= 5)
        print("evidence 2024", places, inHomes, foster, e.childrenLivingIn.reduce(0, +), e.laFosterPlaces.reduce(0, +), e.nationalLAFosterPlaces, e.notes)
    }

    @Test("Ofsted's 'Dorset' after April 2019 is the new Dorset, not split with BCP")
    func dorset() throws {
        let e = try Self.evidence(2024)
        let dorset = e.units.firstIndex { $0.code == "E06000059" }!, bcp = e.units.firstIndex { $0.code == "E06000058" }!
        let dorsetHomes: Double = e.listedHomes[dorset].reduce(0, +), bcpHomes: Double = e.listedHomes[bcp].reduce(0, +)
        // Whole homes: a split by child population would leave fractions.
        #expect(dorsetHomes > 0 && dorsetHomes == dorsetHomes.rounded())
        #expect(bcpHomes == bcpHomes.rounded())
    }

    @Test("2019: children in homes by authority from the FOI's out-of-area count over its percentage")
    func beforeCurrentScheme() throws {
        let e = try Self.evidence(2019)
        #expect(abs(e.nationalChildrenInHomes - 4_360 / 0.65) < 1)
        #expect(e.notes.contains { $0.contains("no count of children in children's homes by authority") })
    }
}

@Suite("Where the bundled data is")
struct BundleLocationTests {
    @Test("Run from any folder, the default data folder is the package's data/england")
    func besidePackage() {
        #expect(FileManager.default.fileExists(atPath: EnglandBundle.besidePackage + "/" + EnglandBundle.indicatorsFile))
        #expect(EnglandBundle.besidePackage.hasSuffix("/data/england"))
    }
}
