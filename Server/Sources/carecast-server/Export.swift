import ArgumentParser
import CareCastData
import CareCastStore
import Foundation

/// `carecast-server export`: a round's accepted returns, in the layout of the published statistics.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a round's accepted census returns as the published workforce files (EES layout), in a copy of the data bundle, for `carecast report --data DIR`.")
    @Option(help: "The collection round (year).") var round: Int
    @Option(help: "The folder to write (replaced if it exists).") var out: String
    @Option(help: "The data bundle to start from (default: the bundled England data).") var data: String?

    func run() async throws {
        let accepted = try await Admin.withStore { try await $0.acceptedCensus(roundYear: round) }
        let returns = accepted.compactMap { o, r in r.aggregate.map { CensusExport.Returned(onsCodes: o.onsCodes, aggregate: $0) } }
        do {
            for note in try CensusExport.write(bundle: data ?? EnglandBundle.defaultDirectory(), to: out, year: round, returns: returns) {
                Admin.say(note)
            }
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
