import ArgumentParser

/// `--parameter-sets K`, shared by the commands that simulate.
struct ParameterSetsOption: ParsableArguments {
    @Option(help: "Parameter sets sampled from the assumptions' distributions, each a full baseline build that draws start from in turn (default: 64, at most the draws; 0: none, every draw starts from the stated values).")
    var parameterSets: Int?

    func validate() throws {
        if let parameterSets, parameterSets < 0 { throw ValidationError("--parameter-sets must be 0 or more") }
    }
}
