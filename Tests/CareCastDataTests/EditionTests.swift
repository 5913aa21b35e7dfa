import CareCastData
import CareCastModel
import CareCastReport
import Foundation
import Testing

/// The bundle as it stands (the latest edition) and the 2023 edition cut from it. Tests whose
/// figures are those of 2023 read the cut, so they hold whatever edition is bundled; tests of
/// the latest edition compare with the published rows of its own base year.
enum Editions {
    static let latest = ConformanceTests.packageRoot.appendingPathComponent("data/england")
    static let edition2023: URL = {
        do {
            return URL(fileURLWithPath: try BundleCut.temporary(from: latest.path, year: 2023))
        } catch {
            fatalError("cannot cut the bundle at 2023: \(error)")
        }
    }()
}

@Suite("Editions: a new year of data needs no code change")
struct EditionTests {
    @Test("Cutting the bundle at 2023 reproduces the 2023 edition's data files byte for byte (the hashes its manifest recorded)")
    func cutReproducesEdition() throws {
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: ConformanceTests.packageRoot.appendingPathComponent("editions/2023/manifest.json"))) as! [String: Any]
        let inputs = manifest["inputs"] as! [[String: String]]
        var checked = 0
        for input in inputs {
            let path = input["path"]!
            guard path.hasPrefix("data/published/") || path.hasPrefix("data/tidy/") else { continue }
            let file = Editions.edition2023.appendingPathComponent(String(path.dropFirst("data/".count)))
            let bytes = try DataFile.read(file.path)
            #expect(SHA256.hex(bytes) == input["sha256"], "\(path)")
            checked += 1
        }
        #expect(checked == 19)
    }

    @Test("A cut leaves out the later rows of each series and nothing else: the header, byte-order mark and quoted fields survive")
    func cutRows() throws {
        let text = "\u{FEFF}time_period,name,value\n2022,\"a, b\",1\n2023,\"multi\nline\",2\n2024,c,3\n2030,d,4\n"
        let cut = try BundleCut.cutRows(Array(text.utf8), file: "t.csv", yearColumn: "time_period", through: 2023)
        #expect(String(decoding: cut, as: UTF8.self) == "\u{FEFF}time_period,name,value\n2022,\"a, b\",1\n2023,\"multi\nline\",2\n")
        #expect {
            _ = try BundleCut.cutRows(Array("time_period,v\nlater,1\n".utf8), file: "t.csv", yearColumn: "time_period", through: 2023)
        } throws: { error in
            guard case .badData(let file, let problems)? = error as? DataFileError else { return false }
            return file == "t.csv" && problems.first?.line == 2 && problems.first?.field == "time_period"
        }
    }

    @Test("The same code builds the baseline from the bundle cut at 2023 and from the full one; the base year follows the data", arguments: [2023, 0])
    func buildsEachEdition(cut: Int) throws {
        let directory = cut == 0 ? Editions.latest.path : Editions.edition2023.path
        let bundle = try EnglandBundle(directory: directory)
        let latestCensus = bundle.indicators.rows.map(\.year).max()!
        #expect(cut == 0 || latestCensus == cut)
        let baseline = try EnglandBaseline.build(bundle, assumptions: try AssumptionSet.load(bundle.path("assumptions.yaml")))
        #expect(baseline.input.baseYear == latestCensus)
        #expect(baseline.input.validate().isEmpty)
        // The stock is the census's LA-employed FTE in post of that year, within rounding.
        let england = try #require(bundle.indicators.rows.first { $0.year == latestCensus && $0.level == .national })
        let stock = baseline.input.stock.reduce(0) { $0 + $1.fte }
        #expect(abs(stock - england.value("inpost_fte").number!) <= 0.05 * 151)
        let vacancies = baseline.input.vacancies.reduce(0) { $0 + $1.fte }
        #expect(abs(vacancies - england.value("vacancy_fte").number!) <= 0.05 * 151)
        // The activities add up to England's children in need at 31 March as published (units'
        // rounding, and any figure DfE did not show, imputed by the stated rule and listed).
        let cin = try EESFile.read(bundle.path("published/dfe_cin_b1_children_in_need.csv"), measures: ["At31_episodes"])
        let published = try #require(cin.rows.first { $0.year == latestCensus && $0.level == .national }?.value("At31_episodes").number)
        let counted = baseline.input.activities.flatMap(\.baseCounts).reduce(0) { $0 + $1.count }
        #expect(abs(counted - published) / published < 0.001)
        let hidden = cin.rows.filter { $0.year == latestCensus && $0.level == .localAuthority && $0.value("At31_episodes").number == nil }
        for row in hidden { #expect(baseline.notes.demandImputations.contains { $0.contains(row.laName) && $0.contains("At31_episodes") }) }
        let result = try Projection(baseline.input).run()
        #expect(result.years.first == latestCensus && result.years.last == latestCensus + 20)
    }
}
