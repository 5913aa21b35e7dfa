import ArgumentParser
import CareCastBaselines
import CareCastExplorer
import CareCastFormats
import CareCastModel
import Foundation

/// The explorer's speed target, measured: runs of the whole authority-level model under
/// levers, each on the compiled model and the prepared parameter sets, no cache.
struct BenchExplorer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-explorer",
        abstract: "Time the explorer's runs: levers on the compiled model, N draws each (build with -c release).",
        discussion: """
            Prepares the bundled edition as the explorer does (baseline and parameter sets), then \
            times --runs runs of --draws draws, each with a different combination of every lever \
            (a fixed sequence), without the explorer's cache: levers applied to the compiled model \
            and to every parameter set, the draws, the quantiles of every area, role and year, \
            the central projection and each lever's contribution. Prints the median, fastest and \
            slowest run and the process's peak resident memory.
            """
    )

    @Option(help: "Draws per run.")
    var draws = 1_000

    @Option(help: "Timed runs.")
    var runs = 30

    @Option(help: "Parameter sets (as carecast simulate --parameter-sets).")
    var parameterSets = EnglandBaseline.defaultParameterSets

    @Option(help: "Concurrent tasks (default: the number of cores).")
    var tasks: Int?

    @Option(help: "A folder in the layout of data/england (default: the bundled data).")
    var data: String?

    func run() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let edition: ExplorerEdition
        do {
            edition = try await ExplorerEdition.load(dataDirectory: data ?? EnglandBundle.defaultDirectory(), parameterSets: parameterSets)
        } catch {
            throw Failure.exit(for: error)
        }
        print("edition \(edition.year) prepared in \(Self.ms(clock.now - start)) ms (\(edition.parameterSets.count) parameter sets)")
        let cores = tasks ?? ProcessInfo.processInfo.activeProcessorCount
        var generator = SplitMix64(seed: 7)
        var samples: [Double] = []
        for i in 0...runs {
            var settings = ExplorerSettings(edition: edition.year)
            settings.draws = draws
            for lever in edition.levers {
                // A value on the lever's grid, anywhere in its range.
                let steps = Int(((lever.range.upperBound - lever.range.lowerBound) / lever.step).rounded())
                let k = Int(generator.next() % UInt64(steps + 1))
                let v = lever.range.lowerBound + Double(k) * lever.step
                if v != lever.defaultValue { settings.levers[lever.name] = v }
            }
            let t = clock.now
            let run = await ExplorerRun.run(settings, edition: edition, parameterSets: edition.parameterSets, tasks: cores)
            let elapsed = Self.ms(clock.now - t)
            if i > 0 { samples.append(elapsed) }  // the first is a warm-up
            _ = run.central.years.count
        }
        samples.sort()
        print("\(runs) runs of \(draws) draws on \(cores) tasks, every lever moved: median \(Self.format(samples[samples.count / 2])) ms, fastest \(Self.format(samples[0])) ms, slowest \(Self.format(samples[samples.count - 1])) ms")
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        print("peak resident memory: \(usage.ru_maxrss / 1024) MiB")
    }

    static func ms(_ d: Duration) -> Double {
        let (s, atto) = d.components
        return Double(s) * 1000 + Double(atto) * 1e-15
    }

    static func format(_ v: Double) -> String { String(format: "%.1f", v) }
}
