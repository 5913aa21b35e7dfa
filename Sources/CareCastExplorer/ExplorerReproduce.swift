import CareCastBaselines
import CareCastFormats
import CareCastModel

/// The scenario file and `carecast` command that re-derive an explorer's figures offline.
public enum ExplorerReproduce {
    /// The levers as a scenario file (the assumptions they set, in the edition's lever order).
    public static func scenarioFile(_ settings: ExplorerSettings, edition: ExplorerEdition) -> String {
        func q(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        let f = ExplorerSettings.format
        var lines = [
            "title: \(q("Explorer levers, edition \(edition.year)"))",
            "description: \(q(settings.levers.isEmpty ? "No lever moved: the baseline." : edition.levers.filter { settings.levers[$0.name] != nil }.map { "\($0.label): \($0.display(settings.value($0)))" }.joined(separator: "; ")))",
            "assumptions:",
        ]
        func entry(_ name: String, _ value: String, _ unit: String) {
            lines += ["  \(name):", "    value: \(value)", "    unit: \(q(unit))", "    source: \(q("Set in the CareCast explorer"))", "    rationale: \(q("A lever of the explorer (docs/MODEL.md, Levers on the compiled model)"))"]
        }
        let model = settings.modelLevers(edition)
        if let v = settings.levers["exit"] { entry("exit_rate_multiplier", f(v), "factor on every exit rate, reached in full five years after the base year") }
        if let v = settings.levers["intake_all"] { entry("pipeline_intake_multiplier", f(v), "factor on every training route's intake from the year after the base year") }
        if !model.routeIntake.isEmpty {
            let routes = edition.projection.pipelines.map(\.id.rawValue)
            entry("route_intake_multiplier", "{" + routes.map { "\($0): \(f(model.routeIntake[$0] ?? 1))" }.joined(separator: ", ") + "}", "further factor by training route")
        }
        if let v = settings.levers["conversion"] { entry("agency_conversion_rate", f(v), "further share of the agency stock leaving agency work each year") }
        if let v = settings.levers["retained"] { entry("agency_conversion_retained", f(v), "share of those converted who take LA posts") }
        if let v = settings.levers["rules"] { entry("agency_rules_persistence", f(v), "share of the rise in the agency outflow in the rules' years that carries on") }
        if let v = settings.levers["caseload"] { entry("caseload_standard_multiplier", f(v), "factor on every authority's caseload standard") }
        if let v = settings.levers["trend"] { entry("activity_trend", f(v), "yearly change in need rates beyond demography") }
        if settings.levers["reform"] != nil {
            func path(_ points: [ModelInput.PathPoint]) -> String { "{" + points.map { "\"\($0.year)\": \(f($0.factor))" }.joined(separator: ", ") + "}" }
            entry("looked_after_path", path(model.lookedAfterPath), "factor on looked-after children by year")
            entry("children_in_need_path", path(model.childrenInNeedPath), "factor on other children in need by year")
        }
        if let v = settings.levers["productivity"] { entry("productivity_growth", f(v), "yearly growth in cases per FTE") }
        if let v = settings.levers["pay"] { entry("cost_pay_uplift", f(v), "pay rise on top of real earnings growth, phased in over five years") }
        if lines.last == "assumptions:" { lines[lines.count - 1] = "assumptions: {}" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The command: `carecast simulate` with the scenario, draws, seed and parameter sets.
    /// For an earlier edition, `latest` is the newest edition's year: its data is the bundle cut
    /// at the edition's year, which `carecast cut-edition` writes first.
    public static func command(_ settings: ExplorerSettings, edition: ExplorerEdition, latest: Int? = nil) -> String {
        let simulate = "swift run -c release carecast simulate --scenario explorer-scenario.yaml --draws \(settings.draws) --seed \(settings.seed) --parameter-sets \(edition.parameterSets.count)"
        guard let latest, edition.year < latest else { return simulate + " --out simulation.csv" }
        return "swift run -c release carecast cut-edition --year \(edition.year) --out edition-\(edition.year) && " + simulate + " --data edition-\(edition.year) --out simulation.csv"
    }
}
