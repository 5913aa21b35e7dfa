import Foundation
import Testing

@Suite("carecast report and verify", .serialized)
struct ReportCommandTests {
    static let bundle = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("data/england").path

    static var chromium: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for dir in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") { return "\(dir)/\(name)" }
        }
        return nil
    }

    @Test("report writes the folder; verify passes, then names a tampered output and exits non-zero")
    func reportAndVerify() throws {
        try Sandbox.with { sandbox in
            let made = try sandbox.run("report", "--data", Self.bundle, "--out", "r", "--quick")
            #expect(made.status == 0, "\(made.stderr)")
            for file in ["index.html", "manifest.json", "model-input.json", "result.json", "data/projection.csv", "data/open-data.xlsx", "data/data-guidance.md", "data/track_record.csv"] {
                #expect(FileManager.default.fileExists(atPath: sandbox.path("r/\(file)")), "missing \(file)")
            }
            let verified = try sandbox.run("verify", "r")
            #expect(verified.status == 0)
            #expect(verified.stdoutText.contains("verified: 18 outputs"), "the quick report with the track record of editions/2023 and the placements part: \(verified.stdoutText)")
            let index = URL(fileURLWithPath: sandbox.path("r/index.html"))
            try (try String(contentsOf: index, encoding: .utf8).replacingOccurrences(of: "England", with: "Englund")).write(to: index, atomically: true, encoding: .utf8)
            let tampered = try sandbox.run("verify", "r")
            #expect(tampered.status == 1)
            #expect(tampered.stdoutText.contains("output differs from a re-run: index.html"))
            // The model input in the report runs with `project` like any other input.
            let projected = try sandbox.run("project", "r/model-input.json", "--output", "again.json")
            #expect(projected.status == 0)
            #expect(try Data(contentsOf: URL(fileURLWithPath: sandbox.path("again.json"))) == Data(contentsOf: URL(fileURLWithPath: sandbox.path("r/result.json"))))
            // So do the placements workforces' inputs: the same engine gives the published results.
            for workforce in ["childrens-homes", "foster-care"] {
                let rerun = try sandbox.run("project", "r/placements/\(workforce)-input.json", "--output", "\(workforce).json")
                #expect(rerun.status == 0, "\(rerun.stderr)")
                #expect(try Data(contentsOf: URL(fileURLWithPath: sandbox.path("\(workforce).json"))) == Data(contentsOf: URL(fileURLWithPath: sandbox.path("r/placements/\(workforce)-result.json"))))
            }
        }
    }

    @Test("report with no flags is the whole assessment: every shipped scenario, draws, the back-test (sensitivity too unless left out); --scenario takes several files after one flag")
    func completeByDefault() throws {
        try Sandbox.with { sandbox in
            // Fewer draws and no sensitivity only to keep the debug-build test short.
            let made = try sandbox.run("report", "--data", Self.bundle, "--out", "r", "--draws", "20", "--parameter-sets", "2", "--no-sensitivity")
            #expect(made.status == 0, "\(made.stderr)")
            for file in ["data/scenarios.csv", "data/simulation_quantiles.csv", "data/backtest.csv"] {
                #expect(FileManager.default.fileExists(atPath: sandbox.path("r/\(file)")), "missing \(file)")
            }
            #expect(!FileManager.default.fileExists(atPath: sandbox.path("r/data/sensitivity.csv")))
            let shipped = try FileManager.default.contentsOfDirectory(atPath: Self.bundle + "/scenarios").filter { $0.hasSuffix(".yaml") }
            let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sandbox.path("r/manifest.json")))) as? [String: Any]
            #expect((manifest?["scenarios"] as? [String] ?? []).map { ($0 as NSString).lastPathComponent } == shipped.sorted())
            #expect(manifest?["backtest"] as? String == "yes")
            // The cheapest-way ranking reruns the scenarios on the Monte Carlo's parameter sets.
            let page = try String(contentsOfFile: sandbox.path("r/index.html"), encoding: .utf8)
            #expect(page.contains("on one of the Monte Carlo&#39;s 2 parameter sets in turn") || page.contains("on one of the Monte Carlo's 2 parameter sets in turn"))

            let two = try sandbox.run("report", "--data", Self.bundle, "--out", "s", "--draws", "0", "--no-sensitivity", "--no-backtest",
                                      "--scenario", Self.bundle + "/scenarios/reform.yaml", Self.bundle + "/scenarios/technology.yaml")
            #expect(two.status == 0, "\(two.stderr)")
            let named = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sandbox.path("s/manifest.json")))) as? [String: Any]
            let run = (named?["scenarios"] as? [String] ?? []).map { ($0 as NSString).lastPathComponent }
            #expect(run == ["reform.yaml", "technology.yaml"])
            #expect(!FileManager.default.fileExists(atPath: sandbox.path("s/data/backtest.csv")))

            let clash = try sandbox.run("report", "--no-scenarios", "--scenario", "x.yaml")
            #expect(clash.status == 64)
            #expect(clash.stderr.contains("--no-scenarios and --scenario cannot be used together"))
        }
    }

    @Test("report --pdf prints report.pdf with Chromium, and says how to get Chromium when it is missing")
    func pdf() throws {
        try Sandbox.with { sandbox in
            var environment = ProcessInfo.processInfo.environment
            environment["PATH"] = sandbox.root.path  // no Chromium here
            let without = try sandbox.run("report", "--data", Self.bundle, "--out", "r", "--quick", "--pdf", environment: environment)
            #expect(without.status == 69)
            #expect(without.stderr.contains("apt-get install chromium"))
            #expect(FileManager.default.fileExists(atPath: sandbox.path("r/index.html")))
            guard Self.chromium != nil else {
                #expect(ProcessInfo.processInfo.environment["CI"] != "true", "Chromium is required on CI")
                return
            }
            let with = try sandbox.run("report", "--data", Self.bundle, "--out", "r", "--quick", "--pdf")
            #expect(with.status == 0, "\(with.stderr)")
            let pdf = try Data(contentsOf: URL(fileURLWithPath: sandbox.path("r/report.pdf")))
            #expect(pdf.starts(with: Array("%PDF".utf8)))
        }
    }
}

@Suite("A malformed bundled file")
struct MalformedBundleTests {
    @Test("baseline names the file, line and column of a malformed CSV and exits 65; a bad value names its field")
    func malformed() throws {
        try Sandbox.with { sandbox in
            let copy = sandbox.root.appendingPathComponent("data")
            try FileManager.default.copyItem(atPath: ReportCommandTests.bundle, toPath: copy.path)
            let indicators = copy.appendingPathComponent("published/dfe_csww_indicators.csv")
            var lines = try String(contentsOf: indicators, encoding: .utf8).components(separatedBy: "\n")
            let original = lines[5]
            // A stray quote inside a field on line 6, column 24.
            lines[5] = original.replacingOccurrences(of: ",Regional,", with: ",Reg\"ional,")
            try lines.joined(separator: "\n").write(to: indicators, atomically: true, encoding: .utf8)
            let broken = try sandbox.run("baseline", "--data", copy.path, "--accounts")
            #expect(broken.status == 65)
            #expect(broken.stderr.contains("dfe_csww_indicators.csv: 6:24: malformed CSV"), "\(broken.stderr)")
            #expect(broken.stderr.contains("malformed CSV"))
            // A value that is neither a number nor an EES symbol.
            lines[5] = original.split(separator: ",", omittingEmptySubsequences: false).enumerated().map { $0.offset == 10 ? "lots" : String($0.element) }.joined(separator: ",")
            try lines.joined(separator: "\n").write(to: indicators, atomically: true, encoding: .utf8)
            let bad = try sandbox.run("baseline", "--data", copy.path, "--accounts")
            #expect(bad.status == 65)
            #expect(bad.stderr.contains("line 6, column 11 (inpost_fte)"), "\(bad.stderr)")
        }
    }
}
