/// An RFC 4180 reader that hands over one record at a time, reading its source in chunks, so
/// memory does not grow with the file. Same rules as `CSVReader`: commas, optional double
/// quotes ("" for a quote, line breaks allowed inside), CRLF or LF, a UTF-8 byte-order mark
/// tolerated.
public struct CSVStream {
    private var source: ByteSource
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var line = 1
    private var started = false

    public init(_ source: ByteSource) {
        self.source = source
    }

    /// The name of the source, for messages.
    public var name: String { source.name }

    private mutating func more() throws(DataFileError) -> Bool {
        if atEnd { return false }
        if position > 65_536, position * 2 > buffer.count {
            buffer.removeFirst(position)
            position = 0
        }
        if try !source.read(appendingTo: &buffer) { atEnd = true; return false }
        return true
    }

    /// The next record and the line it starts on, or nil at the end.
    public mutating func next() throws(DataFileError) -> (fields: [String], line: Int)? {
        if !started {
            started = true
            while buffer.count < 3, try more() {}
            if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        }
        if position >= buffer.count, try !more() { return nil }
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let recordLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var inQuotes = false
        func text(_ bytes: [UInt8]) throws(DataFileError) -> String {
            guard let s = String(validating: bytes, as: UTF8.self) else {
                throw .malformedCSV(file: source.name, CSVSyntaxError(line: line, column: fields.count + 1, message: "invalid UTF-8"))
            }
            return s
        }
        while true {
            if position >= buffer.count {
                if try !more() {
                    if inQuotes {
                        throw .malformedCSV(file: source.name, CSVSyntaxError(line: recordLine, column: fields.count + 1, message: "a quoted field is not closed before the end of the file"))
                    }
                    fields.append(try text(field))
                    return (fields, recordLine)
                }
            }
            let byte = buffer[position]
            if inQuotes {
                if byte == quote {
                    if position + 1 >= buffer.count { _ = try more() }
                    if position + 1 < buffer.count, buffer[position + 1] == quote {
                        field.append(quote)
                        position += 2
                    } else {
                        inQuotes = false
                        position += 1
                    }
                } else {
                    if byte == lf { line += 1 }
                    field.append(byte)
                    position += 1
                }
                continue
            }
            switch byte {
            case comma:
                fields.append(try text(field))
                field.removeAll(keepingCapacity: true)
                quoted = false
                position += 1
            case quote where field.isEmpty && !quoted:
                inQuotes = true
                quoted = true
                position += 1
            case quote:
                throw .malformedCSV(file: source.name, CSVSyntaxError(line: line, column: fields.count + 1, message: "a quote inside an unquoted field"))
            case cr:
                position += 1
            case lf:
                position += 1
                line += 1
                fields.append(try text(field))
                return (fields, recordLine)
            default:
                if quoted {
                    throw .malformedCSV(file: source.name, CSVSyntaxError(line: line, column: fields.count + 1, message: "text after a closing quote"))
                }
                field.append(byte)
                position += 1
            }
        }
    }
}
