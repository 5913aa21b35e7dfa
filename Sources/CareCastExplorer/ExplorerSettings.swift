import CareCastBaselines
import CareCastFormats
import CareCastModel

/// One lever of the explorer: its query parameter, what it moves, its range and its default
/// (the baseline's value in the edition's assumptions file).
public struct LeverDefinition: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A factor (×); a share (%, 0–1); a yearly rate (% a year).
        case factor, share, rate
    }
    public var name: String
    public var label: String
    public var help: String
    public var group: String
    public var range: ClosedRange<Double>
    public var step: Double
    public var defaultValue: Double
    public var kind: Kind

    /// The value as people read it: "0.85×", "80%", "+1.0% a year".
    public func display(_ value: Double) -> String {
        switch kind {
        case .factor: return NumberText.fixed(value, decimals: 2) + "×"
        case .share: return NumberText.fixed(value * 100, decimals: 0) + "%"
        case .rate: return (value > 0 ? "+" : "") + NumberText.fixed(value * 100, decimals: 2) + "% a year"
        }
    }

    /// Every lever of an edition, in the order the page shows them.
    static func all(assumptions: AssumptionSet, projection: Projection, reform: Bool) throws(DataFileError) -> [LeverDefinition] {
        let routes = try assumptions.routeIntakeMultipliers()
        var out: [LeverDefinition] = [
            .init(name: "exit", label: "Exits from LA social work (retention)", help: "A factor on every exit rate, reached in full five years after the base year: 0.85 is 15% fewer leaving.",
                  group: "Supply", range: 0.5...1.5, step: 0.01, defaultValue: try assumptions.number("exit_rate_multiplier"), kind: .factor),
            .init(name: "intake_all", label: "Every training route's intake", help: "A factor on every route's intake from the year after the base year.",
                  group: "Supply", range: 0.5...2, step: 0.05, defaultValue: try assumptions.number("pipeline_intake_multiplier"), kind: .factor),
        ]
        for pipeline in projection.pipelines {
            let id = pipeline.id.rawValue
            let name = id == "degree" ? "the degree route" : id == "fast_track" ? "the fast-track routes" : id.replacingOccurrences(of: "_", with: " ")
            out.append(.init(name: "intake_" + id, label: "Intake of \(name)", help: "A further factor on this route's intake from the year after the base year.",
                             group: "Supply", range: 0...3, step: 0.05, defaultValue: routes[id] ?? 1, kind: .factor))
        }
        out += [
            .init(name: "conversion", label: "Agency conversion programme", help: "A further share of the agency stock leaving agency work each year from the year after the base year.",
                  group: "Agency work", range: 0...0.3, step: 0.01, defaultValue: try assumptions.number("agency_conversion_rate"), kind: .share),
            .init(name: "retained", label: "Converted agency workers who take LA posts", help: "Of those the programme moves, the share who take permanent LA posts rather than leave.",
                  group: "Agency work", range: 0...1, step: 0.05, defaultValue: try assumptions.number("agency_conversion_retained"), kind: .share),
            .init(name: "rules", label: "The 2024 agency rules carried on", help: "The share of the rise in the agency outflow in the rules' years that carries on (0: as if there were no rules).",
                  group: "Agency work", range: 0...1, step: 0.05, defaultValue: try assumptions.number("agency_rules_persistence"), kind: .share),
            .init(name: "caseload", label: "Caseload standard (cases per worker)", help: "A factor on every authority's caseload standard from the base year: 0.8 is a fifth fewer cases per worker, so more workers required.",
                  group: "Need", range: 0.7...1.3, step: 0.01, defaultValue: try assumptions.caseloadStandardMultiplier(), kind: .factor),
            .init(name: "trend", label: "Trend in need rates", help: "A yearly change in every need rate (children in need, on plans, looked after) beyond demography.",
                  group: "Need", range: -0.03...0.03, step: 0.0025, defaultValue: try assumptions.number("activity_trend"), kind: .rate),
        ]
        if reform {
            out.append(.init(name: "reform", label: "Reform path (share of the review's)", help: "The independent review's path: fewer children in care, more supported as children in need; 1 is the review's own.",
                             group: "Need", range: 0...1.5, step: 0.05, defaultValue: 0, kind: .share))
        }
        out += [
            .init(name: "productivity", label: "Productivity growth", help: "Yearly growth in the cases each worker carries, in both methods of the requirement.",
                  group: "Need", range: -0.01...0.03, step: 0.0025, defaultValue: try assumptions.number("productivity_growth"), kind: .rate),
            .init(name: "pay", label: "Pay uplift (costed only)", help: "A pay rise above real earnings growth, phased in over five years. It costs; it moves exits only through the retention lever, as no published estimate links the two.",
                  group: "Cost", range: 0...0.2, step: 0.01, defaultValue: try assumptions.number("cost_pay_uplift"), kind: .share),
        ]
        return out
    }
}

/// Why a request cannot be answered: a problem body (RFC 9457) with the parameter at fault.
public struct ExplorerProblem: Error, Sendable, Equatable {
    public var status: Int
    public var title: String
    public var detail: String
    public var parameter: String?
    public init(status: Int, title: String, detail: String, parameter: String? = nil) {
        self.status = status
        self.title = title
        self.detail = detail
        self.parameter = parameter
    }
}

/// What a page, file or API answer shows: the edition, the area and role, the map's horizon,
/// the draws and seed, and the levers that differ from the baseline. Its canonical query is the
/// permalink: the same query gives the same bytes for the same edition.
public struct ExplorerSettings: Sendable, Hashable {
    public static let defaultSeed: UInt64 = 1
    public static let defaultDraws = 1_000
    public static let drawRange = 100...5_000
    public static let horizons = [5, 10, 20]
    public static let england = "E92000001"

    public var edition: Int
    public var area = ExplorerSettings.england
    /// A role id, or "total" for all roles.
    public var role = "total"
    public var horizon = 10
    public var draws = ExplorerSettings.defaultDraws
    public var seed = ExplorerSettings.defaultSeed
    /// Lever values that differ from the edition's defaults, by lever name.
    public var levers: [String: Double] = [:]

    public init(edition: Int) { self.edition = edition }

    /// What a run depends on: the edition, levers, draws and seed, and the area whose cells it
    /// counts (the role and the horizon only choose what to show of it).
    public struct RunKey: Sendable, Hashable {
        public var edition: Int
        public var draws: Int
        public var seed: UInt64
        public var levers: [String]
        public var area: String
    }

    public var runKey: RunKey { RunKey(edition: edition, draws: draws, seed: seed, levers: levers.keys.sorted().map { "\($0)=\(Self.format(levers[$0]!))" }, area: area) }

    /// The shortest text that reads back as the same number.
    public static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

    /// The query parameters the settings read; any other is refused (a mistyped lever must
    /// not silently show the baseline).
    public static func parameterNames(_ edition: ExplorerEdition) -> Set<String> {
        Set(["edition", "area", "role", "horizon", "draws", "seed", "preset"] + edition.levers.map(\.name))
    }

    /// Settings from a query (parameters in any order; each at most once). `preset` starts
    /// from a shipped scenario's levers; a lever given as well overrides it.
    public static func parse(_ query: [(String, String)], edition: ExplorerEdition, defaultDraws: Int = ExplorerSettings.defaultDraws) throws(ExplorerProblem) -> ExplorerSettings {
        func bad(_ parameter: String, _ detail: String) -> ExplorerProblem {
            ExplorerProblem(status: 400, title: "Invalid parameter", detail: "\(parameter): \(detail)", parameter: parameter)
        }
        let known = parameterNames(edition)
        var seen: Set<String> = []
        var values: [String: String] = [:]
        for (name, value) in query {
            guard known.contains(name) else {
                throw bad(name, "not a parameter of the explorer; the parameters are \(known.sorted().joined(separator: ", "))")
            }
            guard seen.insert(name).inserted else { throw bad(name, "given more than once") }
            values[name] = value
        }
        var settings = ExplorerSettings(edition: edition.year)
        settings.draws = defaultDraws
        if let text = values["area"] {
            guard edition.projection.areas.contains(where: { $0.code.rawValue == text }) else { throw bad("area", "no area \(text) in edition \(edition.year); England is \(england)") }
            settings.area = text
        }
        if let text = values["role"] {
            guard text == "total" || edition.projection.roles.contains(where: { $0.id.rawValue == text }) else {
                throw bad("role", "expected total or one of \(edition.projection.roles.map(\.id.rawValue).joined(separator: ", ")), got \(text)")
            }
            settings.role = text
        }
        if let text = values["horizon"] {
            guard let h = Int(text), horizons.contains(h) else { throw bad("horizon", "expected 5, 10 or 20, got \(text)") }
            settings.horizon = h
        }
        if let text = values["draws"] {
            guard let n = Int(text), drawRange.contains(n) else { throw bad("draws", "expected a whole number from \(drawRange.lowerBound) to \(drawRange.upperBound), got \(text)") }
            settings.draws = n
        }
        if let text = values["seed"] {
            guard let s = UInt64(text) else { throw bad("seed", "expected a whole number from 0 to \(UInt64.max), got \(text)") }
            settings.seed = s
        }
        var levers: [String: Double] = [:]
        if let name = values["preset"] {
            guard let preset = edition.presets.first(where: { $0.name == name }) else {
                throw bad("preset", "no starting point \(name); they are \(edition.presets.map(\.name).joined(separator: ", "))")
            }
            levers = preset.values
        }
        for lever in edition.levers {
            guard let text = values[lever.name] else { continue }
            guard let v = Double(text), v.isFinite else { throw bad(lever.name, "expected a number, got \(text)") }
            guard lever.range.contains(v) else {
                throw bad(lever.name, "must be from \(format(lever.range.lowerBound)) to \(format(lever.range.upperBound)), got \(text)")
            }
            levers[lever.name] = v
        }
        settings.levers = levers.filter { name, value in edition.lever(name)?.defaultValue != value }
        return settings
    }

    /// The canonical query: edition, area, role, horizon, draws and seed, then every lever that
    /// differs from its default, in the edition's order.
    public func query(_ edition: ExplorerEdition) -> String {
        var parts = ["edition=\(self.edition)", "area=\(area)", "role=\(role)", "horizon=\(horizon)", "draws=\(draws)", "seed=\(seed)"]
        for lever in edition.levers { if let v = levers[lever.name] { parts.append("\(lever.name)=\(Self.format(v))") } }
        return parts.joined(separator: "&")
    }

    public func value(_ lever: LeverDefinition) -> Double { levers[lever.name] ?? lever.defaultValue }

    /// The model's levers for these settings.
    public func modelLevers(_ edition: ExplorerEdition) -> Levers {
        var out = Levers()
        func v(_ name: String) -> Double? { edition.lever(name).map(value) }
        out.exitMultiplier = v("exit") ?? 1
        out.intakeMultiplier = v("intake_all") ?? 1
        for pipeline in edition.projection.pipelines {
            let id = pipeline.id.rawValue
            if let x = v("intake_" + id), x != 1 { out.routeIntake[id] = x }
        }
        out.conversionRate = v("conversion") ?? 0
        out.conversionRetained = v("retained") ?? 0
        if let rules = levers["rules"] {
            let agency = edition.notes.agency
            out.agencyRules = .init(persistence: rules, preRulesOutflow: agency.preRulesOutflow, rulesOutflow: agency.rulesOutflow ?? agency.preRulesOutflow)
        }
        out.caseloadMultiplier = v("caseload") ?? 1
        if let trend = levers["trend"] { out.activityTrend = trend }
        if let growth = levers["productivity"] { out.productivityGrowth = growth }
        if let share = levers["reform"], let reform = edition.reformPaths {
            out.lookedAfterPath = reform.lookedAfter.map { .init(year: $0.year, factor: 1 + share * ($0.factor - 1)) }
            out.childrenInNeedPath = reform.childrenInNeed.map { .init(year: $0.year, factor: 1 + share * ($0.factor - 1)) }
        }
        return out
    }

    /// The settings with one lever only (the others at their defaults): for its contribution.
    func alone(_ name: String) -> ExplorerSettings {
        var s = self
        s.levers = levers.filter { $0.key == name }
        return s
    }
}
