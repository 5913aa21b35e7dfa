@testable import CareCastBaselines
@testable import CareCastFormats
@testable import CareCastReturns
import CareCastModel
import Foundation
import Testing

@Suite("Official ONS subnational projections replace the derived population")
struct SNPPFileTests {
    /// A file in ONS's layout for the given authorities: `persons` gives the value for an age and year.
    static func file(codes: [String], bySex: Bool = false, persons: (Int, Int) -> Double) throws -> String {
        var text = "AREA_CODE,AREA_NAME,COMPONENT,SEX,AGE_GROUP," + (2022...2047).map(String.init).joined(separator: ",") + "\n"
        for code in codes {
            for sex in bySex ? ["male", "female"] : ["persons"] {
                for age in 0...90 {
                    let label = age == 90 ? "90 and over" : String(age)
                    let values = (2022...2047).map { y in describeValue(bySex ? persons(age, y) / 2 : persons(age, y)) }
                    text += "\(code),\"Area, \(code)\",Population,\(sex),\(label)," + values.joined(separator: ",") + "\n"
                }
                text += "\(code),Area,Population,\(sex),All ages," + (2022...2047).map { _ in "0" }.joined(separator: ",") + "\n"
            }
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("snpp-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static func memberCodes() throws -> [String] {
        try EnglandBundle(directory: BaselineTests.bundlePath).reportingUnits().units.flatMap(\.members)
    }

    @Test("Persons by single year are summed into groups and authorities into reporting units", arguments: [false, true])
    func replaces(bySex: Bool) throws {
        let path = try Self.file(codes: try Self.memberCodes(), bySex: bySex) { age, year in Double(100 + age) + Double(year - 2022) }
        let snpp = try SNPPFile.read(path)
        #expect(snpp.years.first == 2022 && snpp.years.last == 2047)
        let durham = try #require(snpp.persons("E06000047", ages: 0...4, year: 2023))
        #expect(durham == 515)
        let bundle = try EnglandBundle(directory: BaselineTests.bundlePath)
        let baseline = try EnglandBaseline.build(bundle, assumptions: try AssumptionSet.load(bundle.path("assumptions.yaml")), officialPopulation: snpp)
        #expect(baseline.input.validate().isEmpty)
        let kingston = baseline.input.population.first { $0.area == "E09000021 / E09000027" && $0.ageGroup == "16-17" && $0.year == 2043 }!
        // Two authorities × ages 16, 17 × (100 + age + 21).
        #expect(kingston.persons == 2 * Double((116 + 21) + (117 + 21)))
        #expect(baseline.notes.populationMethod.contains("official ONS subnational"))
    }

    @Test("A projection missing an authority, or a year, is refused with the file named")
    func incomplete() throws {
        let codes = try Self.memberCodes()
        let bundle = try EnglandBundle(directory: BaselineTests.bundlePath)
        let assumptions = try AssumptionSet.load(bundle.path("assumptions.yaml"))
        let missingOne = try SNPPFile.read(try Self.file(codes: codes.filter { $0 != "E06000047" }) { _, _ in 1 })
        #expect {
            _ = try EnglandBaseline.build(bundle, assumptions: assumptions, officialPopulation: missingOne)
        } throws: { error in
            guard case .badData(_, let problems)? = error as? DataFileError else { return false }
            return problems.first?.message.contains("County Durham") == true
        }
        let path = try Self.file(codes: ["E06000047"]) { _, _ in 1 }
        let broken = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: ",persons,7,", with: ",persons,seven,")
        try broken.write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try SNPPFile.read(path)
        } throws: { error in
            guard case .badData(let file, let problems)? = error as? DataFileError else { return false }
            return file == path && problems.first?.field == "AGE_GROUP" && problems.first?.line == 9
        }
    }
}
