import CareCastBaselines
import CareCastFormats
import CareCastModel
import Foundation

/// One edition of the assessment, prepared once for the explorer: the baseline compiled, the
/// Monte Carlo's parameter sets built (as `carecast simulate` builds them), the levers' ranges
/// and defaults, the shipped scenarios as starting points and the hexagon map's layout. Every
/// run after this acts on the compiled model: no file is read again.
public struct ExplorerEdition: Sendable {
    /// The base year (the census at 30 September of it): the edition's name.
    public let year: Int
    public let dataDirectory: String
    public let assumptions: AssumptionSet
    public let input: ModelInput
    public let notes: EnglandBaseline.Notes
    public let projection: Projection
    public let parameterSets: [Projection]
    public let uncertainties: [Uncertainty]
    public let costs: CostAssumptions
    public let levers: [LeverDefinition]
    public let presets: [Preset]
    /// The reform lever's full path (the shipped reform scenario's), when the edition has one.
    public let reformPaths: (lookedAfter: [ModelInput.PathPoint], childrenInNeed: [ModelInput.PathPoint], programmeCost: Double)?
    public let hexes: [HexPosition]
    /// The baseline's deterministic run, shared by every run's comparison.
    public let baselineResult: ProjectionResult

    /// A shipped scenario as a starting point: its file's name (without `.yaml`), title and the
    /// lever values it sets.
    public struct Preset: Sendable, Equatable {
        public var name: String
        public var title: String
        public var description: String
        public var values: [String: Double]
    }

    /// An authority's place on the hexagon map.
    public struct HexPosition: Sendable, Equatable {
        public var code: String
        public var name: String
        public var q: Int
        public var r: Int
    }

    /// The hexagon layout's file in the data folder (a copy of ODI Leeds's HexJSON of upper-tier
    /// authorities, as `../shared/data/geography/` has it).
    public static let hexFile = "geography/uk-upper-tier-local-authorities.hexjson"

    /// Builds the edition from a data folder in the layout of `data/england`, with
    /// `parameterSets` sets (as `carecast simulate --parameter-sets`).
    public static func load(dataDirectory: String, parameterSets: Int) async throws(DataFileError) -> ExplorerEdition {
        let bundle = try EnglandBundle(directory: dataDirectory)
        let assumptions = try AssumptionSet.load(bundle.path("assumptions.yaml"))
        let baseline = try EnglandBaseline.build(bundle, assumptions: assumptions)
        let projection: Projection
        do {
            projection = try Projection(baseline.input)
        } catch {
            throw .invalid(file: "baseline", error.issues)
        }
        // The parameter sets of the default seed, built as `carecast simulate --seed 1` builds
        // them (another seed's are built by `ExplorerEngine` when first asked for).
        let monteCarlo = try await WorkforceMonteCarlo.make(
            assumptions: assumptions, projection: projection, seed: ExplorerSettings.defaultSeed, draws: max(parameterSets, 1), parameterSets: parameterSets
        ) { set throws(DataFileError) in
            try EnglandBaseline.build(bundle, assumptions: set).input
        }
        let accounts = BaseYearAccounts(indicators: bundle.indicators, units: try bundle.reportingUnits())
        let published = accounts.england.published
        let coverShare = (published["vacancy_fte"] ?? 0) > 0 ? (published["agency_cover_fte"] ?? 0) / published["vacancy_fte"]! : 0
        let costs = try assumptions.costAssumptions(agencyCoverShare: coverShare)

        // The reform lever: the shipped reform scenario's paths, scaled.
        var reform: (lookedAfter: [ModelInput.PathPoint], childrenInNeed: [ModelInput.PathPoint], programmeCost: Double)?
        let scenarioFolder = bundle.path("scenarios")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: scenarioFolder)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        if files.contains("reform.yaml") {
            let scenario = try AssumptionSet.load(scenarioFolder + "/reform.yaml")
            if let levers = try Levers.of(scenario, on: assumptions, agency: baseline.notes.agency) {
                let cost = scenario["cost_reform_programme_gbp"] != nil ? try scenario.number("cost_reform_programme_gbp") : 0
                reform = (levers.lookedAfterPath, levers.childrenInNeedPath, cost)
            }
        }
        let definitions = try LeverDefinition.all(assumptions: assumptions, projection: projection, reform: reform != nil)
        var presets: [Preset] = []
        for file in files {
            let scenario = try AssumptionSet.load(scenarioFolder + "/" + file)
            guard let values = try Preset.values(of: scenario, assumptions: assumptions, agency: baseline.notes.agency, definitions: definitions, reform: reform) else { continue }
            presets.append(Preset(name: String(file.dropLast(5)), title: scenario.title, description: scenario.description, values: values))
        }
        var hexes: [HexPosition] = []
        let hexPath = bundle.path(hexFile)
        if FileManager.default.fileExists(atPath: hexPath) {
            hexes = try HexLayout.read(hexPath, areas: Set(projection.areas.filter(\.isLeaf).map(\.code.rawValue)))
        }
        return ExplorerEdition(
            year: projection.baseYear, dataDirectory: dataDirectory, assumptions: assumptions, input: baseline.input, notes: baseline.notes, projection: projection,
            parameterSets: monteCarlo.parameterSets, uncertainties: monteCarlo.uncertainties, costs: costs, levers: definitions, presets: presets,
            reformPaths: reform, hexes: hexes, baselineResult: projection.run(trainingSufficiency: false))
    }

    public func lever(_ name: String) -> LeverDefinition? { levers.first { $0.name == name } }

    /// The areas a page can show, England first, then regions, then authorities by name.
    public var areaChoices: [Projection.AreaInfo] {
        let areas = projection.areas
        let national = areas.filter { $0.level == "national" }
        let regions = areas.filter { $0.level == "region" }.sorted { $0.name < $1.name }
        let units = areas.filter(\.isLeaf).sorted { $0.name < $1.name }
        return national + regions + units
    }
}

extension ExplorerEdition.Preset {
    /// The lever values a scenario sets, or nil when it sets an assumption the explorer has no
    /// lever for (its own build is the only way to run it: `carecast report --scenario`).
    static func values(
        of scenario: AssumptionSet, assumptions: AssumptionSet, agency: EnglandBaseline.AgencyNotes, definitions: [LeverDefinition],
        reform: (lookedAfter: [ModelInput.PathPoint], childrenInNeed: [ModelInput.PathPoint], programmeCost: Double)?
    ) throws(DataFileError) -> [String: Double]? {
        let costed: Set<String> = ["cost_pay_uplift", "cost_reform_programme_gbp"]
        guard scenario.assumptions.allSatisfy({ Levers.names.contains($0.name) || costed.contains($0.name) }) else { return nil }
        guard let levers = try Levers.of(scenario, on: assumptions, agency: agency) else { return nil }
        var values: [String: Double] = [:]
        func set(_ name: String, _ value: Double) {
            if let d = definitions.first(where: { $0.name == name }), d.defaultValue != value { values[name] = value }
        }
        set("exit", levers.exitMultiplier)
        set("intake_all", levers.intakeMultiplier)
        for (route, value) in levers.routeIntake { set("intake_" + route, value) }
        set("conversion", levers.conversionRate)
        if levers.conversionRate > 0 { set("retained", levers.conversionRetained) }
        if let rules = levers.agencyRules { set("rules", rules.persistence) }
        set("caseload", levers.caseloadMultiplier)
        if let trend = levers.activityTrend { set("trend", trend) }
        if let growth = levers.productivityGrowth { set("productivity", growth) }
        if !levers.lookedAfterPath.isEmpty || !levers.childrenInNeedPath.isEmpty {
            // Only the reform lever's own path (at full strength) is a starting point.
            guard let reform, levers.lookedAfterPath == reform.lookedAfter, levers.childrenInNeedPath == reform.childrenInNeed else { return nil }
            set("reform", 1)
        }
        if scenario["cost_pay_uplift"] != nil { set("pay", try scenario.number("cost_pay_uplift")) }
        for (name, value) in values where !(definitions.first { $0.name == name }!.range.contains(value)) { _ = value; return nil }
        return values
    }
}

/// The HexJSON file: `{"layout": "odd-r", "hexes": {code: {"n": name, "q": q, "r": r}}}`.
enum HexLayout {
    static func read(_ path: String, areas: Set<String>) throws(DataFileError) -> [ExplorerEdition.HexPosition] {
        func bad(_ field: String, _ message: String) -> DataFileError { .badData(file: path, [DataProblem(line: 1, column: 1, field: field, message: message)]) }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch { throw .unreadable(file: path, reason: "\(error)") }
        let value: JSONValue
        do { value = try JSONParser.parse(Array(data)) } catch { throw bad("hexes", "\(error)") }
        func member(_ object: [(key: String, value: JSONValue)], _ key: String) -> JSONValue? { object.first { $0.key == key }?.value }
        guard case .object(let top) = value, case .string("odd-r")? = member(top, "layout"), case .object(let hexes)? = member(top, "hexes") else {
            throw bad("layout", "expected an odd-r HexJSON object with hexes")
        }
        var out: [ExplorerEdition.HexPosition] = []
        for (code, hex) in hexes where areas.contains(code) {
            guard case .object(let fields) = hex, case .number(let q)? = member(fields, "q"), case .number(let r)? = member(fields, "r") else {
                throw bad("hexes.\(code)", "expected numbers q and r")
            }
            var name = code
            if case .string(let text)? = member(fields, "n") { name = text }
            out.append(.init(code: code, name: name, q: Int(q), r: Int(r)))
        }
        return out.sorted { $0.code < $1.code }
    }
}
