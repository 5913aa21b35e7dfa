import ArgumentParser
import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastModel
import Foundation

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time the engine on a generated England-sized input (build with -c release).",
        discussion: """
            Generates 153 local authorities in 9 regions, 6 roles, 5 age bands, 4 activities, \
            2 pipelines and 20 years (random figures of realistic size, not published data), \
            compiles it once, then times full projections (supply, demand, aggregates) with and \
            without training sufficiency, on one core. Reports the median and the fastest run \
            and the process's peak resident memory.
            """
    )

    @Option(help: "Timed projections per measurement.")
    var iterations = 2_000

    @Option(help: "Seed of the generated input.")
    var seed: UInt64 = 1

    @Option(help: "Write the generated input here (MODEL.md JSON) and exit.")
    var writeInput: String?

    enum Measure: String, ExpressibleByArgument, CaseIterable {
        case projection, training, both
    }

    @Option(help: "What to time: the projection alone, with training sufficiency, or both.")
    var measure: Measure = .both

    func run() throws {
        let input = SyntheticInput.englandSized(seed: seed)
        if let writeInput {
            do { try DataFile.writeAtomically(input.jsonBytes(), to: writeInput) } catch { throw Failure.exit(for: error) }
            return
        }
        let clock = ContinuousClock()
        let compileStart = clock.now
        let projection = try Projection(input)
        let compileTime = clock.now - compileStart

        func measure(_ label: String, _ body: () -> ProjectionResult) -> ProjectionResult {
            let last = body()  // warm-up
            var samples: [Double] = []
            samples.reserveCapacity(iterations)
            for _ in 0..<iterations {
                let start = clock.now
                _ = body()
                samples.append(Self.milliseconds(clock.now - start))
            }
            samples.sort()
            let median = samples[samples.count / 2]
            let p90 = samples[min(samples.count - 1, samples.count * 9 / 10)]
            print("\(label): median \(Self.format(median)) ms, fastest \(Self.format(samples[0])) ms, 90th percentile \(Self.format(p90)) ms per projection (\(iterations) runs)")
            return last
        }
        print("Input: \(projection.areas.count) areas (\(projection.leafCount) leaves), \(projection.roles.count) roles, \(projection.ageBands.count) bands, \(projection.activityIDs.count) activities, \(projection.pipelines.count) pipelines, \(projection.horizon) years; compiled in \(Self.format(Self.milliseconds(compileTime))) ms")
        var result = projection.run(trainingSufficiency: false)
        if self.measure != .training {
            result = measure("Projection (supply, demand, aggregates)") { projection.run(trainingSufficiency: false) }
        }
        if self.measure != .projection {
            _ = measure("Projection with training sufficiency") { projection.run(trainingSufficiency: true) }
        }
        let resultBytes = 8 * (result.values.count + result.activityCounts.count)
        print("Result: \(result.cellCount) area × role × year cells, \(resultBytes / 1024) KiB of figures")
        print("Peak resident memory of the process: \(Self.peakMemoryMiB()) MiB")
    }

    /// The process's peak resident memory so far.
    static func peakMemoryMiB() -> Int {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss / 1024
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1e3 + Double(attoseconds) * 1e-15
    }

    static func format(_ value: Double) -> String { String(format: "%.4f", value) }
}
