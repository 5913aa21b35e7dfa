import CareCastModel
import Foundation

/// Why a file could not be used: the file's name, and where in it and what, for the person
/// who has to fix it.
public enum DataFileError: Error, Sendable, CustomStringConvertible {
    /// The file could not be read at all (missing, a directory, no permission).
    case unreadable(file: String, reason: String)
    /// The file is not well-formed JSON.
    case malformed(file: String, JSONSyntaxError)
    /// The file is not well-formed CSV.
    case malformedCSV(file: String, CSVSyntaxError)
    /// The file is not well-formed XML.
    case malformedXML(file: String, XMLSyntaxError)
    /// A data file (CSV) has values that cannot be used: each problem names the line and column.
    case badData(file: String, [DataProblem])
    /// The file is JSON but breaks the contract; every problem is listed.
    case invalid(file: String, [InputIssue])
    /// An output could not be written.
    case unwritable(file: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "\(file): cannot read the file: \(reason)"
        case .malformed(let file, let error):
            return "\(file): \(error.line):\(error.column): malformed JSON: \(error.message)"
        case .malformedCSV(let file, let error):
            return "\(file): \(error.line):\(error.column): malformed CSV: \(error.message)"
        case .malformedXML(let file, let error):
            return "\(file): \(error)"
        case .badData(let file, let problems):
            let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
            return "\(file): \(count):\n" + problems.map { "  \(file): \($0)" }.joined(separator: "\n")
        case .invalid(let file, let issues):
            let count = issues.count == 1 ? "1 problem" : "\(issues.count) problems"
            return "\(file): \(count):\n" + issues.map { "  \(file): \($0.path): \($0.message)" }.joined(separator: "\n")
        case .unwritable(let file, let reason):
            return "\(file): cannot write the file: \(reason)"
        }
    }
}

/// A problem with one cell of a data file: where it is (line, and column by name and number)
/// and what is wrong.
public struct DataProblem: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var field: String
    public var message: String

    public init(line: Int, column: Int, field: String, message: String) {
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    public var description: String { "line \(line), column \(column) (\(field)): \(message)" }
}

/// Reading inputs and writing outputs on disk.
public enum DataFile {
    /// The bytes of a file, or `unreadable` naming it.
    public static func read(_ path: String) throws(DataFileError) -> [UInt8] {
        let handle = try open(path)
        defer { try? handle.close() }
        do {
            return Array(try handle.readToEnd() ?? Data())
        } catch {
            throw .unreadable(file: path, reason: "\(error.localizedDescription)")
        }
    }

    /// A handle for reading `path`, or `unreadable` saying why not.
    public static func open(_ path: String) throws(DataFileError) -> FileHandle {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(file: path, reason: "no such file")
        }
        if isDirectory.boolValue { throw .unreadable(file: path, reason: "it is a directory") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadable(file: path, reason: "permission denied")
        }
        return handle
    }

    public static func parseJSON(_ path: String) throws(DataFileError) -> JSONValue {
        let bytes = try read(path)
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw .malformed(file: path, error)
        }
    }

    /// A CSV file, parsed.
    public static func loadCSV(_ path: String, columns: Set<String>? = nil) throws(DataFileError) -> CSVTable {
        let bytes = try read(path)
        do {
            return try CSVReader.parse(bytes, file: path, columns: columns)
        } catch {
            throw .malformedCSV(file: path, error)
        }
    }

    /// A MODEL.md input, checked in full.
    public static func loadModelInput(_ path: String) throws(DataFileError) -> ModelInput {
        let document = try parseJSON(path)
        do {
            return try ModelInput.decode(document)
        } catch {
            throw .invalid(file: path, error.issues)
        }
    }

    /// A MODEL.md output.
    public static func loadResult(_ path: String) throws(DataFileError) -> ResultDocument {
        let document = try parseJSON(path)
        do {
            return try ResultDocument.decode(document)
        } catch {
            throw .invalid(file: path, error.issues)
        }
    }

    /// Writes `bytes` to `path` whole or not at all: into a temporary file beside it, then renamed.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws(DataFileError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .unwritable(file: path, reason: "the directory \(directory) does not exist")
        }
        do {
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw .unwritable(file: path, reason: error.localizedDescription)
        }
    }
}
