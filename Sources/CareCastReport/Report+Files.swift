import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastModel
import Foundation
import Synchronization

extension Report {
    public static let toolVersion = CareCastVersion.string

    /// Every output file but the manifest, in memory: the same inputs give the same bytes.
    public func outputs() throws(DataFileError) -> [(path: String, bytes: [UInt8])] {
        // Two halves built side by side (the machine has two cores): the page, the model files
        // and the smaller tables; the open data tables and their workbook.
        let halves = Mutex<[Result<[(String, [UInt8])], DataFileError>?]>([nil, nil])
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            let built: Result<[(String, [UInt8])], DataFileError>
            do throws(DataFileError) {
                built = .success(half == 0 ? pageAndModelFiles() : try openDataFiles())
            } catch {
                built = .failure(error)
            }
            halves.withLock { $0[half] = built }
        }
        var files: [(String, [UInt8])] = []
        for half in halves.withLock({ $0 }) { files += try half!.get() }
        return files.sorted { $0.0 < $1.0 }
    }

    /// The page, the model input and result, the placements part's files and the smaller tables.
    func pageAndModelFiles() -> [(String, [UInt8])] {
        var files: [(String, [UInt8])] = [
            ("index.html", Array(html(manifestSummary: "Produced by carecast \(Self.toolVersion); manifest.json lists the SHA-256 of every input and output.").utf8)),
            ("model-input.json", baseline.input.jsonBytes()),
            ("result.json", result.jsonBytes()),
        ]
        files += placementsOutputs()
        files.append(("data/data-guidance.md", Array(dataGuidance().utf8)))
        if let simulation { files.append(("data/simulation_quantiles.csv", Array(SimulationTable.csv(simulation).utf8))) }
        if let backtest { files.append(("data/backtest.csv", Array(backtest.csv().utf8))) }
        if let trackRecord { files.append(("data/track_record.csv", Array(trackRecord.csv().utf8))) }
        if let sensitivity {
            var table = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,assumption_or_choice,variant,gap_fte\n"
            let place = "\(sensitivity.year),Reporting year,National,E92000001,England,,,,,"
            table += "\(place),baseline,,\(number(sensitivity.baseGap))\n"
            for a in sensitivity.assumptions {
                table += "\(place),\(a.name),low \(describeValue(a.low)),\(number(a.gapLow))\n"
                table += "\(place),\(a.name),high \(describeValue(a.high)),\(number(a.gapHigh))\n"
            }
            for c in sensitivity.structural { table += "\(place),\(csv(c.choice)),\(csv(c.variant)),\(number(c.gap))\n" }
            files.append(("data/sensitivity.csv", Array(table.utf8)))
        }
        return files
    }

    /// The open data tables and the workbook that holds them.
    func openDataFiles() throws(DataFileError) -> [(String, [UInt8])] {
        var files: [(String, [UInt8])] = []
        let tables = openData()
        for table in tables { files.append(("data/" + table.name, Array(table.text.utf8))) }
        var sheets: [XLSXWriter.Sheet] = []
        for table in tables {
            let parsed: CSVTable
            do { parsed = try CSVReader.parse(Array(table.text.utf8), file: table.name) } catch { throw .malformedCSV(file: table.name, error) }
            sheets.append(.init(name: String(table.name.dropLast(4)), rows: [parsed.header] + parsed.rows))
        }
        files.append(("data/open-data.xlsx", try XLSXWriter.workbook(sheets)))
        return files
    }

    /// `path` as the manifest names it: relative to the report folder `base` (so that a clone
    /// anywhere names the same inputs, and the manifest is the same bytes on every machine), or
    /// as given without a base.
    public static func manifestPath(_ path: String, base: String?) -> String {
        guard let base else { return path }
        let target = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        let from = URL(fileURLWithPath: base).standardizedFileURL.pathComponents
        var shared = 0
        while shared < min(target.count, from.count), target[shared] == from[shared] { shared += 1 }
        let parts = Array(repeating: "..", count: from.count - shared) + target[shared...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// A path the manifest names, found from the report folder `base` (an absolute path, as
    /// manifests before relative paths wrote, is taken as it is).
    public static func resolveManifestPath(_ path: String, base: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: base).standardizedFileURL.appendingPathComponent(path).standardizedFileURL.path
    }

    /// The input files: every file of the data folder, and the assumptions file. Files outside
    /// the data folder are named by their path relative to the report folder `base` (as given
    /// without one).
    public func inputs(relativeTo base: String? = nil) throws(DataFileError) -> [(path: String, bytes: [UInt8])] {
        var files: [(String, [UInt8])] = []
        let root = URL(fileURLWithPath: dataDirectory).standardizedFileURL.path
        let enumerator = FileManager.default.enumerator(atPath: root)
        var paths: [String] = []
        while let next = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + next, isDirectory: &isDirectory), !isDirectory.boolValue { paths.append(next) }
        }
        for path in paths.sorted() { files.append(("data/" + path, try DataFile.read(root + "/" + path))) }
        let assumptionsFull = URL(fileURLWithPath: assumptionsPath).standardizedFileURL.path
        if !assumptionsFull.hasPrefix(root + "/") { files.append(("assumptions", try DataFile.read(assumptionsPath))) }
        for run in scenarios where !URL(fileURLWithPath: run.file).standardizedFileURL.path.hasPrefix(root + "/") {
            files.append(("scenario:" + Self.manifestPath(run.file, base: base), try DataFile.read(run.file)))
        }
        if let trackRecord {
            for file in TrackRecord.files + ["manifest.json"] {
                let path = (trackRecord.folder as NSString).appendingPathComponent(file)
                if FileManager.default.fileExists(atPath: path) { files.append(("edition:" + Self.manifestPath(path, base: base), try DataFile.read(path))) }
            }
        }
        return files
    }

    /// The manifest: tool, version, commit, where the inputs are (relative to the report folder
    /// `base`, as given without one), and the SHA-256 of every input and output.
    public func manifest(outputs: [(path: String, bytes: [UInt8])], inputs: [(path: String, bytes: [UInt8])], gitCommit: String, relativeTo base: String? = nil) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.member("tool", "carecast")
        w.member("version", Self.toolVersion)
        w.member("gitCommit", gitCommit)
        w.member("modelSpecVersion", ModelInput.supportedSpecVersion)
        w.member("dataDirectory", Self.manifestPath(dataDirectory, base: base))
        w.member("assumptions", Self.manifestPath(assumptionsPath, base: base))
        w.memberArray("scenarios") { w in for run in scenarios { w.string(Self.manifestPath(run.file, base: base)) } }
        if sensitivity != nil { w.member("sensitivity", "yes") }
        if backtest != nil { w.member("backtest", "yes") }
        if let trackRecord { w.member("previousEdition", Self.manifestPath(trackRecord.folder, base: base)) }
        if let simulation {
            w.memberObject("simulation") { w in
                w.member("draws", simulation.draws)
                w.member("seed", String(simulation.seed))
                w.member("parameterSets", simulation.parameterSets)
            }
        }
        let digests = SHA256.hexes(inputs.map(\.bytes) + outputs.map(\.bytes))
        for (name, files, offset) in [("inputs", inputs, 0), ("outputs", outputs, inputs.count)] {
            w.memberArray(name) { w in
                for (i, file) in files.enumerated() {
                    w.beginObject()
                    w.member("path", file.path)
                    w.member("sha256", digests[offset + i])
                    w.endObject()
                }
            }
        }
        w.endObject()
        return w.bytes + [UInt8(ascii: "\n")]
    }

    /// Writes the report folder whole or not at all: everything goes to a fresh folder beside
    /// `directory`, which then takes its place.
    public static func write(_ files: [(path: String, bytes: [UInt8])], to directory: String) throws(DataFileError) {
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).writing-\(UUID().uuidString)")
        let fm = FileManager.default
        do {
            for file in files {
                let url = staging.appendingPathComponent(file.path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.bytes).write(to: url)
            }
            if fm.fileExists(atPath: target.path) {
                let old = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(UUID().uuidString)")
                try fm.moveItem(at: target, to: old)
                try fm.moveItem(at: staging, to: target)
                try? fm.removeItem(at: old)
            } else {
                try fm.moveItem(at: staging, to: target)
            }
        } catch {
            try? fm.removeItem(at: staging)
            throw .unwritable(file: directory, reason: "\(error.localizedDescription)")
        }
    }
}

/// Checks a report folder against its manifest: re-runs the assessment from the inputs it
/// names and compares every output byte for byte.
public enum ReportVerifier {
    public struct Outcome: Sendable {
        public var changedInputs: [String] = []
        public var differingOutputs: [String] = []
        public var missingOutputs: [String] = []
        public var checked = 0
        public var ok: Bool { changedInputs.isEmpty && differingOutputs.isEmpty && missingOutputs.isEmpty }
    }

    public static func verify(_ directory: String, tasks: Int = 1) async throws(DataFileError) -> Outcome {
        let manifestPath = (directory as NSString).appendingPathComponent("manifest.json")
        let manifest = try DataFile.parseJSON(manifestPath)
        guard case .string(let data)? = manifest["dataDirectory"], case .string(let assumptions)? = manifest["assumptions"],
              case .array(let inputs)? = manifest["inputs"], case .array(let outputs)? = manifest["outputs"] else {
            throw .badData(file: manifestPath, [DataProblem(line: 1, column: 1, field: "(manifest)", message: "expected dataDirectory, assumptions, inputs and outputs")])
        }
        var scenarioPaths: [String] = []
        if case .array(let list)? = manifest["scenarios"] {
            for item in list { if case .string(let path) = item { scenarioPaths.append(Report.resolveManifestPath(path, base: directory)) } }
        }
        var draws = 0
        var seed: UInt64 = 1
        var parameterSets: Int?
        if case .object = manifest["simulation"] ?? .null {
            if case .number(let n)? = manifest["simulation"]?["parameterSets"] { parameterSets = Int(n) }
            if case .number(let n)? = manifest["simulation"]?["draws"] { draws = Int(n) }
            if case .string(let text)? = manifest["simulation"]?["seed"], let value = UInt64(text) { seed = value }
        }
        let sensitivity = manifest["sensitivity"] == .string("yes")
        let backtest = manifest["backtest"] == .string("yes")
        var previousEdition: String?
        if case .string(let folder)? = manifest["previousEdition"] { previousEdition = Report.resolveManifestPath(folder, base: directory) }
        let report = try await Report.build(
            dataDirectory: Report.resolveManifestPath(data, base: directory), assumptionsPath: Report.resolveManifestPath(assumptions, base: directory), scenarios: scenarioPaths, draws: draws, seed: seed, parameterSets: parameterSets, tasks: tasks,
            sensitivity: sensitivity, backtest: backtest, previousEdition: previousEdition)
        var outcome = Outcome()
        // Named as the manifest names them: relative to this folder, unless it wrote absolute paths.
        let inputFiles = try report.inputs(relativeTo: data.hasPrefix("/") ? nil : directory)
        let inputDigests = SHA256.hexes(inputFiles.map(\.bytes))
        let currentInputs = Dictionary(zip(inputFiles.map(\.path), inputDigests).map { ($0, $1) }, uniquingKeysWith: { a, _ in a })
        for input in inputs {
            guard case .string(let path)? = input["path"], case .string(let digest)? = input["sha256"] else { continue }
            if currentInputs[path] != digest { outcome.changedInputs.append(path) }
        }
        let rebuilt = Dictionary(try report.outputs().map { ($0.path, $0.bytes) }, uniquingKeysWith: { a, _ in a })
        for output in outputs {
            guard case .string(let path)? = output["path"], case .string(let digest)? = output["sha256"] else { continue }
            outcome.checked += 1
            let file = (directory as NSString).appendingPathComponent(path)
            guard let bytes = try? DataFile.read(file) else {
                outcome.missingOutputs.append(path)
                continue
            }
            if SHA256.hex(bytes) != digest || rebuilt[path] != bytes { outcome.differingOutputs.append(path) }
        }
        return outcome
    }
}
