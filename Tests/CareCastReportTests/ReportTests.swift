import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastModel
@testable import CareCastReport
import Foundation
import Testing

@Suite("The assessment report, its open data, manifest and verify", .serialized)
struct ReportTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The 2023 edition, cut from the bundle: the figures these tests name are 2023's, whatever
    /// edition is bundled.
    static let bundle: String = {
        do {
            return try BundleCut.temporary(from: packageRoot.appendingPathComponent("data/england").path, year: 2023)
        } catch {
            fatalError("cannot cut the bundle at 2023: \(error)")
        }
    }()

    /// A private copy of the bundled data, so that a test can change it.
    static func copyOfData() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("carecast-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: bundle, toPath: dir.appendingPathComponent("data").path)
        return dir
    }

    static func write(_ report: Report, to directory: String) throws {
        let outputs = try report.outputs()
        try Report.write(outputs + [("manifest.json", report.manifest(outputs: outputs, inputs: try report.inputs(relativeTo: directory), gitCommit: "test", relativeTo: directory))], to: directory)
    }

    @Test("The HTML is one self-contained page with every section, the one-line answer, the status label and charts")
    func html() async throws {
        let report = try await Report.build(dataDirectory: Self.bundle)
        let html = report.html(manifestSummary: "")
        for section in ["headline", "gap", "supply", "required", "regions", "skill-mix", "training", "comparison", "ethnicity", "not-counted", "definitions", "method", "assumptions", "sources", "verify"] {
            #expect(html.contains("<section id=\"\(section)\">"), "missing section \(section)")
        }
        #expect(html.contains("Official statistics in development"))
        #expect(html.contains("id=\"answer\""))
        for chart in ["chart-england", "chart-regions", "chart-supply-regions"] { #expect(html.contains("<svg class=\"chart\" id=\"\(chart)\"")) }
        // Nothing is fetched from the network: no scripts, style sheets or images by URL.
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("src=\"http"))
        // The workforce now, as DfE published it.
        #expect(html.contains("33,119.1"))
        #expect(html.contains("7,722.7"))
        #expect(html.contains("1,978.5"))
        #expect(html.contains("Black / African / Caribbean / Black British"))
        // Built from nodes: no markup was escaped into text (as a tag joined into a string
        // and escaped again would be), and every section is closed.
        for tag in ["&lt;p", "&lt;/", "&lt;code", "&lt;strong", "&lt;br", "&amp;amp;"] { #expect(!html.contains(tag), "escaped markup \(tag)") }
        #expect(html.components(separatedBy: "<section ").count == html.components(separatedBy: "</section>").count)
        #expect(html.components(separatedBy: "<p>").count + html.components(separatedBy: "<p ").count - 1 == html.components(separatedBy: "</p>").count)
    }

    @Test("Open data in the EES layout: every area, role (and total) and year; training answers; accounts; guidance")
    func openData() async throws {
        let report = try await Report.build(dataDirectory: Self.bundle)
        let tables = Dictionary(uniqueKeysWithValues: report.openData().map { ($0.name, $0.text) })
        let projection = try CSVReader.parse(Array(tables["projection.csv"]!.utf8), file: "projection.csv")
        #expect(Array(projection.header.prefix(10)) == ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code", "region_name", "old_la_code", "new_la_code", "la_name"])
        #expect(projection.rows.count == 161 * 7 * 21)
        let levels = Set(projection.rows.map { $0[2] })
        #expect(levels == ["National", "Regional", "Local authority"])
        let training = try CSVReader.parse(Array(tables["training_sufficiency.csv"]!.utf8), file: "t.csv")
        #expect(training.rows.count == 6)
        let accounts = try CSVReader.parse(Array(tables["base_year_accounts.csv"]!.utf8), file: "a.csv")
        let expectedRows = 163  // England, 9 regions, Inner and Outer London, 151 units
        #expect(accounts.rows.count == expectedRows)
        #expect(accounts.rows[0][accounts.column("cases")!] == "337055.0")
        // England and the regions carry DfE's published figures; where the units add up to
        // something else the difference is listed with its reason.
        #expect(accounts.rows[0][accounts.column("inpost_fte")!] == "33119.1")
        #expect(accounts.rows[0][accounts.column("vacancy_fte")!] == "7722.7")
        let differs = accounts.rows[0][accounts.column("carecast_differs")!]
        #expect(differs.contains("vacancy_fte +0.2 (units' figures rounded to 0.1)"), "\(differs)")
        #expect(report.dataGuidance().contains("## projection.csv"))
    }

    @Test("The same inputs give byte-identical outputs")
    func deterministic() async throws {
        let a = try await Report.build(dataDirectory: Self.bundle).outputs()
        let b = try await Report.build(dataDirectory: Self.bundle).outputs()
        #expect(a.map(\.path) == b.map(\.path))
        for (x, y) in zip(a, b) { #expect(x.bytes == y.bytes, "\(x.path) differs between two runs") }
    }

    @Test("Consultation evidence in the data folder is listed by the assumptions it informs; confidential items are counted, not shown")
    func evidence() async throws {
        let dir = try Self.copyOfData()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data").path
        let none = try await Report.build(dataDirectory: Self.bundle).html(manifestSummary: "")
        #expect(none.contains("No consultation evidence is in this report"))
        try LocalEvidence.write([
            LocalEvidence(organisation: "Camden", title: "Recruitment plan 2025", text: "Twelve posts funded from April.", date: "2024-10-01", assumptions: ["frictional_vacancy_rate", "no_such"], publishable: true),
            LocalEvidence(organisation: "Barnet", title: "Draft", text: "SECRET figures", date: "2024-09-01", assumptions: ["flow_half_life"], publishable: false),
            LocalEvidence(organisation: "<script>alert(1)</script> & Sons", title: "Fees <b>", text: "\"quoted\"", date: "2024-08-01", assumptions: [], publishable: true),
        ], directory: data)
        let report = try await Report.build(dataDirectory: data)
        let html = report.html(manifestSummary: "")
        #expect(html.contains("id=\"table-evidence\"") && html.contains("Recruitment plan 2025") && html.contains("frictional_vacancy_rate (not changed)"))
        #expect(html.contains("no_such (not an assumption of this run)"))
        #expect(!html.contains("SECRET") && html.contains("1 of them in confidence"))
        // What organisations send is text in the report, never markup.
        #expect(!html.contains("<script>") && html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons") && html.contains("Fees &lt;b&gt;"))
        #expect(try report.inputs().contains { $0.path == "data/evidence.json" }, "the manifest hashes it as an input")
    }

    @Test("verify passes on an untouched report, and names a tampered output and a changed input")
    func verify() async throws {
        let dir = try Self.copyOfData()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data").path
        let out = dir.appendingPathComponent("report").path
        try Self.write(try await Report.build(dataDirectory: data), to: out)
        let clean = try await ReportVerifier.verify(out)
        #expect(clean.ok)
        #expect(clean.checked == 17, "ten outputs, costs.csv and the placements part's four model files and two tables")
        // The manifest names its inputs relative to the report folder: no path of this machine,
        // so the folders moved elsewhere (another clone, another machine) still verify.
        let manifest = try String(contentsOfFile: out + "/manifest.json", encoding: .utf8)
        #expect(!manifest.contains(dir.path) && manifest.contains("\"../data\"") && manifest.contains("\"../data/assumptions.yaml\""))
        let moved = FileManager.default.temporaryDirectory.appendingPathComponent("carecast-moved-\(UUID().uuidString)")
        try FileManager.default.moveItem(at: dir, to: moved)
        let elsewhere = try await ReportVerifier.verify(moved.appendingPathComponent("report").path)
        try FileManager.default.moveItem(at: moved, to: dir)
        #expect(elsewhere.ok && elsewhere.checked == 17)

        // Tamper with an output.
        let csv = dir.appendingPathComponent("report/data/training_sufficiency.csv")
        try (try String(contentsOf: csv, encoding: .utf8) + "x\n").write(to: csv, atomically: true, encoding: .utf8)
        let tampered = try await ReportVerifier.verify(out)
        #expect(!tampered.ok)
        #expect(tampered.differingOutputs == ["data/training_sufficiency.csv"])
        #expect(tampered.changedInputs.isEmpty)

        // Rebuild, then change an input: the assumptions' frictional vacancy rate.
        try Self.write(try await Report.build(dataDirectory: data), to: out)
        let assumptions = dir.appendingPathComponent("data/assumptions.yaml")
        let text = try String(contentsOf: assumptions, encoding: .utf8).replacingOccurrences(of: "value: 0.05", with: "value: 0.08")
        try text.write(to: assumptions, atomically: true, encoding: .utf8)
        let changed = try await ReportVerifier.verify(out)
        #expect(!changed.ok)
        #expect(changed.changedInputs == ["data/assumptions.yaml"])
        #expect(changed.differingOutputs.contains("index.html"))
        #expect(changed.differingOutputs.contains("data/training_sufficiency.csv"))
    }

    @Test("With draws: the uncertainty section, fan charts, probabilities and quantiles; verify re-derives them")
    func withDraws() async throws {
        let dir = try Self.copyOfData()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data").path
        let out = dir.appendingPathComponent("report").path
        let report = try await Report.build(dataDirectory: data, draws: 40, seed: 9, tasks: 2)
        let html = report.html(manifestSummary: "")
        #expect(html.contains("id=\"table-probability\""))
        #expect(html.contains("id=\"fan-england\""))
        #expect(html.contains("id=\"fan-region-9\""))
        // The headline as ranges by role, with the probability that supply meets need: for all
        // roles as counted in the draws, and read from the gap's distribution it agrees with that.
        #expect(html.contains("id=\"table-headline-ranges\""))
        let sim = try #require(report.simulation)
        let england = try #require(sim.areas.firstIndex { $0.code.rawValue == England.code })
        for h in [5, 10, 20] {
            let read = report.probabilityMet(sim, area: england, role: sim.roles.count - 1, yearIndex: h)
            #expect(abs(read - sim.supplyMeetsNeed[h]) < 0.05, "+\(h): \(read) against \(sim.supplyMeetsNeed[h])")
        }
        #expect(try report.outputs().contains { $0.path == "data/simulation_quantiles.csv" })
        try Self.write(report, to: out)
        let manifest = try String(contentsOfFile: out + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"draws\": 40"))
        #expect(manifest.contains("\"seed\": \"9\""))
        let outcome = try await ReportVerifier.verify(out, tasks: 1)
        #expect(outcome.ok)
        // With draws, the quantiles of the social workers and of both placements workforces.
        #expect(outcome.checked == 20)
    }

    @Test("Sensitivity: every ranged assumption at both ends, sorted by swing; the structural choices; tornado chart")
    func sensitivity() async throws {
        let report = try await Report.build(dataDirectory: Self.bundle, sensitivity: true)
        let s = try #require(report.sensitivity)
        // Cost and OBR-variant assumptions do not move the need-based gap (the OBR bridge shows theirs).
        let ranged = report.assumptions.assumptions.filter { $0.range != nil && !$0.name.hasPrefix("cost_") && !$0.name.hasPrefix("obr_") }
        #expect(s.assumptions.count == ranged.count)
        let swings = s.assumptions.map { abs($0.gapHigh - $0.gapLow) }
        #expect(swings == swings.sorted(by: >))
        #expect(s.structural.count == 5)
        // The need variants ride along: the stated standard's row is the stated variant's gap.
        let variants = try #require(report.variants)
        #expect(s.structural[0].gap == Report.gap10(variants.stated))
        // An assumption at its baseline value gives the baseline gap.
        let exit = try #require(s.assumptions.first { $0.name == "exit_rate_multiplier" })
        #expect(exit.gapLow < s.baseGap && s.baseGap < exit.gapHigh)
        let html = report.html(manifestSummary: "")
        // Issue 14: the evidence for need, the OBR bridge and the bridge to the LGA, each a table.
        for id in ["table-workload-weights", "table-need-age", "table-need-trend-test", "table-standards", "table-standards-variants", "table-obr-spending", "table-obr-bridge", "table-lga-bridge"] {
            #expect(html.contains("id=\"\(id)\""), "missing \(id)")
        }
        #expect(html.contains("<td class=\"num\">45,989</td></tr></tbody>"))
        // The bridge adds up: need plus its steps is the OBR-consistent requirement.
        let t = 10
        let need = report.englandTotal(.required, report.result, t), obr = report.englandTotal(.requiredObr, report.result, t)
        let steps = (report.englandTotal(.required, variants.npp, t) - need) + (report.englandTotal(.requiredObr, variants.obrNoGrowth, t) - report.englandTotal(.required, variants.npp, t))
            + (obr - report.englandTotal(.requiredObr, variants.obrNoGrowth, t))
        #expect(abs(need + steps - obr) < 1e-6)
        #expect(html.contains("id=\"chart-tornado\""))
        #expect(html.contains("id=\"table-structural\""))
        #expect(try report.outputs().contains { $0.path == "data/sensitivity.csv" })
    }

    @Test("A report folder is written whole or not at all")
    func atomicWrite() async throws {
        // The parent "folder" is a file: nothing can be written, and nothing is left behind.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("carecast-file-\(UUID().uuidString)")
        try Data([1]).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: DataFileError.self) {
            try Report.write([("index.html", [1]), ("data/a.csv", [2])], to: file.appendingPathComponent("report").path)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path).filter { $0.contains("report.writing-") }
        #expect(leftovers.isEmpty)
    }
}
