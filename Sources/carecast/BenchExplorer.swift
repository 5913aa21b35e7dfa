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
        // A value on a lever's grid, anywhere in its range.
        func value(_ lever: LeverDefinition) -> Double {
            let steps = Int(((lever.range.upperBound - lever.range.lowerBound) / lever.step).rounded())
            return lever.range.lowerBound + Double(Int(generator.next() % UInt64(steps + 1))) * lever.step
        }
        let areas = edition.areaChoices.map(\.code.rawValue)
        // Every lever moved (the requirement's layout built anew), then one lever on supply
        // moved (the layout of the last run's demand levers reused, as the explorer's engine does).
        for everyLever in [true, false] {
            var samples: [Double] = []
            var layout: MonteCarlo.PreparedLayout?
            for i in 0...runs {
                var settings = ExplorerSettings(edition: edition.year)
                settings.draws = draws
                settings.area = areas[Int(generator.next() % UInt64(areas.count))]
                if everyLever {
                    for lever in edition.levers {
                        let v = value(lever)
                        if v != lever.defaultValue { settings.levers[lever.name] = v }
                    }
                } else if let exit = edition.lever("exit") {
                    settings.levers["exit"] = value(exit)
                }
                let t = clock.now
                let done = await ExplorerRun.runWithLayout(settings, edition: edition, parameterSets: edition.parameterSets, tasks: cores, layout: everyLever ? nil : layout)
                let elapsed = Self.ms(clock.now - t)
                layout = done.layout
                if i > 0 { samples.append(elapsed) }  // the first is a warm-up
            }
            samples.sort()
            print("\(runs) runs of \(draws) draws on \(cores) tasks, \(everyLever ? "every lever moved" : "the exit lever moved (layout reused)"): median \(Self.format(samples[samples.count / 2])) ms, fastest \(Self.format(samples[0])) ms, slowest \(Self.format(samples[samples.count - 1])) ms")
        }
        print("peak resident memory: \(Bench.peakMemoryMiB()) MiB")
    }

    static func ms(_ d: Duration) -> Double { Bench.milliseconds(d) }

    static func format(_ v: Double) -> String { String(format: "%.1f", v) }
}
