import Foundation
import Testing

/// The `carecast` command as a user runs it: the built executable in a subprocess, its standard
/// output, standard error and exit status (0 success, 64 usage, 65 invalid data, 66 unreadable
/// input, 73 unwritable output).
///
/// Each test works in a temporary directory of its own, removed afterwards. The tests run one
/// at a time: each one starts processes, and the machine may be small.
@Suite("carecast command line", .serialized)
struct CommandLineTests {

    // MARK: project

    @Test("project to standard output: the result JSON with every area × role × year")
    func projectToStandardOutput() throws {
        try Sandbox.with { sandbox in
            let run = try sandbox.run("project", Self.tinyPath)
            #expect(run.status == 0)
            #expect(run.stderr.isEmpty, "standard error: \(run.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
            #expect(Set(object.keys) == ["specVersion", "baseYear", "years", "rows", "activities", "trainingSufficiency"])
            #expect(Self.int(object["specVersion"]) == 1)
            #expect(Self.int(object["baseYear"]) == 2024)
            let years = try #require(object["years"] as? [Any]).compactMap { Self.int($0) }
            #expect(years == Array(2024...2044))
            let rows = try #require(object["rows"] as? [[String: Any]])
            #expect(rows.count == 3 * 4 * 21)
            #expect(Set(rows.compactMap { $0["area"] as? String }) == ["R1", "LA001", "LA002"])
            #expect(Set(rows.compactMap { $0["role"] as? String }) == ["practitioner", "senior", "manager", "residential"])
            let activities = try #require(object["activities"] as? [Any])
            #expect(activities.count == 4 * 2 * 21)  // activities × leaves × years
            let training = try #require(object["trainingSufficiency"] as? [Any])
            #expect(training.count == 2 * 3)  // pipelines × horizons
        }
    }

    @Test("project --output writes the file and nothing on standard output; the same input gives the same bytes")
    func projectToFileIsDeterministic() throws {
        try Sandbox.with { sandbox in
            let first = sandbox.path("first.json")
            let second = sandbox.path("second.json")
            for output in [first, second] {
                let run = try sandbox.run("project", Self.tinyPath, "--output", output)
                #expect(run.status == 0)
                #expect(run.stdout.isEmpty, "standard output: \(run.stdoutText)")
                #expect(run.stderr.isEmpty, "standard error: \(run.stderr)")
                #expect(FileManager.default.fileExists(atPath: output))
            }
            let firstBytes = try Data(contentsOf: URL(fileURLWithPath: first))
            let secondBytes = try Data(contentsOf: URL(fileURLWithPath: second))
            #expect(!firstBytes.isEmpty)
            #expect(firstBytes == secondBytes)

            // Writing over an existing result, and writing to standard output, give the same bytes.
            let again = try sandbox.run("project", Self.tinyPath, "-o", first)
            #expect(again.status == 0)
            #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == secondBytes)
            let toStandardOutput = try sandbox.run("project", Self.tinyPath)
            #expect(toStandardOutput.stdout == secondBytes)

            // Nothing is left beside the outputs (no temporary files of the atomic write).
            #expect(try sandbox.contents() == ["first.json", "second.json"])
        }
    }

    @Test("project on invalid input: exit 65, every problem listed with file and path, nothing written")
    func projectInvalidInput() throws {
        try Sandbox.with { sandbox in
            let bad = try Self.writeInvalidInput(in: sandbox)
            let output = sandbox.path("result.json")
            let run = try sandbox.run("project", bad, "--output", output)
            #expect(run.status == 65)
            #expect(run.stdout.isEmpty)
            #expect(run.stderr.hasPrefix("carecast: \(bad): 2 problems:\n"), "standard error: \(run.stderr)")
            #expect(run.stderr.contains("\(bad): stock[5].fte: "), "standard error: \(run.stderr)")
            #expect(run.stderr.contains("(got -3)"), "the offending value is named: \(run.stderr)")
            #expect(run.stderr.contains("\(bad): colour: unknown key"), "standard error: \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: output))
            #expect(try sandbox.contents() == ["bad.json"])

            // An existing output is left as it was.
            let previous = Data("previous result\n".utf8)
            try previous.write(to: URL(fileURLWithPath: output))
            let again = try sandbox.run("project", bad, "--output", output)
            #expect(again.status == 65)
            #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == previous)
            #expect(try sandbox.contents() == ["bad.json", "result.json"])

            // --summary changes nothing: still refused, nothing printed on standard output.
            let summary = try sandbox.run("project", bad, "--summary")
            #expect(summary.status == 65)
            #expect(summary.stdout.isEmpty)
        }
    }

    @Test("project on malformed JSON: exit 65 with FILE: LINE:COLUMN: malformed JSON")
    func projectMalformedJSON() throws {
        try Sandbox.with { sandbox in
            let file = try sandbox.write("malformed.json", "{\"specVersion\": 1,\n  \"baseYear\": }")
            let output = sandbox.path("result.json")
            let run = try sandbox.run("project", file, "--output", output)
            #expect(run.status == 65)
            #expect(run.stdout.isEmpty)
            // Line 2 is `  "baseYear": }`: the `}` where a value should be is its 15th character.
            #expect(run.stderr == "carecast: \(file): 2:15: malformed JSON: unexpected character '}': expected a value\n")
            #expect(!FileManager.default.fileExists(atPath: output))

            let validate = try sandbox.run("validate", file)
            #expect(validate.status == 65)
            #expect(validate.stderr == run.stderr)
        }
    }

    @Test("project on a file that cannot be read: exit 66, naming it")
    func projectUnreadableInput() throws {
        try Sandbox.with { sandbox in
            let missing = sandbox.path("missing.json")
            let run = try sandbox.run("project", missing)
            #expect(run.status == 66)
            #expect(run.stdout.isEmpty)
            #expect(run.stderr == "carecast: \(missing): cannot read the file: no such file\n")

            let directory = sandbox.path("a-directory")
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
            let onDirectory = try sandbox.run("project", directory)
            #expect(onDirectory.status == 66)
            #expect(onDirectory.stdout.isEmpty)
            #expect(onDirectory.stderr.contains(directory), "standard error: \(onDirectory.stderr)")
            #expect(onDirectory.stderr.contains("directory"), "standard error: \(onDirectory.stderr)")
        }
    }

    @Test("project --output into a directory that does not exist: exit 73, naming the output")
    func projectUnwritableOutput() throws {
        try Sandbox.with { sandbox in
            let output = sandbox.path("no-such-directory/result.json")
            let run = try sandbox.run("project", Self.tinyPath, "--output", output)
            #expect(run.status == 73)
            #expect(run.stdout.isEmpty)
            #expect(run.stderr.hasPrefix("carecast: \(output): cannot write the file: "), "standard error: \(run.stderr)")
            #expect(try sandbox.contents().isEmpty)
        }
    }

    @Test("project --summary prints the readable table instead of the JSON")
    func projectSummary() throws {
        try Sandbox.with { sandbox in
            let run = try sandbox.run("project", Self.tinyPath, "--summary")
            #expect(run.status == 0)
            #expect(run.stderr.isEmpty, "standard error: \(run.stderr)")
            let text = run.stdoutText
            #expect(text.hasPrefix("CareCast projection: base year 2024, projected to 2044."))
            #expect((try? JSONSerialization.jsonObject(with: run.stdout)) == nil, "the summary is not JSON")
            let lines = text.split(separator: "\n").map(String.init)
            #expect(lines.contains("Region one (R1)"))
            // Leaves are not shown: only aggregates.
            #expect(!text.contains("LA001"))
            #expect(!text.contains("Authority 1"))
            for role in ["Case-holding social worker", "Senior practitioner", "Team manager", "Residential care worker"] {
                #expect(text.contains(role), "role \(role)")
            }
            for year in ["2029 (+5)", "2034 (+10)", "2044 (+20)"] {
                #expect(text.contains(year), "year \(year)")
            }
            let header = try #require(lines.first { $0.hasPrefix("Role ") })
            for column in ["In post", "Required", "Required (OBR)", "Gap", "Gap (OBR)"] {
                #expect(header.contains(column), "column \(column) in \(header)")
            }
            #expect(text.contains("Are we training enough?"))
            for pipeline in ["degree", "fast_track"] {
                #expect(lines.contains { $0.hasPrefix(pipeline + " ") }, "pipeline \(pipeline)")
            }

            // With --output as well: the file is written and the summary printed.
            let output = sandbox.path("result.json")
            let both = try sandbox.run("project", Self.tinyPath, "--output", output, "--summary")
            #expect(both.status == 0)
            #expect(both.stdout == run.stdout)
            #expect(FileManager.default.fileExists(atPath: output))
        }
    }

    // MARK: validate

    @Test("validate: a valid input is reported valid, an invalid one gets every problem and 65")
    func validate() throws {
        try Sandbox.with { sandbox in
            let valid = try sandbox.run("validate", Self.tinyPath)
            #expect(valid.status == 0)
            #expect(valid.stderr.isEmpty, "standard error: \(valid.stderr)")
            #expect(valid.stdoutText.hasPrefix("\(Self.tinyPath): valid MODEL.md v1 input: 3 areas (2 leaves), 4 roles"),
                    "standard output: \(valid.stdoutText)")

            let bad = try Self.writeInvalidInput(in: sandbox)
            let invalid = try sandbox.run("validate", bad)
            #expect(invalid.status == 65)
            #expect(invalid.stdout.isEmpty)
            #expect(invalid.stderr.hasPrefix("carecast: \(bad): 2 problems:\n"), "standard error: \(invalid.stderr)")
            #expect(invalid.stderr.contains("\(bad): stock[5].fte: "), "standard error: \(invalid.stderr)")
            #expect(invalid.stderr.contains("\(bad): colour: "), "standard error: \(invalid.stderr)")
        }
    }

    // MARK: summary

    @Test("summary of a result file: every area by code without --input, aggregates with names with it")
    func summaryOfResult() throws {
        try Sandbox.with { sandbox in
            let result = sandbox.path("result.json")
            let project = try sandbox.run("project", Self.tinyPath, "--output", result)
            try #require(project.status == 0)

            let bare = try sandbox.run("summary", result)
            #expect(bare.status == 0)
            #expect(bare.stderr.isEmpty, "standard error: \(bare.stderr)")
            let bareLines = bare.stdoutText.split(separator: "\n").map(String.init)
            for code in ["R1", "LA001", "LA002"] {
                #expect(bareLines.contains(code), "a block titled \(code)")
            }
            #expect(bare.stdoutText.contains("Area hierarchy unknown"))

            let named = try sandbox.run("summary", result, "--input", Self.tinyPath)
            #expect(named.status == 0)
            #expect(named.stderr.isEmpty, "standard error: \(named.stderr)")
            let text = named.stdoutText
            let lines = text.split(separator: "\n").map(String.init)
            #expect(lines.contains("Region one (R1)"))
            #expect(!lines.contains { $0 == "LA001" || $0.hasSuffix("(LA001)") || $0 == "LA002" || $0.hasSuffix("(LA002)") })
            #expect(text.contains("Case-holding social worker"))
            #expect(!text.contains("Area hierarchy unknown"))

            // The same table as `project --summary` prints from the projection itself.
            let direct = try sandbox.run("project", Self.tinyPath, "--summary")
            #expect(named.stdoutText == direct.stdoutText)
        }
    }

    @Test("summary of a file that is not a result: 65 when malformed or not a result, 66 when missing")
    func summaryOfBadResult() throws {
        try Sandbox.with { sandbox in
            let malformed = try sandbox.write("result.json", "{\"specVersion\": 1,\n  \"baseYear\": }")
            let run = try sandbox.run("summary", malformed)
            #expect(run.status == 65)
            #expect(run.stdout.isEmpty)
            #expect(run.stderr.hasPrefix("carecast: \(malformed): 2:15: malformed JSON: "), "standard error: \(run.stderr)")

            // A model input is JSON but not a result.
            let notAResult = try sandbox.run("summary", Self.tinyPath)
            #expect(notAResult.status == 65)
            #expect(notAResult.stdout.isEmpty)
            #expect(notAResult.stderr.contains("\(Self.tinyPath): rows: missing required key"), "standard error: \(notAResult.stderr)")

            let missing = try sandbox.run("summary", sandbox.path("missing.json"))
            #expect(missing.status == 66)
        }
    }

    // MARK: bench and usage

    @Test("bench with a few iterations reports times per projection")
    func bench() throws {
        try Sandbox.with { sandbox in
            let run = try sandbox.run("bench", "--iterations", "3")
            #expect(run.status == 0)
            #expect(run.stderr.isEmpty, "standard error: \(run.stderr)")
            #expect(run.stdoutText.contains("per projection"))
        }
    }

    @Test("Usage errors exit 64")
    func usageErrors() throws {
        try Sandbox.with { sandbox in
            let missingArgument = try sandbox.run("project")
            #expect(missingArgument.status == 64)
            #expect(missingArgument.stderr.contains("Missing expected argument"))
            let unknownSubcommand = try sandbox.run("no-such-subcommand")
            #expect(unknownSubcommand.status == 64)
            for (arguments, message) in [
                (["simulate", "--draws=-5"], "--draws must be at least 1"),
                (["simulate", "--draws", "10", "--parameter-sets=-1"], "--parameter-sets must be 0 or more"),
                (["simulate", "--draws", "10", "--tasks", "0"], "--tasks must be at least 1"),
                (["backtest", "--parameter-sets=-2"], "--parameter-sets must be 0 or more"),
                (["report", "--draws=-1"], "--draws must be 0 or more"),
            ] {
                let outcome = try sandbox.run(arguments)
                #expect(outcome.status == 64, "\(arguments)")
                #expect(outcome.stderr.contains(message), "\(arguments): \(outcome.stderr)")
            }
        }
    }

    // MARK: Helpers

    /// `tiny.json` of the spec, as an absolute path without `..`: the package root is three
    /// levels above this file, the spec beside the package.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let tinyPath: String = packageRoot
        .appendingPathComponent("../shared/spec/examples/tiny.json").standardizedFileURL.path

    /// tiny.json with two problems: `stock[5].fte` = -3 and an unknown top-level key `colour`.
    static func writeInvalidInput(in sandbox: Sandbox) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: tinyPath))
        var root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var stock = try #require(root["stock"] as? [[String: Any]])
        try #require(stock.count > 5)
        stock[5]["fte"] = -3
        root["stock"] = stock
        root["colour"] = "blue"
        let bytes = try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys])
        let path = sandbox.path("bad.json")
        try bytes.write(to: URL(fileURLWithPath: path))
        return path
    }

    static func int(_ value: Any?) -> Int? {
        if let int = value as? Int { return int }
        return (value as? NSNumber)?.intValue
    }

    /// The built `carecast`: beside the test bundle, or in the package's `.build/debug`.
    static let executable: URL? = {
        var directories = Bundle.allBundles
            .filter { $0.bundleURL.pathExtension == "xctest" }
            .map { $0.bundleURL.deletingLastPathComponent() }
        directories += [
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            packageRoot.appendingPathComponent(".build/debug"),
        ]
        for directory in directories {
            let candidate = directory.appendingPathComponent("carecast")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        return nil
    }()
}

/// What one run of `carecast` did.
struct Outcome: Sendable {
    var status: Int32
    var stdout: Data
    var stderr: String

    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
}

/// A temporary directory for one test, removed when the test ends. Standard output and error
/// are captured in files under `.capture` (not pipes, which would fill up and block on large
/// outputs); `contents()` leaves them out.
struct Sandbox: Sendable {
    let root: URL

    static func with(_ body: (Sandbox) throws -> Void) throws {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("carecast-cli-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".capture"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try body(Sandbox(root: root))
    }

    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws -> String {
        let path = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The names in the directory, sorted, without the capture files.
    func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0 != ".capture" }.sorted()
    }

    func run(_ arguments: String..., environment: [String: String]? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> Outcome {
        try run(arguments, environment: environment, sourceLocation: sourceLocation)
    }

    func run(_ arguments: [String], environment: [String: String]? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> Outcome {
        let executable = try #require(
            CommandLineTests.executable,
            "no built carecast beside the test bundle or in .build/debug", sourceLocation: sourceLocation)
        let id = UUID().uuidString
        let outURL = root.appendingPathComponent(".capture/\(id).out")
        let errURL = root.appendingPathComponent(".capture/\(id).err")
        for url in [outURL, errURL] {
            try #require(FileManager.default.createFile(atPath: url.path, contents: nil), sourceLocation: sourceLocation)
        }
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = root
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()

        #expect(process.terminationReason == .exit, "carecast \(arguments) ended by a signal", sourceLocation: sourceLocation)
        return Outcome(
            status: process.terminationStatus,
            stdout: try Data(contentsOf: outURL),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}
