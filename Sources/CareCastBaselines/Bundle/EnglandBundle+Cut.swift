import CareCastFormats
import CareCastReturns
import Foundation

/// An earlier edition of the bundle: the same files with every row of a yearly series after a
/// given reporting year left out, byte for byte otherwise. Cutting edition 2024 at 2023 gives
/// the 2023 edition's files exactly (a test checks them against the hashes its manifest
/// recorded), so the baseline can be built as it would have been then, with today's code.
public enum BundleCut {
    /// The files that carry a yearly series by reporting year, and the column holding the year
    /// (its first four digits). Every other file (the age profile, the training pipeline, the
    /// population projections, reference tables, the assumptions) is copied whole: editions
    /// carry them as published at the time, and a projection's years are not a series to cut.
    public static var seriesFiles: [(file: String, yearColumn: String)] { socialWorkSeriesFiles + placementsSeriesFiles }

    /// The series the social work baseline reads.
    public static let socialWorkSeriesFiles: [(file: String, yearColumn: String)] = [
        ("published/dfe_csww_indicators.csv", "time_period"),
        ("published/dfe_cin_b1_children_in_need.csv", "time_period"),
        ("published/dfe_cin_c1_referrals.csv", "time_period"),
        ("published/dfe_cin_c4_section47_icpc.csv", "time_period"),
        ("published/dfe_cin_d5_child_protection_plans.csv", "time_period"),
        ("published/dfe_cla_number_and_rate.csv", "time_period"),
        ("published/ons_mid_year_population_0_17.csv", "time_period"),
        ("tidy/csww_workforce_by_role_and_ethnicity.csv", "year"),
        ("tidy/csww_workforce_national_vintages.csv", "year"),
        ("tidy/cla_national_vintages.csv", "year"),
        ("tidy/cla_cin_cpp_demand.csv", "year"),
    ]

    /// The series the placements baselines read besides.
    public static let placementsSeriesFiles: [(file: String, yearColumn: String)] = [
        ("tidy/ofsted_childrens_homes_by_la.csv", "year"),
        ("tidy/cla_by_placement_type_by_la.csv", "year"),
        ("tidy/cla_placed_in_childrens_homes_by_la.csv", "year"),
        ("tidy/fostering_by_la.csv", "year"),
        ("tidy/fostering_national_published.csv", "year"),
        ("tidy/childrens_homes_workforce_national.csv", "year"),
        ("tidy/ofsted_childrens_social_care_providers_places.csv", "year"),
        ("tidy/ofsted_providers_places_national_2024.csv", "year"),
    ]

    /// Copies the bundle in `source` to `destination` (created; it must not exist), cutting the
    /// series files after `year`. Nothing is left behind on failure.
    /// `files`: the series to cut (default: every one); a bundle cut for the social work
    /// baseline alone may leave the placements files whole, as it never reads them.
    public static func write(from source: String, to destination: String, year: Int, files: [(file: String, yearColumn: String)]? = nil) throws(DataFileError) {
        let manager = FileManager.default
        guard !manager.fileExists(atPath: destination) else {
            throw .unwritable(file: destination, reason: "already exists; the cut bundle is written to a new folder")
        }
        do {
            try manager.copyItem(atPath: source, toPath: destination)
        } catch {
            throw .unwritable(file: destination, reason: "cannot copy \(source): \(error.localizedDescription)")
        }
        do {
            for (file, column) in files ?? seriesFiles {
                let path = (destination as NSString).appendingPathComponent(file)
                guard manager.fileExists(atPath: path) else { continue }
                let cut = try cutRows(DataFile.read(path), file: path, yearColumn: column, through: year)
                try DataFile.writeAtomically(cut, to: path)
            }
        } catch {
            try? manager.removeItem(atPath: destination)
            throw error
        }
    }

    /// A cut of the bundle in `source` written to a new folder under the temporary directory;
    /// returns its path. The caller removes it when done.
    public static func temporary(from source: String, year: Int, files: [(file: String, yearColumn: String)]? = nil) throws(DataFileError) -> String {
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("carecast-edition-\(year)-\(UUID().uuidString)")
        try write(from: source, to: folder, year: year, files: files)
        return folder
    }

    /// The file's bytes without the records whose year column is after `year`. Records are split
    /// at line ends outside quotes; the header and every kept record are unchanged.
    public static func cutRows(_ bytes: [UInt8], file: String, yearColumn: String, through year: Int) throws(DataFileError) -> [UInt8] {
        let records = splitRecords(bytes)
        guard let header = records.first else { return bytes }
        let names = fields(Array(bytes[header])).map { $0.hasPrefix("\u{FEFF}") ? String($0.dropFirst()) : $0 }
        guard let column = names.firstIndex(of: yearColumn) else {
            throw .badData(file: file, [DataProblem(line: 1, column: 0, field: yearColumn, message: "missing column; the header has: \(names.joined(separator: ", "))")])
        }
        var out = Array(bytes[header])
        for (i, range) in records.enumerated().dropFirst() {
            let row = fields(Array(bytes[range]))
            guard column < row.count, let y = Int(row[column].prefix(4)) else {
                let value = column < row.count ? row[column] : ""
                throw .badData(file: file, [DataProblem(line: i + 1, column: column + 1, field: yearColumn, message: "expected a year such as 2023, got \"\(value)\"")])
            }
            if y <= year { out += bytes[range] }
        }
        return out
    }

    /// Each record's byte range, its line end included.
    static func splitRecords(_ bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        var quoted = false
        for (i, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if byte == UInt8(ascii: "\n"), !quoted {
                ranges.append(start..<(i + 1))
                start = i + 1
            }
        }
        if start < bytes.count { ranges.append(start..<bytes.count) }
        return ranges
    }

    /// A record's fields, unquoted, without its line end.
    static func fields(_ record: [UInt8]) -> [String] {
        var out: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var i = 0
        while i < record.count {
            let byte = record[i]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if i + 1 < record.count, record[i + 1] == UInt8(ascii: "\"") { field.append(byte); i += 1 } else { quoted = false }
                } else {
                    field.append(byte)
                }
            } else if byte == UInt8(ascii: "\"") {
                quoted = true
            } else if byte == UInt8(ascii: ",") {
                out.append(String(decoding: field, as: UTF8.self))
                field = []
            } else if byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") {
                field.append(byte)
            }
            i += 1
        }
        out.append(String(decoding: field, as: UTF8.self))
        return out
    }
}
