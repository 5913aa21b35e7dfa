import CareCastFormats
import Foundation

/// Consultation evidence as collected by the returns service and exported beside the
/// workforce files (`evidence.json`): what organisations told the assessment, each item linked
/// to the assumptions it informs. Items not cleared for publication are counted, not shown.
public struct LocalEvidence: Sendable, Codable, Equatable {
    public var organisation: String
    public var title: String
    public var text: String
    public var date: String
    public var assumptions: [String]
    public var publishable: Bool

    public init(organisation: String, title: String, text: String, date: String, assumptions: [String], publishable: Bool) {
        self.organisation = organisation
        self.title = title
        self.text = text
        self.date = date
        self.assumptions = assumptions
        self.publishable = publishable
    }

    public static let file = "evidence.json"

    /// An evidence return's JSON (as checked by `OtherReturns.checkEvidence`), from `organisation`.
    public static func from(json bytes: [UInt8], organisation: String) -> LocalEvidence? {
        guard let o = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return nil }
        return LocalEvidence(organisation: organisation, title: o["title"] as? String ?? "", text: o["text"] as? String ?? "",
                             date: o["date"] as? String ?? "", assumptions: o["assumptions"] as? [String] ?? [],
                             publishable: o["publishable"] as? Bool ?? false)
    }

    /// The evidence exported into a data folder, or none when the folder has no evidence file.
    public static func load(directory: String) throws(DataFileError) -> [LocalEvidence] {
        let path = directory + "/" + file
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let bytes = try DataFile.read(path)
        do {
            return try JSONDecoder().decode([LocalEvidence].self, from: Data(bytes))
        } catch {
            throw .badData(file: path, [DataProblem(line: 1, column: 1, field: "evidence", message: "not a list of evidence items: \(error)")])
        }
    }

    /// Writes evidence items, sorted, as the export's `evidence.json`.
    public static func write(_ items: [LocalEvidence], directory: String) throws(DataFileError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let sorted = items.sorted { ($0.date, $0.organisation, $0.title) < ($1.date, $1.organisation, $1.title) }
        guard let data = try? encoder.encode(sorted) else { throw .unwritable(file: directory + "/" + file, reason: "could not encode the evidence") }
        try DataFile.writeAtomically(Array(data), to: directory + "/" + file)
    }
}
