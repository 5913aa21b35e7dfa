import ArgumentParser
import CareCastData
import CareCastModel
import CareCastReport

struct Baseline: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the England baseline from the bundled published statistics.",
        discussion: "With --accounts, prints the base-year accounts: every published workforce indicator for England, each region and each reporting unit beside the sum of the units, with every symbol flagged and imputed by a stated rule."
    )

    @Option(help: "A folder in the layout of data/england (default: the bundled data).")
    var data: String?

    @Flag(help: "Print the base-year accounts.")
    var accounts = false

    func run() throws {
        do {
            let bundle = try EnglandBundle(directory: data ?? EnglandBundle.defaultDirectory())
            let units = try bundle.reportingUnits()
            if accounts {
                let table = AccountsTable.render(BaseYearAccounts(indicators: bundle.indicators, units: units))
                writeStandardOutput(Array(table.utf8))
            }
        } catch {
            throw Failure.exit(for: error)
        }
    }
}
