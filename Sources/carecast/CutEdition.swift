import ArgumentParser
import CareCastBaselines
import CareCastFormats

/// An earlier edition's data: the bundle as it stood at a base year (every series cut after it),
/// as the explorer serves past editions and the track record rebuilds them.
struct CutEdition: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cut-edition",
        abstract: "Write the data folder as of an earlier base year (every series cut after it) to a new folder.",
        discussion: "The explorer serves past editions from exactly this cut; its reproduce panel gives this command before `simulate --data`."
    )

    @Option(help: "The base year of the edition to write.")
    var year: Int

    @Option(help: "A folder in the layout of data/england (default: the bundled data).")
    var data: String?

    @Option(name: .shortAndLong, help: "The new folder to write.")
    var out: String

    func run() throws {
        do {
            try BundleCut.write(from: data ?? EnglandBundle.defaultDirectory(), to: out, year: year)
        } catch {
            throw Failure.exit(for: error)
        }
    }
}
