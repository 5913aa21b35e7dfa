/// Where a field sits in a model input, written as a JSON path such as `stock[5].fte`.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    /// A path is built for every row the compiler checks but spelt out only for the few that
    /// have a problem: each step is a node pointing at its parent, and the text is made on demand.
    private final class Node: Sendable {
        let parent: Node?
        let step: Step
        init(_ parent: Node?, _ step: Step) {
            self.parent = parent
            self.step = step
        }
    }

    private enum Step: Sendable {
        case text(String)
        case key(String)
        case index(Int)
    }

    private let node: Node?

    public init(_ text: String = "") { node = text.isEmpty ? nil : Node(nil, .text(text)) }

    private init(node: Node) { self.node = node }

    public static let root = FieldPath()

    /// The path's text; empty for the document itself. Keys that are not plain identifiers are
    /// written in brackets: `pipelines[0].ageDistribution["30-39"]`.
    public var text: String {
        var steps: [Step] = []
        var current = node
        while let n = current {
            steps.append(n.step)
            current = n.parent
        }
        var text = ""
        for step in steps.reversed() {
            switch step {
            case .text(let t):
                text += t
            case .index(let i):
                text += "[" + String(i) + "]"
            case .key(let key):
                if Self.isPlainIdentifier(key) {
                    text += text.isEmpty ? key : "." + key
                } else {
                    var escaped = ""
                    for character in key {
                        switch character {
                        case "\"": escaped += "\\\""
                        case "\\": escaped += "\\\\"
                        default: escaped.append(character)
                        }
                    }
                    text += "[\"" + escaped + "\"]"
                }
            }
        }
        return text
    }

    /// The path of `key` inside this object.
    public func key(_ key: String) -> FieldPath { FieldPath(node: Node(node, .key(key))) }

    /// The path of element `index` of this array.
    public func index(_ index: Int) -> FieldPath { FieldPath(node: Node(node, .index(index))) }

    public static func == (lhs: FieldPath, rhs: FieldPath) -> Bool { lhs.node === rhs.node || lhs.text == rhs.text }

    public func hash(into hasher: inout Hasher) { hasher.combine(text) }

    /// True when `other` is this path or lies inside it.
    public func contains(_ other: FieldPath) -> Bool {
        let text = self.text, otherText = other.text
        if text.isEmpty || otherText == text { return true }
        guard otherText.hasPrefix(text) else { return false }
        let next = otherText[otherText.index(otherText.startIndex, offsetBy: text.count)]
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
