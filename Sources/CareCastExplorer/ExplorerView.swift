import CareCastBaselines
import CareCastFormats
import CareCastHTML
import CareCastModel
import Plot

/// The figures of one area and role from a run: what the page, its CSV files and the JSON API
/// all show, computed once here so that they cannot disagree.
public struct ExplorerView {
    typealias E = Markup
    public let settings: ExplorerSettings
    public let edition: ExplorerEdition
    public let run: ExplorerRun
    public let area: Int
    public let role: Int
    public var areaName: String { run.areas[area].name }
    public var roleName: String { role == run.roleNames.count - 1 ? "all roles" : run.roleNames[role] }

    public init(settings: ExplorerSettings, edition: ExplorerEdition, run: ExplorerRun) {
        self.settings = settings
        self.edition = edition
        self.run = run
        area = run.area
        role = run.roleIDs.firstIndex(of: settings.role) ?? run.roleIDs.count - 1
    }

    public func quantiles(_ measure: SimulationSummary.Measure, yearIndex t: Int) -> [Double] {
        run.quantile(measure, role: role, yearIndex: t)
    }

    /// The central projection's need-based and OBR-method requirement, and supply, by year.
    public func central(_ metric: ProjectionResult.Metric) -> [Double] {
        let result = run.central
        guard metric != .requiredObr || result.hasOBR else { return [] }
        let a = result.areaIndex(run.areas[area].code) ?? 0
        return result.years.indices.map { t in
            role == run.roleNames.count - 1
                ? result.roles.indices.reduce(0.0) { $0 + result.value(metric, area: a, role: $1, yearIndex: t) }
                : result.value(metric, area: a, role: role, yearIndex: t)
        }
    }

    public func baselineCentral(_ metric: ProjectionResult.Metric) -> [Double] {
        let result = edition.baselineResult
        let a = result.areaIndex(run.areas[area].code) ?? 0
        return result.years.indices.map { t in
            role == run.roleNames.count - 1
                ? result.roles.indices.reduce(0.0) { $0 + result.value(metric, area: a, role: $1, yearIndex: t) }
                : result.value(metric, area: a, role: role, yearIndex: t)
        }
    }

    static func n(_ v: Double) -> String { NumberFormat.grouped(v, decimals: 0) }

    /// One line for the status region: what a screen reader hears when the results change.
    public var statusText: String {
        let h = min(10, run.years.count - 1)
        let gap = quantiles(.gap, yearIndex: h)[2]
        return "Showing \(areaName), \(roleName): the gap in \(run.years[h]) is \(Self.n(gap)) FTE (median), probability that supply meets need \(Self.percent(run.probabilityMet(role: role, yearIndex: h)))."
    }
    static func percent(_ v: Double) -> String { NumberText.fixed(v * 100, decimals: 0) + "%" }

    // MARK: Headline

    func headline() -> BodyNode {
        var rows: [BodyNode] = []
        for h in ExplorerSettings.horizons where h < run.years.count {
            let supply = quantiles(.supply, yearIndex: h), required = quantiles(.required, yearIndex: h), gap = quantiles(.gap, yearIndex: h)
            let p = run.probabilityMet(role: role, yearIndex: h)
            rows.append(E.element("tr", [], [
                E.element("th", [("scope", "row")], [E.text("+\(h) (\(run.years[h]))")]),
                E.element("td", [("class", "num"), ("data-figure", "supply-\(h)")], [E.text(Self.n(supply[2]))]),
                E.element("td", [("class", "num"), ("data-figure", "required-\(h)")], [E.text(Self.n(required[2]))]),
                E.element("td", [("class", "num"), ("data-figure", "gap-\(h)")], [E.text(Self.n(gap[2]))]),
                E.element("td", [("class", "num")], [E.text("\(Self.n(gap[0])) to \(Self.n(gap[4]))")]),
                E.element("td", [("class", "num"), ("data-figure", "p-\(h)")], [E.text(Self.percent(p))]),
            ]))
        }
        let header = ["Years ahead", "Supply (FTE, median)", "Required (FTE, median)", "Gap (median)", "Gap, 90% range", "Probability that supply meets need"]
        return Components.table(caption: "\(areaName), \(roleName): supply, the need-based requirement and the gap (required less supply; above 0 is a shortfall)",
                                header: header, numeric: Set(1..<header.count), bodyRows: rows, id: "headline")
    }

    // MARK: Fans

    func fan(_ measure: SimulationSummary.Measure) -> BodyNode {
        let bands = (0..<5).map { q in run.years.indices.map { quantiles(measure, yearIndex: $0)[q] } }
        let what = measure == .gap ? "Gap (required less supply)" : "Supply (FTE in post)"
        let comparison: [Double] = measure == .gap
            ? zip(baselineCentral(.required), baselineCentral(.fte)).map { $0 - $1 } : baselineCentral(.fte)
        return Charts.fan(title: "\(what), \(areaName), \(roleName): median and ranges of \(NumberFormat.grouped(Double(settings.draws), decimals: 0)) draws",
                          years: run.years, bands: bands, yLabel: "FTE", id: "fan-\(measure)",
                          comparison: settings.levers.isEmpty ? nil : .init(name: "baseline (central)", values: comparison, colour: Charts.orange))
    }

    func fanTable(_ measure: SimulationSummary.Measure) -> BodyNode {
        Components.table(
            caption: "\(measure == .gap ? "Gap" : "Supply"): quantiles of the draws, FTE",
            header: ["Year", "5%", "25%", "median", "75%", "95%"],
            rows: run.years.indices.map { t in [String(run.years[t])] + quantiles(measure, yearIndex: t).map(Self.n) }, numeric: [1, 2, 3, 4, 5])
    }

    // MARK: Requirement by both methods

    func requiredChart() -> BodyNode {
        var series = [Charts.Series(name: "need-based", values: central(.required), colour: Charts.blue)]
        let obr = central(.requiredObr)
        if !obr.isEmpty { series.append(.init(name: "OBR-consistent", values: obr, colour: Charts.orange, dashed: true)) }
        series.append(.init(name: "supply", values: central(.fte), colour: Charts.black))
        return Charts.lines(title: "Required by both methods, and supply: central projection, \(areaName), \(roleName)", years: run.years, series: series, yLabel: "FTE", id: "required-chart")
    }

    public func requiredRows() -> [[Double]] {
        let need = central(.required), obr = central(.requiredObr), supply = central(.fte)
        return run.years.indices.map { t in [need[t], obr.isEmpty ? .nan : obr[t], supply[t], need[t] - supply[t], obr.isEmpty ? .nan : obr[t] - supply[t]] }
    }

    func requiredTable() -> BodyNode {
        let rows = requiredRows()
        return Components.table(
            caption: "Central projection: required by both methods, supply and both gaps, FTE",
            header: ["Year", "Required (need-based)", "Required (OBR-consistent)", "Supply", "Gap (need-based)", "Gap (OBR-consistent)"],
            rows: run.years.indices.map { t in [String(run.years[t])] + rows[t].map { $0.isNaN ? "n/a" : Self.n($0) } }, numeric: [1, 2, 3, 4, 5])
    }

    // MARK: Map

    /// Each authority's median gap as a share of its median requirement at the horizon.
    public func mapFigures() -> [(code: String, name: String, gap: Double, required: Double, relative: Double)] {
        run.areas.indices.filter { run.areas[$0].isLeaf }.map { a in
            let (gap, required) = run.mapMedians(area: a, horizon: settings.horizon)
            return (run.areas[a].code.rawValue, run.areas[a].name, gap, required, required > 0 ? gap / required : 0)
        }
    }

    static let mapClasses: [(upTo: Double, label: String)] = [(-0.10, "surplus above 10%"), (-0.02, "surplus 2% to 10%"), (0.02, "within 2%"), (0.10, "shortfall 2% to 10%"), (0.20, "shortfall 10% to 20%"), (.infinity, "shortfall above 20%")]

    static func shade(_ relative: Double) -> Int { mapClasses.firstIndex { relative <= $0.upTo } ?? mapClasses.count - 1 }

    func mapSection(link: BodyNode) -> BodyNode {
        let figures = mapFigures()
        let byCode = Dictionary(figures.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let h = settings.horizon
        let hexes: [Charts.Hex] = edition.hexes.compactMap { hex in
            guard let f = byCode[hex.code] else { return nil }
            var s = settings
            s.area = hex.code
            return Charts.Hex(code: hex.code, name: f.name, q: hex.q, r: hex.r, shade: Self.shade(f.relative),
                              text: "gap \(Self.n(f.gap)) FTE, \(NumberText.fixed(f.relative * 100, decimals: 1))% of required", link: "/explore?" + s.query(edition) + "#results", selected: hex.code == settings.area)
        }
        let map = Charts.hexMap(title: "Gap relative to the requirement by authority, all roles, +\(h) (\(edition.year + h)): select an authority", hexes: hexes, legend: Self.mapClasses.map(\.label), id: "map")
        let table = Components.table(
            caption: "Authorities by gap relative to the requirement, +\(h), medians of the draws",
            header: ["Authority", "Gap (FTE)", "Required (FTE)", "Gap as % of required"],
            rows: figures.sorted { $0.relative > $1.relative }.map { [$0.name, Self.n($0.gap), Self.n($0.required), NumberText.fixed($0.relative * 100, decimals: 1)] },
            numeric: [1, 2, 3], id: "map-table")
        return E.element("section", [("aria-labelledby", "map-title")], [
            E.element("h3", [("id", "map-title")], [E.text("Where the gap falls")]),
            Components.note(edition.hexes.isEmpty ? "The edition's data folder has no hexagon layout; the table lists every authority." : "Each hexagon is an authority (ODI Leeds's layout of upper-tier authorities); its colour is the gap's share of the requirement. Selecting one shows it above."),
            Components.chartWithTable(map, E.element("details", [], [E.element("summary", [], [E.text("The map's figures as a table")]), table]), id: "map-pair"),
            E.element("p", [("class", "downloads")], [link]),
        ])
    }

    // MARK: Contributions

    public func contributionRows() -> [(lever: String, label: String, change: Double)] {
        let h = ExplorerSettings.horizons.firstIndex(of: settings.horizon) ?? 1
        let a = run.central.areaIndex(run.areas[area].code) ?? 0
        return run.contributions.map { ($0.lever, $0.label, $0.change[h][a]) }
    }

    func contributionsSection(link: BodyNode) -> BodyNode {
        let rows = contributionRows()
        var children: [BodyNode] = [E.element("h3", [("id", "contrib-title")], [E.text("What each lever does")])]
        if rows.isEmpty {
            children.append(Components.note("Every lever is at its baseline value: move one to see its effect on the gap."))
        } else {
            let chart = Charts.bars(title: "Change in the gap from the baseline, all roles, +\(settings.horizon), \(areaName) (central projection; below 0 narrows it)",
                                    labels: rows.map(\.label), values: rows.map(\.change), unit: "", id: "contributions-chart", decimals: 0)
            let table = Components.table(caption: "Each lever alone, and together: change in the gap (FTE), +\(settings.horizon)", header: ["Lever", "Change in the gap (FTE)"],
                                         rows: rows.map { [$0.label, Self.n($0.change)] }, numeric: [1])
            children.append(Components.chartWithTable(chart, table, id: "contributions"))
            children.append(Components.note("Each lever is run alone on the central projection; what is left of the joint change is the levers acting on each other. Pay is costed only."))
        }
        children.append(E.element("p", [("class", "downloads")], [link]))
        return E.element("section", [("aria-labelledby", "contrib-title")], children)
    }

    // MARK: Cost

    /// The cost assumptions with the levers' costs: pay uplift, conversion and the reform programme.
    func costAssumptions(levers: Bool) -> CostAssumptions {
        var c = edition.costs
        guard levers else { return c }
        if let pay = settings.levers["pay"] { c.payUplift = pay }
        let model = settings.modelLevers(edition)
        c.conversionRate = model.conversionRate
        c.conversionRetained = model.conversionRetained
        if let share = settings.levers["reform"], let reform = edition.reformPaths { c.programmeCost = share * reform.programmeCost }
        return c
    }

    public func costs() -> (baseline: CostProjection, levers: CostProjection, training: Bool) {
        let code = run.areas[area].code
        let national = run.areas[area].level == "national"
        func figures(_ result: ProjectionResult, levers: Bool) -> CostFigures {
            var f = CostFigures(result: result, input: edition.input, area: code)
            // Training is national: counted for England only; a lever on intake costs its places.
            f.pipelines = national ? (levers ? settings.modelLevers(edition).pipelines(edition.input.pipelines, baseYear: edition.year) : edition.input.pipelines) : []
            return f
        }
        return (CostProjection(figures: figures(edition.baselineResult, levers: false), assumptions: costAssumptions(levers: false)),
                CostProjection(figures: figures(run.central, levers: true), assumptions: costAssumptions(levers: true)), national)
    }

    func costSection(link: BodyNode) -> BodyNode {
        let (base, with, training) = costs()
        let through = min(10, run.years.count - 1)
        let rows: [[String]] = [5, 10, 20].filter { $0 < run.years.count }.map { h in
            [String(run.years[h]), Self.money(base.total(h)), Self.money(with.total(h)), Self.money(with.total(h) - base.total(h))]
        } + [["Ten years, present value (3.5%)", Self.money(base.discounted(through: through)), Self.money(with.discounted(through: through)), Self.money(with.discounted(through: through) - base.discounted(through: through))]]
        let chart = Charts.bars(title: "Ten-year cost at present value, \(areaName) (£ million)", labels: ["Baseline", "With these levers"],
                                values: [base.discounted(through: through) / 1e6, with.discounted(through: through) / 1e6], unit: "", id: "cost-chart", decimals: 0)
        let table = Components.table(caption: "Cost a year (paybill of LA staff, agency workers at full cost\(training ? ", training" : ""), levers), £ million at today's prices",
                                     header: ["Year", "Baseline", "With these levers", "Difference"], rows: rows, numeric: [1, 2, 3])
        return E.element("section", [("aria-labelledby", "cost-title")], [
            E.element("h3", [("id", "cost-title")], [E.text("What it costs")]),
            Components.chartWithTable(chart, table, id: "cost"),
            Components.note("Employer cost per FTE from the edition's cost assumptions (salary, pension, National Insurance, real earnings growth); the pay lever adds its uplift; a conversion programme its incentive; the reform path its programme's cost in proportion. Productivity is not costed: no cost of a productivity gain is published. \(training ? "" : "Training is costed for England only, as routes are national.")"),
            E.element("p", [("class", "downloads")], [link]),
        ])
    }

    static func money(_ v: Double) -> String { NumberFormat.grouped(v / 1e6, decimals: 1) }

    // MARK: Reproduce

    func reproduce(context: ExplorerPage.Context) -> BodyNode {
        let file = ExplorerReproduce.scenarioFile(settings, edition: edition)
        let command = ExplorerReproduce.command(settings, edition: edition, latest: context.latestEdition)
        return E.element("details", [("id", "reproduce")], [
            E.element("summary", [], [E.text("Reproduce these figures offline")]),
            E.element("p", [], [E.text("Save this scenario as explorer-scenario.yaml in a clone of CareCast (version \(context.version)) and run the command there: the rows of simulation.csv for this area and role are the figures above, byte for byte as in the gap CSV.")]),
            E.element("pre", [("id", "reproduce-scenario")], [E.element("code", [], [E.text(file)])]),
            E.element("pre", [("id", "reproduce-command")], [E.element("code", [], [E.text(command)])]),
        ])
    }
}
