import CareCastFormats
import CareCastModel
import CareCastReturns
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
    let cache: FileCache

    /// The base year: the latest workforce census in the data.
    public var baseYear: Int { indicators.rows.map(\.year).max() ?? 0 }

    public static let indicatorsFile = "published/dfe_csww_indicators.csv"
    public static let boundaryChangesFile = "la_boundary_changes.csv"

    public init(directory: String) throws(DataFileError) {
        self.directory = directory
        cache = FileCache()
        indicators = try EESFile.read(Self.path(directory, Self.indicatorsFile), measures: BaseYearAccounts.measures + ["turnover_rate_fte", "turnover_rate_headcount", "caseload_fte"])
        boundaryChanges = try ReportingUnits.loadChanges(Self.path(directory, Self.boundaryChangesFile))
    }

    init(copying other: EnglandBundle, indicators: EESFile) {
        directory = other.directory
        self.indicators = indicators
        boundaryChanges = other.boundaryChanges
        cache = other.cache
    }

    /// The national measures a back-test from `year` calibrates on, as they were published by
    /// then where the bundle's vintages allow (`tidy/csww_workforce_national_vintages.csv`):
    /// for each earlier census year, the newest DfE release for a reporting year up to `year`,
    /// or else the figure as first published; the latest figure where the bundle has neither.
    /// Returns the bundle with those national figures and a note of each one replaced.
    public func asPublished(by year: Int) throws(DataFileError) -> (bundle: EnglandBundle, replaced: [String]) {
        let vintages = try tidy("tidy/csww_workforce_national_vintages.csv", columns: ["year", "measure", "value", "vintage"])
        let measures = ["inpost_fte", "starters_fte", "leavers_fte", "agency_fte"]
        var chosen: [String: (rank: Int, value: Double)] = [:]
        let (yc, mc, vc, nc) = (vintages.column("year")!, vintages.column("measure")!, vintages.column("value")!, vintages.column("vintage")!)
        for f in vintages.rows {
            guard let y = Int(f[yc]), y <= year, measures.contains(f[mc]), let value = Double(f[vc]) else { continue }
            let vintage = f[nc]
            let rank: Int
            if vintage.hasPrefix("DfE CSWW release for reporting year "), let r = Int(vintage.dropFirst("DfE CSWW release for reporting year ".count).prefix(4)) {
                guard r <= year else { continue }
                rank = 10_000 + r
            } else if vintage.hasPrefix("first published") {
                rank = 1
            } else {
                continue
            }
            let key = "\(y)|\(f[mc])"
            if (chosen[key]?.rank ?? 0) < rank { chosen[key] = (rank, value) }
        }
        var replaced: [String] = []
        let rows = indicators.rows.map { row -> EESRow in
            guard row.level == .national, row.year <= year else { return row }
            var row = row
            for m in measures {
                guard let v = chosen["\(row.year)|\(m)"]?.value, let latest = row.value(m).number, v != latest else { continue }
                replaced.append("\(m) \(row.year): \(describeValue(v)) as published by \(year) (latest \(describeValue(latest)))")
                row.values[m] = .number(v)
            }
            return row
        }
        return (EnglandBundle(copying: self, indicators: EESFile(file: indicators.file, rows: rows)), replaced)
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

    /// A placements file of the bundle, read and checked the first time it is asked for.
    public func placementsTable(_ file: String, through year: Int, _ read: (String, Int) throws(DataFileError) -> PublishedTable) throws(DataFileError) -> PublishedTable {
        let key = "\(file)|\(year)"
        if let table = cache.placements.withLock({ $0[key] }) { return table }
        let table = try read(path(file), year)
        cache.placements.withLock { $0[key] = table }
        return table
    }

    /// The reporting units of the base year.
    public func reportingUnits(year: Int? = nil) throws(DataFileError) -> ReportingUnits {
        try ReportingUnits(indicators: indicators, year: year ?? baseYear, changes: boundaryChanges)
    }

    /// Where the bundle is when none is named: `data/england` under the working directory,
    /// or beside the package when run from a build folder.
    public static func defaultDirectory() -> String {
        let candidates = [FileManager.default.currentDirectoryPath + "/data/england", besidePackage]
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/" + indicatorsFile) } ?? candidates[0]
    }

    /// `data/england` beside the package this file was built from (this file is
    /// Sources/CareCastBaselines/Bundle/EnglandBundle.swift: four levels below the root).
    static let besidePackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("data/england").path
}

/// The bundle's files as read, shared by copies of the bundle.
final class FileCache: Sendable {
    let tidy = Mutex<[String: TidyTable]>([:])
    let ees = Mutex<[String: EESFile]>([:])
    let lookups = Mutex<[String: TidyLookup]>([:])
    /// The need evidence's raw panel and national series, by base year (read once per bundle).
    let needPanels = Mutex<[Int: [NeedEvidence.RawObservation]]>([:])
    let needSeries = Mutex<[Int: NeedEvidence.RawSeries]>([:])
    /// The placements files as read and checked, by file and the edition's last year.
    let placements = Mutex<[String: PublishedTable]>([:])
    /// The placements evidence by base year and year.
    let placementsEvidence = Mutex<[String: PlacementsEvidence]>([:])
    /// Children aged 0-17 by LA code at mid-2022 (the weights that split joint or abolished codes).
    let childWeights = Mutex<[String: Double]?>(nil)
    /// England's shares of looked-after children by placement, by base year.
    let shareSeries = Mutex<[String: (years: [Int], homes: [Double], foster: [Double])]>([:])
}
