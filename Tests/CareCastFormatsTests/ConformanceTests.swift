import CareCastFormats
import CareCastModel
import Foundation
import Testing

/// The engine against MODEL.md's worked example and against results of an independent
/// implementation (Tools/reference/model_ref.py) on random inputs that exercise every feature.
@Suite("Conformance with MODEL.md")
struct ConformanceTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let examples = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/spec/examples")
    static let fixtures = packageRoot.appendingPathComponent("Tests/Fixtures/crosscheck")

    /// Runs `input` through the engine and the JSON writer, as `carecast project` does.
    static func project(_ inputPath: String) throws -> JSONValue {
        let input = try DataFile.loadModelInput(inputPath)
        let result = try Projection(input).run()
        return try JSONParser.parse(result.jsonBytes())
    }

    @Test("tiny.json reproduces tiny.expected.json: every field of every row, activity and answer to 1e-9")
    func tinyExample() throws {
        let actual = try Self.project(Self.examples.appendingPathComponent("tiny.json").path)
        let expected = try DataFile.parseJSON(Self.examples.appendingPathComponent("tiny.expected.json").path)
        let differences = ResultComparison.compare(actual, expected)
        #expect(differences.isEmpty, "\(differences.prefix(20).joined(separator: "\n"))")
        // 252 rows × 11 numbers, 168 activities × 2, 6 answers × 5: nothing was skipped.
        #expect(ResultComparison.count(expected) == 3_138)
    }

    @Test("Random inputs agree with the independent reference implementation", arguments: [11, 12, 13, 14, 15, 16])
    func crossCheck(seed: Int) throws {
        let input = Self.fixtures.appendingPathComponent("seed\(seed).input.json").path
        let actual = try Self.project(input)
        let expected = try DataFile.parseJSON(Self.fixtures.appendingPathComponent("seed\(seed).expected.json").path)
        let differences = ResultComparison.compare(actual, expected)
        #expect(differences.isEmpty, "\(differences.prefix(20).joined(separator: "\n"))")
    }

    /// Model v2 (docs/MODEL.md): agency and reversion together (21), neither (22), agency only
    /// (23), reversion with responsive progression (24), reversion with the early-career years (27), against the
    /// reference's results.
    @Test("Random version 2 inputs agree with the independent reference implementation", arguments: [21, 22, 23, 24, 27])
    func crossCheckVersion2(seed: Int) throws {
        let input = Self.fixtures.appendingPathComponent("v2seed\(seed).input.json").path
        let actual = try Self.project(input)
        let expected = try DataFile.parseJSON(Self.fixtures.appendingPathComponent("v2seed\(seed).expected.json").path)
        #expect(actual["specVersion"] == .number(2))
        let differences = ResultComparison.compare(actual, expected)
        #expect(differences.isEmpty, "\(differences.prefix(20).joined(separator: "\n"))")
        // Writing the input and reading it back keeps every v2 key.
        let read = try DataFile.loadModelInput(input)
        #expect(try ModelInput.decode(JSONParser.parse(read.jsonBytes())) == read)
    }

    @Test("The comparison itself catches a difference above 1e-9 and a missing row")
    func comparisonCanFail() throws {
        let expected = try DataFile.parseJSON(Self.examples.appendingPathComponent("tiny.expected.json").path)
        guard case .object(var members) = expected, let rowsIndex = members.firstIndex(where: { $0.key == "rows" }),
              case .array(var rows) = members[rowsIndex].value, case .object(var first) = rows[0],
              let fteIndex = first.firstIndex(where: { $0.key == "fte" }), case .number(let fte) = first[fteIndex].value
        else {
            Issue.record("unexpected shape of tiny.expected.json")
            return
        }
        first[fteIndex].value = .number(fte * (1 + 3e-9))
        rows[0] = .object(first)
        members[rowsIndex].value = .array(rows)
        #expect(ResultComparison.compare(.object(members), expected).count == 1)
        rows.removeLast()
        members[rowsIndex].value = .array(rows)
        #expect(!ResultComparison.compare(.object(members), expected).isEmpty)
    }

    @Test("Writing an input and reading it back gives the same input")
    func inputRoundTrip() throws {
        for input in [SyntheticInput.englandSized(seed: 3, localAuthorities: 12, regions: 3, horizon: 10),
                      try DataFile.loadModelInput(Self.examples.appendingPathComponent("tiny.json").path)] {
            let decoded = try ModelInput.decode(try JSONParser.parse(input.jsonBytes()))
            #expect(decoded == input)
        }
    }

    @Test("Writing a result and reading it back gives the same rows and answers")
    func resultRoundTrip() throws {
        let result = try Projection(try DataFile.loadModelInput(Self.examples.appendingPathComponent("tiny.json").path)).run()
        let document = try ResultDocument.decode(try JSONParser.parse(result.jsonBytes()))
        #expect(document == ResultDocument(result))
    }
}

/// Matches two MODEL.md outputs as a checker would: rows by (area, role, year), activities by
/// (activity, area, year), answers by (pipeline, horizon); numbers within 1e-9 relative.
enum ResultComparison {
    static func keyed(_ document: JSONValue, _ list: String, keys: [String]) -> [String: [(key: String, value: JSONValue)]] {
        guard case .array(let rows)? = document[list] else { return [:] }
        var out: [String: [(key: String, value: JSONValue)]] = [:]
        for row in rows {
            guard case .object(let members) = row else { continue }
            let key = keys.map { row[$0]?.brief ?? "?" }.joined(separator: "|")
            out[key] = members
        }
        return out
    }

    static let lists: [(String, [String])] = [
        ("rows", ["area", "role", "year"]), ("activities", ["activity", "area", "year"]),
        ("trainingSufficiency", ["pipeline", "horizon"]),
    ]

    static func compare(_ actual: JSONValue, _ expected: JSONValue) -> [String] {
        var differences: [String] = []
        for key in ["specVersion", "baseYear", "years"] where actual[key] != expected[key] {
            differences.append("\(key) differs")
        }
        for (list, keys) in lists {
            let a = keyed(actual, list, keys: keys)
            let e = keyed(expected, list, keys: keys)
            for missing in Set(e.keys).subtracting(a.keys).sorted() { differences.append("\(list) \(missing): missing") }
            for extra in Set(a.keys).subtracting(e.keys).sorted() { differences.append("\(list) \(extra): not expected") }
            for (key, expectedMembers) in e.sorted(by: { $0.key < $1.key }) {
                guard let actualMembers = a[key] else { continue }
                if Set(actualMembers.map(\.key)) != Set(expectedMembers.map(\.key)) {
                    differences.append("\(list) \(key): fields \(actualMembers.map(\.key)) vs \(expectedMembers.map(\.key))")
                    continue
                }
                for (field, value) in expectedMembers {
                    let mine = actualMembers.first { $0.key == field }!.value
                    switch (mine, value) {
                    case (.number(let x), .number(let y)):
                        if abs(x - y) > 1e-9 * max(abs(x), abs(y), 1) {
                            differences.append("\(list) \(key).\(field): \(x) vs \(y)")
                        }
                    default:
                        if mine != value { differences.append("\(list) \(key).\(field): \(mine.brief) vs \(value.brief)") }
                    }
                }
            }
        }
        return differences
    }

    /// Numbers in the lists, as compared.
    static func count(_ document: JSONValue) -> Int {
        lists.reduce(0) { total, list in
            total + keyed(document, list.0, keys: list.1).values.reduce(0) { sum, members in
                sum + members.filter { if case .number = $0.value { true } else { false } }.count
            }
        }
    }
}
