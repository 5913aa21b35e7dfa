import ArgumentParser
import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastModel
import CareCastReport
import Foundation

struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Monte Carlo draws of the England baseline: quantiles of supply, required and gap by area, role and year.",
        discussion: """
            Each assumption with a distribution is sampled in parameter sets (Latin hypercube), \
            each a full baseline build; draw i starts from set i mod their number. Each draw then \
            shocks exits, entrants and the growth of need with the structured shocks of the \
            assumptions file (a national path over years, persistent as stated, a fixed factor \
            per region and per authority for exits, and each authority's own year-to-year \
            noise in exits and entrants). Same seed, same bytes, whatever the number \
            of tasks. Writes quantiles (5, 25, 50, 75, 95) as CSV in the EES layout.
            """
    )

    @Option(help: "Number of draws.")
    var draws = 1_000

    @Option(help: "Seed of the run.")
    var seed: UInt64 = 1

    @OptionGroup var sampling: ParameterSetsOption

    @Option(help: "Concurrent tasks (default: the number of cores).")
    var tasks: Int?

    @Option(help: "A folder in the layout of data/england (default: the bundled data).")
    var data: String?

    @Option(help: "The assumptions file (default: assumptions.yaml in the data folder).")
    var assumptions: String?

    @Option(help: "A scenario file whose levers are applied to the compiled model and to every parameter set, as the explorer applies them (its reproduce panel gives one); a scenario that sets another assumption is built in full instead.")
    var scenario: String?

    @Option(name: .shortAndLong, help: "Write the quantiles here (CSV).")
    var out: String = "simulation.csv"

    func validate() throws {
        if draws < 1 { throw ValidationError("--draws must be at least 1") }
        if let tasks, tasks < 1 { throw ValidationError("--tasks must be at least 1") }
    }

    func run() async throws {
        let clock = ContinuousClock()
        func seconds(_ d: Duration) -> String {
            let (s, atto) = d.components
            return String(format: "%.2f", Double(s) + Double(atto) * 1e-18)
        }
        let monteCarlo: MonteCarlo
        let setsStart = clock.now
        do {
            let bundle = try EnglandBundle(directory: data ?? EnglandBundle.defaultDirectory())
            let set = try AssumptionSet.load(assumptions ?? bundle.path("assumptions.yaml"))
            let baseline = try EnglandBaseline.build(bundle, assumptions: set)
            if let scenario {
                let overlay = try AssumptionSet.load(scenario)
                if let levers = try Levers.of(overlay, on: set, agency: baseline.notes.agency) {
                    let routes = baseline.input.pipelines.map(\.id.rawValue)
                    for route in levers.routeIntake.keys.sorted() where !routes.contains(route) {
                        throw DataFileError.badData(file: scenario, [DataProblem(line: overlay["route_intake_multiplier"]?.line ?? 1, column: 1, field: "route_intake_multiplier",
                                                                                 message: "no training route \(route); the routes are \(routes.joined(separator: ", "))")])
                    }
                    let base = try await EnglandBaseline.monteCarlo(
                        bundle, assumptions: set, projection: try Projection(baseline.input), seed: seed, draws: draws, parameterSets: sampling.parameterSets)
                    monteCarlo = MonteCarlo(projection: levers.applied(to: base.projection), uncertainties: base.uncertainties, seed: seed,
                                            parameterSets: base.parameterSets.map { levers.applied(to: $0) })
                } else {
                    let overlaid = try set.overlaid(with: overlay)
                    monteCarlo = try await EnglandBaseline.monteCarlo(
                        bundle, assumptions: overlaid, projection: try Projection(try EnglandBaseline.build(bundle, assumptions: overlaid).input), seed: seed, draws: draws,
                        parameterSets: sampling.parameterSets)
                }
            } else {
                monteCarlo = try await EnglandBaseline.monteCarlo(
                    bundle, assumptions: set, projection: try Projection(baseline.input), seed: seed, draws: draws, parameterSets: sampling.parameterSets)
            }
        } catch let error as DataFileError {
            throw Failure.exit(for: error)
        } catch let error as InvalidInput {
            throw Failure.exit(for: .invalid(file: "baseline", error.issues))
        }
        let setsTime = clock.now - setsStart
        let progress = ProgressBar(total: draws)
        let start = clock.now
        let summary = await monteCarlo.simulate(draws: draws, tasks: tasks ?? ProcessInfo.processInfo.activeProcessorCount) { progress.advance($0) }
        progress.finish()
        let elapsed = clock.now - start
        do {
            try DataFile.writeAtomically(Array(SimulationTable.csv(summary).utf8), to: out)
        } catch {
            throw Failure.exit(for: error)
        }
        Failure.note("carecast: baseline and \(monteCarlo.parameterSets.count) parameter sets built in \(seconds(setsTime)) s; \(draws) draws in \(seconds(elapsed)) s; wrote \(out)")
        for h in [5, 10, 20] where h < summary.years.count {
            Failure.note("  probability that England's supply meets need in \(summary.years[h]) (+\(h)): \(String(format: "%.1f", summary.supplyMeetsNeed[h] * 100))%")
        }
    }
}

/// A progress bar on standard error when it is a terminal; silent otherwise.
final class ProgressBar: @unchecked Sendable {
    private let total: Int
    private var done = 0
    private var shown = -1
    private let lock = NSLock()
    private let enabled = isatty(STDERR_FILENO) != 0

    init(total: Int) { self.total = max(total, 1) }

    func advance(_ count: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        done += count
        let percent = done * 100 / total
        guard percent != shown else { return }
        shown = percent
        let filled = percent / 2
        FileHandle.standardError.write(Data("\r[\(String(repeating: "#", count: filled))\(String(repeating: " ", count: 50 - filled))] \(percent)%".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
