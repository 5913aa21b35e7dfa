import CareCastModel
import Foundation
import Yams

/// An assumption's value: a number, text, a list of texts, or a table of named values.
public indirect enum AssumptionValue: Sendable, Equatable {
    case number(Double)
    case text(String)
    case list([String])
    case table([(key: String, value: AssumptionValue)])

    public static func == (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)): a == b
        case (.text(let a), .text(let b)): a == b
        case (.list(let a), .list(let b)): a == b
        case (.table(let a), .table(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }
}

/// One assumption as the file states it: value, unit, source and a one-line rationale.
public struct Assumption: Sendable, Equatable {
    public var name: String
    public var value: AssumptionValue
    public var unit: String
    public var source: String
    public var rationale: String
    /// Line in the file, for messages.
    public var line: Int
    /// The stated range a number may plausibly take (for the sensitivity analysis), if given.
    public var range: ClosedRange<Double>? = nil
}

/// The human-readable assumptions file (YAML): `assumptions:` maps each name to
/// `{value, unit, source, rationale}`. Every problem names the file, line and key.
public struct AssumptionSet: Sendable {
    public let file: String
    public let title: String
    /// For a scenario: the policy it represents.
    public let description: String
    public let assumptions: [Assumption]

    public subscript(name: String) -> Assumption? { assumptions.first { $0.name == name } }

    public static func load(_ path: String) throws(DataFileError) -> AssumptionSet {
        let bytes = try DataFile.read(path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .badData(file: path, [DataProblem(line: 1, column: 1, field: "(file)", message: "not UTF-8 text")])
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(DataFileError) -> AssumptionSet {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw .badData(file: file, [Self.problem(error)])
        } catch {
            throw .badData(file: file, [DataProblem(line: 1, column: 1, field: "(file)", message: "\(error)")])
        }
        var problems: [DataProblem] = []
        func problem(_ node: Node?, _ field: String, _ message: String) {
            problems.append(DataProblem(line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, field: field, message: message))
        }
        guard let top = root?.mapping else {
            throw .badData(file: file, [DataProblem(line: 1, column: 1, field: "(file)", message: "expected a mapping with `title` and `assumptions`")])
        }
        for (key, node) in top where !["title", "description", "assumptions"].contains(key.string ?? "") {
            problem(node, key.string ?? "?", "unknown key: allowed are title, description, assumptions")
        }
        let title = top["title"]?.string ?? ""
        let description = top["description"]?.string ?? ""
        guard let entries = top["assumptions"]?.mapping else {
            problem(root, "assumptions", "missing: a mapping of assumption names to {value, unit, source, rationale}")
            throw .badData(file: file, problems)
        }
        var assumptions: [Assumption] = []
        var seen = Set<String>()
        for (key, node) in entries {
            let name = key.string ?? "?"
            if !seen.insert(name).inserted { problem(key, name, "repeated assumption") }
            guard let fields = node.mapping else {
                problem(node, name, "expected {value, unit, source, rationale}")
                continue
            }
            for (field, value) in fields where !["value", "unit", "source", "rationale", "range"].contains(field.string ?? "") {
                problem(value, "\(name).\(field.string ?? "?")", "unknown key: allowed are value, unit, source, rationale, range")
            }
            var range: ClosedRange<Double>?
            if let rangeNode = fields["range"] {
                let bounds = rangeNode.sequence?.compactMap { $0.string.flatMap(Double.init) } ?? []
                if bounds.count == 2, bounds[0] <= bounds[1] {
                    range = bounds[0]...bounds[1]
                } else {
                    problem(rangeNode, "\(name).range", "expected [low, high] with low ≤ high")
                }
            }
            var texts: [String: String] = [:]
            for field in ["unit", "source", "rationale"] {
                guard let value = fields[field], let text = value.string, !text.isEmpty else {
                    problem(fields[field] ?? node, "\(name).\(field)", "missing: every assumption states its \(field)")
                    continue
                }
                texts[field] = text
            }
            guard let valueNode = fields["value"] else {
                problem(node, "\(name).value", "missing")
                continue
            }
            guard let value = Self.value(valueNode) else {
                problem(valueNode, "\(name).value", "expected a number, text, a list of texts or a table")
                continue
            }
            assumptions.append(Assumption(
                name: name, value: value, unit: texts["unit"] ?? "", source: texts["source"] ?? "",
                rationale: texts["rationale"] ?? "", line: key.mark?.line ?? 1, range: range))
        }
        guard problems.isEmpty else { throw .badData(file: file, problems) }
        return AssumptionSet(file: file, title: title, description: description, assumptions: assumptions)
    }

    /// These assumptions with one number replaced (for sensitivity runs).
    public func with(_ name: String, number: Double) -> AssumptionSet {
        var copy = assumptions
        if let i = copy.firstIndex(where: { $0.name == name }) { copy[i].value = .number(number) }
        return AssumptionSet(file: file, title: title, description: description, assumptions: copy)
    }

    /// These assumptions with one text replaced (for structural variants).
    public func with(_ name: String, text: String) -> AssumptionSet {
        var copy = assumptions
        if let i = copy.firstIndex(where: { $0.name == name }) { copy[i].value = .text(text) }
        return AssumptionSet(file: file, title: title, description: description, assumptions: copy)
    }

    /// These assumptions with a scenario's in place of those of the same name. A scenario may
    /// only override assumptions that exist, so a misspelt name is an error, not a no-op.
    public func overlaid(with scenario: AssumptionSet) throws(DataFileError) -> AssumptionSet {
        var merged = assumptions
        var problems: [DataProblem] = []
        for override in scenario.assumptions {
            guard let i = merged.firstIndex(where: { $0.name == override.name }) else {
                problems.append(DataProblem(line: override.line, column: 1, field: override.name, message: "not an assumption of \(file): a scenario overrides existing assumptions by name"))
                continue
            }
            merged[i] = override
        }
        guard problems.isEmpty else { throw .badData(file: scenario.file, problems) }
        return AssumptionSet(file: file, title: scenario.title.isEmpty ? title : scenario.title, description: scenario.description, assumptions: merged)
    }

    static func value(_ node: Node) -> AssumptionValue? {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, let number = Double(scalar.string), number.isFinite { return .number(number) }
            return .text(scalar.string)
        case .sequence(let sequence):
            let items = sequence.compactMap(\.string)
            return items.count == sequence.count ? .list(items) : nil
        case .mapping(let mapping):
            var table: [(key: String, value: AssumptionValue)] = []
            for (key, value) in mapping {
                guard let k = key.string, let v = Self.value(value) else { return nil }
                table.append((k, v))
            }
            return .table(table)
        case .alias:
            return nil
        }
    }

    static func problem(_ error: YamlError) -> DataProblem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return DataProblem(line: mark.line, column: mark.column, field: "(YAML)", message: problem)
        default:
            return DataProblem(line: 1, column: 1, field: "(YAML)", message: "\(error)")
        }
    }

    // MARK: Typed access, each failure naming the assumption and its line

    func fail(_ name: String, _ message: String) -> DataFileError {
        .badData(file: file, [DataProblem(line: self[name]?.line ?? 1, column: 1, field: name, message: message)])
    }

    public func number(_ name: String) throws(DataFileError) -> Double {
        guard let a = self[name] else { throw fail(name, "missing assumption") }
        guard case .number(let n) = a.value else { throw fail(name, "expected a number") }
        return n
    }

    public func text(_ name: String) throws(DataFileError) -> String {
        guard let a = self[name] else { throw fail(name, "missing assumption") }
        guard case .text(let t) = a.value else { throw fail(name, "expected text") }
        return t
    }

    public func list(_ name: String) throws(DataFileError) -> [String] {
        guard let a = self[name] else { throw fail(name, "missing assumption") }
        guard case .list(let l) = a.value else { throw fail(name, "expected a list") }
        return l
    }

    public func numbers(_ name: String) throws(DataFileError) -> [(key: String, value: Double)] {
        guard let a = self[name] else { throw fail(name, "missing assumption") }
        guard case .table(let t) = a.value else { throw fail(name, "expected a table of numbers") }
        var out: [(key: String, value: Double)] = []
        for (k, v) in t {
            guard case .number(let n) = v else { throw fail(name, "expected a number for \(k)") }
            out.append((k, n))
        }
        return out
    }

    public func texts(_ name: String) throws(DataFileError) -> [(key: String, value: String)] {
        guard let a = self[name] else { throw fail(name, "missing assumption") }
        guard case .table(let t) = a.value else { throw fail(name, "expected a table of texts") }
        var out: [(key: String, value: String)] = []
        for (k, v) in t {
            guard case .text(let s) = v else { throw fail(name, "expected text for \(k)") }
            out.append((k, s))
        }
        return out
    }
}
