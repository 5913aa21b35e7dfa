import ArgumentParser
import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastReport

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the difference between two runs: in post, required and gap at T0, +5, +10, +20, as A, B and B − A.",
        discussion: "A and B are result files (carecast project --output, or result.json of a report folder). Without --area the first area of A (England, for the baseline) is shown."
    )

    @Argument(help: "The first result file (A).")
    var a: String

    @Argument(help: "The second result file (B).")
    var b: String

    @Option(help: "An area code to show (repeatable).")
    var area: [String] = []

    func run() throws {
        do {
            let first = try DataFile.loadResult(a)
            let second = try DataFile.loadResult(b)
            let text = Comparison.render(first, second, nameA: a, nameB: b, areas: area.isEmpty ? nil : area)
            writeStandardOutput(Array(text.utf8))
        } catch {
            throw Failure.exit(for: error)
        }
    }
}
