import ArgumentParser
import CareCastBaselines
import CareCastFormats
import CareCastReturns
import Foundation

/// `carecast check-return`: the service's checks on a census return, on the command line, so
/// that a data officer can check a file before sending it and the checks can be timed.
struct CheckReturn: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-return",
        abstract: "Check a CSWW census return (XML, or CSV with its LA-level file) against the rule registry.",
        discussion: """
            Prints every finding (rule, severity, line, worker, element, value, message) and the \
            return's counts. Exit status 65 when there are errors (they block acceptance); queries \
            alone exit 0 but must be explained when the return is submitted.
            """
    )

    @Argument(help: "The return: census XML, or the workers' CSV.")
    var file: String?

    @Option(help: "The collection year (the reference date is 30 September of it).")
    var year: Int = 2022

    @Option(help: "The LA's three-digit code, to check the header against (repeatable for a joint return).")
    var lea: [String] = []

    @Option(help: "For a CSV return: the LA-level file (NumberOfVacancies, NoAgencyFTE, NoAgencyHeadcount).")
    var laLevel: String?

    @Flag(help: "Print the rule registry as CSV and exit.")
    var rules = false

    @Option(help: "Write a generated return of this many workers to --out and exit (for benchmarks; not real data).")
    var generate: Int?

    @Option(name: .shortAndLong, help: "Where --generate writes.")
    var out: String?

    func run() throws {
        if rules {
            writeStandardOutput(CensusRules.standardCSV)
            return
        }
        if let generate {
            guard let out else { throw ValidationError("--generate needs --out FILE") }
            do {
                try CensusSample.writeXML(records: generate, seed: 1, year: year, lea: lea.first ?? "999", to: out)
            } catch {
                throw Failure.exit(for: error)
            }
            return
        }
        guard let file else { throw ValidationError("name the return to check") }
        let context = CensusContext(year: year, leaCodes: Set(lea))
        let outcome: CensusOutcome
        do {
            let source = try ByteSource(path: file)
            if file.lowercased().hasSuffix(".csv") {
                outcome = try CensusReader.checkCSV(workers: source, laLevel: try laLevel.map { p throws(DataFileError) in try ByteSource(path: p) }, context: context)
            } else {
                outcome = try CensusReader.checkXML(source, context: context)
            }
        } catch {
            throw Failure.exit(for: error)
        }
        var text = ""
        for f in outcome.findings {
            let worker = f.reference.isEmpty ? "" : " worker \(f.reference)"
            text += "\(file):\(f.line): \(f.rule) \(f.severity.rawValue)\(worker) \(f.element)"
            if !f.value.isEmpty { text += " '\(f.value)'" }
            text += ": \(f.message)\n"
        }
        if outcome.omitted > 0 { text += "… and \(outcome.omitted) more findings not listed\n" }
        let a = outcome.aggregate
        text += "\(file): \(outcome.errors) errors, \(outcome.queries) queries; \(a.workerRecords) worker records\n"
        text += "in post: \(CensusCheck.format(a.inPost.fte, 2)) FTE, \(a.inPost.headcount) people; "
        text += "starters \(a.starters.headcount), leavers \(a.leavers.headcount); agency \(CensusCheck.format(a.agency.fte, 2)) FTE; "
        text += "vacancies \(CensusCheck.format(a.vacancyFTE, 2)) FTE; cases \(a.cases)"
        if let c = a.caseload { text += ", caseload \(CensusCheck.format(c, 1))" }
        text += "\n"
        writeStandardOutput(Array(text.utf8))
        if outcome.errors > 0 { throw ExitCode(65) }
    }
}
