import ArgumentParser
import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastReport
import Foundation

struct BacktestCommand: AsyncParsableCommand {
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

    @Option(help: "Monte Carlo draws per base year, to check how often the outturn fell inside the 50% and 90% intervals (0: central projections only).")
    var draws = 500

    @Option(help: "Seed of the draws.")
    var seed: UInt64 = 1

    @OptionGroup var sampling: ParameterSetsOption

    func validate() throws {
        if draws < 0 { throw ValidationError("--draws must be 0 or more") }
    }

    func run() async throws {
        do {
            let bundle = try EnglandBundle(directory: data ?? EnglandBundle.defaultDirectory())
            let set = try AssumptionSet.load(assumptions ?? bundle.path("assumptions.yaml"))
            let years = baseYear.isEmpty ? Array(2019..<bundle.baseYear) : baseYear
            let backtest = try await Backtest.run(bundle, assumptions: set, baseYears: years, draws: draws, seed: seed, parameterSets: sampling.parameterSets,
                                                  tasks: ProcessInfo.processInfo.activeProcessorCount)
            writeStandardOutput(Array(backtest.render().utf8))
            if let out { try DataFile.writeAtomically(Array(backtest.csv().utf8), to: out) }
        } catch {
            throw Failure.exit(for: error)
        }
    }
}
