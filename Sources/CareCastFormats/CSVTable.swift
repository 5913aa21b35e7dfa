/// A CSV file as read: the header, the records, and the line each record starts on, so that
/// every later message can name the file, line and column.
public struct CSVTable: Sendable {
    public let file: String
    public let header: [String]
    public let rows: [[String]]
    /// 1-based line of each row in the file.
    public let lines: [Int]

    /// Index of a column by its exact header name.
    public func column(_ name: String) -> Int? { header.firstIndex(of: name) }
}

/// Writing CSV: a field quoted (RFC 4180) when it holds a comma, a quote or a line break.
public enum CSVText {
    public static func field(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// A text field from someone else's file, made inert for spreadsheets (OWASP, CSV
    /// injection): a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return and is
    /// not a number is prefixed with a single quote, so that no spreadsheet reads it as a
    /// formula; then quoted as `field` quotes. Numbers such as `-3.5` are left as they are.
    public static func inertField(_ s: String) -> String {
        guard let first = s.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return field(s) }
        if Double(s) != nil { return field(s) }
        return field("'" + s)
    }
}

/// Malformed CSV: where the reader stopped, and why.
public struct CSVSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String

    public var description: String { "line \(line), column \(column): \(message)" }
}

/// An RFC 4180 reader: comma-separated, fields optionally in double quotes (with "" for a
/// quote, and line breaks allowed inside), CRLF or LF line ends, a UTF-8 byte-order mark
/// tolerated. Every record must have as many fields as the header.
public enum CSVReader {
    /// `columns`: where given, only these columns' text is kept (every other field of a record
    /// after the header is read and checked as CSV, and stored empty), for large files with
    /// long columns nobody reads.
    public static func parse(_ bytes: [UInt8], file: String, columns: Set<String>? = nil) throws(CSVSyntaxError) -> CSVTable {
        try bytes.withUnsafeBufferPointer { (buffer) throws(CSVSyntaxError) -> CSVTable in try parse(buffer, file: file, columns: columns) }
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, file: String, columns: Set<String>?) throws(CSVSyntaxError) -> CSVTable {
        var keep: [Bool]?
        var records: [[String]] = []
        var lines: [Int] = []
        var position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        var lineStart = position
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

        func column(_ at: Int) -> Int {
            var count = 1
            var i = lineStart
            while i < at { if bytes[i] & 0xC0 != 0x80 { count += 1 }; i += 1 }
            return count
        }
        func text(_ slice: some Collection<UInt8>, at: Int) throws(CSVSyntaxError) -> String {
            guard let s = String(validating: slice, as: UTF8.self) else {
                throw CSVSyntaxError(line: line, column: column(at), message: "invalid UTF-8")
            }
            return s
        }

        while position < bytes.count {
            var fields: [String] = []
            let recordLine = line
            var endOfRecord = false
            while !endOfRecord {
                if position < bytes.count, bytes[position] == quote {
                    let open = position
                    let openLine = line
                    let openColumn = column(open)
                    position += 1
                    // The field's bytes, as a slice where it has no doubled quote.
                    let contentStart = position
                    var escaped = false
                    while true {
                        guard position < bytes.count else {
                            throw CSVSyntaxError(line: openLine, column: openColumn, message: "a quoted field is not closed before the end of the file")
                        }
                        let byte = bytes[position]
                        if byte == quote {
                            if position + 1 < bytes.count, bytes[position + 1] == quote {
                                escaped = true
                                position += 2
                                continue
                            }
                            break
                        }
                        if byte == lf { line += 1; lineStart = position + 1 }
                        position += 1
                    }
                    let contentEnd = position
                    position += 1
                    let wanted = keep.map { fields.count < $0.count && $0[fields.count] } ?? true
                    var value = ""
                    if wanted {
                        if escaped {
                            var unescaped: [UInt8] = []
                            unescaped.reserveCapacity(contentEnd - contentStart)
                            var i = contentStart
                            while i < contentEnd {
                                unescaped.append(bytes[i])
                                i += bytes[i] == quote ? 2 : 1
                            }
                            value = try text(unescaped, at: open)
                        } else {
                            value = try text(bytes[contentStart..<contentEnd], at: open)
                        }
                    }
                    fields.append(value)
                    if position < bytes.count, bytes[position] != comma, bytes[position] != lf, bytes[position] != cr {
                        throw CSVSyntaxError(line: line, column: column(position), message: "unexpected character after a closing quote: expected ',' or the end of the line")
                    }
                } else {
                    let start = position
                    while position < bytes.count, bytes[position] != comma, bytes[position] != lf, bytes[position] != cr {
                        if bytes[position] == quote {
                            throw CSVSyntaxError(line: line, column: column(position), message: "a quote inside an unquoted field: quote the whole field and double the quote")
                        }
                        position += 1
                    }
                    let wanted = keep.map { fields.count < $0.count && $0[fields.count] } ?? true
                    fields.append(wanted ? try text(bytes[start..<position], at: start) : "")
                }
                if position >= bytes.count {
                    endOfRecord = true
                } else if bytes[position] == comma {
                    position += 1
                } else {
                    if bytes[position] == cr { position += 1 }
                    if position < bytes.count, bytes[position] == lf { position += 1 }
                    line += 1
                    lineStart = position
                    endOfRecord = true
                }
            }
            // A blank line (one empty field) is skipped.
            if fields.count == 1, fields[0].isEmpty { continue }
            if records.isEmpty, let columns { keep = fields.map { columns.contains($0) } }
            records.append(fields)
            lines.append(recordLine)
        }
        guard let header = records.first else {
            throw CSVSyntaxError(line: 1, column: 1, message: "the file is empty: expected a header row")
        }
        for (i, record) in records.enumerated().dropFirst() where record.count != header.count {
            throw CSVSyntaxError(line: lines[i], column: 1, message: "expected \(header.count) fields as in the header, found \(record.count)")
        }
        return CSVTable(file: file, header: header, rows: Array(records.dropFirst()), lines: Array(lines.dropFirst()))
    }
}
