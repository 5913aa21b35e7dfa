import ArgumentParser

@main
struct CareCast: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carecast",
        abstract: "Projects England's children's social care workforce: supply, need and the gap.",
        discussion: """
            Exit status: 0 success; 64 usage error; 65 invalid data (every problem is listed, \
            each with its file and JSON path); 66 an input file cannot be read; 73 an output \
            cannot be written.
            """,
        version: "0.1.0",
        subcommands: [ReportCommand.self, Verify.self, Baseline.self, Project.self, Validate.self, Summary.self, Compare.self, Simulate.self, BacktestCommand.self, CheckReturn.self, Bench.self, BenchExplorer.self, CutEdition.self]
    )
}
