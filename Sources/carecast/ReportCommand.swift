import ArgumentParser
import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastReport
import Foundation

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Build the assessment: the report, its open data, the model input and a manifest.",
        discussion: """
            With no arguments, the whole assessment: builds the England baseline from the bundled \
            data, runs it with every shipped scenario, 1,000 Monte Carlo draws, the sensitivity \
            analysis and the back-test, and writes report/ (index.html, data/*.csv with data \
            guidance, model-input.json, result.json, manifest.json). The folder is written whole \
            or not at all. --quick (or --draws 0, --no-scenarios, --no-sensitivity, \
            --no-backtest) leaves parts out for speed.
            """
    )

    @Option(help: "A folder in the layout of data/england (default: the bundled data).")
    var data: String?

    @Option(help: "The assumptions file (default: assumptions.yaml in the data folder).")
    var assumptions: String?

    @Option(name: .shortAndLong, help: "The report folder.")
    var out = "report"

    @Option(name: .customLong("scenario"), parsing: .upToNextOption,
            help: "Scenario files to run beside the baseline (several after one flag, or the flag repeated); default: every file in the data folder's scenarios/.")
    var scenarios: [String] = []

    @Flag(help: "Run no scenario.")
    var noScenarios = false

    @Option(help: "Monte Carlo draws for the uncertainty section (0: none).")
    var draws = 1_000

    @Option(help: "Seed of the Monte Carlo draws.")
    var seed: UInt64 = 1

    @OptionGroup var sampling: ParameterSetsOption

    @Flag(inversion: .prefixedNo, help: "The sensitivity analysis (tornado chart and structural choices).")
    var sensitivity = true

    @Flag(inversion: .prefixedNo, help: "The back-test: how well the method has done from earlier base years, and how often the outturn fell inside its intervals.")
    var backtest = true

    @Option(help: "An earlier edition's folder (editions/YEAR) to score against the census since; default: the latest in editions/ beside the data folder's parent, earlier than the base year. \"none\" scores none.")
    var previousEdition: String?

    @Flag(help: "The deterministic assessment only: no scenarios, draws, sensitivity or back-test (for speed).")
    var quick = false

    @Flag(help: "Also print the report to report.pdf with headless Chromium.")
    var pdf = false

    func validate() throws {
        if draws < 0 { throw ValidationError("--draws must be 0 or more") }
        if noScenarios && !scenarios.isEmpty { throw ValidationError("--no-scenarios and --scenario cannot be used together") }
    }

    func run() async throws {
        let report: Report
        do {
            let directory = data ?? EnglandBundle.defaultDirectory()
            let scenarioFiles = quick || noScenarios ? [] : (scenarios.isEmpty ? Self.shippedScenarios(in: directory) : scenarios)
            var edition = previousEdition
            if edition == nil { edition = try Self.defaultPreviousEdition(for: directory) } else if edition == "none" { edition = nil }
            report = try await Report.build(
                dataDirectory: directory, assumptionsPath: assumptions, scenarios: scenarioFiles,
                draws: quick ? 0 : draws, seed: seed, parameterSets: sampling.parameterSets, tasks: ProcessInfo.processInfo.activeProcessorCount,
                sensitivity: sensitivity && !quick, backtest: backtest && !quick, previousEdition: edition)
            let outputs = try report.outputs()
            let manifest = report.manifest(outputs: outputs, inputs: try report.inputs(relativeTo: out), gitCommit: Self.gitCommit(), relativeTo: out)
            try Report.write(outputs + [("manifest.json", manifest)], to: out)
        } catch {
            throw Failure.exit(for: error)
        }
        Failure.note("carecast: wrote \(out)/ (index.html, data/, model-input.json, result.json, manifest.json)")
        if pdf {
            guard let chromium = Self.findChromium() else {
                Failure.note("carecast: --pdf needs Chromium, which is not installed. On Debian or Ubuntu: sudo apt-get install chromium; then run carecast report --pdf again. The HTML report is in \(out)/index.html.")
                throw ExitCode(69)
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: chromium)
            let index = URL(fileURLWithPath: out).appendingPathComponent("index.html").standardizedFileURL
            process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--print-to-pdf=\(URL(fileURLWithPath: out).appendingPathComponent("report.pdf").standardizedFileURL.path)", index.absoluteString]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                Failure.note("carecast: Chromium could not print the PDF (exit status \(process.terminationStatus))")
                throw ExitCode(70)
            }
            Failure.note("carecast: wrote \(out)/report.pdf")
        }
    }

    /// Every scenario file the data folder ships (`scenarios/*.yaml`), in name order; the
    /// paths as given, relative to the data folder's own path.
    static func shippedScenarios(in directory: String) -> [String] {
        let folder = (directory as NSString).appendingPathComponent("scenarios")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { (folder as NSString).appendingPathComponent($0) }
    }

    /// The repository's `editions/` (two folders above the data folder, as `data/england` sits)
    /// and in it the latest edition before the data's base year.
    static func defaultPreviousEdition(for directory: String) throws(DataFileError) -> String? {
        let editions = URL(fileURLWithPath: directory).standardizedFileURL.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("editions").path
        return TrackRecord.previousEdition(in: editions, before: try EnglandBundle(directory: directory).baseYear)
    }

    static func findChromium() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome", "chrome"] {
            for dir in path.split(separator: ":") {
                let candidate = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// The commit of the working tree, when run from a git checkout.
    static func gitCommit() -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "rev-parse", "HEAD"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return "unknown" }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && !text.isEmpty ? text : "unknown"
    }
}

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-run a report from the inputs its manifest names and check every output byte for byte."
    )

    @Argument(help: "A report folder written by carecast report.")
    var directory = "report"

    func run() async throws {
        let outcome: ReportVerifier.Outcome
        do {
            outcome = try await ReportVerifier.verify(directory, tasks: ProcessInfo.processInfo.activeProcessorCount)
        } catch {
            throw Failure.exit(for: error)
        }
        for path in outcome.changedInputs { print("input changed since the report was built: \(path)") }
        for path in outcome.missingOutputs { print("output missing: \(path)") }
        for path in outcome.differingOutputs { print("output differs from a re-run: \(path)") }
        if outcome.ok {
            print("verified: \(outcome.checked) outputs of \(directory) re-derived byte for byte from the inputs the manifest names")
        } else {
            throw ExitCode(1)
        }
    }
}
