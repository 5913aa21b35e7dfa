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

@Suite("Rates that move honestly: the whole series, local rates shrunk, recruitment where the exits are")
struct LocalFlowTests {
    static func latest() throws -> EnglandBaseline {
        let bundle = try EnglandBundle(directory: Editions.latest.path)
        return try EnglandBaseline.build(bundle, assumptions: try AssumptionSet.load(bundle.path("assumptions.yaml")))
    }

    @Test("Exit multipliers are shrunk towards the region and average 1 over the stock; recruitment shares sum to 1 and keep each authority at the national net rate")
    func multipliersAndShares() throws {
        let baseline = try Self.latest()
        let input = baseline.input
        var fte: [AreaCode: Double] = [:]
        for row in input.stock { fte[row.area, default: 0] += row.fte }
        let total = fte.values.reduce(0, +)
        let weighted = input.areaLeaverMultipliers.reduce(0) { $0 + $1.multiplier * (fte[$1.area] ?? 0) } / total
        #expect(abs(weighted - 1) < 1e-9)
        #expect(input.areaLeaverMultipliers.allSatisfy { $0.multiplier > 0.4 && $0.multiplier < 2.5 })
        let summary = baseline.notes.localFlows
        #expect(summary.exitMedianWeight > 0 && summary.exitMedianWeight < 1)
        #expect(summary.netFlowWeight == 0)
        // Every entrant source is shared by the same recruitment shares, which sum to 1.
        let shares = try #require(input.joiners.first { $0.source == "experienced" }?.areaShare)
        #expect(abs(shares.reduce(0) { $0 + $1.value } - 1) < 1e-9)
        #expect(input.pipelines.allSatisfy { $0.areaShare == shares })
        // With no weight on local net flows, each unit's entrants less its exits, per FTE, is England's.
        let entrants = baseline.notes.entrantsFTE
        let exitRate = baseline.notes.nationalExitRate
        // (Exits are the national rate times the stock, as the multipliers average 1 over it.)
        let national = (entrants - exitRate * total) / total
        for share in shares {
            guard let unitFTE = fte[share.key], unitFTE > 0 else {
                #expect(share.value == 0, "\(share.key) has no staff in post and gets no entrants")
                continue
            }
            let m = input.areaLeaverMultipliers.first { $0.area == share.key }!.multiplier
            let net = (share.value * entrants - exitRate * m * unitFTE) / unitFTE
            #expect(abs(net - national) < 1e-9, "\(share.key)")
        }
    }

    @Test("No authority drifts away: over 20 years every unit's FTE grows within a few points of England's")
    func noDrift() throws {
        let result = try Projection(Self.latest().input).run(trainingSufficiency: false)
        let last = result.years.count - 1
        func fte(_ a: Int, _ t: Int) -> Double { result.roles.indices.reduce(0) { $0 + result.value(.fte, area: a, role: $1, yearIndex: t) } }
        let england = result.areas.firstIndex { $0.parent == nil }!
        let growth = fte(england, last) / fte(england, 0)
        for (a, area) in result.areas.enumerated() where area.leafIndex != nil && fte(a, 0) > 0 {
            #expect(abs(fte(a, last) / fte(a, 0) - growth) < 0.12, "\(area.code.rawValue): \(fte(a, last) / fte(a, 0)) against England's \(growth)")
        }
    }

    @Test("Flows reach every role: each role keeps about its base-year share of England's workforce over 20 years (no artefact of the skill mix)")
    func rolesKeepTheirShare() throws {
        let result = try Projection(Self.latest().input).run(trainingSufficiency: false)
        let england = result.areas.firstIndex { $0.parent == nil }!
        func share(_ r: Int, _ t: Int) -> Double {
            result.value(.fte, area: england, role: r, yearIndex: t) / result.roles.indices.reduce(0) { $0 + result.value(.fte, area: england, role: $1, yearIndex: t) }
        }
        for r in result.roles.indices {
            for t in [5, 10, 20] {
                #expect(abs(share(r, t) - share(r, 0)) < 0.03, "\(result.roles[r].name) +\(t): \(share(r, t)) against \(share(r, 0))")
            }
        }
    }

    @Test("Degree intakes follow the published series: straight lines between published years, then the stated trend")
    func intakes() throws {
        let baseline = try Self.latest()
        let points = baseline.notes.intakePoints
        // Published: 2017-18 4,650; 2018-19 4,140; 2021-22 5,580.
        #expect(points.first { $0.year == 2017 }?.value == 4_650)
        #expect(abs(points.first { $0.year == 2020 }!.value - (4_140 + (5_580 - 4_140) * 2.0 / 3)) < 1e-9)
        #expect(points.last?.year == 2021, "a trend of 0 holds the last published year")
        let trended = EnglandBaseline.intakeSeries([.init(year: 2021, value: 100)], trend: 0.1, through: 2023)
        #expect(trended.map(\.year) == [2021, 2022, 2023])
        #expect(abs(trended[2].value - 121) < 1e-9)
    }
}
