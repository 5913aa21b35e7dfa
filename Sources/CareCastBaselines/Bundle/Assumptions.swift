import CareCastFormats
import CareCastModel
import CareCastReturns
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
    /// What is known of the assumption's uncertainty (for `carecast simulate`), if stated.
    public var distribution: Distribution? = nil
    /// Why the distribution is what it is.
    public var justification: String = ""
}

/// The human-readable assumptions file (YAML): `assumptions:` maps each name to
/// `{value, unit, source, rationale}`. Every problem names the file, line and key.
public struct AssumptionSet: Sendable {
    public let file: String
    public let title: String
    /// For a scenario: the policy it represents.
    public let description: String
    public let assumptions: [Assumption]

    public init(file: String, title: String, description: String, assumptions: [Assumption]) {
        self.file = file
        self.title = title
        self.description = description
        self.assumptions = assumptions
    }

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
            for (field, value) in fields where !["value", "unit", "source", "rationale", "range", "distribution"].contains(field.string ?? "") {
                problem(value, "\(name).\(field.string ?? "?")", "unknown key: allowed are value, unit, source, rationale, range, distribution")
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
            var distribution: (Distribution, String)?
            if let node = fields["distribution"] {
                distribution = Self.distribution(node, name: name, value: value, problem: problem)
            }
            assumptions.append(Assumption(
                name: name, value: value, unit: texts["unit"] ?? "", source: texts["source"] ?? "",
                rationale: texts["rationale"] ?? "", line: key.mark?.line ?? 1, range: range,
                distribution: distribution?.0, justification: distribution?.1 ?? ""))
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

    /// The assumption's `distribution: {kind, …parameters, justification}`, checked against
    /// its value; nil (with the problems reported) when it is not well formed.
    static func distribution(
        _ node: Node, name: String, value: AssumptionValue, problem: (Node?, String, String) -> Void
    ) -> (Distribution, String)? {
        let field = "\(name).distribution"
        guard let fields = node.mapping else {
            problem(node, field, "expected {kind, its parameters, justification}")
            return nil
        }
        let parameters: [String: [String]] = [
            "normal": ["mean", "sd"], "lognormal": ["median", "sigma"], "triangular": ["low", "mode", "high"],
            "uniform": ["low", "high"], "variants": ["variants"],
        ]
        guard let kind = fields["kind"]?.string, let names = parameters[kind] else {
            problem(fields["kind"] ?? node, "\(field).kind", "expected one of normal, lognormal, triangular, uniform, variants")
            return nil
        }
        var ok = true
        for (key, v) in fields where !(["kind", "justification"] + names).contains(key.string ?? "") {
            problem(v, "\(field).\(key.string ?? "?")", "unknown key for a \(kind) distribution: allowed are kind, \(names.joined(separator: ", ")), justification")
            ok = false
        }
        guard let justification = fields["justification"]?.string, !justification.isEmpty else {
            problem(fields["justification"] ?? node, "\(field).justification", "missing: every distribution states why it is what it is")
            return nil
        }
        if kind == "variants" {
            guard let table = fields["variants"]?.mapping, table.count >= 2 else {
                problem(fields["variants"] ?? node, "\(field).variants", "expected a table of two or more variants, each with its probability")
                return nil
            }
            var variants: [Distribution.Variant] = []
            for (key, p) in table {
                guard let variant = key.string, let probability = p.string.flatMap(Double.init), probability >= 0, probability <= 1 else {
                    problem(p, "\(field).variants", "expected a probability between 0 and 1 for each variant")
                    return nil
                }
                switch value {
                case .number:
                    if Double(variant) == nil {
                        problem(key, "\(field).variants", "\(name) is a number, so each variant must be one; got \"\(variant)\"")
                        ok = false
                    }
                case .text: break
                default:
                    problem(node, field, "variants apply to an assumption whose value is a number or a text")
                    return nil
                }
                variants.append(.init(name: variant, probability: probability))
            }
            let total = variants.reduce(0) { $0 + $1.probability }
            if abs(total - 1) > 1e-9 {
                problem(fields["variants"], "\(field).variants", "the probabilities add up to \(total), not 1")
                ok = false
            }
            let stated: String? = switch value {
            case .text(let t): t
            case .number(let n): variants.first { Double($0.name) == n }?.name
            default: nil
            }
            if stated == nil || !variants.contains(where: { $0.name == stated }) {
                problem(fields["variants"], "\(field).variants", "the stated value is not one of the variants")
                ok = false
            }
            return ok ? (.variants(variants), justification) : nil
        }
        guard case .number(let central) = value else {
            problem(node, field, "a \(kind) distribution applies to a number")
            return nil
        }
        var numbers: [Double] = []
        for key in names {
            guard let n = fields[key]?.string.flatMap(Double.init), n.isFinite else {
                problem(fields[key] ?? node, "\(field).\(key)", "missing or not a number")
                return nil
            }
            numbers.append(n)
        }
        let distribution: Distribution
        switch kind {
        case "normal":
            guard numbers[1] > 0 else { problem(fields["sd"], "\(field).sd", "must be above 0"); return nil }
            distribution = .normal(mean: numbers[0], sd: numbers[1])
        case "lognormal":
            guard numbers[0] > 0, numbers[1] > 0 else { problem(node, field, "median and sigma must be above 0"); return nil }
            distribution = .lognormal(median: numbers[0], sigma: numbers[1])
        case "triangular":
            guard numbers[0] <= numbers[1], numbers[1] <= numbers[2], numbers[0] < numbers[2] else {
                problem(node, field, "expected low ≤ mode ≤ high, with low < high"); return nil
            }
            distribution = .triangular(low: numbers[0], mode: numbers[1], high: numbers[2])
        default:
            guard numbers[0] < numbers[1] else { problem(node, field, "expected low < high"); return nil }
            distribution = .uniform(low: numbers[0], high: numbers[1])
        }
        if case .triangular(let low, _, let high) = distribution, central < low || central > high {
            problem(node, field, "the stated value \(central) lies outside the distribution's \(low)…\(high)"); ok = false
        }
        if case .uniform(let low, let high) = distribution, central < low || central > high {
            problem(node, field, "the stated value \(central) lies outside the distribution's \(low)…\(high)"); ok = false
        }
        return ok ? (distribution, justification) : nil
    }

    /// The assumptions that carry a distribution, in the file's order.
    public var distributed: [Assumption] { assumptions.filter { $0.distribution != nil } }

    /// These assumptions with each distributed one set to its quantile at `u[j]` (j in the
    /// order of ``distributed``): a variant's name for variants, a number otherwise.
    public func sampled(_ u: [Double]) -> AssumptionSet {
        var copy = assumptions
        var j = 0
        for i in copy.indices {
            guard let distribution = copy[i].distribution else { continue }
            defer { j += 1 }
            guard j < u.count else { continue }
            if case .variants(let variants) = distribution {
                let name = variants[Int(distribution.quantile(u[j]))].name
                if case .number = copy[i].value, let n = Double(name) { copy[i].value = .number(n) } else { copy[i].value = .text(name) }
            } else {
                copy[i].value = .number(distribution.quantile(u[j]))
            }
        }
        return AssumptionSet(file: file, title: title, description: description, assumptions: copy)
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
