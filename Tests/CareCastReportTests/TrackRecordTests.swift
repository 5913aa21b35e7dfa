import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastModel
import CareCastReport
import Foundation
import Testing

@Suite("Track record: the previous edition scored against the census since")
struct TrackRecordTests {
    static let latest = ReportTests.packageRoot.appendingPathComponent("data/england").path
    static let edition2023 = ReportTests.packageRoot.appendingPathComponent("editions/2023").path

    @Test("The 2023 edition against 2024: England, every region and authority, inside or outside the intervals it published")
    func scored() throws {
        let bundle = try EnglandBundle(directory: Self.latest)
        let record = try TrackRecord.load(folder: Self.edition2023, bundle: bundle)
        #expect(record.edition == 2023)
        let years = Set(record.rows.map(\.year))
        #expect(years == Set((2024...bundle.baseYear).map { $0 }))
        let england = try #require(record.rows.first { $0.level == .national && $0.year == 2024 })
        // As the 2023 edition published them (editions/2023/data), and DfE's 2024 figure.
        #expect(england.central == 33_612.7)
        #expect(england.q05 == 32_813.7 && england.q95 == 34_229.2)
        #expect(england.outturn == 34_328.2)
        #expect(england.inside90 == false)
        #expect(record.rows.filter { $0.level == .regional && $0.year == 2024 }.count == 9)
        #expect(record.rows.filter { $0.level == .localAuthority && $0.year == 2024 }.count > 140)
        let summary = try #require(record.summary().first { $0.level == .regional && $0.year == 2024 })
        #expect(summary.count == 9 && summary.withIntervals == 9)
        #expect(summary.inside90 == record.rows.filter { $0.level == .regional && $0.year == 2024 && $0.inside90 == true }.count)
        #expect(record.csv().split(separator: "\n").count == record.rows.count + 1)
        #expect(try TrackRecord.publishedGap10(folder: Self.edition2023) == 1_251.4)
        #expect(TrackRecord.previousEdition(in: ReportTests.packageRoot.appendingPathComponent("editions").path, before: 2024) == Self.edition2023)
        #expect(TrackRecord.previousEdition(in: ReportTests.packageRoot.appendingPathComponent("editions").path, before: 2023) == nil)
    }

    @Test("The report's waterfall runs from the last edition's gap to this one's; the section, its CSV and verify follow")
    func inReport() async throws {
        let report = try await Report.build(dataDirectory: Self.latest, previousEdition: Self.edition2023)
        let record = try #require(report.trackRecord)
        let steps = record.waterfall
        #expect(steps.count == 4)
        #expect(steps.first?.gap == 1_251.4)
        // No row to 2023 was revised in edition 2024: the revision step changes nothing.
        #expect(steps[2].gap == steps[1].gap)
        let t = 10
        let a = report.result.areaIndex(AreaCode(England.code))!
        let gap = report.result.roles.indices.reduce(0.0) { $0 + report.result.value(.required, area: a, role: $1, yearIndex: t) - report.result.value(.fte, area: a, role: $1, yearIndex: t) }
        #expect(abs(steps.last!.gap - gap) < 1e-9)
        let html = report.html(manifestSummary: "")
        #expect(html.contains("<section id=\"track-record\">") && html.contains("id=\"table-waterfall\""))
        let outputs = try report.outputs()
        #expect(outputs.contains { $0.path == "data/track_record.csv" })
        #expect(try report.inputs().contains { $0.path.hasPrefix("edition:") && $0.path.hasSuffix("simulation_quantiles.csv") })
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carecast-track-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try ReportTests.write(report, to: directory)
        let outcome = try await ReportVerifier.verify(directory)
        #expect(outcome.ok, "\(outcome.differingOutputs) \(outcome.changedInputs)")
    }
}
