/// Where a field sits in a model input, written as a JSON path such as `stock[5].fte`.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    /// The path's text; empty for the document itself.
    public private(set) var text: String

    public init(_ text: String = "") { self.text = text }

    public static let root = FieldPath()

    /// The path of `key` inside this object. Keys that are not plain identifiers are written
    /// in brackets: `pipelines[0].ageDistribution["30-39"]`.
    public func key(_ key: String) -> FieldPath {
        if Self.isPlainIdentifier(key) {
            return FieldPath(text.isEmpty ? key : text + "." + key)
        }
        var escaped = ""
        for character in key {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            default: escaped.append(character)
            }
        }
        return FieldPath(text + "[\"" + escaped + "\"]")
    }

    /// The path of element `index` of this array.
    public func index(_ index: Int) -> FieldPath {
        FieldPath(text + "[" + String(index) + "]")
    }

    /// True when `other` is this path or lies inside it.
    public func contains(_ other: FieldPath) -> Bool {
        if text.isEmpty || other.text == text { return true }
        guard other.text.hasPrefix(text) else { return false }
        let next = other.text[other.text.index(other.text.startIndex, offsetBy: text.count)]
        return next == "." || next == "["
    }

    public var description: String { text.isEmpty ? "(document)" : text }

    private static func isPlainIdentifier(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first else { return false }
        func isLetter(_ s: Unicode.Scalar) -> Bool {
            (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || s == "_"
        }
        guard isLetter(first) else { return false }
        return key.unicodeScalars.allSatisfy { isLetter($0) || ($0 >= "0" && $0 <= "9") }
    }
}

/// One problem with an input: the field it is in and what is wrong, in words that tell the
/// person fixing the file what a valid value would be.
public struct InputIssue: Sendable, Hashable, CustomStringConvertible {
    public var path: FieldPath
    public var message: String

    public init(_ path: FieldPath, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// An input that breaks the contract of MODEL.md, with every problem found in it.
public struct InvalidInput: Error, Sendable, CustomStringConvertible {
    public var issues: [InputIssue]

    public init(issues: [InputIssue]) { self.issues = issues }

    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }
}

/// How a value is quoted in a message: numbers as the shortest text that reads back the same,
/// strings in quotes.
@inlinable
public func describeValue(_ value: Double) -> String {
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
        return String(Int64(value))
    }
    return "\(value)"
}

@inlinable
public func describeValue(_ value: String) -> String {
    "\"" + value + "\""
}
