import CareCastModel
import Foundation

/// The bundled England data (`data/england` in the repository, or any folder in the same
/// layout), read as published.
public struct EnglandBundle: Sendable {
    public let directory: String
    public let indicators: EESFile
    public let boundaryChanges: [BoundaryChange]

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
