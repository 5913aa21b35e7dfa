import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastModel
import Foundation

/// How the previous edition did: its published projection of FTE in post (the deterministic
/// central figure and the Monte Carlo intervals, all roles) for every area and every census
/// year since, beside what DfE then published; and a waterfall of England's gap ten years
/// ahead from that edition's figure to this one's.
public struct TrackRecord: Sendable {
    public struct Row: Sendable {
        public var level: GeographicLevel
        public var code: String
        public var name: String
        public var year: Int
        public var central: Double
        /// 5th, 25th, 75th and 95th percentiles of the edition's draws, where it published them.
        public var q05: Double?, q25: Double?, q75: Double?, q95: Double?
        public var outturn: Double
        public var inside90: Bool? { q05.flatMap { lo in q95.map { lo <= outturn && outturn <= $0 } } }
        public var inside50: Bool? { q25.flatMap { lo in q75.map { lo <= outturn && outturn <= $0 } } }
        public var error: Double { central > 0 ? (outturn - central) / central : 0 }
    }

    /// One step of the waterfall: what changed, and England's gap ten years ahead after it.
    public struct Step: Sendable {
        public var step: String
        public var gap: Double
    }

    /// The previous edition's base year and folder.
    public var edition: Int
    public var folder: String
    public var rows: [Row]
    public var waterfall: [Step] = []

    /// The files the record reads, relative to the edition's folder (the report's inputs).
    public static let files = ["data/projection.csv", "data/simulation_quantiles.csv"]

    /// Reads the edition in `folder` (an `editions/YEAR` folder) and compares it with the
    /// bundle's workforce census for every year after the edition's base year.
    public static func load(folder: String, bundle: EnglandBundle) throws(DataFileError) -> TrackRecord {
        let projectionPath = (folder as NSString).appendingPathComponent(files[0])
        let projection = try DataFile.loadCSV(projectionPath)
        let quantilesPath = (folder as NSString).appendingPathComponent(files[1])
        let quantiles = FileManager.default.fileExists(atPath: quantilesPath) ? try DataFile.loadCSV(quantilesPath) : nil

        func columns(_ table: CSVTable, _ names: [String], _ file: String) throws(DataFileError) -> [Int] {
            let missing = names.filter { table.column($0) == nil }
            guard missing.isEmpty else {
                throw .badData(file: file, missing.map { DataProblem(line: 1, column: 0, field: $0, message: "missing column; the header has: \(table.header.joined(separator: ", "))") })
            }
            return names.map { table.column($0)! }
        }
        let geography = ["time_period", "geographic_level", "country_code", "region_code", "new_la_code"]
        struct Key: Hashable { var level: String; var code: String; var year: Int }
        func key(_ row: [String], _ c: [Int]) -> Key? {
            guard let year = Int(row[c[0]]) else { return nil }
            let level = row[c[1]]
            let code = level == "National" ? row[c[2]] : level == "Regional" ? row[c[3]] : row[c[4]]
            return Key(level: level, code: code, year: year)
        }
        let pc = try columns(projection, geography, projectionPath)
        let other = try columns(projection, ["role", "fte_in_post"], projectionPath)
        let (role, fte) = (other[0], other[1])
        let nameColumns = try columns(projection, ["country_name", "region_name", "la_name"], projectionPath)
        var central: [Key: (value: Double, name: String)] = [:]
        var base = Int.max
        for (i, row) in projection.rows.enumerated() where row[role] == "Total" {
            guard let k = key(row, pc), let value = Double(row[fte]) else {
                throw .badData(file: projectionPath, [DataProblem(line: projection.lines[i], column: fte + 1, field: "fte_in_post", message: "expected a number, got \"\(row[fte])\"")])
            }
            base = min(base, k.year)
            let name = k.level == "National" ? row[nameColumns[0]] : k.level == "Regional" ? row[nameColumns[1]] : row[nameColumns[2]]
            central[k] = (value, name)
        }
        guard base != Int.max else {
            throw .badData(file: projectionPath, [DataProblem(line: 1, column: 0, field: "role", message: "no rows for all roles (role Total)")])
        }
        var bands: [Key: [Double]] = [:]
        if let quantiles {
            let qc = try columns(quantiles, geography, quantilesPath)
            let filters = try columns(quantiles, ["role", "measure"], quantilesPath)
            let (qRole, measure) = (filters[0], filters[1])
            let qs = try columns(quantiles, ["q05", "q25", "q75", "q95"], quantilesPath)
            for row in quantiles.rows where row[qRole] == "Total" && row[measure] == "supply" {
                guard let k = key(row, qc) else { continue }
                let values = qs.compactMap { Double(row[$0]) }
                if values.count == 4 { bands[k] = values }
            }
        }

        var rows: [Row] = []
        for census in bundle.indicators.rows where census.year > base && census.year <= bundle.baseYear {
            guard let outturn = census.value("inpost_fte").number else { continue }
            let levelName: String
            let code: String
            switch census.level {
            case .national: levelName = "National"; code = England.code
            case .regional: levelName = "Regional"; code = census.regionCode
            case .localAuthority: levelName = "Local authority"; code = census.newLACode
            }
            let k = Key(level: levelName, code: code, year: census.year)
            guard let c = central[k] else { continue }
            let q = bands[k]
            rows.append(Row(level: census.level, code: code, name: c.name, year: census.year, central: c.value,
                            q05: q?[0], q25: q?[1], q75: q?[2], q95: q?[3], outturn: outturn))
        }
        let order: [GeographicLevel: Int] = [.national: 0, .regional: 1, .localAuthority: 2]
        rows.sort { ($0.year, order[$0.level]!, $0.code) < ($1.year, order[$1.level]!, $1.code) }
        return TrackRecord(edition: base, folder: folder, rows: rows)
    }

    /// By level and year: how many areas, how many fell inside the 50% and 90% intervals, the
    /// mean absolute and mean error of the central projection (percent of it).
    public struct Summary: Sendable {
        public var level: GeographicLevel
        public var year: Int
        public var count: Int
        public var inside50: Int
        public var inside90: Int
        public var withIntervals: Int
        public var mape: Double
        public var bias: Double
    }

    public func summary() -> [Summary] {
        var out: [Summary] = []
        for year in Set(rows.map(\.year)).sorted() {
            for level in GeographicLevel.allCases {
                let r = rows.filter { $0.year == year && $0.level == level && $0.central > 0 }
                guard !r.isEmpty else { continue }
                let n = Double(r.count)
                out.append(Summary(
                    level: level, year: year, count: r.count,
                    inside50: r.filter { $0.inside50 == true }.count, inside90: r.filter { $0.inside90 == true }.count,
                    withIntervals: r.filter { $0.inside90 != nil }.count,
                    mape: r.reduce(0) { $0 + abs($1.error) } / n * 100, bias: r.reduce(0) { $0 + $1.error } / n * 100))
            }
        }
        return out
    }

    public func csv() -> String {
        var out = "edition_base_year,time_period,geographic_level,area_code,area_name,projected_fte,p5,p25,p75,p95,outturn_fte,error_percent,inside_50,inside_90\n"
        func f(_ x: Double?) -> String { x.map { NumberText.fixedPublic($0, decimals: 1) } ?? "z" }
        func yes(_ b: Bool?) -> String { b.map { $0 ? "yes" : "no" } ?? "z" }
        for r in rows {
            out += "\(edition),\(r.year),\(r.level.rawValue),\(CSVText.inertField(r.code)),\(CSVText.inertField(r.name)),\(f(r.central)),\(f(r.q05)),\(f(r.q25)),\(f(r.q75)),\(f(r.q95)),\(f(r.outturn)),\(f(r.error * 100)),\(yes(r.inside50)),\(yes(r.inside90))\n"
        }
        return out
    }

    /// England's gap (required less in post, all roles) ten years after the edition's base year,
    /// as it published it; nil where its projection does not reach that far.
    public static func publishedGap10(folder: String) throws(DataFileError) -> Double? {
        let path = (folder as NSString).appendingPathComponent(files[0])
        let table = try DataFile.loadCSV(path)
        guard let year = table.column("time_period"), let level = table.column("geographic_level"), let role = table.column("role"), let gap = table.column("gap_fte") else {
            throw .badData(file: path, [DataProblem(line: 1, column: 0, field: "gap_fte", message: "expected time_period, geographic_level, role and gap_fte columns")])
        }
        let national = table.rows.filter { $0[level] == "National" && $0[role] == "Total" }
        guard let base = national.compactMap({ Int($0[year]) }).min() else { return nil }
        return national.first { Int($0[year]) == base + 10 }.flatMap { Double($0[gap]) }
    }

    /// The data files the edition read (its manifest's `data/…` inputs) whose bytes differ in
    /// `cut`, the current bundle cut at the edition's base year: the revisions since.
    public static func revisedFiles(folder: String, cut: String) throws(DataFileError) -> [String] {
        let manifest = try DataFile.parseJSON((folder as NSString).appendingPathComponent("manifest.json"))
        guard case .array(let inputs)? = manifest["inputs"] else { return [] }
        var revised: [String] = []
        for input in inputs {
            guard case .string(let path)? = input["path"], case .string(let digest)? = input["sha256"],
                  path.hasPrefix("data/published/") || path.hasPrefix("data/tidy/") else { continue }
            let file = (cut as NSString).appendingPathComponent(String(path.dropFirst("data/".count)))
            let bytes = (try? DataFile.read(file)) ?? []
            if SHA256.hex(bytes) != digest { revised.append(String(path.dropFirst("data/".count))) }
        }
        return revised
    }

    /// The latest edition in `editions` (folders named by their base year, each with
    /// `data/projection.csv`) whose base year is before `baseYear`.
    public static func previousEdition(in editions: String, before baseYear: Int) -> String? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: editions)) ?? []
        let years = names.compactMap { Int($0) }.filter { $0 < baseYear }.sorted()
        for year in years.reversed() {
            let folder = (editions as NSString).appendingPathComponent(String(year))
            if FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(files[0])) { return folder }
        }
        return nil
    }
}
