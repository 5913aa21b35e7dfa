import ArgumentParser
import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastModel
import CareCastReport

struct Baseline: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the England baseline (a MODEL.md input) from the bundled published statistics.",
        discussion: """
            Reads the data folder (default: the bundled data/england) and the assumptions file \
            (default: assumptions.yaml in that folder) and writes a model input (version 2 of docs/MODEL.md) for England by \
            reporting unit, base year the latest census, to --out. With --accounts, prints the \
            base-year accounts: every published workforce indicator for England, each region and \
            each reporting unit beside the sum of the units, every symbol flagged and imputed.
            """
    )

    @Option(help: "A folder in the layout of data/england (default: the bundled data).")
    var data: String?

    @Option(help: "The assumptions file (default: assumptions.yaml in the data folder).")
    var assumptions: String?

    @Option(name: .shortAndLong, help: "Write the model input here.")
    var out: String?

    @Flag(help: "Print the base-year accounts.")
    var accounts = false

    @Flag(help: "Use the stated caseload standard of the assumptions file instead of each area's calibrated one.")
    var statedStandard = false

    @Option(help: "An official ONS subnational population projection for local authorities (the 'SNPP Population persons.csv' layout), replacing the derived one.")
    var population: String?

    @Flag(help: "Print how the baseline was built: the calibrated figures and every imputation.")
    var method = false

    @Option(help: "Write each reporting unit's calibrated caseload standard here (CSV).")
    var standards: String?

    func validate() throws {
        if out == nil && !accounts && !method && standards == nil {
            throw ValidationError("give --out FILE for the model input, --accounts, --method or --standards FILE")
        }
    }

    func run() throws {
        do {
            let directory = data ?? EnglandBundle.defaultDirectory()
            let bundle = try EnglandBundle(directory: directory)
            if accounts {
                let table = AccountsTable.render(BaseYearAccounts(indicators: bundle.indicators, units: try bundle.reportingUnits()))
                writeStandardOutput(Array(table.utf8))
            }
            if out != nil || method || standards != nil {
                let set = try AssumptionSet.load(assumptions ?? bundle.path("assumptions.yaml"))
                let official = try population.map { path throws(DataFileError) in try SNPPFile.read(path) }
                let baseline = try EnglandBaseline.build(bundle, assumptions: set, statedStandard: statedStandard, officialPopulation: official)
                if method { writeStandardOutput(Array(BaselineMethod.render(baseline, assumptions: set).utf8)) }
                if let standards { try DataFile.writeAtomically(Array(BaselineMethod.standardsCSV(baseline).utf8), to: standards) }
                guard let out else { return }
                let issues = baseline.input.validate()
                guard issues.isEmpty else {
                    throw Failure.exit(for: .invalid(file: out, issues))
                }
                try DataFile.writeAtomically(baseline.input.jsonBytes(), to: out)
                Failure.note("carecast: wrote \(out): England baseline, base year \(baseline.input.baseYear), \(baseline.input.areas.count) areas, horizon \(baseline.input.horizon) years")
            }
        } catch let error as DataFileError {
            throw Failure.exit(for: error)
        }
    }
}
