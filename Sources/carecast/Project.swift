import ArgumentParser
import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastModel
import CareCastReport

struct Project: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the projection of a MODEL.md input and write the result JSON.",
        discussion: """
            The input is checked in full first; if anything is wrong every problem is listed \
            and nothing is written. The result goes to standard output unless --output is given; \
            --output is written whole or not at all.
            """
    )

    @Argument(help: "A model input (JSON): MODEL.md version 1, or version 2 of docs/MODEL.md.")
    var input: String

    @Option(name: .shortAndLong, help: "Write the result here instead of standard output.")
    var output: String?

    @Flag(help: "Also print the readable summary (to standard output, or alone when --output is not given).")
    var summary = false

    func run() throws {
        let modelInput: ModelInput
        let projection: Projection
        do {
            modelInput = try DataFile.loadModelInput(input)
            projection = try Projection(modelInput)
        } catch let error as DataFileError {
            throw Failure.exit(for: error)
        } catch let error as InvalidInput {
            throw Failure.exit(for: .invalid(file: input, error.issues))
        }
        let result = projection.run()
        if let output {
            do {
                try DataFile.writeAtomically(result.jsonBytes(), to: output)
            } catch {
                throw Failure.exit(for: error)
            }
        }
        if summary {
            let labels = SummaryTable.labels(from: modelInput)
            let table = SummaryTable(result: result, pipelineRoles: labels.pipelineRoles)
            writeStandardOutput(Array(table.render().utf8))
        } else if output == nil {
            writeStandardOutput(result.jsonBytes())
        }
    }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a MODEL.md input without running it, listing every problem."
    )

    @Argument(help: "A model input (JSON): MODEL.md version 1, or version 2 of docs/MODEL.md.")
    var input: String

    func run() throws {
        do {
            let modelInput = try DataFile.loadModelInput(input)
            let leaves = Set(modelInput.areas.compactMap(\.parent))
            let leafCount = modelInput.areas.filter { !leaves.contains($0.code) }.count
            print("\(input): valid MODEL.md v\(modelInput.specVersion) input: \(modelInput.areas.count) areas (\(leafCount) leaves), \(modelInput.roles.count) roles, \(modelInput.ageBands.count) age bands, \(modelInput.activities.count) activities, \(modelInput.pipelines.count) pipelines, years \(modelInput.baseYear)–\(modelInput.baseYear + modelInput.horizon).")
        } catch {
            throw Failure.exit(for: error)
        }
    }
}

struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a readable table of a result: in post, required and gap at +0, +5, +10, +20, and the training answers."
    )

    @Argument(help: "A result written by `carecast project`.")
    var result: String

    @Option(help: "The model input the result came from, to name areas and roles and show aggregates only.")
    var input: String?

    func run() throws {
        do {
            let document = try DataFile.loadResult(result)
            var table = SummaryTable(document: document)
            if let input {
                let labels = SummaryTable.labels(from: try DataFile.loadModelInput(input))
                table.areas = labels.areas
                table.roleNames = labels.roleNames
                table.pipelineRoles = labels.pipelineRoles
            }
            writeStandardOutput(Array(table.render().utf8))
        } catch {
            throw Failure.exit(for: error)
        }
    }
}
