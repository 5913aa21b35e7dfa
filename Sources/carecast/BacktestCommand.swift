import ArgumentParser
import CareCastData
import CareCastReport

struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "How well has the method done? Re-run it from earlier base years and compare with what was published."
    )

    @Option(help: "A folder in the layout of data/england (default: the bundled data).")
    var data: String?

    @Option(help: "The assumptions file (default: assumptions.yaml in the data folder).")
    var assumptions: String?

    @Option(help: "Base years (default: 2019 to the year before the latest census).")
    var baseYear: [Int] = []

    @Option(name: .shortAndLong, help: "Write every comparison here (CSV).")
    var out: String?

    func run() throws {
        do {
            let bundle = try EnglandBundle(directory: data ?? EnglandBundle.defaultDirectory())
            let set = try AssumptionSet.load(assumptions ?? bundle.path("assumptions.yaml"))
            let years = baseYear.isEmpty ? Array(2019..<bundle.baseYear) : baseYear
            let backtest = try Backtest.run(bundle, assumptions: set, baseYears: years)
            writeStandardOutput(Array(backtest.render().utf8))
            if let out { try DataFile.writeAtomically(Array(backtest.csv().utf8), to: out) }
        } catch {
            throw Failure.exit(for: error)
        }
    }
}
