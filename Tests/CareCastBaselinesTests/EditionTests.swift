@testable import CareCastBaselines
@testable import CareCastFormats
@testable import CareCastReturns
import CareCastModel
import CareCastReport
import Foundation
import Testing

/// The bundle as it stands (the latest edition) and the 2023 edition cut from it. Tests whose
/// figures are those of 2023 read the cut, so they hold whatever edition is bundled; tests of
/// the latest edition compare with the published rows of its own base year.
enum Editions {
    static let latest = Paths.packageRoot.appendingPathComponent("data/england")
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
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: Paths.packageRoot.appendingPathComponent("editions/2023/manifest.json"))) as! [String: Any]
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
        // With no weight on local net flows, each unit's entrants and conversions from its own
        // agency workers, less its leavers, per FTE, is England's (at the base year's flows).
        let entrants = baseline.notes.entrantsFTE
        let leaverRate = baseline.notes.leaverRate
        let conversions = baseline.notes.agency.firstYearConversions
        let agency = try #require(input.agency)
        let agencyTotal = agency.stock.reduce(0) { $0 + $1.fte }
        // (Leavers are the national rate times the stock, as the multipliers average 1 over it.)
        let national = (entrants + conversions - leaverRate * total) / total
        for share in shares {
            guard let unitFTE = fte[share.key], unitFTE > 0 else {
                #expect(share.value == 0, "\(share.key) has no staff in post and gets no entrants")
                continue
            }
            let m = input.areaLeaverMultipliers.first { $0.area == share.key }!.multiplier
            let own = agency.stock.filter { $0.area == share.key }.reduce(0) { $0 + $1.fte } * conversions / agencyTotal
            let net = (share.value * entrants + own - leaverRate * m * unitFTE) / unitFTE
            // A unit whose own conversions alone exceed what it needs recruits none (its share is
            // floored at 0), which re-scales the others' by a hair.
            if share.value > 0 { #expect(abs(net - national) < 1e-5, "\(share.key)") }
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

@Suite("Pseudo-real time: a back-test calibrates on national figures as published by its base year")
struct AsPublishedTests {
    @Test("The newest release up to the base year, or else the figure as first published; the latest where neither exists")
    func vintages() throws {
        let bundle = try EnglandBundle(directory: Editions.latest.path)
        func national(_ b: EnglandBundle, _ year: Int, _ measure: String) -> Double? {
            b.indicators.rows.first { $0.level == .national && $0.year == year }?.value(measure).number
        }
        let by2022 = try bundle.asPublished(by: 2022)
        // The release for reporting year 2022 had 30,720.1 FTE in post for 2019 (now 30,683.8)
        // and 3,879.9 leavers for 2017 (now 3,811.8).
        #expect(national(by2022.bundle, 2019, "inpost_fte") == 30_720.1)
        #expect(national(by2022.bundle, 2017, "leavers_fte") == 3_879.9)
        #expect(national(by2022.bundle, 2023, "inpost_fte") == 33_119.1, "a year after the base year is left as it is")
        // By 2021 no release in the bundle had come out: 2019's figure as first published.
        let by2021 = try bundle.asPublished(by: 2021)
        #expect(national(by2021.bundle, 2019, "inpost_fte") == 30_700)
        #expect(national(by2021.bundle, 2020, "starters_fte") == national(bundle, 2020, "starters_fte"))
        #expect(by2021.replaced.contains { $0.hasPrefix("inpost_fte 2019") })
        // The back-test's baseline records what it took as published.
        let baseline = try EnglandBaseline.build(bundle, assumptions: try AssumptionSet.load(bundle.path("assumptions.yaml")), baseYear: 2022)
        #expect(baseline.notes.asPublished == by2022.replaced)
        // The latest edition's own baseline is untouched.
        #expect(try EnglandBaseline.build(bundle, assumptions: try AssumptionSet.load(bundle.path("assumptions.yaml"))).notes.asPublished.isEmpty)
    }
}

@Suite("Agency workers as a stock, and local rates that revert (model v2)")
struct AgencyStockTests {
    static func build(_ directory: URL) throws -> EnglandBaseline {
        let bundle = try EnglandBundle(directory: directory.path)
        return try EnglandBaseline.build(bundle, assumptions: try AssumptionSet.load(bundle.path("assumptions.yaml")))
    }

    @Test("The agency stock is each unit's published agency FTE, split over roles; England's adds up to the units'")
    func stock() throws {
        let baseline = try Self.build(Editions.latest)
        let input = baseline.input
        #expect(input.specVersion == 2)
        let agency = try #require(input.agency)
        let bundle = try EnglandBundle(directory: Editions.latest.path)
        let accounts = BaseYearAccounts(indicators: bundle.indicators, units: try bundle.reportingUnits())
        for unit in accounts.units {
            let published = unit.accounts["agency_fte"] ?? 0
            let modelled = agency.stock.filter { $0.area.rawValue == unit.code }.reduce(0) { $0 + $1.fte }
            #expect(abs(modelled - published) < 1e-6, "\(unit.code)")
        }
        #expect(abs(agency.stock.reduce(0) { $0 + $1.fte } - baseline.notes.agency.stock) < 1e-6)
        // Moves into agency work are DfE's 2021 split: 2.6 / (8.6 + 2.6) of the model's leavers.
        #expect(abs(agency.moveShare - 2.6 / 11.2) < 1e-12)
        #expect(agency.conversionShare == 0.15)
    }

    @Test("The net outflow of agency work is the change in the stock less the moves in; the 2024 rules are its rise since")
    func outflow() throws {
        let latest = try Self.build(Editions.latest).notes.agency
        // 2024: moves in = (2.6% into agency / 2021's turnover of 15.6% by headcount) × 4,728.7
        // leavers; the stock fell from 7,178.5 to 6,520.7.
        #expect(abs(latest.moveShareOfTurnover - 2.6 / 15.6) < 1e-12)
        let moves2024 = 2.6 / 15.6 * 4_728.7
        let o2024 = (moves2024 - (6_520.7 - 7_178.5)) / 7_178.5
        let listed = try #require(latest.yearlyOutflow.first { $0.year == 2024 })
        #expect(abs(listed.rate - o2024) < 1e-9)
        #expect(latest.yearlyOutflow.map(\.year) == Array(2018...2024))
        let rules = try #require(latest.rulesOutflow)
        #expect(abs(rules - o2024) < 1e-12)
        #expect(latest.outflowFactor > 2 && abs(latest.outflowFactor - rules / latest.preRulesOutflow) < 1e-12)
        // The 2023 edition's data end before the rules: no effect is applied.
        let cut = try Self.build(Editions.edition2023).notes.agency
        #expect(cut.rulesOutflow == nil && cut.outflowFactor == 1)
        #expect(abs(cut.preRulesOutflow - latest.preRulesOutflow) < 1e-12)
    }

    @Test("Agency workers fall under the rules and the converted join LA staff: both gaps are published, nobody counted twice")
    func projection() throws {
        let baseline = try Self.build(Editions.latest)
        let result = try Projection(baseline.input).run(trainingSufficiency: false)
        let england = result.areas.firstIndex { $0.parent == nil }!
        func total(_ m: ProjectionResult.Metric, _ t: Int) -> Double { result.roles.indices.reduce(0) { $0 + result.value(m, area: england, role: $1, yearIndex: t) } }
        #expect(abs(total(.agencyFte, 0) - 6_520.7) < 0.05)
        #expect(total(.agencyFte, 1) < total(.agencyFte, 0))
        // The stock's balance each year: last year's, less its outflow, plus the moves in.
        for t in 1..<result.years.count {
            let outflow = total(.agencyConversions, t) + total(.agencyLeavers, t)
            #expect(abs(total(.agencyFte, t) - (total(.agencyFte, t - 1) - outflow + total(.agencyMoves, t) + total(.agencyEntrants, t))) < 1e-6)
        }
        let row = result.row(area: england, role: 0, yearIndex: 10)
        let agency = try #require(row.agency)
        #expect(abs(agency.gapWithAgency - (row.required - row.fte - agency.fte)) < 1e-9)
    }

    @Test("Local leaver multipliers revert to the region with the stated half-life, recruitment shares with them")
    func reversion() throws {
        let baseline = try Self.build(Editions.latest)
        let reversion = try #require(baseline.input.reversion)
        #expect(reversion.halfLife == 4)
        #expect(reversion.leaverMultiplierTargets.count == baseline.input.areaLeaverMultipliers.count)
        let targets = try #require(baseline.input.pipelines.first?.areaShareTarget)
        #expect(abs(targets.reduce(0) { $0 + $1.value } - 1) < 1e-9)
        // The data's own persistence: authorities' relative leaver rates decay with a half-life
        // within the stated range of the assumption.
        let estimate = try #require(baseline.notes.localFlows.exitPersistenceHalfLife)
        #expect(estimate > 2 && estimate < 10, "\(estimate)")
    }

    @Test("Early-career supply: the base year's estimate from the last five years' newly qualified starters, followed by role")
    func earlyCareer() throws {
        let baseline = try Self.build(Editions.latest)
        let early = try #require(baseline.input.earlyCareer)
        #expect(early.years == 5 && early.pipelines == ["degree", "fast_track"])
        let total = early.stock.reduce(0) { $0 + $1.fte }
        #expect(abs(total - baseline.notes.earlyCareerBase) < 1e-6)
        // Every cohort 0…4 is there, the youngest largest (fewer leavers since).
        let byCohort = (0..<5).map { c in early.stock.filter { $0.yearsSinceEntry == c }.reduce(0) { $0 + $1.fte } }
        #expect(byCohort.allSatisfy { $0 > 0 })
        let result = try Projection(baseline.input).run(trainingSufficiency: false)
        let england = result.areas.firstIndex { $0.parent == nil }!
        let caseHolders = result.value(.fte, area: england, role: 0, yearIndex: 0)
        let earlyNow = result.value(.earlyCareerFte, area: england, role: 0, yearIndex: 0)
        #expect(earlyNow < caseHolders && abs(earlyNow - total) < 1e-6)
        // Ten years on some early-career staff have progressed; none is in a role they cannot reach.
        #expect(result.value(.earlyCareerFte, area: england, role: 1, yearIndex: 10) > 0)
        #expect(result.value(.earlyCareerFte, area: england, role: 5, yearIndex: 10) == 0)
    }
}
