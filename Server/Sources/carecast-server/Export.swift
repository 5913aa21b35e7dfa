import ArgumentParser
import CareCastBaselines
import CareCastFormats
import CareCastReturns
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
        let (accepted, evidence, homes) = try await Admin.withStore { store -> ([(Organisation, ReturnVersion)], [LocalEvidence], [(name: String, bytes: [UInt8])]) in
            let census = try await store.acceptedCensus(roundYear: round)
            // Consultation evidence accepted in the round, for the report's "Local evidence".
            var evidence: [LocalEvidence] = []
            let names = Dictionary(uniqueKeysWithValues: try await store.organisations().map { ($0.id, $0.name) })
            for r in try await store.returns(roundYear: round) where r.kind == .evidence && r.status == .accepted {
                if let file = try await store.parts(returnID: r.id).first,
                   let item = LocalEvidence.from(json: Array(file.content), organisation: names[r.organisationID] ?? "") {
                    evidence.append(item)
                }
            }
            // Children's homes staffing returns accepted in the round, for the children's homes model.
            var homes: [(name: String, bytes: [UInt8])] = []
            for r in try await store.returns(roundYear: round) where r.kind == .homes && r.status == .accepted {
                for file in try await store.parts(returnID: r.id) {
                    homes.append((name: "\(r.organisationID.uuidString.lowercased())-v\(r.version)-\(file.part).csv", bytes: Array(file.content)))
                }
            }
            return (census, evidence, homes)
        }
        let returns = accepted.compactMap { o, r in r.aggregate.map { CensusExport.Returned(onsCodes: o.onsCodes, aggregate: $0) } }
        do {
            for note in try CensusExport.write(bundle: data ?? EnglandBundle.defaultDirectory(), to: out, year: round, returns: returns) {
                Admin.say(note)
            }
            try LocalEvidence.write(evidence, directory: out)
            Admin.say("\(LocalEvidence.file): \(evidence.count) items of consultation evidence accepted in the round")
            try PlacementsReturns.write(homes, directory: out)
            Admin.say("\(PlacementsReturns.folder): \(homes.count) children's homes staffing returns accepted in the round (they replace the derived staff of the homes' authorities)")
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
