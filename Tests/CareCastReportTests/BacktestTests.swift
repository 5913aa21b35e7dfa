import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastModel
import CareCastReport
import Testing

@Suite("Back-test: how well has the method done?")
struct BacktestTests {
    @Test("Each base year is calibrated on data up to it and compared with every later census, beside two benchmarks")
    func backtest() async throws {
        let bundle = try EnglandBundle(directory: ReportTests.bundle)
        let assumptions = try AssumptionSet.load(bundle.path("assumptions.yaml"))
        let backtest = try await Backtest.run(bundle, assumptions: assumptions, baseYears: [2020, 2022])
        // 2020 projects 2021-2023 (three horizons); 2022 projects 2023.
        let national = backtest.comparisons.filter { $0.level == .national && $0.measure == "inpost_fte" }
        #expect(national.map(\.year) == [2021, 2022, 2023, 2023])
        // Outturn is what DfE published; the last-value benchmark is the base year's figure.
        let from2022 = try #require(national.last)
        #expect(from2022.outturn == 33_119.1)
        #expect(from2022.lastValue == 31_634.1)
        // A back-test baseline sees no data after its base year.
        let baseline = try EnglandBaseline.build(bundle, assumptions: assumptions, baseYear: 2020)
        #expect(baseline.input.baseYear == 2020 && baseline.input.horizon == 3)
        #expect(baseline.input.pipelines.allSatisfy { $0.intake.allSatisfy { $0.year <= 2020 || $0.year == 2023 } })
        #expect(baseline.input.validate().isEmpty)
        let scores = backtest.scores()
        #expect(scores.contains { $0.measure == "inpost_fte" && $0.level == .localAuthority && $0.horizon == 1 && $0.count > 100 })
        #expect(scores.allSatisfy { $0.mape >= 0 && $0.mape.isFinite })
        #expect(backtest.render().contains("MAPE"))
        #expect(backtest.csv().split(separator: "\n").count == backtest.comparisons.count + 1)
        #expect(backtest.coverage().isEmpty, "no draws, no intervals")
        // Demand: children in need, projected and as published.
        let need = backtest.comparisons.filter { $0.measure == "children_in_need" && $0.level == .national }
        #expect(need.map(\.year) == [2021, 2022, 2023, 2023])
        #expect(need.first { $0.baseYear == 2022 }?.lastValue == 404_310, "DfE: children in need at 31 March 2022")
        #expect(scores.contains { $0.measure == "children_in_need" && $0.level == .localAuthority && $0.count > 100 })
    }

    @Test("With draws, each projection has 50% and 90% intervals, coverage is counted by level and horizon, and poor coverage is flagged")
    func coverage() async throws {
        let bundle = try EnglandBundle(directory: ReportTests.bundle)
        let assumptions = try AssumptionSet.load(bundle.path("assumptions.yaml"))
        let backtest = try await Backtest.run(bundle, assumptions: assumptions, baseYears: [2021, 2022], draws: 200, seed: 7, tasks: 2)
        let inPost = backtest.comparisons.filter { $0.measure == "inpost_fte" }
        #expect(inPost.allSatisfy { $0.interval50 != nil && $0.interval90 != nil })
        #expect(inPost.allSatisfy { $0.interval90!.lowerBound <= $0.interval50!.lowerBound && $0.interval50!.upperBound <= $0.interval90!.upperBound })
        #expect(inPost.filter { $0.interval50!.contains($0.projected) }.count > inPost.count * 8 / 10, "the central projection sits inside its own 50% interval")
        let coverage = backtest.coverage()
        #expect(!coverage.isEmpty)
        for c in coverage {
            let rows = inPost.filter { $0.level == c.level && $0.horizon == c.horizon }
            #expect(c.count == rows.count)
            #expect(abs(c.inside90 - Double(rows.filter { $0.interval90!.contains($0.outturn) }.count) / Double(rows.count)) < 1e-12)
            #expect(c.inside50 <= c.inside90)
            let in90 = rows.filter { $0.interval90!.contains($0.outturn) }.count, in50 = rows.filter { $0.interval50!.contains($0.outturn) }.count
            #expect(c.poor == (Backtest.Coverage.binomialAtMost(in90, of: rows.count, p: 0.9) < 0.05 || Backtest.Coverage.binomialAtMost(in50, of: rows.count, p: 0.5) < 0.05))
            let errors = rows.filter { $0.projected > 0 }.map { ($0.outturn - $0.projected) / $0.projected }
            #expect(abs(c.meanError - errors.reduce(0, +) / Double(errors.count)) < 1e-12)
            #expect(c.rmsError >= abs(c.meanError))
            #expect(c.halfWidth90 > 0)
            #expect(c.mostlyBias == (c.meanError * c.meanError > c.rmsError * c.rmsError / 2))
            #expect(c.diagnosis.isEmpty == !c.poor)
            if c.poor { #expect(c.diagnosis.hasPrefix(c.mostlyBias ? "mostly bias" : "mostly spread")) }
        }
        let text = backtest.render()
        #expect(text.contains("Interval coverage of FTE in post (200 draws per base year"))
        // The diagnosis is text: left-aligned, so every one starts in the same column.
        let starts = Set(text.split(separator: "\n").compactMap { line in line.range(of: "POOR: ").map { line.distance(from: line.startIndex, to: $0.lowerBound) } })
        #expect(starts.count <= 1, "diagnoses start in columns \(starts.sorted())")
        // The same seed gives the same intervals.
        let again = try await Backtest.run(bundle, assumptions: assumptions, baseYears: [2021, 2022], draws: 200, seed: 7, tasks: 1)
        #expect(again.csv() == backtest.csv())
    }

    @Test("Poor coverage is a shortfall chance does not explain: the binomial tail against the nominal rate")
    func binomial() {
        // 3 of 5 inside a 90% interval happens 8.1% of the time: not enough to call it poor.
        #expect(abs(Backtest.Coverage.binomialAtMost(3, of: 5, p: 0.9) - (0.00001 + 0.00045 + 0.0081 + 0.0729)) < 1e-9)
        #expect(Backtest.Coverage.binomialAtMost(5, of: 5, p: 0.9) == 1)
        // 0 of 4 inside a 50% interval: 1/16.
        #expect(abs(Backtest.Coverage.binomialAtMost(0, of: 4, p: 0.5) - 0.0625) < 1e-12)
        // 600 of 734 (82%) against 90%: far in the tail.
        #expect(Backtest.Coverage.binomialAtMost(600, of: 734, p: 0.9) < 1e-6)
        let few = Backtest.Coverage(level: .national, horizon: 2, count: 4, inside50: 0.25, inside90: 1, meanError: 0.01, rmsError: 0.04, halfWidth90: 0.07)
        #expect(!few.poor)
        let many = Backtest.Coverage(level: .localAuthority, horizon: 1, count: 734, inside50: 0.41, inside90: 0.84, meanError: 0.01, rmsError: 0.1, halfWidth90: 0.12)
        #expect(many.poor)
    }

    @Test("report --backtest adds the section, its chart and backtest.csv")
    func inReport() async throws {
        let report = try await Report.build(dataDirectory: ReportTests.bundle, backtest: true)
        let html = report.html(manifestSummary: "")
        #expect(html.contains("id=\"table-backtest\""))
        #expect(html.contains("id=\"chart-backtest\""))
        #expect(html.contains("bias is"))
        #expect(html.contains("id=\"table-backtest-coverage\""))
        #expect(html.contains("id=\"table-backtest-demand\""))
        // Agency workers are scored as a stock of their own, and the report says why the last
        // value won where it did (the 2022 fall in FTE in post, in the 2023 cut's back-test).
        #expect(html.contains("id=\"table-backtest-agency\""))
        #expect(html.contains("fell in 2022"))
        #expect(try report.outputs().contains { $0.path == "data/backtest.csv" })
    }
}
