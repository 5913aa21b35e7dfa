import CareCastModel
import Foundation
import Synchronization

/// The bundled England data (`data/england` in the repository, or any folder in the same
/// layout), read as published.
public struct EnglandBundle: Sendable {
    public let directory: String
    public let indicators: EESFile
    public let boundaryChanges: [BoundaryChange]
    /// Files read once and kept for later builds from the same bundle (a Monte Carlo run builds
    /// the baseline once per parameter set, the sensitivity analysis once per assumption).
    let cache = FileCache()

    /// The base year: the latest workforce census in the data.
    public var baseYear: Int { indicators.rows.map(\.year).max() ?? 0 }

    public static let indicatorsFile = "published/dfe_csww_indicators.csv"
    public static let boundaryChangesFile = "la_boundary_changes.csv"

    public init(directory: String) throws(DataFileError) {
        self.directory = directory
        indicators = try EESFile.read(Self.path(directory, Self.indicatorsFile), measures: BaseYearAccounts.measures + ["turnover_rate_fte", "turnover_rate_headcount", "caseload_fte"])
        boundaryChanges = try ReportingUnits.loadChanges(Self.path(directory, Self.boundaryChangesFile))
    }

    static func path(_ directory: String, _ file: String) -> String {
        (directory as NSString).appendingPathComponent(file)
    }

    public func path(_ file: String) -> String { Self.path(directory, file) }

    /// A tidy file of the bundle, read the first time it is asked for.
    func tidy(_ file: String, columns: [String]) throws(DataFileError) -> TidyTable {
        let key = ([file] + columns).joined(separator: "\u{1F}")
        if let table = cache.tidy.withLock({ $0[key] }) { return table }
        let table = try TidyTable.read(path(file), columns: columns)
        cache.tidy.withLock { $0[key] = table }
        return table
    }

    /// A tidy file of the bundle indexed by `keys`, read and indexed the first time it is asked for.
    func lookup(_ file: String, columns: [String], keys: [String]) throws(DataFileError) -> TidyLookup {
        let key = ([file] + columns + ["|"] + keys).joined(separator: "\u{1F}")
        if let lookup = cache.lookups.withLock({ $0[key] }) { return lookup }
        let lookup = TidyLookup(try tidy(file, columns: columns), keys: keys)
        cache.lookups.withLock { $0[key] = lookup }
        return lookup
    }

    /// An EES file of the bundle, read the first time it is asked for.
    func ees(_ file: String, filters: [String], measures: [String]) throws(DataFileError) -> EESFile {
        let key = ([file] + filters + ["|"] + measures).joined(separator: "\u{1F}")
        if let table = cache.ees.withLock({ $0[key] }) { return table }
        let table = try EESFile.read(path(file), filters: filters, measures: measures)
        cache.ees.withLock { $0[key] = table }
        return table
    }

    /// The reporting units of the base year.
    public func reportingUnits(year: Int? = nil) throws(DataFileError) -> ReportingUnits {
        try ReportingUnits(indicators: indicators, year: year ?? baseYear, changes: boundaryChanges)
    }

    /// Where the bundle is when none is named: `data/england` under the working directory,
    /// or beside the package when run from a build folder.
    public static func defaultDirectory() -> String {
        let candidates = [
            FileManager.default.currentDirectoryPath + "/data/england",
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("data/england").path,
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/" + indicatorsFile) } ?? candidates[0]
    }
}

/// The bundle's files as read, shared by copies of the bundle.
final class FileCache: Sendable {
    let tidy = Mutex<[String: TidyTable]>([:])
    let ees = Mutex<[String: EESFile]>([:])
    let lookups = Mutex<[String: TidyLookup]>([:])
}
